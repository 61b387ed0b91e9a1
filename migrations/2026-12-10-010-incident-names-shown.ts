import { type Kysely, sql } from 'kysely';

/**
 * Issue 18, point 9: a trusted caller's incident list at volume. Every answer showing real names
 * leaves an identities.read row listing whom it shows (auth/identity-reads.ts), found by matching
 * every text of the answer against everybody's names: on a page of 50 incidents of 50,000, mostly
 * new to the scan's memory, ~25 ms of the ~50 ms the page took. The background pass that keeps
 * each incident's shaped text current already reads every title and summary per persons revision;
 * it now also keeps whom each names, and whom each of the incident's sources' excerpts names (the
 * same rule: consent/shaped-text.ts namedKeys), and the scan takes those for the texts they were
 * found in instead of matching them again.
 *
 * The names carry the incident version and persons revision they were found at, and are read
 * only while those are the row's: an instance of an earlier version on the same database (during
 * an upgrade) rewrites a row's version, revision and folded text, not these. Null: a row made
 * before this (the refresher makes it again; until then the scan matches).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table incident_shaped_search
    add column title_names text[], add column summary_names text[], add column excerpt_names jsonb,
    add column names_incident_version integer, add column names_persons_revision bigint`.execute(db);
  // Every row lacks them now: the next pass walks them all.
  await sql`update incident_shaped_search_state set complete_at = null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table incident_shaped_search
    drop column if exists title_names, drop column if exists summary_names, drop column if exists excerpt_names,
    drop column if exists names_incident_version, drop column if exists names_persons_revision`.execute(db);
}
