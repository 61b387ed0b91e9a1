import { workersInProcess, type Config } from '../../config/config.js';
import type { DatabaseHandle } from '../../db/database.js';
import { openJobQueue, type JobQueue, type QueueOptions } from '../../db/job-queue.js';
import type { DocumentRenderer } from '../workers/render-pool.js';
import { GENERATION_QUEUE, startGenerationWorker, type WorkerDeps } from './generation-jobs.service.js';
import { JobHandedBack, RunningJobs } from './running-jobs.js';

/** After the grace period: how long handed-back jobs get to let go of their renders and rows. */
const HAND_BACK_MS = 5_000;

/**
 * The queue and (when this process runs them) its workers, as the app and `npm run worker` both
 * start them. Stopping is in steps so that a shutdown can order them (src/shutdown.ts): `stopTaking`
 * (no new jobs; running ones go on), `drained` (wait for the running ones), `handBack` (stop what
 * still runs — its renders too — and give it back to the queue, unfinished and without spending a
 * retry), then `close` (the queue lets go of the database). `close(graceMs)` alone does them all.
 * Jobs are never stopped under the render threads: the threads close after the runtime.
 */
export interface JobRuntime {
  queue: JobQueue;
  /** Worker loops in this process (0: jobs are left to other processes). */
  readonly concurrency: number;
  /** Jobs running in this process now. */
  readonly running: number;
  stopTaking(): Promise<void>;
  /** Resolves once no job runs here, or after `ms`, with how many still do. */
  drained(ms: number): Promise<number>;
  /** Stops the jobs still running here and gives them back to the queue; resolves when they have let go. */
  handBack(): Promise<void>;
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
  const running = new RunningJobs();
  let stop: (() => Promise<void>) | null = work ? await startGenerationWorker({ db: database.db, queue, renderer, running, log }, concurrency) : null;
  let closed = false;
  const stopTaking = async () => {
    const s = stop;
    stop = null;
    await s?.();
  };
  const handBack = async () => {
    if (running.count === 0) return;
    log.warn({ jobs: running.count }, 'handing the running generation jobs back to the queue');
    running.abortAll(new JobHandedBack());
    const stuck = await running.drained(HAND_BACK_MS);
    if (stuck > 0) log.error({ jobs: stuck }, 'generation jobs still running after being handed back');
  };
  return {
    queue,
    concurrency,
    get running() {
      return running.count;
    },
    stopTaking,
    drained: (ms) => running.drained(ms),
    handBack,
    async close(graceMs = 5000) {
      if (closed) return;
      closed = true;
      await stopTaking();
      if ((await running.drained(graceMs)) > 0) await handBack();
      // Nothing of ours runs now: pg-boss's own stop has nothing to wait for, nor to fail.
      await queue.stop(0);
      running.forget();
    },
  };
}
