import { type Kysely, sql } from 'kysely';
import { searchFoldSqlExpression } from '../src/shared/text/search.js';

/**
 * Issue 18 (and the names of issue 14.3): search_fold() recreated, and the incidents' folded
 * search text kept by statement, not by row.
 *
 * 1. Speed: it spent ~8 ms on an incident's 1,500 letters, in translate() looking each letter up
 *    in a table of ~970. The commonest letters now come first in that table, and text of ASCII
 *    alone skips the tables (shared/text/search.ts, searchFoldSqlExpression).
 * 2. The trigger of 2026-12-05-020 folded each row by itself, where PostgreSQL plans the
 *    function anew at every call: 3.7 ms an incident of a 6,300-incident import (23 of its 32 s
 *    of inserts) where folding the same rows in one statement takes 0.7. It now folds the rows
 *    of each statement at once (transition tables), and on update only those whose title or
 *    summary changed. A transaction that writes the folded text itself — the record writes of
 *    the service (records-write.repository.ts), with the fold in memory that every search query
 *    is folded with — says so in `advocacy.search_text_by` ('app'), and the triggers leave it
 *    alone: PGlite folds in SQL at ~16 ms an incident (a 1,000-incident import: 16 of its 20 s).
 * 3. Agreement: the fold in memory (which folds every search) turns the grave accent, ´, the
 *    modifier letters ʻ ʼ, ‘ ’, no-break and thin spaces, the soft hyphen and zero-width
 *    characters into what they stand for; SQL left them as they were, so "Gʻafurov" as stored
 *    was found by no search for it. The tables now cover them (FOLDED_RANGES).
 *
 * What was stored from the old fold is made again where it can differ — rows holding one of the
 * newly folded characters: incidents' folded search text, persons' generated search columns
 * (made again by `name = name`), and the sources' search index (rebuilt).
 */
const NEWLY_FOLDED = '[`\u00a0-\u00bf\u02b0-\u02ff\u1f00-\u206f]';

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create or replace function search_fold(text) returns text language sql immutable parallel safe strict as $$ select ${searchFoldSqlExpression('$1')} $$`).execute(db);

  // Run again (the test of the refill does), it ends where it ended the first time.
  for (const trigger of ['incident_search_text_sync', 'incident_search_text_inserted', 'incident_search_text_updated']) {
    await sql`drop trigger if exists ${sql.id(trigger)} on incidents`.execute(db);
  }
  await sql`drop function if exists incident_search_text_sync()`.execute(db);
  await sql`
    create or replace function incident_search_text_inserted() returns trigger language plpgsql as $$
    begin
      if current_setting('advocacy.search_text_by', true) = 'app' then return null; end if;
      insert into incident_search_text (incident_id, folded)
        select id, search_fold(title || ' ' || summary) from inserted_incidents
        on conflict (incident_id) do update set folded = excluded.folded;
      return null;
    end $$`.execute(db);
  await sql`create trigger incident_search_text_inserted after insert on incidents
    referencing new table as inserted_incidents for each statement execute function incident_search_text_inserted()`.execute(db);
  await sql`
    create or replace function incident_search_text_updated() returns trigger language plpgsql as $$
    begin
      if current_setting('advocacy.search_text_by', true) = 'app' then return null; end if;
      insert into incident_search_text (incident_id, folded)
        select n.id, search_fold(n.title || ' ' || n.summary)
        from updated_incidents_new n join updated_incidents_old o on o.id = n.id
        where n.title is distinct from o.title or n.summary is distinct from o.summary
        on conflict (incident_id) do update set folded = excluded.folded;
      return null;
    end $$`.execute(db);
  await sql`create trigger incident_search_text_updated after update on incidents
    referencing old table as updated_incidents_old new table as updated_incidents_new
    for each statement execute function incident_search_text_updated()`.execute(db);

  await sql`update incident_search_text t set folded = search_fold(i.title || ' ' || i.summary)
    from incidents i where i.id = t.incident_id and (i.title ~ ${NEWLY_FOLDED} or i.summary ~ ${NEWLY_FOLDED})`.execute(db);
  await sql`update persons set name = name where name ~ ${NEWLY_FOLDED} or name_native ~ ${NEWLY_FOLDED} or pseudonym ~ ${NEWLY_FOLDED}`.execute(db);
  await sql`reindex index sources_search_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // The fold itself stays: it finds more and misses nothing the old one found.
  await sql`drop trigger if exists incident_search_text_updated on incidents`.execute(db);
  await sql`drop trigger if exists incident_search_text_inserted on incidents`.execute(db);
  await sql`drop function if exists incident_search_text_updated()`.execute(db);
  await sql`drop function if exists incident_search_text_inserted()`.execute(db);
  await sql`
    create function incident_search_text_sync() returns trigger language plpgsql as $$
    begin
      insert into incident_search_text (incident_id, folded) values (new.id, search_fold(new.title || ' ' || new.summary))
        on conflict (incident_id) do update set folded = excluded.folded;
      return null;
    end $$`.execute(db);
  await sql`create trigger incident_search_text_sync after insert or update of title, summary on incidents
    for each row execute function incident_search_text_sync()`.execute(db);
}
