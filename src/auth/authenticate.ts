import type { Db } from '../db/database.js';
import type { FastifyRequest } from 'fastify';
import { findLiveKey } from './api-keys.repository.js';
import { ANONYMOUS, type Principal } from './roles.js';
import { findSessionUser, type SessionTimes } from './sessions.repository.js';

/** The session cookie: a random token; the server keeps only its hash. */
export const SESSION_COOKIE = 'sid';

export type Authentication =
  | { ok: true; principal: Principal; via: 'bearer' | 'session' | 'test' | 'none'; sessionToken?: string }
  | { ok: false; reason: string };

/**
 * Who the request comes from: an API key (`Authorization: Bearer …`), else a session cookie,
 * else — only in tests that ask for it — the test actor, else nobody. A bad bearer token is an
 * error (the client meant to authenticate); a stale cookie just means "signed out".
 */
export async function authenticate(
  request: FastifyRequest,
  deps: { db: Db; sessions: SessionTimes; testActor?: Principal | undefined },
): Promise<Authentication> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
    if (!match) return { ok: false, reason: 'The Authorization header must be "Bearer <API key>".' };
    const key = await findLiveKey(deps.db, match[1]!);
    if (!key) return { ok: false, reason: 'The API key is unknown or revoked.' };
    return { ok: true, principal: { kind: 'api_key', id: key.id, name: key.name, scopes: key.scopes }, via: 'bearer' };
  }
  const token = request.cookies?.[SESSION_COOKIE];
  if (token) {
    const user = await findSessionUser(deps.db, token, deps.sessions);
    if (user) return { ok: true, principal: { kind: 'user', id: user.userId, name: user.name, role: user.role }, via: 'session', sessionToken: token };
  }
  if (deps.testActor) return { ok: true, principal: deps.testActor, via: 'test' };
  return { ok: true, principal: ANONYMOUS, via: 'none' };
}
