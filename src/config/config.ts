import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Everything the service reads from the environment, validated once at start-up. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PostgreSQL URL. When absent the service uses embedded PGlite under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Load the Kazakhstan demo bundle when the database has no incidents yet. */
  DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  /**
   * Incidents of the period a bundle export takes at most (more: 422 with a shorter period). A
   * whole country of 50,000 was a 165 MB answer, 41 s of the event loop and 1.8–3.2 GB of RSS;
   * 2,000 are ~9 MB (well under BODY_LIMIT_BYTES, so the bundle imports again) and ~1.5 s.
   */
  BUNDLE_EXPORT_MAX_INCIDENTS: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  RENDER_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  /**
   * Bytes of records-API answers an instance keeps to send again while nothing they read has
   * changed (http/answer-cache.ts), in MB; 0: none kept.
   */
  ANSWER_CACHE_MB: z.coerce.number().min(0).max(1024).default(8),
  /**
   * Seconds between checks that every incident's text as shown without identities:read is kept
   * current for search (consent/shaped-incident-search.ts); a pass also runs at start. 0: only when
   * a search finds more than it shapes itself.
   */
  SHAPED_SEARCH_REFRESH_S: z.coerce.number().int().min(0).max(86_400).default(30),
  /** Nice value of the render threads: above 0, reads keep answering while every core renders. */
  RENDER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** Heap limit of each render thread in MB (see documents/workers/render-pool.ts): lower peaks, a bound on one document. */
  RENDER_HEAP_MB: z.coerce.number().int().min(256).max(16_384).default(1024),
  /** A render thread idle this long stops and gives its memory back; the next document starts one; 0: threads start with the service and stay (documents/workers/render-pool.ts). */
  RENDER_IDLE_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
  /**
   * Signs cookies and keys the staff forms' CSRF tokens. Required with DATABASE_URL (every instance
   * must share it: see loadConfig); on the embedded database, random per process when absent.
   */
  COOKIE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Password of the `admin` account created on first start; absent → a random one, printed once to the log. */
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(256).optional(),
  /** A session ends after this long without a request… */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(120),
  /** …and at the latest this long after sign-in. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(8),
  /** Sign-in attempts per minute for one user name from one address. */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(5),
  /**
   * On SIGTERM/SIGINT: how long requests in flight (renders too) may take to finish; then what still
   * runs is cancelled (503, Retry-After: 5) and the render threads and the pool close.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
  /** How long an Idempotency-Key claim outlives its process without a heartbeat (renewed every quarter of it). */
  IDEMPOTENCY_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  /** Separation of duties: the approver of a document version must not be the one who generated it. */
  APPROVAL_SEPARATION_OF_DUTIES: z.enum(['on', 'off']).default('on').transform((v) => v === 'on'),
  /** Document generations and previews per minute per signed-in user or API key. */
  GENERATE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /**
   * Run generation workers inside this process (`on`), or leave the jobs to `npm run worker`
   * processes (`off`). Default: on with the embedded database (one command starts everything),
   * off with DATABASE_URL (workers are their own processes).
   */
  WORKERS_IN_PROCESS: z.enum(['on', 'off']).optional(),
  /**
   * Nice value (0–19) an `npm run worker` process gives itself at start (Linux): its event loop,
   * which loads records and stores documents, then gives way to an app instance's on the same
   * machine, as the render threads do (RENDER_NICE). 0: the worker keeps its priority.
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** Jobs one worker process runs at a time; default: its render threads (at least 1). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** How long POST /api/v1/documents waits for its job before answering 202 with the job (ms). */
  JOB_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  /** Time limit of one attempt of a generation job (s): past it the attempt is failed and retried. */
  JOB_TIME_LIMIT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** Attempts after the first for a job that failed unexpectedly (a crash, a killed worker). */
  JOB_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** How often timed-out jobs (a killed worker's) are looked for and retried (s). */
  JOB_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** How often an idle worker asks the database for a job (s, at least 0.5). */
  JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(0.5),
  /** `npm run worker` on SIGTERM: how long running jobs may finish before they are handed back to the queue (ms). */
  WORKER_STOP_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
  /** Estimated pages above which a generation must be confirmed (`confirmLarge: true`, or the form's confirmation step). */
  LARGE_DOCUMENT_PAGES: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** Days after sending within which a reply is due, unless an intervention says otherwise (the UN asks for 60). */
  REPLY_DEADLINE_DAYS: z.coerce.number().int().min(1).max(3650).default(60),
  /** Largest file of a government's reply (PDF, DOCX, ODT). */
  REPLY_FILE_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
});

export type Config = Omit<z.infer<typeof ConfigSchema>, 'COOKIE_SECRET'> & { COOKIE_SECRET: string };

export class ConfigError extends Error {}

/**
 * Parses the environment; throws ConfigError with one line per bad variable. `tool`: a
 * command-line tool (migrate, seed, api-key), which signs no cookies and so needs no COOKIE_SECRET.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { tool?: boolean } = {}): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration — ${lines.join('; ')}`);
  }
  const { COOKIE_SECRET, ...rest } = parsed.data;
  if (COOKIE_SECRET === undefined && rest.DATABASE_URL && !options.tool) {
    // Several instances (or a restart) on one database must sign and check forms with one secret.
    throw new ConfigError('Invalid configuration — COOKIE_SECRET: required when DATABASE_URL is set (32+ random characters, the same on every instance; e.g. `openssl rand -hex 32`)');
  }
  return { ...rest, COOKIE_SECRET: COOKIE_SECRET ?? randomBytes(32).toString('hex') };
}

/** Whether this process runs generation workers itself (see WORKERS_IN_PROCESS). */
export function workersInProcess(config: Pick<Config, 'WORKERS_IN_PROCESS' | 'DATABASE_URL'>): boolean {
  return config.WORKERS_IN_PROCESS ? config.WORKERS_IN_PROCESS === 'on' : !config.DATABASE_URL;
}
