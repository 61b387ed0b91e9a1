import type { Db } from '../db/database.js';
import type { ApiKeyRow } from '../db/tables/auth.table.js';
import { isScope, type Scope } from './roles.js';
import { randomToken, sha256Hex } from './tokens.js';

/**
 * API keys for services: `adk_` + 256 random bits, shown once at creation; the table holds the
 * sha256 and a short prefix to recognise the key in lists.
 */

export const KEY_PREFIX = 'adk_';
const KEY_SHAPE = /^adk_[A-Za-z0-9_-]{43}$/;

export type ApiKeySummary = Omit<ApiKeyRow, 'key_hash'>;
const SUMMARY = ['id', 'name', 'prefix', 'scopes', 'created_by', 'created_at', 'last_used_at', 'revoked_at', 'revoked_by'] as const;

/** Last use is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export async function insertApiKey(
  db: Db,
  key: { name: string; scopes: readonly Scope[]; createdBy: string },
): Promise<{ key: string; summary: ApiKeySummary }> {
  const secret = `${KEY_PREFIX}${randomToken()}`;
  const summary = await db.insertInto('api_keys')
    .values({ name: key.name, prefix: secret.slice(0, 10), key_hash: sha256Hex(secret), scopes: [...new Set(key.scopes)], created_by: key.createdBy })
    .returning(SUMMARY)
    .executeTakeFirstOrThrow();
  return { key: secret, summary };
}

/** The live key a bearer token stands for, or undefined (unknown, malformed or revoked). */
export async function findLiveKey(db: Db, secret: string, now = new Date()): Promise<{ id: number; name: string; scopes: Scope[] } | undefined> {
  if (!KEY_SHAPE.test(secret)) return undefined;
  const row = await db.selectFrom('api_keys')
    .select(['id', 'name', 'scopes', 'revoked_at', 'last_used_at'])
    .where('key_hash', '=', sha256Hex(secret))
    .executeTakeFirst();
  if (!row || row.revoked_at) return undefined;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { id: row.id, name: row.name, scopes: row.scopes.filter(isScope) };
}

export async function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  return db.selectFrom('api_keys').select(SUMMARY).orderBy('revoked_at', (ob) => ob.desc().nullsFirst()).orderBy('name').execute();
}


/** Revokes a live key; undefined when there is no such live key. */
export async function revokeApiKey(db: Db, id: number, by: string): Promise<ApiKeySummary | undefined> {
  return db.updateTable('api_keys')
    .set({ revoked_at: new Date(), revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(SUMMARY)
    .executeTakeFirst();
}
