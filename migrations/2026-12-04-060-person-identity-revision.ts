import { type Kysely, sql } from 'kysely';

/**
 * Issue 18, point 9: a revision of the persons table, so that every instance can tell with one
 * primary-key read whether the identities (and the name matchers built from them) it holds are
 * still those on record. Any statement that writes persons moves it to a new value of a sequence:
 * a value is never handed out twice, so a rolled-back write can never make an older cache look
 * current again (a plain counter would return to the same number after a rollback).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence person_identity_revision_seq`.execute(db);
  await sql`
    create table person_identity_revision (
      id integer primary key check (id = 1),
      revision bigint not null
    )`.execute(db);
  await sql`insert into person_identity_revision (id, revision) values (1, nextval('person_identity_revision_seq'))`.execute(db);
  await sql`
    create function person_identity_revision_bump() returns trigger language plpgsql as $$
    begin
      update person_identity_revision set revision = nextval('person_identity_revision_seq') where id = 1;
      return null;
    end $$`.execute(db);
  await sql`create trigger persons_revision_bump after insert or update or delete on persons
    for each statement execute function person_identity_revision_bump()`.execute(db);
  await sql`create trigger persons_revision_bump_truncate after truncate on persons
    for each statement execute function person_identity_revision_bump()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists persons_revision_bump_truncate on persons`.execute(db);
  await sql`drop trigger if exists persons_revision_bump on persons`.execute(db);
  await sql`drop function if exists person_identity_revision_bump()`.execute(db);
  await sql`drop table if exists person_identity_revision`.execute(db);
  await sql`drop sequence if exists person_identity_revision_seq`.execute(db);
}
