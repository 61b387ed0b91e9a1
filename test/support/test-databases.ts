import { processAlive } from '../../src/db/pglite-lock.js';
/**
 * Databases for tests, made from one migrated template per run instead of migrating per file.
 *
 * PostgreSQL (TEST_DATABASE_URL): `advocacy_test_<pid>_<epoch>_template` is created and migrated
 * once by vitest's globalSetup; each test database is `CREATE DATABASE … TEMPLATE` of it (about
 * 0.1 s, no lock: a database is private to its file, so nothing another file does can reach it).
 * All of a run's databases are dropped together at teardown: PostgreSQL checkpoints for every
 * DROP DATABASE, and concurrent drops share the checkpoint (8 serial drops ≈ 4 s, parallel ≈ 0.6 s).
 *
 * PGlite (no TEST_DATABASE_URL): a migrated data directory is dumped once to a file, and each test
 * database loads it (≈ 1.5 s instead of ≈ 3–9 s for initdb plus migrations in WebAssembly).
 *
 * No vitest import here: globalSetup runs this in the main process, and `npm run fuzz` outside vitest.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { PGLITE_EXTENSIONS, wrap } from '../../src/db/pglite-pool.js';
import type { Database } from '../../src/db/schema.js';

const PREFIX = 'advocacy_test_';

/** What globalSetup hands the test processes (through `provide`/`inject`). */
export interface TestDatabasesContext {
  /** PostgreSQL: the migrated template, and the prefix of every database of this run. */
  postgres: { template: string; prefix: string } | null;
  /** PGlite: a file holding a dump of a migrated data directory. */
  pgliteDump: string | null;
}

/** The URL of another database on the same server. */
export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(base: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Connections that drop a run's databases side by side. */
const DROPPERS = 6;

const quoteId = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A run's prefix: the process id and the time, so that leftovers of dead runs can be told apart. */
export function runPrefix(): string {
  return `${PREFIX}${process.pid}_${Math.floor(Date.now() / 1000)}_`;
}

/** Creates and migrates this run's template database. */
export async function createTemplate(base: string, prefix: string): Promise<string> {
  const template = `${prefix}template`;
  await withAdmin(base, (c) => c.query(`create database ${quoteId(template)}`));
  const handle = await openDatabase({ url: databaseUrl(base, template), poolMax: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close(); // CREATE DATABASE … TEMPLATE needs the template without connections
  }
  return template;
}

/** Drops every database whose name starts with `prefix`, all at once. */
export async function dropDatabases(base: string, prefix: string): Promise<void> {
  await withAdmin(base, async (c) => {
    const { rows } = await c.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [prefix]);
    // A few connections at a time: one per database (150 in a full run) went past PostgreSQL's
    // max_connections (100), and the drops refused there left their databases behind.
    const names = rows.map((r) => r.datname);
    const dropper = () => withAdmin(base, async (own) => {
      for (let name = names.pop(); name !== undefined; name = names.pop()) await own.query(`drop database if exists ${quoteId(name)} with (force)`);
    });
    await Promise.all(Array.from({ length: Math.min(DROPPERS, names.length) }, dropper));
  });
}

/**
 * Drops databases that runs left behind when they were killed: those of a process that no longer
 * exists AND created more than an hour ago (so another worktree's live run is never touched,
 * even from another PID namespace).
 */
export async function dropLeftovers(base: string): Promise<void> {
  const names = await withAdmin(base, async (c) =>
    (await c.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [PREFIX])).rows.map((r) => r.datname));
  const stale = new Set<string>();
  for (const name of names) {
    const m = /^advocacy_test_(\d+)_(\d+)_/.exec(name);
    if (!m) continue;
    const [pid, epoch] = [Number(m[1]), Number(m[2])];
    if (Date.now() / 1000 - epoch < 3600 || processAlive(pid)) continue;
    stale.add(`${PREFIX}${pid}_${epoch}_`);
  }
  for (const prefix of stale) await dropDatabases(base, prefix);
}

export type TestDatabase = DatabaseHandle & {
  /** 'postgres:<database>' or 'pglite'. */
  label: string;
  /** The database's own URL (PostgreSQL only): to open a second pool on the same data. */
  url: string | undefined;
};

/**
 * A fresh PostgreSQL database for one test file. From the run's template when there is one;
 * otherwise (outside vitest, e.g. `npm run fuzz`) an empty database migrated here and dropped on close.
 */
export async function createPostgresDatabase(
  base: string,
  context: TestDatabasesContext['postgres'],
  options: { migrated?: boolean; poolMax?: number } = {},
): Promise<TestDatabase> {
  const prefix = context?.prefix ?? runPrefix();
  const name = `${prefix}${randomBytes(5).toString('hex')}`;
  const migrated = options.migrated ?? true;
  const template = migrated && context ? ` template ${quoteId(context.template)}` : '';
  await withAdmin(base, (c) => c.query(`create database ${quoteId(name)}${template}`));
  const url = databaseUrl(base, name);
  const handle = await openDatabase({ url, poolMax: options.poolMax ?? 5 });
  if (migrated && !context) await migrateToLatest(handle.db);
  return {
    ...handle,
    label: `postgres:${name}`,
    url,
    close: async () => {
      await handle.close();
      // A run's databases are dropped together by globalSetup's teardown; alone, drop our own.
      if (!context) await withAdmin(base, (c) => c.query(`drop database if exists ${quoteId(name)} with (force)`));
    },
  };
}

/** Dumps a migrated in-memory PGlite to `file`. */
export async function writePgliteDump(file: string): Promise<void> {
  const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  try {
    await migrateToLatest(new Kysely<Database>({ dialect: new PostgresDialect({ pool: wrap(pglite) as never }) }));
    const dump = await pglite.dumpDataDir('none');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pglite.close();
  }
}

/**
 * A fresh in-memory PGlite for one test file: loaded from the run's dump when there is one,
 * otherwise started empty and migrated. The same pool wrapper `openDatabase` uses.
 */
export async function createPgliteDatabase(dumpFile: string | null, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (!migrated || !dumpFile) {
    const handle = await openDatabase({});
    if (migrated) await migrateToLatest(handle.db);
    return { ...handle, label: 'pglite', url: undefined };
  }
  const pglite = await PGlite.create({ loadDataDir: new Blob([await readFile(dumpFile)]), extensions: PGLITE_EXTENSIONS });
  const pool = wrap(pglite);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }) });
  return {
    db,
    dialect: 'pglite',
    ping: async () => void (await sql`select 1`.execute(db)),
    executeSql: (text, values) => pool.execute(text, values),
    close: () => db.destroy(),
    label: 'pglite',
    url: undefined,
  };
}
