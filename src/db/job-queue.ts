import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from './database.js';

/**
 * The job queue: pg-boss 10 (the last line for Node 20) in schema `pgboss` of our own database,
 * on PostgreSQL and on embedded PGlite alike. pg-boss talks to the database through
 * `DatabaseHandle.executeSql`, so on PGlite its statements take turns on the one connection with
 * every other query (measured: installs in ~70 ms and runs jobs there as on PostgreSQL).
 *
 * pg-boss gives delivery to one worker at a time (SKIP LOCKED), retries, and a time limit
 * (`expireInSeconds`: a job active longer — its worker hung or was killed — is failed, and
 * retried while it has retries left, at the next supervision). What a user sees of a job lives in
 * our own table (generation_jobs); this module knows nothing of documents.
 */

export interface QueueOptions {
  /** Attempts after the first (pg-boss retryLimit). */
  retries: number;
  /** Time limit of one attempt, in seconds; a job active longer is failed (and retried). */
  timeLimitSeconds: number;
  /** How often expired jobs are looked for (seconds): a killed worker's job restarts within timeLimit + this. */
  superviseSeconds: number;
  /** How often an idle worker asks for a job (seconds, at least 0.5). */
  pollSeconds: number;
}

export interface QueuedJob<T> {
  id: string;
  data: T;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
}

export type PgBossState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobQueue {
  readonly options: QueueOptions;
  /**
   * Queues a job under the given id (the caller's own row shares it); inside `trx` when given, so
   * that the job is queued exactly when the caller's row commits.
   */
  send<T extends object>(queue: string, id: string, data: T, trx?: Kysely<any>): Promise<void>;
  /** Withdraws a job not yet finished (a running one's worker learns of it through our own row). */
  cancel(queue: string, id: string): Promise<void>;
  /** pg-boss's own state of a job, or null when it is gone (archived or never sent). */
  stateOf(queue: string, id: string): Promise<PgBossState | null>;
  /** Starts `concurrency` loops that take jobs one at a time; returns a function that stops them taking more. */
  work<T>(queue: string, concurrency: number, handler: (job: QueuedJob<T>) => Promise<unknown>): Promise<() => Promise<void>>;
  /**
   * Gives a job this process took back to the queue, unfinished and without spending one of its
   * retries (its worker is stopping, the job did nothing wrong): the next worker takes it. Its
   * handler then returns normally; pg-boss's completion only settles active jobs, so it leaves it be.
   */
  handBack(queue: string, id: string): Promise<void>;
  /** Wakes this process's idle loops now (a job was just queued here) instead of at their next poll. */
  wake(): void;
  /**
   * Stops taking jobs; running ones get `graceMs` to finish, then are failed (and so retried
   * elsewhere). JobRuntime stops its own jobs first (handing them back), so this waits for nothing.
   */
  stop(graceMs: number): Promise<void>;
}

/** This process, as the jobs table names the worker of an attempt. */
export const WORKER_NAME = `${hostname()}:${process.pid}`;

const SCHEMA = 'pgboss';
const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as { completeJobs(schema: string): string; failJobsById(schema: string): string };
/**
 * The statements with which pg-boss settles a job after its handler — without awaiting them: with
 * the database away, their rejection would go unhandled and stop the process (seen in the chaos
 * test). They are retried briefly, then given up: the job stays active until its time limit
 * returns it to the queue, and a second attempt cannot store a second document.
 */
const SETTLING = new Set([plans.completeJobs(SCHEMA), plans.failJobsById(SCHEMA)]);
/** Long enough to outlast a database restart; the timers never hold a stopping process. */
const SETTLE_FOR_MS = 30_000;

export async function openJobQueue(database: DatabaseHandle, queues: readonly string[], options: QueueOptions, onError: (err: Error) => void): Promise<JobQueue> {
  let stopped = false;
  const executeSql = async (text: string, values?: unknown[]): Promise<{ rows: unknown[] }> => {
    if (!SETTLING.has(text)) return database.executeSql(text, values);
    const giveUpAt = Date.now() + SETTLE_FOR_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await database.executeSql(text, values);
      } catch (err) {
        if (stopped || Date.now() >= giveUpAt) {
          onError(err as Error);
          return { rows: [{ count: 0 }] };
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(300 * attempt, 2000)).unref());
      }
    }
  };
  const open = async (): Promise<PgBoss> => {
    const boss = new PgBoss({
      db: { executeSql },
      schema: SCHEMA,
      maintenanceIntervalSeconds: options.superviseSeconds,
    } as PgBoss.ConstructorOptions);
    boss.on('error', onError);
    await boss.start();
    return boss;
  };
  // Two processes installing pg-boss's schema at once: seen once to fail the second with a
  // duplicate-key error despite pg-boss's own lock. A fresh instance then finds the schema there.
  let boss: PgBoss;
  for (let attempt = 1; ; attempt++) {
    try {
      boss = await open();
      break;
    } catch (err) {
      if (attempt >= 3 || !/duplicate key|already exists/.test((err as Error).message)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  const queueOptions = { retryLimit: options.retries, expireInSeconds: options.timeLimitSeconds, retentionMinutes: 60 * 24 };
  for (const name of queues) {
    // Two instances starting together: the second's create fails (the queue exists), then updates it.
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...queueOptions }).catch(() => {});
    await boss.updateQueue(name, { name, ...queueOptions });
  }
  const workerIds: string[] = [];
  const handBack = async (queue: string, id: string) => {
    await database.executeSql(
      `UPDATE ${SCHEMA}.job SET state = 'created', started_on = NULL, start_after = now() WHERE name = $1 AND id = $2 AND state = 'active'`,
      [queue, id],
    );
  };
  return {
    options,
    async send(queue, id, data, trx) {
      await boss.send(queue, data, { id, ...queueOptions, ...(trx ? { db: inTransaction(trx) } : {}) });
    },
    async cancel(queue, id) {
      await boss.cancel(queue, id);
    },
    async stateOf(queue, id) {
      const job = await boss.getJobById(queue, id, { includeArchive: true });
      return job ? (job.state as PgBossState) : null;
    },
    async work(queue, concurrency, handler) {
      const ids: string[] = [];
      let taking = true;
      for (let i = 0; i < concurrency; i++) {
        const id = await boss.work<object>(queue, { pollingIntervalSeconds: options.pollSeconds, batchSize: 1, includeMetadata: true }, async ([job]) => {
          const j = job as unknown as PgBoss.JobWithMetadata<unknown>;
          // A loop's fetch that was under way when we stopped taking delivers after it: give that job straight back.
          if (!taking) return handBack(queue, j.id);
          return handler({ id: j.id, data: j.data as never, retryCount: j.retryCount, retryLimit: j.retryLimit });
        });
        ids.push(id);
      }
      workerIds.push(...ids);
      return async () => {
        taking = false;
        for (const id of ids) await boss.offWork({ id });
      };
    },
    handBack,
    wake() {
      for (const id of workerIds) boss.notifyWorker(id);
    },
    async stop(graceMs) {
      stopped = true;
      await boss.stop({ graceful: true, wait: true, timeout: graceMs, close: false });
    },
  };
}

/** pg-boss's statements run inside a kysely transaction (one statement each, with values). */
function inTransaction(trx: Kysely<any>): { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } {
  return {
    executeSql: async (text, values) => ({ rows: (await trx.executeQuery(CompiledQuery.raw(text, values ?? []))).rows as unknown[] }),
  };
}
