import { type Kysely, sql } from 'kysely';

/**
 * A person's former names, kept by the database: text typed with a name before the person was
 * renamed (a married name, a legal change, another spelling) still names them, and what no
 * import turned into a mention is read by name when shown. Without them, a rename printed
 * "Rakhimov was beaten" where "Witness C was beaten" had been (consent/name-matcher.ts reads
 * every written form: the name, the native name and these). Kept by a trigger, so that every
 * path that renames (a form, the API, a bundle import) keeps them alike; internal (the case
 * bundle has no such field): never exported, never shown.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table persons add column former_names text[] not null default '{}'`.execute(db);
  // The old name and native name, unless the new ones are the same, or already kept; a name
  // taken again leaves the list.
  await sql`
    create function person_former_names_keep() returns trigger language plpgsql as $$
    begin
      new.former_names := array(
        select distinct x from unnest(old.former_names || array[old.name, old.name_native]) as x
        where x is not null and btrim(x) <> '' and x is distinct from new.name and x is distinct from new.name_native
        order by x);
      return new;
    end $$`.execute(db);
  await sql`create trigger persons_former_names before update of name, name_native on persons
    for each row when (old.name is distinct from new.name or old.name_native is distinct from new.name_native)
    execute function person_former_names_keep()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists persons_former_names on persons`.execute(db);
  await sql`drop function if exists person_former_names_keep()`.execute(db);
  await sql`alter table persons drop column if exists former_names`.execute(db);
}
