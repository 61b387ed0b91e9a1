import { type Kysely, sql } from 'kysely';

/**
 * Issue 18, point 9: a revision of everything an incident list's filters read (incidents, their
 * folded text, victims and sources, and persons, whose names a search matches), so that the total
 * of a list can be kept per filter and revision: counting a search every incident matches costs as
 * much as finding its page (~60 ms at 50,000 incidents), and paging through it counts the same
 * rows again. As person_identity_revision: a sequence's value, never handed out twice, moved by
 * every statement that writes one of those tables, committed with it.
 */
const TABLES = ['incidents', 'incident_search_text', 'incident_victims', 'incident_sources', 'persons'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence incident_list_revision_seq`.execute(db);
  await sql`
    create table incident_list_revision (
      id integer primary key check (id = 1),
      revision bigint not null
    )`.execute(db);
  await sql`insert into incident_list_revision (id, revision) values (1, nextval('incident_list_revision_seq'))`.execute(db);
  await sql`
    create function incident_list_revision_bump() returns trigger language plpgsql as $$
    begin
      update incident_list_revision set revision = nextval('incident_list_revision_seq') where id = 1;
      return null;
    end $$`.execute(db);
  for (const table of TABLES) {
    await sql`create trigger ${sql.id(`${table}_list_revision_bump`)} after insert or update or delete on ${sql.id(table)}
      for each statement execute function incident_list_revision_bump()`.execute(db);
    await sql`create trigger ${sql.id(`${table}_list_revision_bump_truncate`)} after truncate on ${sql.id(table)}
      for each statement execute function incident_list_revision_bump()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`drop trigger if exists ${sql.id(`${table}_list_revision_bump_truncate`)} on ${sql.id(table)}`.execute(db);
    await sql`drop trigger if exists ${sql.id(`${table}_list_revision_bump`)} on ${sql.id(table)}`.execute(db);
  }
  await sql`drop function if exists incident_list_revision_bump()`.execute(db);
  await sql`drop table if exists incident_list_revision`.execute(db);
  await sql`drop sequence if exists incident_list_revision_seq`.execute(db);
}
