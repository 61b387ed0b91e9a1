import { type Kysely, sql } from 'kysely';

/**
 * Issue 14, point 1: the review workflow.
 *   - documents.status gains `in_review` and `changes_requested` beside `draft` and `approved`
 *     (checked); the lawyer a version is assigned to, who submitted it and when;
 *   - documents.text: the version's numbered paragraphs and notes as printed (what the review view
 *     numbers, comments anchor to and versions are compared by); null for versions made before;
 *   - document_review_comments: a lawyer's comments when asking for changes, each anchored to a
 *     paragraph or a note number (or to the whole version).
 * The approved-version trigger is untouched: none of these change an approved row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('documents')
    .addColumn('review_assignee', 'text')
    .addColumn('review_submitted_by', 'text')
    .addColumn('review_submitted_at', 'timestamptz')
    .addColumn('text', 'jsonb')
    .execute();
  await sql`alter table documents add constraint documents_status_check
    check (status in ('draft', 'in_review', 'changes_requested', 'approved'))`.execute(db);
  // "Waiting for me": versions in review by assignee.
  await db.schema.createIndex('documents_review_assignee_idx').on('documents').columns(['review_assignee', 'status']).execute();

  await db.schema.createTable('document_review_comments')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('document_id', 'uuid', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('paragraph', 'integer', (c) => c.check(sql`paragraph >= 1`))
    .addColumn('note', 'integer', (c) => c.check(sql`note >= 1`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('document_review_comments_one_anchor', sql`paragraph is null or note is null`)
    .execute();
  await db.schema.createIndex('document_review_comments_document_idx').on('document_review_comments').column('document_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('document_review_comments').ifExists().execute();
  await sql`alter table documents drop constraint if exists documents_status_check`.execute(db);
  await db.schema.dropIndex('documents_review_assignee_idx').ifExists().execute();
  await db.schema.alterTable('documents')
    .dropColumn('review_assignee').dropColumn('review_submitted_by').dropColumn('review_submitted_at').dropColumn('text')
    .execute();
}
