import { createHash, createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken, safeEqual } from './tokens.js';

/**
 * CSRF tokens for the sign-in and admin forms. Signed in: the token is an HMAC of the session
 * token (which only the browser's HttpOnly cookie holds), so nothing is stored and another site
 * cannot compute it. Before sign-in: a double-submit cookie, so nobody can sign a victim's browser
 * into another account.
 */

export function csrfTokenFor(request: FastifyRequest): string | null {
  const session = request.sessionToken;
  return session ? createHmac('sha256', session).update('csrf').digest('base64url') : null;
}

export function csrfValid(request: FastifyRequest, submitted: unknown): boolean {
  const expected = csrfTokenFor(request);
  return expected !== null && typeof submitted === 'string' && safeEqual(expected, submitted);
}

/**
 * What the staff forms' tokens (@fastify/csrf-protection in its session-bound mode) are bound to:
 * a hash of the session token, so a token and CSRF cookie taken from one person's browser are
 * refused in anybody else's session, and a token ends with its session. Only the tests' stand-in
 * principal (test/support/app.ts) has no session; it is bound to its name.
 */
export function csrfUserInfo(request: FastifyRequest): string {
  const session = request.sessionToken;
  if (session) return `session:${createHash('sha256').update(session).digest('base64url')}`;
  const principal = request.principal;
  return principal && principal.kind !== 'anonymous' ? `${principal.kind}:${principal.name}` : 'anonymous';
}

export const LOGIN_CSRF_COOKIE = 'login_csrf';

/** A fresh token for the sign-in form, set as a cookie that only this site's forms send back. */
export function issueLoginCsrf(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies?.[LOGIN_CSRF_COOKIE];
  const token = existing && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : randomToken();
  reply.setCookie(LOGIN_CSRF_COOKIE, token, {
    path: '/login', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: 3600,
  });
  return token;
}

export function loginCsrfValid(request: FastifyRequest, submitted: unknown): boolean {
  const cookie = request.cookies?.[LOGIN_CSRF_COOKIE];
  return typeof cookie === 'string' && typeof submitted === 'string' && safeEqual(cookie, submitted);
}
