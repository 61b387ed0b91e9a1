import { type Kysely, sql } from 'kysely';

/**
 * Issue 15 (reads under load): a revision of everything the records API's answers read, so that
 * an instance can keep an answer it has written (http/answer-cache.ts) and know with one
 * primary-key read whether it is still what the records say. As person_identity_revision: a
 * sequence's value, never handed out twice, moved by every statement that writes one of these
 * tables and committed with it. Which tables, and why the others are left out, is checked by
 * test/integration/records/record-answers-revision.test.ts.
 */
export const RECORD_ANSWER_TABLES = [
  'countries', 'organisations', 'persons', 'sources', 'source_identifies', 'incidents', 'incident_victims',
  'incident_perpetrators', 'incident_sources', 'incident_search_text', 'recommendations', 'recommendation_incidents',
  'record_key_aliases',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence record_answers_revision_seq`.execute(db);
  await sql`
    create table record_answers_revision (
      id integer primary key check (id = 1),
      revision bigint not null
    )`.execute(db);
  await sql`insert into record_answers_revision (id, revision) values (1, nextval('record_answers_revision_seq'))`.execute(db);
  await sql`
    create function record_answers_revision_bump() returns trigger language plpgsql as $$
    begin
      update record_answers_revision set revision = nextval('record_answers_revision_seq') where id = 1;
      return null;
    end $$`.execute(db);
  for (const table of RECORD_ANSWER_TABLES) {
    await sql`create trigger ${sql.id(`${table}_answers_revision_bump`)} after insert or update or delete on ${sql.id(table)}
      for each statement execute function record_answers_revision_bump()`.execute(db);
    await sql`create trigger ${sql.id(`${table}_answers_revision_bump_truncate`)} after truncate on ${sql.id(table)}
      for each statement execute function record_answers_revision_bump()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of RECORD_ANSWER_TABLES) {
    await sql`drop trigger if exists ${sql.id(`${table}_answers_revision_bump_truncate`)} on ${sql.id(table)}`.execute(db);
    await sql`drop trigger if exists ${sql.id(`${table}_answers_revision_bump`)} on ${sql.id(table)}`.execute(db);
  }
  await sql`drop function if exists record_answers_revision_bump()`.execute(db);
  await sql`drop table if exists record_answers_revision`.execute(db);
  await sql`drop sequence if exists record_answers_revision_seq`.execute(db);
}
