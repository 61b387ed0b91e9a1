import { type Kysely, sql } from 'kysely';
import { personFoldExpression } from '../src/db/search-text.js';

/**
 * Issue 18, point 9: a person's folded names stored (a generated column), as incidents' folded
 * text is (migration 2026-12-05-020). A search by surname matches persons by trigram, and the
 * index's candidates are rechecked row by row: with the fold computed there, ~0.35 ms a row, a
 * surname many persons share spent ~43 of its page's ~50 ms at 20,000 persons folding names.
 * The expression index it replaces (2026-12-04-030) is dropped: nothing searches the expression.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter table persons add column search_folded text generated always as (${personFoldExpression()}) stored`).execute(db);
  await sql`create index persons_search_folded_idx on persons using gin (search_folded gin_trgm_ops)`.execute(db);
  await sql`drop index if exists persons_search_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`create index if not exists persons_search_idx on persons using gin ((${personFoldExpression()}) gin_trgm_ops)`).execute(db);
  await sql`drop index if exists persons_search_folded_idx`.execute(db);
  await sql`alter table persons drop column if exists search_folded`.execute(db);
}
