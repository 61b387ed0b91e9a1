import { type Kysely, sql } from 'kysely';

/**
 * Issue 12, points 3 and 4 (no side channels):
 *   - `source_identifies`: the persons a source names or identifies (case bundle `identifies`);
 *   - `record_key_aliases`: the old key of a record whose key spelled a name and was replaced by
 *     an opaque one; it still resolves, for callers who may see names;
 *   - `documents.names_protected_persons`: the stored document prints the real name of somebody
 *     protected in the public audience (checked again at download and preview).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('source_identifies')
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('persons.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('source_identifies_pk', ['source_id', 'person_id'])
    .execute();
  await db.schema.createIndex('source_identifies_person_idx').on('source_identifies').column('person_id').execute();

  await db.schema
    .createTable('record_key_aliases')
    .addColumn('record_type', 'text', (c) => c.notNull().check(sql`record_type in ('persons','sources','incidents','organisations','recommendations')`))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('record_key_aliases_pk', ['record_type', 'alias'])
    .execute();

  await db.schema
    .alterTable('documents')
    .addColumn('names_protected_persons', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('documents').dropColumn('names_protected_persons').execute();
  await db.schema.dropTable('record_key_aliases').execute();
  await db.schema.dropTable('source_identifies').execute();
}
