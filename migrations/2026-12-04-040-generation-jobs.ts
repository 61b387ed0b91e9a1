import { type Kysely, sql } from 'kysely';

/**
 * Generation jobs: what the API and the pages show of a generation running in a worker (state,
 * stage, progress) and what ties it to its result. pg-boss (schema `pgboss`, installed by pg-boss
 * itself) delivers the job to a worker; this row is the job as a user sees it, keyed by the same id.
 *
 * At most one document per job: the worker stores the document and sets `document_id` in one
 * transaction, only while `document_id` is null (a second attempt of the same job rolls back).
 * An Idempotency-Key names at most one job per caller (`idempotency_key` is unique).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('generation_jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('queued')
      .check(sql`state in ('queued','running','succeeded','failed','cancelled')`))
    .addColumn('stage', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('request', 'jsonb', (c) => c.notNull())
    // Decided at the edge when the job was asked for: the worker acts with the caller's rights.
    .addColumn('may_see_identities', 'boolean', (c) => c.notNull())
    .addColumn('created_by', 'text')
    // "<actor> <key>": the Idempotency-Key of the request that asked for it, per caller.
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('incidents_total', 'integer')
    .addColumn('incidents_composed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pages_estimated', 'integer')
    .addColumn('pages_rendered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // Which worker process ran the latest attempt ("host:pid"), for operators and the multi-instance test.
    .addColumn('worker', 'text')
    .addColumn('cancel_requested', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('document_id', 'uuid', (c) => c.unique().references('documents.id').onDelete('set null'))
    // A failure as the domain described it: { type, message, problems }.
    .addColumn('error', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('generation_jobs_created_idx').on('generation_jobs').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('generation_jobs').execute();
}
