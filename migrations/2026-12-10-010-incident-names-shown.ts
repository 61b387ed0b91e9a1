import { type Kysely, sql } from 'kysely';

/**
 * Issue 18, point 9: incident lists at volume. Both kinds of caller paid for reading every text of
 * a page afresh: a trusted caller's answer leaves an identities.read row listing whom it shows
 * (auth/identity-reads.ts), found by matching every text against everybody's names (on a page of
 * 50 incidents of 50,000, mostly new to the scan's memory, ~25 ms of the ~50 ms the page took),
 * and a caller without identities:read is shown every text with each name replaced by a
 * pseudonym (consent/identity-shaping.ts). The background pass that keeps each incident's shaped
 * search text current (consent/shaped-incident-search.ts) already reads every title and summary
 * per persons revision; it now also keeps, for the title, the summary and each of the incident's
 * sources' excerpts, whom it names (consent/shaped-text.ts namedKeys, the audit's rule) and how it
 * is shown without identities:read (the redactor such a caller's answers are shaped with). An
 * answer takes them for exactly those texts instead of reading them again.
 *
 * All of it carries the incident version and persons revision it was made at, and is read only
 * while those are the row's: an instance of an earlier version on the same database (during an
 * upgrade) rewrites a row's version, revision and folded text, not these. Null: a row made before
 * this (the refresher makes it again; until then the texts are read afresh).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table incident_shaped_search
    add column title_names text[], add column summary_names text[], add column excerpt_names jsonb,
    add column title_shown text, add column summary_shown text, add column excerpts_shown jsonb,
    add column kept_incident_version integer, add column kept_persons_revision bigint`.execute(db);
  // Every row lacks them now: the next pass walks them all.
  await sql`update incident_shaped_search_state set complete_at = null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table incident_shaped_search
    drop column if exists title_names, drop column if exists summary_names, drop column if exists excerpt_names,
    drop column if exists title_shown, drop column if exists summary_shown, drop column if exists excerpts_shown,
    drop column if exists kept_incident_version, drop column if exists kept_persons_revision`.execute(db);
}
