import { type Kysely, sql } from 'kysely';

/**
 * Idempotency keys: the first response to a write sent with an `Idempotency-Key`, so that a
 * retry gets that response again instead of writing twice. One row per (key, route, actor).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'text', (c) => c.notNull().check(sql`length(key) between 1 and 255`))
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    // sha256 of the request body: the same key with another body is refused.
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('running','done')`))
    // Who runs it now: a fencing token (only its holder may store the response) and the process.
    .addColumn('claim_token', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    // Past this time a running claim is taken to be abandoned (its process died).
    .addColumn('locked_until', 'timestamptz', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    // The response body as sent (text, not jsonb: jsonb would reorder its keys).
    .addColumn('response_body', 'text')
    .addColumn('response_headers', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['key', 'route', 'actor'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires_idx').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
