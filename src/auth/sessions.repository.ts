import type { Db } from '../db/database.js';
import type { UserRole } from './roles.js';
import { randomToken, sha256Hex } from './tokens.js';

/**
 * Server-side sessions. The cookie carries a random token; the table holds only its sha256, so
 * reading the table does not let anyone sign in. A session ends after `idleMs` without a request
 * or at `expires_at`, whichever comes first.
 */

export interface SessionTimes {
  idleMs: number;
  maxMs: number;
}

export interface SessionUser {
  userId: number;
  name: string;
  role: UserRole;
  tokenHash: string;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Activity is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export async function createSession(db: Db, userId: number, times: SessionTimes, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + times.maxMs);
  await db.insertInto('sessions').values({ token_hash: sha256Hex(token), user_id: userId, created_at: now, last_seen_at: now, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

/** The signed-in user for a cookie token, or undefined when unknown, expired, idle or disabled. */
export async function findSessionUser(db: Db, token: string, times: SessionTimes, now = new Date()): Promise<SessionUser | undefined> {
  const tokenHash = sha256Hex(token);
  const row = await db.selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.token_hash', 'sessions.last_seen_at', 'sessions.expires_at', 'users.id', 'users.name', 'users.role', 'users.disabled_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const lastSeen = new Date(row.last_seen_at);
  const expired = new Date(row.expires_at) <= now || now.getTime() - lastSeen.getTime() > times.idleMs;
  if (expired || row.disabled_at) {
    await deleteSession(db, token);
    return undefined;
  }
  if (now.getTime() - lastSeen.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  return { userId: row.id, name: row.name, role: row.role as UserRole, tokenHash, lastSeenAt: lastSeen, expiresAt: new Date(row.expires_at) };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute();
}

export async function deleteSessionsOf(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Housekeeping: sessions past their end. */
export async function deleteExpiredSessions(db: Db, times: SessionTimes, now = new Date()): Promise<number> {
  const res = await db.deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', new Date(now.getTime() - times.idleMs))]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
