import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { insertApiKey } from '../../../src/auth/api-keys.repository.js';
import { loadConfig } from '../../../src/config/config.js';
import { loadDemoData, seedDemoProfile } from '../../../src/demo/seed.js';
import { waitForJob } from '../../../src/documents/jobs/generation-jobs.service.js';
import { startJobRuntime, type JobRuntime } from '../../../src/documents/jobs/job-runtime.js';
import { createRenderer } from '../../../src/documents/workers/render-pool.js';
import { shutDownInOrder } from '../../../src/shutdown.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { generation, heldMarkers, until } from '../../support/held-renders.js';

/**
 * A job still running when its service's shutdown grace period is over (issue 18.8 with issue 15):
 * its composition is stopped in the render thread, and the job goes back to the queue —
 * unfinished, not failed, no retry spent — so that the next worker generates its document.
 */

let database: TestDatabase;
let app: FastifyInstance;
let next: JobRuntime | undefined;
let key: string;
const held = mkdtempSync(join(tmpdir(), 'advocacy-hand-back-'));
const markers = (prefix: string) => heldMarkers(held, prefix);

beforeAll(async () => {
  database = await createTestDatabase();
  await loadDemoData(database.db);
  await seedDemoProfile(database.db);
  ({ key } = await insertApiKey(database.db, { name: 'hand-back', scopes: ['documents:generate', 'records:read', 'identities:read'], createdBy: 'test' }));
  process.env.HELD_RENDER_DIR = held;
  const config = loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '1', WORKERS_IN_PROCESS: 'on', GENERATE_RATE_LIMIT_PER_MINUTE: '1000' });
  app = await buildApp({ config, database, renderWorker: new URL('../../support/held-render.worker.mjs', import.meta.url) });
  await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  writeFileSync(join(held, 'release'), '');
  await next?.close();
  await database?.close();
  rmSync(held, { recursive: true, force: true });
});

describe('a shutdown whose grace period ends under a running job', () => {
  it('stops its render and hands it back to the queue; the next worker generates it', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const submitted = await app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...auth, prefer: 'respond-async' }, payload: generation('2018-03-15') });
    expect(submitted.statusCode).toBe(202);
    const id = submitted.json().id as string;
    await until('the composition running', () => markers('started-').length === 1);

    // No grace: the job is stopped at once (its held composition is never released).
    await shutDownInOrder(app, { close: async () => {} }, 0);
    expect(markers('finished-')).toEqual([]);
    const job = () => database.db.selectFrom('generation_jobs').select(['state', 'stage', 'attempts', 'document_id', 'error']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await job()).toEqual({ state: 'queued', stage: 'queued', attempts: 1, document_id: null, error: null });
    const queued = await database.db.selectFrom('pgboss.job' as never).select(['state', 'retry_count'] as never).where('id' as never, '=', id as never).executeTakeFirstOrThrow() as { state: string; retry_count: number };
    expect(queued).toEqual({ state: 'created', retry_count: 0 });

    // The next worker (here: in-process renders) takes it and stores its document.
    const config = loadConfig({ DEMO_DATA: 'off', JOB_POLL_SECONDS: '0.5' });
    next = await startJobRuntime(config, database, createRenderer(0), app.log, { work: true });
    await waitForJob({ db: database.db, queue: next.queue }, id, 30_000);
    const done = await job();
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2, error: null });
    expect(await database.db.selectFrom('documents').select('id').where('id', '=', done.document_id!).execute()).toHaveLength(1);
  });
});
