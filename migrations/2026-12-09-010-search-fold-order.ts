import { type Kysely, sql } from 'kysely';
import { searchFoldSqlExpression } from '../src/shared/text/search.js';

/**
 * Issue 18 (and the names of issue 14.3): search_fold() recreated.
 *
 * 1. Speed: it spent ~8 ms on an incident's 1,500 letters, in translate() looking each letter up
 *    in a table of ~970 — over half of a bundle import's time, since a trigger folds every
 *    incident written (2026-12-05-020). The commonest letters now come first in that table
 *    (shared/text/search.ts, searchFoldSqlExpression).
 * 2. Agreement: the fold in memory (which folds every search) turns the grave accent, ´, the
 *    modifier letters ʻ ʼ, ‘ ’, no-break and thin spaces, the soft hyphen and zero-width
 *    characters into what they stand for; SQL left them as they were, so "Gʻafurov" as stored
 *    was found by no search for it. The tables now cover them (FOLDED_RANGES).
 *
 * What was stored from the old fold is made again where it can differ — rows holding one of the
 * newly folded characters: incidents' folded search text (its trigger runs on `title = title`),
 * persons' generated search columns, and the sources' search index (rebuilt).
 */
const NEWLY_FOLDED = '[`\u00a0-\u00bf\u02b0-\u02ff\u1f00-\u206f]';

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create or replace function search_fold(text) returns text language sql immutable parallel safe strict as $$ select ${searchFoldSqlExpression('$1')} $$`).execute(db);
  await sql`update incidents set title = title where title ~ ${NEWLY_FOLDED} or summary ~ ${NEWLY_FOLDED}`.execute(db);
  await sql`update persons set name = name where name ~ ${NEWLY_FOLDED} or name_native ~ ${NEWLY_FOLDED} or pseudonym ~ ${NEWLY_FOLDED}`.execute(db);
  await sql`reindex index sources_search_idx`.execute(db);
}

/** The fold before is not kept: going down leaves the new one, which finds more and misses nothing the old one found. */
export async function down(): Promise<void> {}
