import { mkdir } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './database.js';

type Log = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

/** Opens the configured database (PostgreSQL, or embedded PGlite) and migrates it. */
export async function openConfiguredDatabase(config: Config, log: Log): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  if (config.DATABASE_URL) {
    handle = await openDatabase({
      url: config.DATABASE_URL,
      poolMax: config.DB_POOL_MAX,
      connectionTimeoutMillis: config.DB_CONNECTION_TIMEOUT_MS,
      statementTimeoutMillis: config.DB_STATEMENT_TIMEOUT_MS,
      onPoolError: (err) => log.warn({ code: (err as { code?: string }).code, message: err.message }, 'database connection lost; the pool will reconnect'),
    });
    log.info({ database: 'postgres' }, 'connected to PostgreSQL');
  } else {
    await mkdir(config.DATA_DIR, { recursive: true });
    log.info({ dataDir: config.DATA_DIR }, 'opening the embedded database (PGlite); a first start runs initdb in WebAssembly and takes several seconds');
    const started = Date.now();
    handle = await openDatabase({ dataDir: config.DATA_DIR });
    log.info({ ms: Date.now() - started }, 'embedded database ready');
  }
  const applied = await migrateToLatest(handle.db);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  return handle;
}
