import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrationProvider } from '../../migrations/index.js';
import { openPGlite } from './pglite-pool.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** PostgreSQL URL; absent → embedded PGlite. */
  url?: string | undefined;
  /** PGlite folder; absent with no url → in memory (tests). */
  dataDir?: string | undefined;
  /** PostgreSQL schema to work in (tests isolate each file in its own). */
  schema?: string | undefined;
  poolMax?: number;
  connectionTimeoutMillis?: number;
  statementTimeoutMillis?: number;
  /** Told when the pool reports an idle-client error, so the process logs it instead of dying. */
  onPoolError?: (err: Error) => void;
}

export interface DatabaseHandle {
  db: Db;
  dialect: 'postgres' | 'pglite';
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  /**
   * Raw SQL for the job queue (pg-boss): with values, one statement; without, possibly several
   * (pg-boss installs and maintains its schema with multi-statement scripts). On PGlite it waits
   * for the one connection like every other query, so it never interleaves with a transaction.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
// DATE stays 'YYYY-MM-DD': a JS Date would move it across midnight in some time zones.
pg.types.setTypeParser(DATE_OID, (v: string) => v);

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const statementTimeout = options.statementTimeoutMillis ?? 30_000;
    const serverSettings = [
      ...(options.schema ? [`-c search_path=${options.schema}`] : []),
      // A session left inside a transaction (a process frozen mid-request) gives its locks back.
      '-c idle_in_transaction_session_timeout=60000',
    ];
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      // Without these a request can wait forever for a connection or a stuck query.
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 2000,
      statement_timeout: statementTimeout,
      // The client-side bound, for when the server vanishes without closing the socket.
      query_timeout: statementTimeout + 5000,
      keepAlive: true,
      idleTimeoutMillis: 30_000,
      options: serverSettings.join(' '),
    });
    // An idle client's error (e.g. the server restarted) would otherwise crash the process.
    pool.on('error', (err) => options.onPoolError?.(err));
    // So would a checked-out client's between two queries: pg-pool listens only while it is idle.
    // The client is then unusable; its next query fails (a 503) and the pool discards it on release.
    pool.on('connect', (client) => client.on('error', (err) => options.onPoolError?.(err)));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      ping: async () => void (await sql`select 1`.execute(db)),
      executeSql: async (text, values) => {
        // Several statements come back as several results: pg-boss reads the last one's rows.
        const result = (await pool.query(text, values as unknown[] | undefined)) as pg.QueryResult | pg.QueryResult[];
        return Array.isArray(result) ? (result[result.length - 1] ?? { rows: [] }) : result;
      },
      close: () => db.destroy(),
    };
  }
  const pool = await openPGlite(options.dataDir);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }) });
  return {
    db,
    dialect: 'pglite',
    ping: async () => void (await sql`select 1`.execute(db)),
    executeSql: (text, values) => pool.execute(text, values),
    close: () => db.destroy(),
  };
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Db, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
