import { inject } from 'vitest';
import type { CompiledQuery, KyselyPlugin, RootOperationNode } from 'kysely';
import type { DatabaseHandle, Db } from '../../src/db/database.js';
import { createPgliteDatabase, createPostgresDatabase, type TestDatabase, type TestDatabasesContext } from './test-databases.js';

export type { TestDatabase } from './test-databases.js';

/** What test/global-setup.ts made for this run; nothing outside vitest (e.g. `npm run fuzz`). */
function runContext(): TestDatabasesContext {
  try {
    return { postgres: inject('postgres') ?? null, pgliteDump: inject('pgliteDump') ?? null };
  } catch {
    return { postgres: null, pgliteDump: null };
  }
}

/**
 * A fresh, migrated database for one test file: a database of its own on the real PostgreSQL when
 * TEST_DATABASE_URL is set (CI), copied from the run's migrated template; otherwise an in-memory
 * PGlite loaded from the run's migrated dump. `migrated: false` gives an empty one (to migrate it).
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  const context = runContext();
  return url ? createPostgresDatabase(url, context.postgres, options) : createPgliteDatabase(context.pgliteDump, options);
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
/** Every statement a database runs, compiled, while `work` runs (the repositories' own SQL, as sent). */
export async function statementsRun(db: Db, work: (db: Db) => Promise<unknown>): Promise<CompiledQuery[]> {
  const seen: RootOperationNode[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => (seen.push(node), node),
    transformResult: async ({ result }) => result,
  };
  await work(db.withPlugin(plugin));
  return seen.map((node) => db.getExecutor().compileQuery(node, { queryId: '' }));
}
