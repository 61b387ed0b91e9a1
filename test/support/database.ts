import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../src/db/database.js';

/**
 * Test files create, migrate and drop their schemas one at a time. Kysely's migrator looks up
 * tables across every schema of the database (pg_catalog plus pg_get_serial_sequence by name);
 * a schema another test file dropped in the middle of that lookup failed it with
 * `schema "t_…" does not exist`. A session advisory lock, held on a connection of its own while
 * the pool does the work, keeps the two apart.
 */
const SCHEMA_CHANGE_LOCK = 727_451_003;

async function underSchemaLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_CHANGE_LOCK]);
    return await work();
  } finally {
    await client.end(); // ending the session releases the lock
  }
}

/**
 * A fresh, migrated database for one test file: a schema of its own on the real PostgreSQL when
 * TEST_DATABASE_URL is set (CI), otherwise an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { label: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({});
    await migrateToLatest(handle.db);
    return { ...handle, label: 'pglite' };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ url, schema, poolMax: 5 });
  await underSchemaLock(url, async () => {
    // Created through the same pool that migrates: no window where another connection cannot see it.
    await sql`create schema if not exists ${sql.id(schema)}`.execute(handle.db);
    await migrateToLatest(handle.db, schema);
  });
  return {
    ...handle,
    label: `postgres:${schema}`,
    close: async () => {
      await underSchemaLock(url, async () => void (await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db)));
      await handle.close();
    },
  };
}

/** Row counts of every record table: "nothing was written" is checked against these. */
export async function countRows(handle: DatabaseHandle): Promise<Record<string, number>> {
  const tables = [
    'countries', 'organisations', 'persons', 'sources', 'incidents', 'incident_victims',
    'incident_perpetrators', 'incident_sources', 'recommendations', 'recommendation_incidents', 'documents',
  ] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const row = await handle.db.selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(row.n);
  }
  return out;
}
