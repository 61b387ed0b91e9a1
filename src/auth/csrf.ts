import { createHmac } from 'node:crypto';
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
