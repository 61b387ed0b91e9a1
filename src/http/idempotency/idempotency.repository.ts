import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IdempotencyKeysTable } from '../../db/tables/idempotency.table.js';

/** Idempotency claims: one row per (key, route, actor). Plain functions taking a db or a transaction. */

export type ClaimRow = IdempotencyKeysTable;
export interface ClaimId {
  key: string;
  route: string;
  actor: string;
}
type Db = Kysely<Database>;

const inMs = (ms: number) => sql<Date>`now() + ${ms} * interval '1 millisecond'` as unknown as Date;
const now = () => sql<Date>`now()`;

/** Inserts a running claim unless the key is taken; true when this call made it. */
export async function insertClaim(
  db: Db,
  id: ClaimId,
  claim: { hash: string; token: string; owner: string; leaseMs: number; ttlMs: number },
): Promise<boolean> {
  const inserted = await db.insertInto('idempotency_keys')
    .values({
      ...id, request_hash: claim.hash, state: 'running', claim_token: claim.token, owner: claim.owner,
      locked_until: inMs(claim.leaseMs), status_code: null, response_body: null, response_headers: null,
      created_at: now() as unknown as Date, expires_at: inMs(claim.ttlMs),
    })
    .onConflict((oc) => oc.columns(['key', 'route', 'actor']).doNothing())
    .returning('claim_token')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findClaim(db: Db, id: ClaimId): Promise<ClaimRow | undefined> {
  return db.selectFrom('idempotency_keys').selectAll()
    .where('key', '=', id.key).where('route', '=', id.route).where('actor', '=', id.actor)
    .executeTakeFirst();
}

/**
 * Moves a running claim to a new token and owner, if it still holds `row`'s token and either it
 * was abandoned (`abandoned`: the caller knows) or its lease ran out. True when taken over.
 */
export async function takeOverClaim(
  db: Db,
  row: ClaimRow,
  next: { token: string; owner: string; leaseMs: number; abandoned: boolean },
): Promise<boolean> {
  const taken = await db.updateTable('idempotency_keys')
    .set({ claim_token: next.token, owner: next.owner, locked_until: inMs(next.leaseMs) })
    .where('key', '=', row.key).where('route', '=', row.route).where('actor', '=', row.actor)
    .where('state', '=', 'running')
    .where('claim_token', '=', row.claim_token)
    .where((eb) => (next.abandoned ? eb.lit(true) : eb('locked_until', '<', now())))
    .returning('claim_token')
    .executeTakeFirst();
  return taken !== undefined;
}

/**
 * The heartbeat: pushes the lease of this process's running claims forward. A process that died
 * (kill -9, a lost machine) stops renewing, so its claims are free to take over one lease later.
 */
export async function renewClaims(db: Db, owner: string, tokens: readonly string[], leaseMs: number): Promise<number> {
  if (tokens.length === 0) return 0;
  const renewed = await db.updateTable('idempotency_keys')
    .set({ locked_until: inMs(leaseMs) })
    .where('owner', '=', owner).where('state', '=', 'running').where('claim_token', 'in', [...tokens])
    .executeTakeFirst();
  return Number(renewed.numUpdatedRows);
}

/** Removes every expired claim, or only `id`'s when it has expired. */
export async function deleteExpiredClaims(db: Db, id?: ClaimId): Promise<void> {
  let q = db.deleteFrom('idempotency_keys').where('expires_at', '<', now());
  if (id) q = q.where('key', '=', id.key).where('route', '=', id.route).where('actor', '=', id.actor);
  await q.execute();
}

/** Stores the response of the claim holding `token`; false when another request took it over. */
export async function completeClaim(
  db: Db,
  id: ClaimId,
  token: string,
  response: { statusCode: number; body: string; headers: Record<string, string> | null },
): Promise<boolean> {
  const done = await db.updateTable('idempotency_keys')
    .set({ state: 'done', status_code: response.statusCode, response_body: response.body, response_headers: response.headers })
    .where('key', '=', id.key).where('route', '=', id.route).where('actor', '=', id.actor)
    .where('claim_token', '=', token).where('state', '=', 'running')
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** Gives up the claim holding `token` (the request failed): a retry starts afresh. */
export async function releaseClaim(db: Db, id: ClaimId, token: string): Promise<void> {
  await db.deleteFrom('idempotency_keys')
    .where('key', '=', id.key).where('route', '=', id.route).where('actor', '=', id.actor)
    .where('claim_token', '=', token).where('state', '=', 'running')
    .execute();
}
