import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { lockDataDir } from './pglite-lock.js';

/**
 * Presents an embedded PGlite database as the tiny slice of a `pg.Pool` that kysely's
 * PostgresDialect uses. PGlite is a single connection, so `connect()` hands it out to one
 * caller at a time: a transaction can never interleave with another query.
 */
export interface PGlitePool {
  connect(): Promise<PGliteClient>;
  end(): Promise<void>;
  /** Raw SQL outside kysely (the job queue): one statement with values, a script without; waits its turn. */
  execute(sql: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  readonly pglite: PGlite;
}

interface PGliteClient {
  query(sql: string, params: unknown[]): Promise<{ command: string; rowCount: number; rows: unknown[] }>;
  release(): void;
}

/** Extensions the migrations create (pg_trgm: indexes for substring search); PGlite must load them. */
export const PGLITE_EXTENSIONS = { pg_trgm };

// Return DATE columns as 'YYYY-MM-DD' strings: a JS Date would shift them by the time zone.
const DATE_OID = 1082;

export async function openPGlite(dataDir: string | undefined): Promise<PGlitePool> {
  // One process per data folder (pglite-lock.ts): a second one stops here with one clear line.
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  try {
    const pglite = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: PGLITE_EXTENSIONS });
    await pglite.exec('select 1');
    return wrap(pglite, release);
  } catch (err) {
    release();
    throw err;
  }
}

export function wrap(pglite: PGlite, onClosed: () => void = () => {}): PGlitePool {
  let busy = false;
  const waiting: Array<() => void> = [];

  const client: PGliteClient = {
    async query(sql, params) {
      const result = await pglite.query(sql, params, { parsers: { [DATE_OID]: (v: string) => v } });
      const command = (/^\s*(\w+)/.exec(sql)?.[1] ?? '').toUpperCase();
      return { command, rowCount: result.affectedRows ?? 0, rows: result.rows };
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else busy = false;
    },
  };

  const connect = (): Promise<PGliteClient> => {
    if (!busy) {
      busy = true;
      return Promise.resolve(client);
    }
    return new Promise((resolve) => waiting.push(() => resolve(client)));
  };

  return {
    pglite,
    connect,
    async execute(sql, values) {
      const held = await connect();
      try {
        if (values && values.length > 0) return await pglite.query(sql, values);
        const results = await pglite.exec(sql);
        return results[results.length - 1] ?? { rows: [] };
      } finally {
        held.release();
      }
    },
    async end() {
      try {
        await pglite.close();
      } finally {
        onClosed();
      }
    },
  };
}
