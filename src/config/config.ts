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
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  RENDER_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  /** Nice value of the render threads: above 0, reads keep answering while every core renders. */
  RENDER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** Signs cookies (the web forms' CSRF secret). Set it to keep forms valid across restarts; the default lasts one process. */
  COOKIE_SECRET: z.string().min(32, 'must be at least 32 characters').default(() => randomBytes(32).toString('hex')),
  /** Password of the `admin` account created on first start; absent → a random one, printed once to the log. */
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(256).optional(),
  /** A session ends after this long without a request… */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(120),
  /** …and at the latest this long after sign-in. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(8),
  /** Sign-in attempts per minute for one user name from one address. */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(5),
  /** Separation of duties: the approver of a document version must not be the one who generated it. */
  APPROVAL_SEPARATION_OF_DUTIES: z.enum(['on', 'off']).default('on').transform((v) => v === 'on'),
  /** Document generations and previews per minute per signed-in user or API key. */
  GENERATE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration — ${lines.join('; ')}`);
  }
  return parsed.data;
}
