import { get as httpGet } from 'node:http';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { issueApiKey } from '../../src/auth/accounts.service.js';
import { SYSTEM } from '../../src/auth/audit-context.js';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';
import { WriteLoad, type AcknowledgedBundle, type AcknowledgedDocument } from './load.js';
import { startThrowawayCluster, type ThrowawayCluster } from './pg-cluster.js';
import { startService, type RunningService } from './service.js';

/**
 * The fault test: the service on a PostgreSQL cluster of its own, write load with idempotency
 * keys, the database stopped and started under that load, then the books: every acknowledged
 * write readable, none executed twice, the service serving again by itself.
 */

/** A write sent after the database's return must be acknowledged within this. */
const RECOVERY_LIMIT_MS = 10_000;

export interface ChaosOptions {
  /** Database restarts during the load; each is down for `outageMs`. */
  restarts: Array<'fast' | 'immediate'>;
  outageMs: number;
  /** Load before the first restart, between restarts, and after the last one. */
  phaseMs: number;
  workers: number;
  documentEvery: number;
  /** Also measure a graceful shutdown with PDF generations in flight: how many, of how many incidents each. */
  shutdownUnderLoad: { renders: number; incidents: number } | null;
  log?: (line: string) => void;
}

export interface RestartReport {
  mode: 'fast' | 'immediate';
  outageSeconds: number;
  answersDuringOutage: Record<string, number>;
  /** From the database accepting connections again to the service's first acknowledged write sent after that. */
  secondsToRecover: number | null;
  /** From the database's return to the service's /ready answering 200. */
  secondsToReady: number | null;
}

export interface ChaosReport {
  sent: number;
  attempts: number;
  acknowledged: number;
  acknowledgedBundles: number;
  acknowledgedDocuments: number;
  unacknowledged: number;
  lost: number;
  duplicated: number;
  byStatus: Record<string, number>;
  restarts: RestartReport[];
  serviceCrashed: boolean;
  serverErrors: number;
  shutdown?: {
    seconds: number; exitCode: number | null; inFlight: number; completed: number; refusedAfterSignal: boolean;
    /** How long the slowest in-flight generation took, from its request to its answer. */
    slowestRenderSeconds: number;
  };
  problems: string[];
  logFile: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => Math.round(ms / 100) / 10;

async function pollReady(baseUrl: string, from: number, deadlineMs: number): Promise<number | null> {
  while (Date.now() - from < deadlineMs) {
    try {
      const res = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return Date.now();
    } catch {
      // not yet
    }
    await sleep(100);
  }
  return null;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const problems: string[] = [];
  let cluster: ThrowawayCluster | undefined;
  let service: RunningService | undefined;
  try {
    cluster = await startThrowawayCluster();
    // Outside the cluster's folder, so that it outlives the cluster for reading afterwards.
    const logFile = join(tmpdir(), `advocacy-chaos-${Date.now()}.log`);
    log(`throwaway PostgreSQL on port ${cluster.port} (${cluster.dir})`);

    // Schema and an API key for the load, as an operator would set them up.
    const admin = await openDatabase({ url: cluster.url, poolMax: 1 });
    await migrateToLatest(admin.db);
    const { key } = await issueApiKey(admin.db, SYSTEM, {
      name: 'chaos-load', scopes: ['records:read', 'records:write', 'documents:generate', 'documents:read', 'identities:read'],
    });
    const headers = { authorization: `Bearer ${key}` };

    service = await startService({
      DATABASE_URL: cluster.url,
      DB_POOL_MAX: '10',
      // One process that takes its own generation jobs and answers each with its document (201),
      // as before the queue: the chaos is about the database, not about separate workers.
      WORKERS_IN_PROCESS: 'on',
      JOB_WAIT_MS: '120000',
      GENERATE_RATE_LIMIT_PER_MINUTE: '1000000',
      COOKIE_SECRET: randomBytes(32).toString('hex'),
      ADMIN_PASSWORD: randomBytes(24).toString('base64url'),
    }, logFile);
    log(`service on ${service.baseUrl} (log: ${logFile})`);

    const prefix = `chaos-${randomBytes(3).toString('hex')}`;
    const load = new WriteLoad({
      baseUrl: service.baseUrl, headers, prefix, workers: options.workers, documentEvery: options.documentEvery, writeDeadlineMs: 60_000,
    });
    load.start();
    await sleep(options.phaseMs);

    const restarts: RestartReport[] = [];
    for (const mode of options.restarts) {
      const down = Date.now();
      await cluster.stop(mode);
      log(`database stopped (${mode}); down for ${options.outageMs} ms`);
      await sleep(options.outageMs);
      await cluster.start();
      const up = Date.now();
      log('database accepting connections again');
      const readyAt = await pollReady(service.baseUrl, up, 30_000);
      // Let the load run on, then read its answers: the first 2xx to an attempt sent after `up`.
      // At least phaseMs; on a machine busy enough that the writes sent meanwhile are still running
      // then, until one is acknowledged (the report counts recovery past 10 s as a problem).
      const firstOkAfterUp = () => load.stats.answers
        .filter((a) => a.sentAt >= up && typeof a.status === 'number' && a.status < 300)
        .reduce<number | null>((min, a) => (min === null || a.at < min ? a.at : min), null);
      await sleep(options.phaseMs);
      while (firstOkAfterUp() === null && Date.now() - up < RECOVERY_LIMIT_MS) await sleep(100);
      const during: Record<string, number> = {};
      for (const a of load.stats.answers) if (a.at >= down && a.sentAt < up) during[a.status] = (during[a.status] ?? 0) + 1;
      const firstOk = firstOkAfterUp();
      restarts.push({
        mode,
        outageSeconds: seconds(up - down),
        answersDuringOutage: during,
        secondsToRecover: firstOk === null ? null : seconds(firstOk - up),
        secondsToReady: readyAt === null ? null : seconds(readyAt - up),
      });
      log(`recovered: first acknowledged write ${firstOk === null ? 'never' : `${seconds(firstOk - up)} s`} after the database's return`);
    }
    await load.stop();
    const serviceCrashed = !service.isRunning();
    if (serviceCrashed) problems.push('the service process exited during the test');

    // The books: what was acknowledged must be there, once.
    const stats = load.stats;
    const bundles = stats.acknowledged.filter((a): a is AcknowledgedBundle => a.kind === 'bundle');
    const documents = stats.acknowledged.filter((a): a is AcknowledgedDocument => a.kind === 'document');
    let lost = 0;
    let duplicated = 0;
    if (!serviceCrashed) {
      for (const b of bundles) {
        const res = await fetch(`${service.baseUrl}/api/v1/incidents/${b.incidentKey}`, { headers });
        const body = res.ok ? ((await res.json()) as { title?: string }) : null;
        if (!body || body.title !== b.title) {
          lost++;
          problems.push(`acknowledged incident ${b.incidentKey} is not readable (${res.status}${body ? `, title ${JSON.stringify(body.title)}` : ''})`);
        }
        // Acknowledged as "unchanged" means the import ran again instead of being answered from its key.
        if (b.created !== 1) {
          duplicated++;
          problems.push(`bundle ${b.idempotencyKey} ran more than once (its answer says created: ${b.created})`);
        }
      }
      for (const d of documents) {
        const res = await fetch(`${service.baseUrl}/api/v1/documents/${d.id}`, { headers });
        if (!res.ok) {
          lost++;
          problems.push(`acknowledged document ${d.id} is not readable (${res.status})`);
        }
      }
    }
    // Documents: one version per request, however many times it was sent.
    const versions = await sql<{ series_id: string; n: string }>`
      select series_id, count(*) as n from documents group by series_id having count(*) > 1`.execute(admin.db);
    duplicated += versions.rows.reduce((sum, r) => sum + Number(r.n) - 1, 0);
    const incidentRows = await sql<{ n: string; keys: string }>`
      select count(*) as n, count(distinct key) as keys from incidents where key like ${`${prefix}-%`}`.execute(admin.db);
    const row = incidentRows.rows[0];
    if (row && Number(row.n) !== Number(row.keys)) duplicated += Number(row.n) - Number(row.keys);
    await admin.close();

    const serverErrors = stats.byStatus['500'] ?? 0;
    if (serverErrors > 0) problems.push(`${serverErrors} answers were 500 (expected 503 while the database is away)`);
    for (const r of restarts) {
      if (r.secondsToRecover === null || r.secondsToRecover > RECOVERY_LIMIT_MS / 1000) problems.push(`no recovery within ${RECOVERY_LIMIT_MS / 1000} s after the ${r.mode} restart`);
    }

    let shutdown: ChaosReport['shutdown'];
    if (options.shutdownUnderLoad && !serviceCrashed) {
      shutdown = await shutdownWithRendersInFlight(service, headers, bundles.map((b) => b.incidentKey), options.shutdownUnderLoad, problems);
    }

    return {
      sent: stats.sent,
      attempts: stats.attempts,
      acknowledged: stats.acknowledged.length,
      acknowledgedBundles: bundles.length,
      acknowledgedDocuments: documents.length,
      unacknowledged: stats.unacknowledged.length,
      lost,
      duplicated,
      byStatus: stats.byStatus,
      restarts,
      serviceCrashed,
      serverErrors,
      ...(shutdown ? { shutdown } : {}),
      problems,
      logFile,
    };
  } finally {
    service?.kill();
    await cluster?.destroy();
  }
}

/**
 * SIGTERM while PDF generations are in flight: each request sent before the signal must be
 * answered 201, a request after it must be refused, and the process must exit 0 within 10 s.
 */
async function shutdownWithRendersInFlight(
  service: RunningService,
  headers: Record<string, string>,
  incidentKeys: string[],
  load: { renders: number; incidents: number },
  problems: string[],
): Promise<NonNullable<ChaosReport['shutdown']>> {
  const selection = incidentKeys.slice(0, load.incidents);
  let slowest = 0;
  const inFlight = Array.from({ length: load.renders }, (_, i) => {
    const sent = Date.now();
    return fetch(`${service.baseUrl}/api/v1/documents`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': `shutdown-${i}-${Date.now()}` },
      body: JSON.stringify({ kind: 'eu-briefing', format: 'pdf', draft: true, selection: { incidents: selection } }),
    }).then((r) => r.status, () => 0).finally(() => {
      slowest = Math.max(slowest, Date.now() - sent);
    });
  });
  await sleep(300);
  const stopping = service.terminate();
  await sleep(200);
  // On a NEW connection: a request on a kept-alive one is still served (with Connection: close).
  const after = await statusOnNewConnection(`${service.baseUrl}/health`, 2000);
  const statuses = await Promise.all(inFlight);
  const { code, ms } = await stopping;
  const completed = statuses.filter((s) => s === 201).length;
  if (completed !== statuses.length) problems.push(`in-flight generations at SIGTERM: ${statuses.join(', ')} (expected all 201)`);
  if (code !== 0) problems.push(`the service exited with code ${code} after SIGTERM`);
  if (ms > 10_000) problems.push(`the service took ${seconds(ms)} s to shut down`);
  const refusedAfterSignal = after === 0 || after === 503;
  if (!refusedAfterSignal) problems.push(`a request after SIGTERM was answered ${after}`);
  return { seconds: seconds(ms), exitCode: code, inFlight: statuses.length, completed, refusedAfterSignal, slowestRenderSeconds: seconds(slowest) };
}

/** The status of a GET sent on a connection of its own (no keep-alive pool); 0 when it is refused. */
function statusOnNewConnection(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = httpGet(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}
