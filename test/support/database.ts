import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../src/db/database.js';

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
  // Created through the same pool that migrates: no window where another connection cannot see it.
  await sql`create schema if not exists ${sql.id(schema)}`.execute(handle.db);
  await migrateToLatest(handle.db, schema);
  return {
    ...handle,
    label: `postgres:${schema}`,
    close: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
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
