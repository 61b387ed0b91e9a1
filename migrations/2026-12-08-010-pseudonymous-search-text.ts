import { type Kysely, sql } from 'kysely';

/**
 * Issue 18, point 9 (and issue 12, point 4): searches by callers without identities:read at
 * volume. Such a caller searches the text they are shown, never the stored text
 * (consent/pseudonymous-search.ts); that text was made for each candidate record at every search,
 * so over 5,000 candidates a search was refused (422). Now it is kept:
 *  - a person is shown by pseudonym alone: its fold is a generated column, searched by trigram;
 *  - an incident's shaped title and summary (every person's name replaced by their pseudonym),
 *    folded, one row per incident, under the incident's version and the persons' revision it was
 *    shaped at (person_identity_revision): a row is used only while both are current, so a row
 *    made before a person was added or renamed, or before the incident changed, is never read.
 * The rows are made by the service (consent/shaped-incident-search.ts), not by SQL: shaping is
 * the consent module's name matcher. No foreign key: a row of a deleted incident joins nothing
 * and is swept by the refresher (a key would fail a refresh racing a delete).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table persons add column pseudonym_folded text generated always as (search_fold(pseudonym)) stored`.execute(db);
  await sql`create index persons_pseudonym_folded_idx on persons using gin (pseudonym_folded gin_trgm_ops)`.execute(db);
  await sql`
    create table incident_shaped_search (
      incident_id integer primary key,
      incident_version integer not null,
      persons_revision bigint not null,
      folded text not null
    )`.execute(db);
  await sql`create index incident_shaped_search_idx on incident_shaped_search using gin (folded gin_trgm_ops)`.execute(db);
  // One row: the incident_list_revision at which every incident had a current shaped row (null: not known).
  await sql`create table incident_shaped_search_state (id integer primary key check (id = 1), complete_at bigint)`.execute(db);
  await sql`insert into incident_shaped_search_state (id, complete_at) values (1, null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists incident_shaped_search_state`.execute(db);
  await sql`drop table if exists incident_shaped_search`.execute(db);
  await sql`drop index if exists persons_pseudonym_folded_idx`.execute(db);
  await sql`alter table persons drop column if exists pseudonym_folded`.execute(db);
}
