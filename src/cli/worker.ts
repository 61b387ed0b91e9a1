import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { ConfigError, loadConfig } from '../config/config.js';
import { loadEnvFile } from '../config/env-file.js';
import { openConfiguredDatabase } from '../db/open-from-config.js';
import { WORKER_NAME } from '../db/job-queue.js';
import { startJobRuntime } from '../documents/jobs/job-runtime.js';
import { createRenderer } from '../documents/workers/render-pool.js';
import { prepareDocumentIdentities } from '../documents/prepare-identities.js';
import { lowerProcessPriority } from '../shared/process-priority.js';

/**
 * `npm run worker`: a generation worker on the configured database (DATABASE_URL; PGlite is one
 * process, so the embedded database runs its workers in the app, WORKERS_IN_PROCESS). It takes
 * WORKER_CONCURRENCY jobs at a time (default: one per render thread) and serves no HTTP. It
 * lowers its own priority at start (WORKER_NICE, default 10): on a machine it shares with an app
 * instance, the app's event loop answers reads first.
 *
 * Stopping (SIGTERM, SIGINT), in the app's order (src/shutdown.ts): it takes no new job, lets
 * running ones finish for up to WORKER_STOP_GRACE_MS (default 20 s), then stops them — their
 * renders too — and hands them back to the queue, unfinished and without spending a retry, for
 * another worker; then the queue, the render threads and the database close. A job cancelled
 * meanwhile (DELETE /api/v1/jobs/:id, from any instance) stops within half a second.
 */
async function main(): Promise<void> {
  loadEnvFile();
  let config;
  try {
    config = loadConfig(process.env, { tool: true });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = pino({ level: config.LOG_LEVEL }).child({ worker: WORKER_NAME });
  // Before the database and the render threads start: the threads they start inherit it.
  const lowered = lowerProcessPriority(config.WORKER_NICE);
  if (lowered.threads > 0) log.info({ nice: config.WORKER_NICE, threads: lowered.threads }, 'worker runs at a lower priority than the app (WORKER_NICE)');
  if (!config.DATABASE_URL) log.warn('no DATABASE_URL: this worker runs on its own embedded database, which no app instance shares');
  const database = await openConfiguredDatabase(config, log);
  const renderer = createRenderer(config.RENDER_THREADS, { nice: config.RENDER_NICE, heapMb: config.RENDER_HEAP_MB, idleMs: config.RENDER_IDLE_MS });
  const jobs = await startJobRuntime(config, database, renderer, log, { work: true });
  log.info({ concurrency: jobs.concurrency, threads: renderer.threads }, 'worker taking generation jobs');
  // The documents' name indexes, before the first job asks for them (seconds at thousands of persons).
  prepareDocumentIdentities(database.db, renderer).catch((err: unknown) => log.warn({ err }, "documents' name indexes were not made ahead: the first job makes them"));
  const graceMs = config.WORKER_STOP_GRACE_MS;
  // The grace, then up to 5 s for handed-back jobs to let go of their renders, then the closes.
  closeWithGrace({ delay: graceMs + 10_000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'worker stopping after an error');
    else log.info({ signal }, 'worker stopping: no new jobs; running ones finish');
    await jobs.close(graceMs);
    await renderer.close();
    await database.close();
    log.info('worker stopped');
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`Worker start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
