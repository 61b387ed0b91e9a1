import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { loadConfig } from '../../../src/config/config.js';
import { createRenderer, type DocumentRenderer } from '../../../src/documents/workers/render-pool.js';
import { startJobRuntime } from '../../../src/documents/jobs/job-runtime.js';
import { runGenerationJob } from '../../../src/documents/jobs/generation-jobs.service.js';
import { RunningJobs } from '../../../src/documents/jobs/running-jobs.js';
import { insertJob } from '../../../src/documents/jobs/generation-jobs.repository.js';
import { buildApp } from '../../../src/app.js';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/**
 * Generation through the job queue (issue 15): 202 and the job, progress, events, cancelling,
 * the large-document warning, and one document per job however often it runs. Runs on
 * PostgreSQL with TEST_DATABASE_URL, on PGlite without.
 */

const BRIEFING = { kind: 'eu-briefing', format: 'pdf', draft: true, selection: { country: 'KZ' } };
const ASYNC = { prefer: 'respond-async' };

type Job = { id: string; state: string; stage: string; documentId: string | null; progress: Record<string, number | null>; error: { status: number; problems: Array<{ path: string }> } | null };

async function settle(app: FastifyInstance, location: string, headers: Record<string, string> = {}): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const job = (await app.inject({ url: location, headers })).json() as Job;
    if (['succeeded', 'failed', 'cancelled'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${location} did not settle`);
}

async function documentCount(db: TestDatabase): Promise<number> {
  return Number((await db.db.selectFrom('documents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
}

describe('generation jobs (in-process worker)', () => {
  let t: TestAppWithAuth;
  beforeAll(async () => {
    // No wait: every generation answers 202 with its job.
    t = await createTestApp({ JOB_WAIT_MS: '0', GENERATE_RATE_LIMIT_PER_MINUTE: '1000' });
    await loadDemoData(t.database.db);
  });
  afterAll(async () => t?.close());

  it('answers 202 with the job, which runs to its document with progress counts', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: BRIEFING });
    expect(res.statusCode, res.body).toBe(202);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/api\/v1\/jobs\/[0-9a-f-]{36}$/);
    expect(res.json()).toMatchObject({ id: location.split('/').pop(), links: { self: location, events: `${location}/events` } });
    const job = await settle(t.app, location);
    expect(job).toMatchObject({ state: 'succeeded', stage: 'done', error: null });
    expect(job.progress.incidentsTotal).toBeGreaterThan(0);
    expect(job.progress.incidentsComposed).toBe(job.progress.incidentsTotal);
    expect(job.progress.pagesRendered).toBeGreaterThan(0);
    expect(job.progress.percent).toBe(100);
    const doc = await t.app.inject({ url: `/api/v1/documents/${job.documentId}` });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().kind).toBe('eu-briefing');
  });

  it('streams the job as server-sent events, ending with `done`', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: BRIEFING, headers: ASYNC });
    expect(res.headers['preference-applied']).toBe('respond-async');
    const events = await t.app.inject({ url: `${res.headers.location}/events` });
    expect(events.headers['content-type']).toMatch(/^text\/event-stream/);
    const blocks = events.body.trim().split('\n\n');
    const last = blocks[blocks.length - 1]!;
    expect(last).toMatch(/^event: done\n/);
    const data = JSON.parse(/\ndata: (.*)$/m.exec(last)![1]!) as Job;
    expect(data).toMatchObject({ state: 'succeeded', stage: 'done' });
    expect(data.documentId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a refusal on the job: 422 with the problems the request would have had', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/documents', headers: ASYNC,
      payload: {
        kind: 'un-communication', format: 'docx', selection: { country: 'KZ', from: '2018-03-01', to: '2018-03-31' },
        options: { variant: 'allegation-letter', mandates: ['sr-assembly-association'] },
      },
    });
    const job = await settle(t.app, res.headers.location as string);
    expect(job.state).toBe('failed');
    expect(job.error?.status).toBe(422);
    expect(job.error?.problems).toEqual([expect.objectContaining({ path: '/incidents/kz-2018-03-16-dvk-warnings' })]);
  });

  it('shapes a kept refusal for a caller without identities:read: no name of a record in its problems, job or events', async () => {
    const realName = (await t.app.inject({ url: '/api/v1/persons/p-kz-0001' })).json().name as string;
    const surname = realName.split(' ').at(-1)!;
    const incident = {
      key: 'kz-2018-03-29-named-unsourced', title: `${realName} summoned again`, date: '2018-03-29', dateAccuracy: 'exact', status: 'ongoing', country: { code: 'KZ', name: 'Kazakhstan' }, location: { place: 'Almaty' },
      rights: ['liberty'], violations: ['detention'], summary: `Police summoned ${surname} for questioning.`, victims: ['p-kz-0001'],
    };
    const put = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: incident });
    expect(put.statusCode, put.body).toBeLessThan(300);
    const key = await t.authenticate({ scopes: ['records:read', 'documents:generate', 'documents:read'] });
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/documents', headers: { ...ASYNC, ...key },
      payload: { kind: 'eu-briefing', format: 'pdf', selection: { incidents: [incident.key] } },
    });
    expect(res.statusCode, res.body).toBe(202);
    const job = await settle(t.app, res.headers.location as string, key);
    expect(job.state).toBe('failed');
    expect(job.error?.status).toBe(422);
    const read = await t.app.inject({ url: res.headers.location as string, headers: key });
    expect(read.body).not.toContain(surname);
    expect(read.json().error.problems).toEqual([expect.objectContaining({ path: `/incidents/${incident.key}` })]);
    expect(read.json().error.problems[0].message).toContain('Activist A summoned again');
    const events = await t.app.inject({ url: `${res.headers.location}/events`, headers: key });
    expect(events.body).toMatch(/event: done/);
    expect(events.body).not.toContain(surname);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/incidents/${incident.key}` });
  });

  it('ties an Idempotency-Key to one job and one document', async () => {
    const before = await documentCount(t.database);
    const key = randomUUID();
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: BRIEFING, headers: { ...ASYNC, 'idempotency-key': key } });
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: BRIEFING, headers: { ...ASYNC, 'idempotency-key': key } });
    expect(again.headers.location).toBe(first.headers.location);
    await settle(t.app, first.headers.location as string);
    expect(await documentCount(t.database)).toBe(before + 1);
  });

  it('shows a job only to the caller who asked for it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: BRIEFING, headers: ASYNC });
    const other = await t.authenticate('staff');
    expect((await t.app.inject({ url: res.headers.location as string, headers: other })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: res.headers.location as string, headers: other })).statusCode).toBe(404);
    await settle(t.app, res.headers.location as string);
  });

  it('stores one document when two attempts of the same job run at once', async () => {
    const before = await documentCount(t.database);
    const { row } = await insertJob(t.database.db, {
      id: randomUUID(), request: { ...BRIEFING, language: 'en', methodologyNote: false, options: { dialogueRound: {} } },
      maySeeIdentities: true, createdBy: 'test-staff', idempotencyKey: null, pagesEstimated: 1, incidentsTotal: 1,
    });
    const deps = { db: t.database.db, queue: t.app.jobs.queue, renderer: t.app.renderer, running: new RunningJobs(), log: t.app.log };
    const attempt = { id: row.id, data: {}, retryCount: 0, retryLimit: 2 };
    await Promise.all([runGenerationJob(deps, attempt), runGenerationJob(deps, { ...attempt, retryCount: 1 })]);
    expect(await documentCount(t.database)).toBe(before + 1);
    const job = (await t.app.inject({ url: `/api/v1/jobs/${row.id}` })).json() as Job;
    expect(job.state).toBe('succeeded');
  });
});

describe('the large-document warning', () => {
  let t: TestAppWithAuth;
  beforeAll(async () => {
    t = await createTestApp({ LARGE_DOCUMENT_PAGES: '2' });
    await loadDemoData(t.database.db);
  });
  afterAll(async () => t?.close());

  it('asks for confirmLarge with the estimate, and generates once confirmed', async () => {
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: BRIEFING });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems).toEqual([{ path: '/confirmLarge', message: expect.stringMatching(/^about \d+ pages \(\d+ incidents\)/) }]);
    const confirmed = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: { ...BRIEFING, confirmLarge: true } });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
  });
});

describe('cancelling', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let renderer: DocumentRenderer;
  let gate: { open: () => void; opened: Promise<void>; entered: Promise<void>; enter: () => void };
  let appClosed = false;
  const newGate = () => {
    let open!: () => void;
    let enter!: () => void;
    const opened = new Promise<void>((r) => { open = r; });
    const entered = new Promise<void>((r) => { enter = r; });
    return { open, opened, entered, enter };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadDemoData(database.db);
    // Composition waits at a gate the test opens: the job is caught while it runs.
    const inner = createRenderer(0);
    gate = newGate();
    renderer = { ...inner, compose: async (...args) => { gate.enter(); await gate.opened; return inner.compose(...args); } };
    const config = loadConfig({ DEMO_DATA: 'off', JOB_WAIT_MS: '0', WORKERS_IN_PROCESS: 'on' });
    app = await buildApp({ config, database, renderer, auth: { testActor: { kind: 'user', id: 0, name: 'test-staff', role: 'staff' } } });
    await app.ready();
  });
  afterAll(async () => {
    gate?.open();
    if (!appClosed) await app?.close();
    await database?.close();
  });

  it('stops a running job at its next stage: cancelled, and no document', async () => {
    const before = await documentCount(database);
    const res = await app.inject({ method: 'POST', url: '/api/v1/documents', payload: BRIEFING, headers: ASYNC });
    await gate.entered;
    const cancelled = await app.inject({ method: 'POST', url: `${res.headers.location}/cancel` });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ state: 'running', cancelRequested: true });
    gate.open();
    const job = await settle(app, res.headers.location as string);
    expect(job).toMatchObject({ state: 'cancelled', documentId: null });
    expect(await documentCount(database)).toBe(before);
  });

  it('cancels a queued job at once; no worker ever runs it', async () => {
    // Jobs queued by an app without workers; then a worker starts on the same database. The app
    // with workers of the test above is closed first: its worker took the job to be cancelled
    // while it was still queued, now and then (state running, CI on e80c5d4).
    gate.open();
    await app.close();
    appClosed = true;
    const config = loadConfig({ DEMO_DATA: 'off', JOB_WAIT_MS: '0', WORKERS_IN_PROCESS: 'off' });
    const idle = await buildApp({ config, database, renderer, auth: { testActor: { kind: 'user', id: 0, name: 'test-staff', role: 'staff' } } });
    try {
      const before = await documentCount(database);
      const res = await idle.inject({ method: 'POST', url: '/api/v1/documents', payload: BRIEFING });
      expect(res.statusCode).toBe(202);
      expect(res.json().state).toBe('queued');
      const cancelled = await idle.inject({ method: 'DELETE', url: res.headers.location as string });
      expect(cancelled.json()).toMatchObject({ state: 'cancelled', stage: 'cancelled' });
      const kept = await idle.inject({ method: 'POST', url: '/api/v1/documents', payload: BRIEFING });
      const worker = await startJobRuntime(config, database, renderer, idle.log, { work: true });
      try {
        const done = await settle(idle, kept.headers.location as string);
        expect(done.state).toBe('succeeded');
        expect((await idle.inject({ url: res.headers.location as string })).json().state).toBe('cancelled');
        expect(await documentCount(database)).toBe(before + 1);
      } finally {
        await worker.close();
      }
    } finally {
      await idle.close();
    }
  });
});
