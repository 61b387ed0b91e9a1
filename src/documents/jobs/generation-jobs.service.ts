import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Db } from '../../db/database.js';
import { WORKER_NAME, type JobQueue, type QueuedJob } from '../../db/job-queue.js';
import { selectIncidentIds } from '../../records/records.repository.js';
import { resolveKeyAliases } from '../../records/record-keys.repository.js';
import {
  BusyError, CancelledError, cancellationOf, ConflictError, DomainError, ForbiddenError, InternalFailureError, InvalidInputError, NotFoundError,
} from '../../shared/errors.js';
import type { Problem } from '../../shared/problems.js';
import { generateDocument, type GenerationProgress } from '../documents.service.js';
import { CompositionAuditError, CompositionRefused } from '../compose/compose.js';
import type { DocumentRenderer } from '../workers/render-pool.js';
import { refuseTooManyIncidents } from '../case-file/case-file.js';
import type { DocumentRequest } from '../request.schemas.js';
import {
  getJob, insertJob, isCancelRequested, markHandedBack, markRetrying, markSettled, markSucceeded, recordProgress, requestCancel, startAttempt,
  statesAmong, type GenerationJobRow,
} from './generation-jobs.repository.js';
import { JobHandedBack, RunningJobs } from './running-jobs.js';

/**
 * Generation as a job: the edge submits a request (a row in generation_jobs, and a pg-boss job
 * of the same id), a worker — in this process or another — runs it, and the caller waits a
 * little for the result or follows the job. The job stores its document at most once: the
 * document and the job's `document_id` commit together, and only the first attempt to get there
 * does (generation-jobs.repository.ts, markSucceeded).
 */

export const GENERATION_QUEUE = 'generate-document';

export interface JobDeps {
  db: Db;
  queue: JobQueue;
}

/** What the worker sends itself through pg-boss: the id is enough, the rest is in our row. */
type JobData = Record<string, never>;

// ---------------------------------------------------------------------------------------------
// Estimates and the large-document warning

/**
 * Pages per incident and fixed pages (letterhead, addressees, requests, annexes) of each kind's
 * PDF, fitted on the bench's synthetic records at 10 and 100 incidents (3 sources each): an
 * estimate, not a promise.
 */
const PAGES: Record<DocumentRequest['kind'], { perIncident: number; fixed: number }> = {
  'un-communication': { perIncident: 0.66, fixed: 3 },
  'eu-briefing': { perIncident: 0.54, fixed: 4 },
  'urgent-appeal': { perIncident: 0.5, fixed: 2 },
};

export interface Estimate {
  incidents: number;
  pages: number;
}

/** The incidents a request selects, and the pages that makes, before anything is composed. */
export async function estimateDocument(db: Db, request: DocumentRequest, resolveAliases: boolean): Promise<Estimate> {
  const s = request.selection;
  const persons = s.persons?.length ? (resolveAliases ? await resolveKeyAliases(db, 'persons', s.persons) : s.persons) : undefined;
  const ids = await selectIncidentIds(db, { country: s.country, from: s.from, to: s.to, keys: s.incidents, rights: s.rights, persons });
  refuseTooManyIncidents(ids.length);
  const { perIncident, fixed } = PAGES[request.kind];
  return { incidents: ids.length, pages: Math.ceil(fixed + ids.length * perIncident) };
}

/** A document above the threshold was asked for without `confirmLarge: true`. */
export class LargeDocumentError extends InvalidInputError {
  constructor(readonly estimate: Estimate, readonly threshold: number) {
    const message = `This document is estimated at about ${estimate.pages} pages (${estimate.incidents} incidents), above the ${threshold}-page threshold: `
      + 'it takes a while to generate and is long to read. Narrow the selection, or confirm with confirmLarge: true.';
    super(message, [{ path: '/confirmLarge', message: `about ${estimate.pages} pages (${estimate.incidents} incidents): confirm with true to generate it` }]);
  }
}

// ---------------------------------------------------------------------------------------------
// Submitting, waiting, cancelling

export interface Submission {
  request: DocumentRequest;
  maySeeIdentities: boolean;
  actor: string | null;
  /** The caller's Idempotency-Key (already scoped to the caller): the same key names the same job. */
  idempotencyKey: string | null;
  confirmLarge: boolean;
  largeDocumentPages: number;
}

/** A submitted job, and whether this submission created it (false: its Idempotency-Key named an earlier one). */
export interface Submitted {
  row: GenerationJobRow;
  created: boolean;
}

/** Queues a generation (or finds the one its Idempotency-Key already queued). */
export async function submitGeneration(deps: JobDeps, s: Submission): Promise<Submitted> {
  const estimate = await estimateDocument(deps.db, s.request, s.maySeeIdentities);
  if (estimate.pages > s.largeDocumentPages && !s.confirmLarge) throw new LargeDocumentError(estimate, s.largeDocumentPages);
  // The row and the queue's job commit together: never a job the API shows but no worker gets.
  const { row, inserted } = await deps.db.transaction().execute(async (trx) => {
    const found = await insertJob(trx, {
      id: randomUUID(),
      request: s.request,
      maySeeIdentities: s.maySeeIdentities,
      createdBy: s.actor,
      idempotencyKey: s.idempotencyKey,
      pagesEstimated: estimate.pages,
      incidentsTotal: estimate.incidents,
    });
    if (found.inserted) await deps.queue.send<JobData>(GENERATION_QUEUE, found.row.id, {}, trx);
    return found;
  });
  if (inserted) deps.queue.wake();
  return { row, created: inserted };
}

/** Jobs settled in this process, so that a waiting request hears at once (others are polled). */
const settledHere = new EventEmitter();
settledHere.setMaxListeners(0);

export const isSettled = (row: GenerationJobRow): boolean => row.state === 'succeeded' || row.state === 'failed' || row.state === 'cancelled';

/**
 * The jobs this process's requests wait for, looked at together: one statement every `pollMs`
 * for all of them, instead of one (two for a running job) per waiting request — under load, the
 * eight requests of the bench waiting on their documents made some 80 statements a second on the
 * event loop that also answers reads. A job settled in this process is heard at once
 * (settledHere); one settled elsewhere, at the next look; one running elsewhere is looked at as
 * jobStatus does (pg-boss may have given up on it). A job running in this process is not: its
 * handler settles it and tells this process at once, and pg-boss's verdict on it is read when the
 * wait ends (jobStatus), as it always was.
 */
interface Watch {
  deps: JobDeps;
  pollMs: number;
  waiting: Map<string, number>;
  timer: NodeJS.Timeout | null;
  looking: boolean;
}
/** By queue (one per runtime, on its database: a test may run two in one process) and cadence. */
const watches = new WeakMap<JobQueue, Map<number, Watch>>();

function watchFor(deps: JobDeps, pollMs: number): Watch {
  let byCadence = watches.get(deps.queue);
  if (byCadence === undefined) watches.set(deps.queue, (byCadence = new Map()));
  let watch = byCadence.get(pollMs);
  if (watch === undefined) byCadence.set(pollMs, (watch = { deps, pollMs, waiting: new Map(), timer: null, looking: false }));
  return watch;
}

async function look(watch: Watch): Promise<void> {
  if (watch.looking || watch.waiting.size === 0) return;
  watch.looking = true;
  try {
    const { settled, running } = await statesAmong(watch.deps.db, [...watch.waiting.keys()]);
    for (const id of settled) settledHere.emit(id);
    await Promise.all(running.filter((id) => !RunningJobs.runsHere(id)).map(async (id) => {
      const row = await jobStatus(watch.deps, id);
      if (row && isSettled(row)) settledHere.emit(id);
    }));
  } catch {
    // The database away: every waiter looks for itself now and answers as a request does while
    // the database is away (503: retry later), instead of waiting out its deadline in silence.
    for (const id of watch.waiting.keys()) settledHere.emit(id);
  } finally {
    watch.looking = false;
  }
}

/** Registers a waiter; returns the function that unregisters it. */
function awaitSettle(deps: JobDeps, id: string, pollMs: number): () => void {
  const watch = watchFor(deps, pollMs);
  watch.waiting.set(id, (watch.waiting.get(id) ?? 0) + 1);
  if (watch.timer === null) {
    watch.timer = setInterval(() => void look(watch), pollMs);
    watch.timer.unref();
  }
  return () => {
    const n = (watch.waiting.get(id) ?? 1) - 1;
    if (n > 0) watch.waiting.set(id, n);
    else watch.waiting.delete(id);
    if (watch.waiting.size === 0) {
      if (watch.timer !== null) clearInterval(watch.timer);
      watch.timer = null;
      if (watches.get(deps.queue)?.get(pollMs) === watch) watches.get(deps.queue)!.delete(pollMs);
    }
  };
}

/**
 * The job once settled, or as it is after `ms` (still queued or running). Stops waiting when
 * `signal` fires, throwing its reason (the job is left as it is: see waitForSubmitted).
 */
export async function waitForJob(deps: JobDeps, id: string, ms: number, signal?: AbortSignal, pollMs = 100): Promise<GenerationJobRow | undefined> {
  const deadline = Date.now() + ms;
  if (signal?.aborted) throw cancellationOf(signal);
  const first = await jobStatus(deps, id);
  if (!first || isSettled(first) || Date.now() >= deadline) return first;
  const stopWatching = awaitSettle(deps, id, pollMs);
  try {
    for (;;) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          settledHere.off(id, done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        settledHere.on(id, done);
        signal?.addEventListener('abort', done, { once: true });
      });
      if (signal?.aborted) throw cancellationOf(signal);
      const row = await jobStatus(deps, id);
      if (!row || isSettled(row) || Date.now() >= deadline) return row;
    }
  } finally {
    stopWatching();
  }
}

/**
 * Waits (up to `ms`) for a job on behalf of the request that submitted it, `signal` being that
 * request's cancellation (http/in-flight.ts). Which stops cancel the job (issue 18.8):
 * - the client disconnected before its answer (CancelledError): the job it created is cancelled —
 *   its renders stop at once, nothing is stored — and lets go of its Idempotency-Key, so that the
 *   client's retry is a new job. A job its key found (created by an earlier request) is left alone;
 * - the service is stopping and its grace period ran out (BusyError): the request answers 503 and
 *   the job stays with the queue (a retry with the same key follows it);
 * - a client that had its 202 and left cancels nothing: the job is what it asked for.
 * Throws the signal's reason in the first two cases.
 */
export async function waitForSubmitted(deps: JobDeps, submitted: Submitted, ms: number, signal: AbortSignal): Promise<GenerationJobRow> {
  try {
    return (await waitForJob(deps, submitted.row.id, ms, signal)) ?? submitted.row;
  } catch (err) {
    if (submitted.created && signal.aborted && signal.reason instanceof CancelledError) {
      await cancelJob(deps, submitted.row.id, { releaseKey: true, reason: signal.reason });
    }
    throw err;
  }
}

/**
 * The job as its caller sees it. A job pg-boss gave up on while our row still says running (its
 * worker was killed on the last attempt, or it outlived its time limit) is shown, and recorded, as failed.
 */
export async function jobStatus(deps: JobDeps, id: string): Promise<GenerationJobRow | undefined> {
  const row = await getJob(deps.db, id);
  if (!row || isSettled(row) || row.state === 'queued') return row;
  const state = await deps.queue.stateOf(GENERATION_QUEUE, id);
  if (state === 'failed' || state === 'completed' || state === null) {
    // The row is settled by whoever gets there first; a late worker cannot store a result over it.
    await markSettled(deps.db, id, 'failed', {
      type: 'internal', message: `The generation did not finish within its time limit (${deps.queue.options.timeLimitSeconds} s per attempt, ${deps.queue.options.retries + 1} attempts).`,
    });
    return getJob(deps.db, id);
  }
  return row;
}

/**
 * Stops a job: a queued one is cancelled at once; a running one stops its compose and render
 * tasks at once when it runs in this process, within CANCEL_POLL_MS when it runs in another (its
 * worker looks at our row), and is settled as cancelled; nothing is stored. Undefined: no such job.
 */
export async function cancelJob(
  deps: JobDeps,
  id: string,
  options: { releaseKey?: boolean; reason?: Error } = {},
): Promise<GenerationJobRow | undefined> {
  const row = await requestCancel(deps.db, id, options);
  if (row?.state === 'cancelled') {
    await deps.queue.cancel(GENERATION_QUEUE, id).catch(() => {}); // already taken or gone: the worker checks our row
    settledHere.emit(id);
  }
  if (row?.state === 'running') RunningJobs.abort(id, options.reason ?? new CancelledError('The job was cancelled.'));
  return row;
}

// ---------------------------------------------------------------------------------------------
// Errors, as stored on the job and thrown again to a caller who waited

interface StoredError {
  type: 'refused' | 'audit' | 'invalid' | 'forbidden' | 'conflict' | 'not-found' | 'busy' | 'internal';
  message: string;
  problems?: Problem[];
}

function storedError(err: unknown): StoredError {
  const message = err instanceof Error ? err.message : String(err);
  const problems = err instanceof DomainError && err.problems ? { problems: err.problems } : {};
  // The composition's own refusals keep their class: the pages list refused incidents and names from it.
  if (err instanceof CompositionRefused) return { type: 'refused', message, ...problems };
  // An audit's own message stays in the log: it names record keys, and callers got a 500 without it.
  if (err instanceof CompositionAuditError) return { type: 'audit', message: 'The document could not be assembled safely (a consent or citation check failed); nothing was produced.' };
  if (err instanceof InvalidInputError) return { type: 'invalid', message, ...problems };
  if (err instanceof ForbiddenError) return { type: 'forbidden', message, ...problems };
  if (err instanceof ConflictError) return { type: 'conflict', message, ...problems };
  if (err instanceof NotFoundError) return { type: 'not-found', message };
  if (err instanceof BusyError) return { type: 'busy', message };
  // Never a stack or a query: the message of an unexpected error may hold anything.
  return { type: 'internal', message: 'The generation failed unexpectedly; it was logged.' };
}

/** A failed job's error as the domain error it was (the edge maps it to a status as for any other). */
export function jobError(row: GenerationJobRow): DomainError | CompositionAuditError | null {
  if (row.state === 'cancelled') return new ConflictError('The job was cancelled before it produced a document.');
  if (row.state !== 'failed') return null;
  const e = (row.error ?? { type: 'internal', message: 'The generation failed.' }) as StoredError;
  switch (e.type) {
    case 'refused': return new CompositionRefused(e.message, e.problems ?? [{ path: '', message: e.message }]);
    case 'audit': return new CompositionAuditError(e.message);
    case 'invalid': return new InvalidInputError(e.message, e.problems ?? [{ path: '', message: e.message }]);
    case 'forbidden': return new ForbiddenError(e.message);
    case 'conflict': return new ConflictError(e.message, e.problems);
    case 'not-found': {
      const err = new NotFoundError('Record');
      err.message = e.message;
      return err;
    }
    case 'busy': return new BusyError(e.message, 5);
    default: return new InternalFailureError(e.message);
  }
}

// ---------------------------------------------------------------------------------------------
// Running a job (the worker's side)

export interface WorkerDeps extends JobDeps {
  renderer: DocumentRenderer;
  /** The jobs running in this runtime: their signals, so that a cancel or a stop reaches their renders. */
  running: RunningJobs;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** How often a running job looks whether it was cancelled from another process (one row read). */
export const CANCEL_POLL_MS = 500;

class JobCancelled extends Error {}
/** The document was not stored: another attempt stored it first, or the job was cancelled meanwhile. */
class NotStored extends Error {}

/** Aborts a job running here when another process asks it to stop (in this one, cancelJob aborts it directly). */
function watchForCancel(db: Db, id: string): () => void {
  let looking = false;
  const timer = setInterval(() => {
    if (looking) return;
    looking = true;
    isCancelRequested(db, id)
      .then((asked) => { if (asked) RunningJobs.abort(id, new CancelledError('The job was cancelled.')); })
      .catch(() => {}) // the database away: the next look, or the job's own next step, will tell
      .finally(() => { looking = false; });
  }, CANCEL_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * One attempt of a job. Domain refusals (consent, unsourced claims, a protected name) settle the
 * job as failed at once: another attempt would be refused the same. Anything else is thrown, so
 * that pg-boss retries it while the job has retries left. Its generation runs on a signal of its
 * own (deps.running): a cancel stops it — cancelled, nothing stored — and so does this process's
 * shutdown, which hands the job back to the queue unfinished.
 */
export async function runGenerationJob(deps: WorkerDeps, job: QueuedJob<JobData>): Promise<void> {
  const row = await startAttempt(deps.db, job.id, WORKER_NAME);
  if (!row) return; // settled already (cancelled while queued, or stored by an earlier attempt)
  const signal = deps.running.begin(job.id);
  const stopWatching = watchForCancel(deps.db, job.id);
  deps.log.info({ job: job.id, attempt: job.retryCount + 1 }, 'generation job started');
  const notify = () => settledHere.emit(job.id);
  try {
    if (row.cancel_requested) throw new JobCancelled();
    const onProgress = async (p: GenerationProgress) => {
      const { cancelRequested } = await recordProgress(deps.db, job.id, p);
      if (cancelRequested) throw new JobCancelled();
    };
    await generateDocument(
      { db: deps.db, renderer: deps.renderer, maySeeIdentities: row.may_see_identities, signal },
      row.request as DocumentRequest,
      row.created_by,
      async (trx, saved) => {
        if (!(await markSucceeded(trx, job.id, saved.id))) throw new NotStored();
      },
      onProgress,
    );
  } catch (err) {
    if (signal.aborted && signal.reason instanceof JobHandedBack) {
      // Not a failure, and no retry spent: the next worker (or this one's next start) runs it.
      await deps.queue.handBack(GENERATION_QUEUE, job.id);
      await markHandedBack(deps.db, job.id);
      deps.log.info({ job: job.id }, 'generation job handed back to the queue: this process is stopping');
      return;
    }
    // A cancelled job's row says so; one stored by another attempt is left as that attempt settled it.
    if (err instanceof JobCancelled || err instanceof NotStored || signal.aborted) {
      await markSettled(deps.db, job.id, 'cancelled', null);
      return;
    }
    // A busy render pool is worth another attempt; any other refusal would be refused again.
    if ((err instanceof DomainError && !(err instanceof BusyError)) || err instanceof CompositionAuditError) {
      if (err instanceof CompositionAuditError) deps.log.warn({ job: job.id, audit: err.message }, 'document composition failed an audit');
      await markSettled(deps.db, job.id, 'failed', storedError(err));
      return;
    }
    deps.log.error({ err, job: job.id, attempt: job.retryCount + 1 }, 'generation job failed');
    if (job.retryCount < job.retryLimit) {
      await markRetrying(deps.db, job.id, storedError(err));
      throw err;
    }
    await markSettled(deps.db, job.id, 'failed', storedError(err));
  } finally {
    stopWatching();
    deps.running.end(job.id, signal);
    notify();
  }
}

/**
 * Takes generation jobs in this process: `concurrency` at a time (one per render thread keeps
 * the threads busy without queueing renders behind each other). Returns the function that stops
 * taking new jobs; running ones finish (the queue's stop gives them a grace period).
 */
export async function startGenerationWorker(deps: WorkerDeps, concurrency: number): Promise<() => Promise<void>> {
  return deps.queue.work<JobData>(GENERATION_QUEUE, concurrency, (job) => runGenerationJob(deps, job));
}
