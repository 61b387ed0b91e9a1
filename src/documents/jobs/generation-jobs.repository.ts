import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { GenerationJobRow } from '../../db/tables/jobs.table.js';

/** SQL of the generation_jobs table (see the migration 2026-12-04-040 for what a row means). */

export type { GenerationJobRow } from '../../db/tables/jobs.table.js';

export interface NewJob {
  id: string;
  request: unknown;
  maySeeIdentities: boolean;
  createdBy: string | null;
  idempotencyKey: string | null;
  pagesEstimated: number;
  incidentsTotal: number;
}

/** Inserts the job, or — when its Idempotency-Key already named one — returns that one (inserted: false). */
export async function insertJob(db: Db, job: NewJob): Promise<{ row: GenerationJobRow; inserted: boolean }> {
  const inserted = await db.insertInto('generation_jobs').values({
    id: job.id,
    request: JSON.stringify(job.request),
    may_see_identities: job.maySeeIdentities,
    created_by: job.createdBy,
    idempotency_key: job.idempotencyKey,
    pages_estimated: job.pagesEstimated,
    incidents_total: job.incidentsTotal,
  }).onConflict((oc) => oc.column('idempotency_key').doNothing()).returningAll().executeTakeFirst();
  if (inserted) return { row: inserted, inserted: true };
  const existing = await db.selectFrom('generation_jobs').selectAll().where('idempotency_key', '=', job.idempotencyKey).executeTakeFirstOrThrow();
  return { row: existing, inserted: false };
}

export async function getJob(db: Db, id: string): Promise<GenerationJobRow | undefined> {
  return db.selectFrom('generation_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Of these jobs, the ids of those settled, and of those running: the waiting requests' one look at them all. */
export async function statesAmong(db: Db, ids: readonly string[]): Promise<{ settled: string[]; running: string[] }> {
  if (ids.length === 0) return { settled: [], running: [] };
  const rows = await db.selectFrom('generation_jobs').select(['id', 'state']).where('id', 'in', [...ids]).where('state', '!=', 'queued').execute();
  return { settled: rows.filter((r) => r.state !== 'running').map((r) => r.id), running: rows.filter((r) => r.state === 'running').map((r) => r.id) };
}

/** An attempt begins: running, by this worker. Undefined when the job is already settled (nothing to do). */
export async function startAttempt(db: Db, id: string, worker: string): Promise<GenerationJobRow | undefined> {
  return db.updateTable('generation_jobs')
    .set({ state: 'running', stage: 'loading', worker, attempts: sql`attempts + 1`, started_at: sql`coalesce(started_at, now())`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
}

export interface Progress {
  stage: string;
  incidentsTotal?: number;
  incidentsComposed?: number;
  pagesEstimated?: number;
  pagesRendered?: number;
}

/** Records progress; answers whether the job was asked to stop meanwhile. */
export async function recordProgress(db: Db, id: string, p: Progress): Promise<{ cancelRequested: boolean }> {
  const row = await db.updateTable('generation_jobs')
    .set({
      stage: p.stage,
      ...(p.incidentsTotal !== undefined ? { incidents_total: p.incidentsTotal } : {}),
      ...(p.incidentsComposed !== undefined ? { incidents_composed: p.incidentsComposed } : {}),
      ...(p.pagesEstimated !== undefined ? { pages_estimated: p.pagesEstimated } : {}),
      ...(p.pagesRendered !== undefined ? { pages_rendered: p.pagesRendered } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returning('cancel_requested')
    .executeTakeFirst();
  return { cancelRequested: row?.cancel_requested ?? true };
}

/**
 * The result, stored once: inside the document's transaction, only while no attempt stored one
 * and nobody asked the job to stop. False: another attempt stored its document first, or the job
 * was cancelled meanwhile (this one must roll back). The row lock orders it with requestCancel.
 */
export async function markSucceeded(trx: Db, id: string, documentId: string): Promise<boolean> {
  const result = await trx.updateTable('generation_jobs')
    .set({ state: 'succeeded', stage: 'done', document_id: documentId, error: null, finished_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('document_id', 'is', null)
    .where('state', '!=', 'cancelled')
    .where('cancel_requested', '=', false)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Settles a job that did not produce a document (failed or cancelled); a stored result is never overwritten. */
export async function markSettled(db: Db, id: string, state: 'failed' | 'cancelled', error: unknown): Promise<void> {
  await db.updateTable('generation_jobs')
    .set({ state, stage: state, error: error === null ? null : JSON.stringify(error), finished_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('document_id', 'is', null)
    .where('state', 'in', ['queued', 'running'])
    .execute();
}

/** An attempt failed and another will follow: queued again. */
export async function markRetrying(db: Db, id: string, error: unknown): Promise<void> {
  await db.updateTable('generation_jobs')
    .set({ state: 'queued', stage: 'retrying', error: JSON.stringify(error), updated_at: sql`now()` })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .execute();
}

/** Whether the job was asked to stop (a worker running it looks now and then: the ask may come from another process). */
export async function isCancelRequested(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('generation_jobs').select('cancel_requested').where('id', '=', id).executeTakeFirst();
  return row?.cancel_requested ?? true;
}

/** A running attempt given back unfinished (its process is stopping): queued again, for the next worker. */
export async function markHandedBack(db: Db, id: string): Promise<void> {
  await db.updateTable('generation_jobs')
    .set({ state: 'queued', stage: 'queued', worker: null, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .execute();
}

/**
 * Asks a job to stop: a queued one is cancelled at once; a running one notes the request (its
 * worker stops its renders). With `releaseKey` (its client left before any answer) the job lets
 * go of its Idempotency-Key, so that a retry with that key is a new job. Answers the row after
 * the change (undefined: no such job).
 */
export async function requestCancel(db: Db, id: string, options: { releaseKey?: boolean } = {}): Promise<GenerationJobRow | undefined> {
  await db.updateTable('generation_jobs')
    .set({ cancel_requested: true, ...(options.releaseKey ? { idempotency_key: null } : {}), updated_at: sql`now()` })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
    .execute();
  await db.updateTable('generation_jobs')
    .set({ state: 'cancelled', stage: 'cancelled', finished_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('state', '=', 'queued')
    .execute();
  return getJob(db, id);
}
