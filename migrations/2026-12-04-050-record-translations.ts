import { type Kysely, sql } from 'kysely';

/**
 * Issue 16: translations of records' free text (case-bundle revision 4), stored as JSON in the
 * bundle's shape ({ "fr": { "summary": "…" } }) and read and written whole with the record.
 * Empty by default, so every stored record stays as it was.
 */
const TABLES = ['incidents', 'persons', 'recommendations'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn('translations', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`)).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn('translations').execute();
}
