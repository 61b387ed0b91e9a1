import { type Kysely, sql } from 'kysely';

/**
 * Issue 13, points 1 and 7:
 *   - `organisation_profile`: the one sending organisation (name, contact, logo, signatory,
 *     defaults); a single row (id = 1), absent until an admin saves it;
 *   - `document_files`: each document version's files, one per format (DOCX and PDF from one
 *     composition). Existing versions' bytes move here; `documents` keeps the primary file's
 *     summary (format, name, size, sha256) so earlier links and answers stay as they were.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisation_profile')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('acronym', 'text')
    .addColumn('postal_address', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('website', 'text')
    .addColumn('logo', 'bytea')
    .addColumn('logo_content_type', 'text')
    .addColumn('logo_width', 'integer')
    .addColumn('logo_height', 'integer')
    .addColumn('signatory_name', 'text')
    .addColumn('signatory_title', 'text')
    .addColumn('confidentiality_request', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('appeal_code_scheme', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('organisation_profile_logo_whole', sql`(logo is null) = (logo_content_type is null)`)
    .execute();

  await db.schema
    .createTable('document_files')
    .addColumn('document_id', 'uuid', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('docx', 'pdf')`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_files_pk', ['document_id', 'format'])
    .execute();
  await sql`insert into document_files (document_id, format, file_name, content_type, bytes, byte_size, sha256)
    select id, format, file_name, content_type, bytes, byte_size, sha256 from documents`.execute(db);
  await db.schema.alterTable('documents').dropColumn('bytes').execute();

  // A file never changes; an approved version's files are final like the version itself.
  await sql`
    create function document_files_refuse_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        raise exception 'document files do not change' using errcode = 'insufficient_privilege';
      end if;
      if exists (select 1 from documents where id = old.document_id and status = 'approved') then
        raise exception 'document % is approved and cannot change', old.document_id using errcode = 'insufficient_privilege';
      end if;
      return old;
    end
    $$`.execute(db);
  await sql`create trigger document_files_immutable before update or delete on document_files
    for each row execute function document_files_refuse_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('bytes', 'bytea').execute();
  await sql`update documents d set bytes = f.bytes from document_files f where f.document_id = d.id and f.format = d.format`.execute(db);
  await sql`delete from documents where bytes is null and status <> 'approved'`.execute(db);
  await sql`alter table documents alter column bytes set not null`.execute(db);
  await sql`drop trigger if exists document_files_immutable on document_files`.execute(db);
  await sql`drop function if exists document_files_refuse_change()`.execute(db);
  await db.schema.dropTable('document_files').execute();
  await db.schema.dropTable('organisation_profile').execute();
}
