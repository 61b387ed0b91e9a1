import { type Kysely, sql } from 'kysely';
import { personFoldExpression, sourceSearchText } from '../src/db/search-text.js';
import { searchFoldSqlExpression } from '../src/shared/text/search.js';

/**
 * Issue 14, point 3: search that folds case, marks and script ("Тобылова" finds "Tobylova").
 *
 * search_fold(text) is the search fold of src/shared/text/search.ts as SQL: lower(), then
 * translate/replace tables generated, code point by code point, from that fold (the consent
 * matcher's fold and transliteration). It is immutable, so expression indexes (trigrams) answer
 * `search_fold(...) like '%tobylova%'` on incidents, persons and sources. The tables are
 * written into the function when this migration runs; should the fold change, a later migration
 * recreates the function and its indexes (test/integration/db/record-search.test.ts compares the
 * two folds and fails first).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql.raw(`create or replace function search_fold(text) returns text language sql immutable parallel safe strict as $$ select ${searchFoldSqlExpression('$1')} $$`).execute(db);
  // The expression as it stood (incident search has read a stored fold since 2026-12-05-020).
  await sql.raw(`create index incidents_search_idx on incidents using gin ((search_fold(title || ' ' || summary)) gin_trgm_ops)`).execute(db);
  await sql.raw(`create index persons_search_idx on persons using gin ((${personFoldExpression()}) gin_trgm_ops)`).execute(db);
  await sql.raw(`create index sources_search_idx on sources using gin ((${sourceSearchText()}) gin_trgm_ops)`).execute(db);
  // Newest first: the lists' default order for persons and sources (incidents have incidents_date_id_idx).
  await db.schema.createIndex('sources_date_id_idx').on('sources').columns(['date', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['sources_date_id_idx', 'sources_search_idx', 'persons_search_idx', 'incidents_search_idx']) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  await sql`drop function if exists search_fold(text)`.execute(db);
}
