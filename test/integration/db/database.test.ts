import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../../src/db/database.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestDatabase } from '../../support/database.js';
import { hasPostgres } from '../../support/tools.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function columnsOf(db: Db) {
  const rows = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>`
    select table_name, column_name, data_type, is_nullable from information_schema.columns
    where table_schema = current_schema() order by table_name, column_name`.execute(db);
  return rows.rows;
}

describe('the embedded database (PGlite)', () => {
  it('persists records in its folder across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'advocacy-pglite-'));
    dirs.push(dir);
    const first = await openDatabase({ dataDir: dir });
    expect(await migrateToLatest(first.db)).toHaveLength(await migrationCount());
    const summary = await loadDemoData(first.db);
    expect(summary.incidents.created).toBeGreaterThanOrEqual(12);
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    expect(await migrateToLatest(second.db)).toEqual([]);
    const { n } = await second.db.selectFrom('incidents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(summary.incidents.created);
    await second.close();
  });
});

describe.runIf(hasPostgres())('migrations on both dialects', () => {
  it('produce the same tables and columns on PGlite and on PostgreSQL', async () => {
    const pglite = await openDatabase({});
    const postgres = await createTestDatabase({ migrated: false });
    try {
      // Both from empty, not from the run's template: this is about what the migrations make.
      // One after the other: PGlite's migration holds the event loop for seconds at a time (the
      // pg_trgm extension and its indexes), long enough to time out a PostgreSQL connection
      // waiting meanwhile on a loaded machine.
      const onPostgres = await migrateToLatest(postgres.db);
      const onPglite = await migrateToLatest(pglite.db);
      expect(onPostgres).toEqual(onPglite);
      expect(onPostgres).toHaveLength(await migrationCount());
      expect(await columnsOf(postgres.db)).toEqual(await columnsOf(pglite.db));
    } finally {
      await pglite.close();
      await postgres.close();
    }
  });
});

async function migrationCount(): Promise<number> {
  const { migrations } = await import('../../../migrations/index.js');
  return Object.keys(migrations).length;
}
