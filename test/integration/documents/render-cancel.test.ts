import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { insertApiKey } from '../../../src/auth/api-keys.repository.js';
import { loadConfig } from '../../../src/config/config.js';
import { loadDemoData, seedDemoProfile } from '../../../src/demo/seed.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { generation, heldMarkers, postDocument, until } from '../../support/held-renders.js';

/**
 * Issue 18, point 8: a client that disconnects cancels its generation — the job its request
 * created and was waiting for (issue 15) — and so does an explicit cancel of a running job. One
 * render thread, whose tasks wait until the test releases them (test/support/held-render.worker.mjs):
 * so the test knows which task is running and which is queued when the client hangs up. A running
 * task loses its thread (a new thread starts), a queued one leaves the queue; the composition and
 * both formats' renders are covered; nothing is stored and the Idempotency-Key (the request's
 * claim and the job's) is free again for a retry. The requests wait for their jobs as long as it
 * takes (JOB_WAIT_MS), and two jobs run at once, so that a second composition waits for the thread.
 */

let database: TestDatabase;
let app: FastifyInstance;
let key: string;
let port: number;
const held = mkdtempSync(join(tmpdir(), 'advocacy-render-cancel-'));
const markers = (prefix: string) => heldMarkers(held, prefix);
const post = (body: object, idempotencyKey?: string) => postDocument(port, key, body, idempotencyKey ? { idempotencyKey } : {});
const release = (task: string) => writeFileSync(join(held, task.replace(/^started-/, 'release-')), '');
/** What a started task is: 'render', or 'compose <the selection's end date>'. */
const kindOf = (task: string) => readFileSync(join(held, task), 'utf8');
/**
 * Lets the compositions of the generation now running go, until its first render is held: a
 * fresh thread composes twice (once more with the identity lists it asks for). Answers them.
 */
async function releaseCompositions(): Promise<string[]> {
  const seen = new Set(markers('started-'));
  const released: string[] = [];
  for (;;) {
    await until('the next task', () => markers('started-').some((m) => !seen.has(m)));
    const task = markers('started-').find((m) => !seen.has(m))!;
    seen.add(task);
    if (!kindOf(task).startsWith('compose')) return released;
    release(task);
    released.push(task);
  }
}
/** Thread ids in the order the threads started. */
const threads = () => markers('thread-').map((m) => Number(m.slice('thread-'.length))).sort((a, b) => a - b);

beforeAll(async () => {
  database = await createTestDatabase();
  await loadDemoData(database.db);
  await seedDemoProfile(database.db);
  ({ key } = await insertApiKey(database.db, { name: 'render-cancel', scopes: ['documents:generate', 'records:read', 'identities:read'], createdBy: 'test' }));
  process.env.HELD_RENDER_DIR = held; // the threads read it when they start
  // RENDER_IDLE_MS=0: the thread starts with the pool and a stopped one is replaced at once, which the tests wait for.
  const config = loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '1', RENDER_IDLE_MS: '0', WORKER_CONCURRENCY: '2', JOB_WAIT_MS: '600000', GENERATE_RATE_LIMIT_PER_MINUTE: '1000' });
  app = await buildApp({ config, database, renderWorker: new URL('../../support/held-render.worker.mjs', import.meta.url) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  ({ port } = app.server.address() as { port: number });
});
afterAll(async () => {
  writeFileSync(join(held, 'release'), '');
  await app?.close();
  await database?.close();
  rmSync(held, { recursive: true, force: true });
});

const storedDocuments = async () => (await database.db.selectFrom('documents').select('id').execute()).length;
const claims = async () => database.db.selectFrom('idempotency_keys').select(['key', 'state']).execute();
const jobs = async () => database.db.selectFrom('generation_jobs').select(['state', 'idempotency_key', 'document_id']).orderBy('created_at').execute();
/** Every job has let go of its renders and settled its row. */
const jobsSettled = async () => expect(await app.jobs.drained(30_000)).toBe(0);

describe('a client that disconnects cancels its generation', () => {
  it('while it is composed: the running task loses its thread, nothing is stored, the Idempotency-Key is released', async () => {
    await until('the first thread', () => markers('thread-').length === 1);
    const client = post(generation('2018-03-15'), 'cancel-compose');
    await until('the composition running', () => markers('started-').length === 1);
    client.req.destroy();
    await until('a new thread in place of the stopped one', () => markers('thread-').length === 2);
    expect(await app.inFlight.drained(30_000)).toBe(0);
    await jobsSettled();
    expect(await client.answer).toBe('disconnected');
    expect(await storedDocuments()).toBe(0);
    expect(await claims()).toEqual([]);
    expect(await jobs()).toEqual([{ state: 'cancelled', idempotency_key: null, document_id: null }]);
    expect(markers('finished-')).toEqual([]);
  });

  it('while both formats are drawn: the running render loses its thread, the queued one leaves the queue', async () => {
    const client = post(generation('2018-03-12'));
    const composing = await releaseCompositions();
    // One thread: the first format's render runs (held), the second's waits in the queue.
    await until('one render running, one queued', () => app.renderer.queued === 1);
    client.req.destroy();
    await until('a new thread in place of the stopped one', () => markers('thread-').length === 3);
    expect(await app.inFlight.drained(30_000)).toBe(0);
    await jobsSettled();
    expect(app.renderer.queued).toBe(0);
    expect(markers('finished-')).toEqual(composing.map((c) => c.replace(/^started-/, 'finished-')));
    expect(await storedDocuments()).toBe(0);
    expect((await jobs()).map((j) => j.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('an explicit cancel of a running job (DELETE /api/v1/jobs/:id) stops its composition at once, not at its next stage', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const started = markers('started-').length;
    const threadsBefore = markers('thread-').length;
    const submitted = await app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...auth, prefer: 'respond-async' }, payload: generation('2018-03-14') });
    expect(submitted.statusCode).toBe(202);
    await until('the composition running', () => markers('started-').length === started + 1);
    const cancelled = await app.inject({ method: 'DELETE', url: submitted.headers.location as string, headers: auth });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ cancelRequested: true });
    // The held composition is never released: only a stopped thread lets the job end.
    await until('a new thread in place of the stopped one', () => markers('thread-').length === threadsBefore + 1);
    await jobsSettled();
    expect((await app.inject({ url: submitted.headers.location as string, headers: auth })).json()).toMatchObject({ state: 'cancelled', documentId: null });
    expect(await storedDocuments()).toBe(0);
  });

  it('a cancel recorded by another process (on the job\'s row only) stops the running composition too', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const started = markers('started-').length;
    const threadsBefore = markers('thread-').length;
    const submitted = await app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...auth, prefer: 'respond-async' }, payload: generation('2018-03-13') });
    const id = submitted.json().id as string;
    await until('the composition running', () => markers('started-').length === started + 1);
    // What DELETE on another instance does to the row; this process hears of it only by looking.
    await database.db.updateTable('generation_jobs').set({ cancel_requested: true }).where('id', '=', id).execute();
    await until('a new thread in place of the stopped one', () => markers('thread-').length === threadsBefore + 1);
    await jobsSettled();
    expect((await app.inject({ url: `/api/v1/jobs/${id}`, headers: auth })).json()).toMatchObject({ state: 'cancelled', documentId: null });
    expect(await storedDocuments()).toBe(0);
  });

  it('while it waits for a thread: its task leaves the queue; the others go on', async () => {
    const started = markers('started-').length;
    const first = post(generation('2018-03-15'));
    await until('the first composition running', () => markers('started-').length === started + 1);
    const second = post(generation('2018-03-10'));
    await until('the second composition queued', () => app.renderer.queued === 1);
    second.req.destroy();
    await until('the queue empty and the second request ended', () => app.renderer.queued === 0 && app.inFlight.count === 1);
    expect(await second.answer).toBe('disconnected');
    writeFileSync(join(held, 'release'), '');
    expect(await first.answer).toBe(201);
    // On the last thread: the first generation's composition and two renders, and nothing of the second's.
    const thread = threads().at(-1);
    const kinds = markers(`started-${thread}-`).map(kindOf);
    expect(kinds.filter((k) => k === 'render')).toHaveLength(2);
    expect(new Set(kinds.filter((k) => k !== 'render'))).toEqual(new Set(['compose 2018-03-15']));
    expect(await storedDocuments()).toBe(1);
    await jobsSettled();
    expect((await jobs()).slice(-2).map((j) => j.state)).toEqual(['succeeded', 'cancelled']);
  });

  it('a retry with the released Idempotency-Key generates the document', async () => {
    const retry = post(generation('2018-03-15'), 'cancel-compose');
    expect(await retry.answer).toBe(201);
    expect(await claims()).toEqual([{ key: 'cancel-compose', state: 'done' }]);
    expect(await storedDocuments()).toBe(2);
    // A new job under the released key; the cancelled one keeps nothing of it.
    const keyed = (await jobs()).filter((j) => j.idempotency_key !== null);
    expect(keyed).toHaveLength(1);
    expect(keyed[0]!.state).toBe('succeeded');
  });
});
