import { type Kysely, sql } from 'kysely';

/**
 * Issue 18, point 9: incident search at 50,000 incidents. The trigram index on the expression
 * search_fold(title || ' ' || summary) finds the candidates, but a short form of a word ("fin"
 * for "fines": one trigram, most incidents) leaves tens of thousands of them, and the bitmap
 * scan's recheck evaluated search_fold() — a hundred nested replace()s — on each: over 5 minutes,
 * a 503 after the statement timeout. The folded text is now stored once per incident, in a table
 * of its own kept by a trigger (not a column of incidents: every `select i.*` would carry it), and
 * the recheck is a plain LIKE on it.
 *
 * Should search_fold() ever change, the migration that recreates it must refill this table
 * (`update incidents set title = title` fires the trigger for every row).
 */
const FILL_BATCH = 2_000;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table incident_search_text (
      incident_id integer primary key references incidents(id) on delete cascade,
      folded text not null
    )`.execute(db);
  // Folding costs about a millisecond an incident: in batches, so that no statement of a large
  // database (50,000 incidents: about a minute) runs into the connection's statement time-out.
  const { rows } = await sql<{ low: number | null; high: number | null }>`select min(id) as low, max(id) as high from incidents`.execute(db);
  const { low, high } = rows[0]!;
  for (let from = low ?? 1; high !== null && from <= high; from += FILL_BATCH) {
    await sql`insert into incident_search_text (incident_id, folded)
      select id, search_fold(title || ' ' || summary) from incidents where id >= ${from} and id < ${from + FILL_BATCH}`.execute(db);
  }
  await sql`create index incident_search_text_idx on incident_search_text using gin (folded gin_trgm_ops)`.execute(db);
  await sql`
    create function incident_search_text_sync() returns trigger language plpgsql as $$
    begin
      insert into incident_search_text (incident_id, folded) values (new.id, search_fold(new.title || ' ' || new.summary))
        on conflict (incident_id) do update set folded = excluded.folded;
      return null;
    end $$`.execute(db);
  await sql`create trigger incident_search_text_sync after insert or update of title, summary on incidents
    for each row execute function incident_search_text_sync()`.execute(db);
  await sql`drop index if exists incidents_search_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists incident_search_text_sync on incidents`.execute(db);
  await sql`drop function if exists incident_search_text_sync()`.execute(db);
  await sql`drop table if exists incident_search_text`.execute(db);
  await sql.raw(`create index if not exists incidents_search_idx on incidents using gin ((search_fold(title || ' ' || summary)) gin_trgm_ops)`).execute(db);
}
