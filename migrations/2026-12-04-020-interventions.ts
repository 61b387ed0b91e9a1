import { type Kysely, sql } from 'kysely';

/**
 * Issue 14, point 2 (interventions): what happened after a document was sent.
 *   - `interventions`: one sending of a document (an approved version here, or — from a case
 *     bundle — a document of another service, then without `document_id`): to whom (mandate keys,
 *     address-book ids and their titles as they were), when and how, the reference given back,
 *     the reply deadline, the government's reply and the outcome. Persons and incidents are keys
 *     (JSON lists, filtered with `@>`); the country is the incidents'.
 *   - `intervention_reply_files`: the reply's file (PDF, DOCX or ODT), one per intervention.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('interventions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('document_id', 'uuid', (c) => c.references('documents.id'))
    .addColumn('document_kind', 'text', (c) => c.notNull())
    .addColumn('document_code', 'text')
    .addColumn('country_code', 'char(2)', (c) => c.notNull())
    .addColumn('person_keys', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('incident_keys', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('mandates', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('addressees', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('sent_on', 'date', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('reply_due', 'date')
    .addColumn('reply_received_on', 'date')
    .addColumn('reply_summary', 'text')
    .addColumn('outcome', 'text')
    .addColumn('outcome_note', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('interventions_document_idx').on('interventions').column('document_id').execute();
  await db.schema.createIndex('interventions_country_sent_idx').on('interventions').columns(['country_code', 'sent_on']).execute();
  // The home page's question: which replies are due (or overdue) and still missing.
  await sql`create index interventions_awaiting_idx on interventions (reply_due) where reply_received_on is null`.execute(db);
  await sql`create index interventions_persons_idx on interventions using gin (person_keys jsonb_path_ops)`.execute(db);

  await db.schema
    .createTable('intervention_reply_files')
    .addColumn('intervention_id', 'integer', (c) => c.primaryKey().references('interventions.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('intervention_reply_files').execute();
  await db.schema.dropTable('interventions').execute();
}
