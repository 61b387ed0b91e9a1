import { type Kysely, sql } from 'kysely';

/**
 * Issue 13, point 6 (urgent appeals the way issuers write them):
 *   - `addressees`: the address book — authorities per country to whom appeals are written;
 *   - `appeal_code_counters`: the last number a scheme gave, per country (or '*' for the
 *     organisation-wide {n}) and year; raised in the transaction that stores the appeal;
 *   - `appeal_codes`: the code of each appeal (one per request, whatever its format or version),
 *     with its country, date of issue and update number: "New information" finds an earlier
 *     appeal's date here, and a follow-up its next update suffix.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('addressees')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('country_code', 'char(2)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('postal_address', 'text')
    .addColumn('email', 'text')
    .addColumn('fax', 'text')
    .addColumn('salutation', 'text')
    .addColumn('language', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('addressees_country_idx').on('addressees').columns(['country_code', 'id']).execute();

  await db.schema
    .createTable('appeal_code_counters')
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('country_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull().check(sql`last >= 0`))
    .addPrimaryKeyConstraint('appeal_code_counters_pk', ['scheme', 'country_code', 'year'])
    .execute();

  await db.schema
    .createTable('appeal_codes')
    .addColumn('appeal_id', 'uuid', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('numbered', 'boolean', (c) => c.notNull())
    .addColumn('country_code', 'char(2)', (c) => c.notNull())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('base_code', 'text', (c) => c.notNull())
    .addColumn('update_number', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A number the service gave is given once; a code typed by staff may repeat (theirs to choose).
  await sql`create unique index appeal_codes_numbered_code_idx on appeal_codes (code) where numbered`.execute(db);
  await db.schema.createIndex('appeal_codes_code_idx').on('appeal_codes').column('code').execute();
  await db.schema.createIndex('appeal_codes_base_idx').on('appeal_codes').columns(['base_code', 'update_number']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('appeal_codes').execute();
  await db.schema.dropTable('appeal_code_counters').execute();
  await db.schema.dropTable('addressees').execute();
}
