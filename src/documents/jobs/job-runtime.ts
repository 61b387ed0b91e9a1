import { workersInProcess, type Config } from '../../config/config.js';
import type { DatabaseHandle } from '../../db/database.js';
import { openJobQueue, type JobQueue, type QueueOptions } from '../../db/job-queue.js';
import type { DocumentRenderer } from '../workers/render-pool.js';
import { GENERATION_QUEUE, startGenerationWorker, type WorkerDeps } from './generation-jobs.service.js';

/**
 * The queue and (when this process runs them) its workers, as the app and `npm run worker` both
 * start them. Stopping is in two steps so that a shutdown can order them: `stopTaking` (no new
 * jobs; running ones go on), then `close` (running jobs get `graceMs`, then are failed and so
 * retried by another worker; the queue lets go of the database).
 */
export interface JobRuntime {
  queue: JobQueue;
  /** Worker loops in this process (0: jobs are left to other processes). */
  readonly concurrency: number;
  stopTaking(): Promise<void>;
  close(graceMs?: number): Promise<void>;
}

export function queueOptionsOf(config: Config): QueueOptions {
  return {
    retries: config.JOB_RETRIES,
    timeLimitSeconds: config.JOB_TIME_LIMIT_SECONDS,
    superviseSeconds: config.JOB_SUPERVISE_SECONDS,
    pollSeconds: config.JOB_POLL_SECONDS,
  };
}

export async function startJobRuntime(
  config: Config,
  database: DatabaseHandle,
  renderer: DocumentRenderer,
  log: WorkerDeps['log'],
  options: { work?: boolean } = {},
): Promise<JobRuntime> {
  const queue = await openJobQueue(database, [GENERATION_QUEUE], queueOptionsOf(config), (err) => log.warn({ message: err.message }, 'job queue error'));
  const work = options.work ?? workersInProcess(config);
  const concurrency = work ? (config.WORKER_CONCURRENCY ?? Math.max(1, renderer.threads)) : 0;
  let stop: (() => Promise<void>) | null = work ? await startGenerationWorker({ db: database.db, queue, renderer, log }, concurrency) : null;
  let closed = false;
  const stopTaking = async () => {
    const s = stop;
    stop = null;
    await s?.();
  };
  return {
    queue,
    concurrency,
    stopTaking,
    async close(graceMs = 5000) {
      if (closed) return;
      closed = true;
      await stopTaking();
      await queue.stop(graceMs);
    },
  };
}
