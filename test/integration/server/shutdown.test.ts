import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { insertApiKey } from '../../../src/auth/api-keys.repository.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../../src/db/database.js';
import { loadDemoData, seedDemoProfile } from '../../../src/demo/seed.js';
import { createTestDatabase } from '../../support/database.js';
import { generation, heldMarkers, postDocument as post, until } from '../../support/held-renders.js';
import { startServiceProcess, type LogLine, type ServiceProcess } from '../../support/service-process.js';
import { hasPostgres } from '../../support/tools.js';

/**
 * Issue 18, point 8: SIGTERM with generations in flight, some of whose clients hang up. The
 * service (a child process, as in production) stops accepting and stops taking jobs, lets the
 * connected clients' generations finish (201), cancels the jobs of those who left (499, renders
 * stopped, nothing stored, their idempotency claims released), then closes the job runtime, the
 * render threads and the pool: no 5xx and no error in its log, exit 0. The render threads hold
 * every task until the test releases them (test/support/held-render.worker.mjs), so "in flight"
 * is a fact, not a guess about timing. Generations are jobs (issue 15) run in the service's own
 * process: four at once (two composing on the two threads, two waiting for a thread), and each
 * request waits for its job as long as it takes (JOB_WAIT_MS), so a connected client gets its 201.
 */

const dirs: string[] = [];
const services: ServiceProcess[] = [];
const handles: DatabaseHandle[] = [];
afterAll(async () => {
  for (const s of services) s.child.kill('SIGKILL');
  for (const h of handles) await h.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

const refusesConnections = (port: number) => new Promise<string>((resolve) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve('accepted'); });
  socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
});

const statusOf = (l: LogLine) => l.res?.statusCode ?? 0;
const isDocumentsRequest = (l: LogLine) => l.msg === 'incoming request' && JSON.stringify(l.req ?? {}).includes('/api/v1/documents');

interface Setup {
  env: NodeJS.ProcessEnv;
  key: string;
  /** The database after the service has stopped (for PGlite: opened only then, it is locked before). */
  afterwards: () => Promise<DatabaseHandle>;
}

async function postgresSetup(): Promise<Setup> {
  const database = await createTestDatabase();
  await loadDemoData(database.db);
  await seedDemoProfile(database.db);
  const { key } = await insertApiKey(database.db, { name: 'shutdown', scopes: ['documents:generate', 'records:read', 'identities:read'], createdBy: 'test' });
  handles.push(database);
  return { env: { DATABASE_URL: database.url!, COOKIE_SECRET: randomBytes(32).toString('hex') }, key, afterwards: async () => database };
}

async function pgliteSetup(): Promise<Setup> {
  const dataDir = tempDir('advocacy-shutdown-pglite-');
  const database = await openDatabase({ dataDir });
  await migrateToLatest(database.db);
  await loadDemoData(database.db);
  await seedDemoProfile(database.db);
  const { key } = await insertApiKey(database.db, { name: 'shutdown', scopes: ['documents:generate', 'records:read', 'identities:read'], createdBy: 'test' });
  await database.close();
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, DATABASE_URL: '', COOKIE_SECRET: '' };
  return {
    env,
    key,
    afterwards: async () => {
      const reopened = await openDatabase({ dataDir });
      handles.push(reopened);
      return reopened;
    },
  };
}

const databases = [
  ...(hasPostgres() ? [{ name: 'PostgreSQL', setup: postgresSetup }] : []),
  { name: 'PGlite', setup: pgliteSetup },
];

describe.each(databases)('a clean shutdown with disconnecting clients ($name)', ({ setup }) => {
  let prepared: Setup;
  let service: ServiceProcess;
  const held = tempDir('advocacy-held-');
  const markers = (prefix: string) => heldMarkers(held, prefix);
  beforeAll(async () => {
    prepared = await setup();
    service = await startServiceProcess({
      ...prepared.env, HELD_RENDER_DIR: held, DEMO_DATA: 'off', RENDER_THREADS: '2', GENERATE_RATE_LIMIT_PER_MINUTE: '1000', SHUTDOWN_GRACE_MS: '60000',
      WORKERS_IN_PROCESS: 'on', WORKER_CONCURRENCY: '4', JOB_WAIT_MS: '600000',
      RENDER_IDLE_MS: '0', // both threads from the start, as the test expects
    }, 'test/support/held-service.ts');
    services.push(service);
    // Both render threads loaded (with RENDER_IDLE_MS=0 they start with the pool), so the test begins with a ready service.
    await until('two render threads', () => markers('thread-').length === 2);
  });

  it('finishes the connected clients\' generations, cancels the others\', refuses new connections, logs no 5xx, exits 0', async () => {
    const { key, afterwards } = prepared;
    onTestFailed(() => {
      console.error(`the service's last lines:\n${service.lines.slice(-25).map((l) => JSON.stringify(l).slice(0, 300)).join('\n')}\n${service.otherOutput().slice(-1000)}\nmarkers: ${markers('').join(' ')}`);
    });
    const keepAlive = new Agent({ keepAlive: true });

    // A1 and D1 compose on the two threads, held there; A2 and D2 come after them.
    const a1 = post(service.port, key, generation('2018-03-10'));
    const d1 = post(service.port, key, generation('2018-03-07'), { idempotencyKey: 'shutdown-d1' });
    await until('both threads composing', () => markers('started-').length === 2);
    const a2 = post(service.port, key, generation('2018-03-09'), { agent: keepAlive });
    const d2 = post(service.port, key, generation('2018-03-08'), { idempotencyKey: 'shutdown-d2' });
    await service.logged(isDocumentsRequest, 4);
    // Every job taken before the stop (a stopping service takes no new job: it would be left to the next worker).
    await service.logged((l) => l.msg === 'generation job started', 4);

    service.child.kill('SIGTERM');
    await service.logged((l) => l.msg === 'stopped accepting; waiting for the requests in flight');
    expect(await refusesConnections(service.port)).toBe('ECONNREFUSED');

    // D1's client hangs up mid-render, D2's while its generation waits: the stop must not wait for them.
    d1.req.destroy();
    d2.req.destroy();
    await service.logged((l) => statusOf(l) === 499, 2);
    writeFileSync(join(held, 'release'), '');

    const code = await service.exited;
    const answers = await Promise.all([a1.answer, a2.answer, d1.answer, d2.answer]);
    keepAlive.destroy();
    const serverFaults = service.lines.filter((l) => (l.level ?? 0) >= 50 || statusOf(l) >= 500);
    expect(serverFaults, JSON.stringify(serverFaults.slice(0, 3))).toEqual([]);
    expect(service.otherOutput()).toBe('');
    expect(JSON.stringify(service.lines)).not.toMatch(/driver has already been destroyed|Terminating worker thread|grace period over/);
    expect(answers).toEqual([201, 201, 'disconnected', 'disconnected']);
    expect(code).toBe(0);
    expect(service.lines.filter((l) => l.msg === 'shut down')).toHaveLength(1);

    // Nothing stored for the clients who left, and their Idempotency-Keys are free again.
    const database = await afterwards();
    const stored = await database.db.selectFrom('documents').select('created_by').execute();
    expect(stored).toHaveLength(2);
    const jobs = await database.db.selectFrom('generation_jobs').select('state').orderBy('state').execute();
    expect(jobs.map((j) => j.state)).toEqual(['cancelled', 'cancelled', 'succeeded', 'succeeded']);
    const claims = await database.db.selectFrom('idempotency_keys').select(['key', 'state']).execute();
    expect(claims).toEqual([]);
    const shutDownMs = service.lines.find((l) => l.msg === 'shut down')?.ms;
    console.info(`shutdown: 2 generations finished (201), 2 clients left (499, nothing stored); ${markers('thread-').length} threads started; shut down in ${String(shutDownMs)} ms`);
  });
});
