/**
 * The queue part of `npm run bench` (issue 15): N concurrent 100-incident PDF requests through the
 * job queue — one app instance without workers, and 1 then 2 `npm run worker` processes, each
 * with one render thread and one job at a time — on a scratch PostgreSQL database. Reports the
 * time to the first and the last document, documents per second, the scaling from 1 to 2 workers,
 * and each worker's peak RSS (VmHWM).
 *
 * Alone: `tsx bench/queue.ts` (BENCH_DATABASE_URL or the local PostgreSQL). Knobs:
 * BENCH_QUEUE_REQUESTS=12 (N), BENCH_QUEUE_INCIDENTS=100, BENCH_QUEUE_WORKERS=1,2.
 * PostgreSQL only: embedded PGlite is one process, so its workers run in the app (WORKERS_IN_PROCESS).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { issueApiKey } from '../src/auth/accounts.service.js';
import { SYSTEM } from '../src/auth/audit-context.js';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { validateBundle } from '../src/records/bundle-validation.js';
import { importBundle } from '../src/records/bundle.service.js';
import { freePort, startChild, stopChild, waitReady, type Child } from '../test/support/processes.js';
import { benchRequest, KINDS } from './pipeline.js';
import { createScratchDatabase } from './scratch-database.js';
import { syntheticBundle } from './synthetic.js';

const env = process.env;
const REQUESTS = Number(env.BENCH_QUEUE_REQUESTS ?? 12);
const INCIDENTS = Number(env.BENCH_QUEUE_INCIDENTS ?? 100);
const WORKER_COUNTS = (env.BENCH_QUEUE_WORKERS ?? '1,2').split(',').map(Number).filter((n) => n > 0);

export interface QueueRun {
  workers: number;
  requests: number;
  /** From the first POST to the first / the last document stored (database clock), seconds. */
  firstResultS: number;
  lastResultS: number;
  documentsPerSecond: number;
  /** Seconds from POST to 202, the slowest of the N. */
  slowestAcceptMs: number;
  /** Peak RSS of each worker process (VmHWM), MB. */
  workerPeakRssMB: number[];
  failed: number;
}

export interface QueueResults {
  incidents: number;
  runs: QueueRun[];
  /** documents/s with 2 workers ÷ with 1. */
  scaling: number | null;
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

function peakRssMB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024, 0) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export async function queuePart(pgUrl: string, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<QueueResults> {
  const scratch = await createScratchDatabase(pgUrl, 'advocacy_bench_queue');
  const dbUrl = scratch.url;
  const handle = await openDatabase({ url: dbUrl, poolMax: 2 });
  const children: Child[] = [];
  try {
    await migrateToLatest(handle.db);
    const validated = validateBundle(syntheticBundle(INCIDENTS));
    if (!validated.ok) throw new Error('synthetic bundle is invalid');
    await importBundle(handle.db, validated.bundle);
    await sql`vacuum analyze`.execute(handle.db);
    const { key } = await issueApiKey(handle.db, { ...SYSTEM, actor: 'bench' }, { name: 'bench-queue', scopes: ['records:read', 'documents:generate', 'identities:read'] });
    const shared = {
      DATABASE_URL: dbUrl, COOKIE_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'error', RENDER_THREADS: '1',
      JOB_POLL_SECONDS: '0.5', JOB_TIME_LIMIT_SECONDS: '300',
    };
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = startChild('src/server.ts', {
      ...shared, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'off', WORKERS_IN_PROCESS: 'off',
      GENERATE_RATE_LIMIT_PER_MINUTE: '1000000', ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
    });
    children.push(app);
    await waitReady(base, app);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', prefer: 'respond-async' };
    const bodies = KINDS.map((kind) => JSON.stringify({ ...benchRequest(kind, 'pdf', INCIDENTS), draft: true }));

    const submit = async (count: number): Promise<{ ids: string[]; slowestAcceptMs: number }> => {
      let slowest = 0;
      const ids = await Promise.all(Array.from({ length: count }, async (_, i) => {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/documents`, { method: 'POST', headers, body: bodies[i % bodies.length] });
        slowest = Math.max(slowest, performance.now() - t0);
        if (res.status !== 202) throw new Error(`POST /api/v1/documents answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
        return ((await res.json()) as { id: string }).id;
      }));
      return { ids, slowestAcceptMs: round(slowest, 0) };
    };
    const settled = async (ids: string[]) => {
      for (;;) {
        const rows = await handle.db.selectFrom('generation_jobs').select(['state', 'finished_at']).where('id', 'in', ids).execute();
        if (rows.every((r) => ['succeeded', 'failed', 'cancelled'].includes(r.state))) return rows;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    const runs: QueueRun[] = [];
    const workers: Child[] = [];
    for (const count of WORKER_COUNTS) {
      while (workers.length < count) {
        const w = startChild('src/cli/worker.ts', { ...shared, WORKER_CONCURRENCY: '1' });
        workers.push(w);
        children.push(w);
      }
      // Warm-up, untimed: each worker's thread loads its modules, fonts and templates.
      log(`  queue: ${count} worker(s), warming up`);
      await settled((await submit(2 * count * KINDS.length)).ids);
      log(`  queue: ${count} worker(s), ${REQUESTS} concurrent ${INCIDENTS}-incident PDFs`);
      const { rows: [start] } = await sql<{ now: Date }>`select now() as now`.execute(handle.db);
      const { ids, slowestAcceptMs } = await submit(REQUESTS);
      const rows = await settled(ids);
      const times = rows.map((r) => (new Date(r.finished_at!).getTime() - new Date(start!.now).getTime()) / 1000).sort((a, b) => a - b);
      const last = times[times.length - 1]!;
      runs.push({
        workers: count, requests: REQUESTS, firstResultS: round(times[0]!), lastResultS: round(last), documentsPerSecond: round(REQUESTS / last),
        slowestAcceptMs, workerPeakRssMB: workers.map((w) => peakRssMB(w.process.pid!)), failed: rows.filter((r) => r.state !== 'succeeded').length,
      });
    }
    const one = runs.find((r) => r.workers === 1), two = runs.find((r) => r.workers === 2);
    return { incidents: INCIDENTS, runs, scaling: one && two ? round(two.documentsPerSecond / one.documentsPerSecond) : null };
  } finally {
    await Promise.all(children.map(stopChild));
    await handle.close();
    await scratch.drop();
  }
}

export function queueReport(q: QueueResults): string {
  const lines = ['', `QUEUE (${q.runs[0]?.requests ?? 0} concurrent ${q.incidents}-incident PDFs through the job queue; each worker: 1 render thread, 1 job at a time)`];
  lines.push('  workers  first result  last result  documents/s  slowest 202  worker peak RSS  failed');
  for (const r of q.runs) {
    lines.push(`  ${String(r.workers).padStart(7)}  ${`${r.firstResultS} s`.padStart(12)}  ${`${r.lastResultS} s`.padStart(11)}  ${String(r.documentsPerSecond).padStart(11)}  ${`${r.slowestAcceptMs} ms`.padStart(11)}  ${r.workerPeakRssMB.map((m) => `${m} MB`).join(', ').padStart(15)}  ${String(r.failed).padStart(6)}`);
  }
  if (q.scaling !== null) lines.push(`  scaling 1 → 2 workers: ×${q.scaling} documents/s`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pgUrl = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const results = await queuePart(pgUrl);
  console.log(JSON.stringify(results, null, 2));
  console.log(queueReport(results));
}
