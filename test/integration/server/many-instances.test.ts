import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { issueApiKey } from '../../../src/auth/accounts.service.js';
import { SYSTEM } from '../../../src/auth/audit-context.js';
import { migrations } from '../../../migrations/index.js';
import { validateBundle } from '../../../src/records/bundle-validation.js';
import { importBundle } from '../../../src/records/bundle.service.js';
import { syntheticBundle } from '../../../bench/synthetic.js';
import { benchRequest } from '../../../bench/pipeline.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { freePort, startChild, stopChild, waitReady, type Child } from '../../support/processes.js';
import { hasPostgres } from '../../support/tools.js';

/**
 * Many instances, one truth (issue 15, point 3): two app instances and two workers, each its own
 * process, on one PostgreSQL database — as docker-compose.yml runs them.
 */

const INCIDENTS = 200;
const small = () => ({ ...benchRequest('eu-briefing', 'pdf', 5), draft: true });

describe.runIf(hasPostgres())('two app instances and two workers on one database', () => {
  let database: TestDatabase;
  const apps: Array<{ child: Child; base: string }> = [];
  const workers: Child[] = [];
  let auth: Record<string, string>;
  const adminPassword = `pw-${randomBytes(12).toString('base64url')}`;

  const env = () => ({
    DATABASE_URL: database.url!, COOKIE_SECRET: 'c'.repeat(16) + randomBytes(16).toString('hex'), LOG_LEVEL: 'warn',
    RENDER_THREADS: '1', JOB_TIME_LIMIT_SECONDS: '15', JOB_SUPERVISE_SECONDS: '1', JOB_POLL_SECONDS: '0.5', JOB_RETRIES: '2',
  });

  beforeAll(async () => {
    // Unmigrated: both instances start at once and migrate it (one migrates, the other waits).
    database = await createTestDatabase({ migrated: false });
    const shared = env();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const child = startChild('src/server.ts', {
        ...shared, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'off', WORKERS_IN_PROCESS: 'off', ADMIN_PASSWORD: adminPassword,
        GENERATE_RATE_LIMIT_PER_MINUTE: '100000',
      });
      apps.push({ child, base: `http://127.0.0.1:${port}` });
    }
    await Promise.all(apps.map((a) => waitReady(a.base, a.child)));
    // At info, a worker says when it takes jobs: both must, before jobs are spread over them
    // (on a busy machine one may still be starting while the other empties the queue).
    for (let i = 0; i < 2; i++) workers.push(startChild('src/cli/worker.ts', { ...shared, WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info' }));
    const validated = validateBundle(syntheticBundle(INCIDENTS));
    if (!validated.ok) throw new Error('synthetic bundle invalid');
    await importBundle(database.db, validated.bundle);
    const { key } = await issueApiKey(database.db, { ...SYSTEM, actor: 'test' }, { name: 'many', scopes: ['records:read', 'documents:generate', 'documents:read', 'identities:read'] });
    auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    await Promise.all(workers.map((w) => takingJobs(w)));
  }, 240_000);

  async function takingJobs(worker: Child, ms = 120_000): Promise<void> {
    const started = Date.now();
    while (!worker.output().includes('worker taking generation jobs')) {
      if (worker.process.exitCode !== null) throw new Error(`worker exited: ${worker.output().slice(-3000)}`);
      if (Date.now() - started > ms) throw new Error(`worker not taking jobs after ${ms} ms: ${worker.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  afterAll(async () => {
    await Promise.all([...apps.map((a) => stopChild(a.child)), ...workers.map(stopChild)]);
    await database?.close();
  }, 60_000);

  const post = (base: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/documents`, { method: 'POST', headers: { ...auth, ...headers }, body: JSON.stringify(body) });

  async function settled(base: string, location: string): Promise<{ state: string; documentId: string | null; id: string }> {
    for (let i = 0; i < 1200; i++) {
      const job = (await (await fetch(`${base}${location}`, { headers: auth })).json()) as { state: string; documentId: string | null; id: string };
      if (['succeeded', 'failed', 'cancelled'].includes(job.state)) return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${location} did not settle`);
  }

  const jobRows = () => database.db.selectFrom('generation_jobs').selectAll().execute();
  const documentCount = async () => Number((await sql<{ n: string }>`select count(*) as n from documents`.execute(database.db)).rows[0]!.n);

  it('migrated the empty database once, although both instances started together', async () => {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(database.db);
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(migrations).sort());
  });

  it('accepts a session and a form token made on one instance on the other', async () => {
    const [a, b] = apps;
    const loginPage = await fetch(`${a!.base}/login`);
    const loginCookie = loginPage.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())![1]!;
    const signedIn = await fetch(`${a!.base}/login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
      body: new URLSearchParams({ username: 'admin', password: adminPassword, _csrf: csrf }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const session = signedIn.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('sid='))!;
    const me = await fetch(`${b!.base}/api/v1/auth/me`, { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: 'user', name: 'admin' });
    // A form rendered by A, sent to B: its token is accepted (a wrong current password: 422, not 403).
    const form = await (await fetch(`${a!.base}/account/password`, { headers: { cookie: session } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    const changed = await fetch(`${b!.base}/account/password`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session },
      body: new URLSearchParams({ _csrf: token, current: 'not-the-password', password: 'x' }).toString(),
    });
    expect(changed.status).toBe(422);
  });

  it('creates one document for one Idempotency-Key sent through both instances', async () => {
    const before = await documentCount();
    const key = randomUUID();
    const [first, second] = await Promise.all(apps.map((a) => post(a.base, small(), { 'idempotency-key': key, prefer: 'respond-async' })));
    expect([first!.status, second!.status].sort()).toEqual([202, 202]);
    expect(second!.headers.get('location')).toBe(first!.headers.get('location'));
    const job = await settled(apps[0]!.base, first!.headers.get('location')!);
    expect(job.state).toBe('succeeded');
    const again = await post(apps[1]!.base, small(), { 'idempotency-key': key, prefer: 'respond-async' });
    expect(again.headers.get('location')).toBe(first!.headers.get('location'));
    expect(await documentCount()).toBe(before + 1);
  });

  it('spreads 20 jobs over both workers', async () => {
    // Ten while one worker is paused (SIGSTOP), ten while the other is: each must take jobs from
    // the shared queue. Sent all at once, one worker could empty the queue of small documents
    // before a starved other one polled (seen on a busy CI machine), which proves nothing either way.
    const jobs: Array<{ id: string; state: string }> = [];
    for (const [busy, paused] of [[0, 1], [1, 0]] as const) {
      workers[paused]!.process.kill('SIGSTOP');
      try {
        const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => post(apps[i % 2]!.base, small(), { prefer: 'respond-async' })));
        expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
        jobs.push(...await Promise.all(responses.map((r, i) => settled(apps[i % 2]!.base, r.headers.get('location')!))));
      } finally {
        workers[paused]!.process.kill('SIGCONT');
      }
      expect(workers[busy]!.process.exitCode).toBeNull();
    }
    expect(jobs.map((j) => j.state)).toEqual(Array(20).fill('succeeded'));
    const ids = new Set(jobs.map((j) => j.id));
    const rows = (await jobRows()).filter((r) => ids.has(r.id));
    const byWorker = new Map<string, number>();
    for (const r of rows) byWorker.set(r.worker!, (byWorker.get(r.worker!) ?? 0) + 1);
    const pids = workers.map((w) => String(w.process.pid));
    expect([...byWorker.keys()].map((w) => w.split(':').pop()).sort()).toEqual([...pids].sort());
  }, 240_000);

  it('retries the job of a worker killed mid-job on the other worker, and stores its document once', async () => {
    const before = await documentCount();
    const res = await post(apps[0]!.base, { ...benchRequest('eu-briefing', 'pdf', INCIDENTS), draft: true }, { prefer: 'respond-async' });
    const id = ((await res.json()) as { id: string }).id;
    // Caught while it runs (composing or rendering: loading is short), then its worker is killed.
    let running;
    for (let i = 0; i < 600 && !running; i++) {
      const row = (await jobRows()).find((r) => r.id === id)!;
      if (row.state === 'running' && (row.stage === 'composing' || row.stage === 'rendering')) running = row;
      else await new Promise((r) => setTimeout(r, 25));
    }
    expect(running, 'the job was never seen running').toBeDefined();
    const victim = workers.find((w) => running!.worker!.endsWith(`:${w.process.pid}`))!;
    victim.process.kill('SIGKILL');
    await victim.exited;
    const job = await settled(apps[1]!.base, `/api/v1/jobs/${id}`);
    expect(job.state).toBe('succeeded');
    const row = (await jobRows()).find((r) => r.id === id)!;
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(row.worker).not.toBe(running!.worker);
    expect(await documentCount()).toBe(before + 1);
  }, 240_000);
});
