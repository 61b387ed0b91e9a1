import { type Kysely, sql } from 'kysely';

/**
 * Issue 18, point 9 (the service at 50,000 incidents / 20,000 persons): an index for every
 * filter and join that reads and document selections use, so that none reads a whole table.
 *
 *   - period: an incident belongs to a period it overlaps; a GiST index on its date range
 *     answers "overlaps [from, to]" without reading every incident before `to`;
 *   - list order (date, id): a page of the chronological list reads its 50 rows, not a sort of all;
 *   - text search (`q`, a substring, case-insensitive): trigram indexes (pg_trgm) on the searched
 *     fields of incidents, persons and sources;
 *   - mentions: `q` also finds records that mention ([[person:KEY]]) a person of that name; the
 *     mentioned keys of each record are indexed (GIN) through an immutable function that extracts
 *     them with the same pattern as src/records/mention-syntax.ts.
 *
 * PGlite runs it too: src/db/pglite-pool.ts loads the pg_trgm extension.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`
    create function mentioned_person_keys(text) returns text[] language sql immutable parallel safe as $$
      select coalesce(array_agg(m[1]), '{}') from regexp_matches($1, '\\[\\[person:([a-z0-9-]{1,80})\\]\\]', 'g') as m
    $$`.execute(db);

  // greatest(): a row whose end precedes its start (refused on input, but possible in old data)
  // still gets a valid range; the query keeps the exact predicates beside the range test.
  await sql`create index incidents_period_idx on incidents using gist (daterange(date, greatest(date, coalesce(end_date, date)), '[]'))`.execute(db);
  await db.schema.createIndex('incidents_date_id_idx').on('incidents').columns(['date', 'id']).execute();

  await sql`create index incidents_title_trgm_idx on incidents using gin (title gin_trgm_ops)`.execute(db);
  await sql`create index incidents_summary_trgm_idx on incidents using gin (summary gin_trgm_ops)`.execute(db);
  await sql`create index incidents_mentions_idx on incidents using gin (mentioned_person_keys(title || ' ' || summary))`.execute(db);
  await sql`create index persons_name_trgm_idx on persons using gin (name gin_trgm_ops)`.execute(db);
  await sql`create index persons_name_native_trgm_idx on persons using gin (name_native gin_trgm_ops)`.execute(db);
  await sql`create index persons_pseudonym_trgm_idx on persons using gin (pseudonym gin_trgm_ops)`.execute(db);
  await sql`create index sources_title_trgm_idx on sources using gin (title gin_trgm_ops)`.execute(db);
  await sql`create index sources_author_trgm_idx on sources using gin (author gin_trgm_ops)`.execute(db);
  await sql`create index sources_mentions_idx on sources using gin (mentioned_person_keys(title || ' ' || coalesce(author, '')))`.execute(db);
  // Lists by type and the withheld sources (confidential ones) of a pseudonymous caller's answer.
  await db.schema.createIndex('sources_type_idx').on('sources').column('type').execute();
  await db.schema.createIndex('sources_confidential_idx').on('sources').column('id').where(sql.ref('confidential'), '=', true).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'sources_confidential_idx', 'sources_type_idx', 'sources_mentions_idx', 'sources_author_trgm_idx', 'sources_title_trgm_idx',
    'persons_pseudonym_trgm_idx', 'persons_name_native_trgm_idx', 'persons_name_trgm_idx', 'incidents_mentions_idx',
    'incidents_summary_trgm_idx', 'incidents_title_trgm_idx', 'incidents_date_id_idx', 'incidents_period_idx',
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  await sql`drop function if exists mentioned_person_keys(text)`.execute(db);
}
