import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { appendAudit } from '../../auth/audit.repository.js';
import { auditContextOf } from '../../auth/audit-context.js';
import { SESSION_COOKIE } from '../../auth/authenticate.js';
import { csrfTokenFor, csrfValid, issueLoginCsrf, LOGIN_CSRF_COOKIE, loginCsrfValid } from '../../auth/csrf.js';
import { renderAuthPage } from './account-pages.render.js';
import { safeNext } from '../../auth/redirects.js';
import { decoyHash, hashPassword, MIN_PASSWORD_LENGTH, needsRehash, passwordProblem, verifyPassword } from '../../auth/passwords.js';
import { createSession, deleteExpiredSessions, deleteSession, deleteSessionsOf, findSessionUser } from '../../auth/sessions.repository.js';
import { anyoneSignedIn, findUserByName, recordLogin, updateUser } from '../../auth/users.repository.js';

type Form = Record<string, unknown>;
const field = (body: unknown, name: string): string => {
  const v = (body as Form | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

const html = (reply: FastifyReply, status: number, page: string) =>
  reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);

/**
 * Sign-in, sign-out and changing one's own password. Sign-in is rate-limited per address and
 * user name (LOGIN_RATE_LIMIT_PER_MINUTE) and per address overall, and every failure is audited.
 * A wrong user name and a wrong password get the same answer, in about the same time.
 */
export async function loginRoutes(app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const { config } = opts;
  const db = app.db;
  const sessions = { idleMs: config.SESSION_IDLE_MINUTES * 60_000, maxMs: config.SESSION_MAX_HOURS * 3_600_000 };
  const perName = app.createRateLimit({
    max: config.LOGIN_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => `login|${request.ip}|${field(request.body, 'username').trim().toLowerCase()}`,
  });
  // Password spraying tries many names from one address: cap the address too.
  const perAddress = app.createRateLimit({
    max: config.LOGIN_RATE_LIMIT_PER_MINUTE * 6,
    timeWindow: 60_000,
    keyGenerator: (request) => `login-ip|${request.ip}`,
  });

  const loginPage = async (request: FastifyRequest, reply: FastifyReply, status: number, data: { username?: string; next?: string; failed?: string }) =>
    html(reply, status, renderAuthPage(request, 'login', {
      // First start: nobody has signed in yet, so say where the first admin's password is.
      firstStart: !(await anyoneSignedIn(db)),
      title: 'Sign in', nav: [], signedOut: (request.query as Form | undefined)?.signedout === '1', loginCsrf: issueLoginCsrf(request, reply), next: safeNext(data.next), username: data.username ?? '', failed: data.failed ?? '',
    }));

  app.get('/login', { schema: { hide: true } }, async (request, reply) =>
    loginPage(request, reply, 200, { next: (request.query as Form).next as string | undefined }));

  app.post('/login', { schema: { hide: true } }, async (request, reply) => {
    const username = field(request.body, 'username').trim().toLowerCase();
    const password = field(request.body, 'password');
    const next = field(request.body, 'next');
    if (!loginCsrfValid(request, field(request.body, '_csrf'))) {
      return loginPage(request, reply, 403, { username, next, failed: 'The sign-in form had expired. Please try again.' });
    }
    const waits = (await Promise.all([perName(request), perAddress(request)]))
      .map((r) => (!r.isAllowed && r.isExceeded ? r.ttlInSeconds : null))
      .filter((w): w is number => w !== null);
    if (waits.length > 0) {
      const wait = Math.max(...waits);
      reply.header('retry-after', String(wait));
      return loginPage(request, reply, 429, { username, next, failed: `Too many attempts. Wait ${wait} seconds, then try again.` });
    }

    const user = username && username.length <= 63 ? await findUserByName(db, username) : undefined;
    const passwordOk = password.length > 0 && password.length <= 256 && (await verifyPassword(user?.password_hash ?? (await decoyHash()), password));
    if (!user || !passwordOk || user.disabled_at) {
      await appendAudit(db, {
        ...auditContextOf(request),
        action: 'auth.login_failed',
        // Only a name that exists: people type passwords into the name field.
        target: user ? `user:${user.name}` : null,
        details: { reason: !user ? 'unknown user' : user.disabled_at && passwordOk ? 'account disabled' : 'wrong password' },
      });
      return loginPage(request, reply, 401, { username, next, failed: 'The user name or password is not right.' });
    }

    // Where to go, decided before anything is written (strictly parsed; anything else → "/").
    const destination = safeNext(next);
    // A fresh session on every sign-in (no fixation); an earlier one in this browser ends.
    const old = request.cookies?.[SESSION_COOKIE];
    if (old) await deleteSession(db, old);
    const session = await createSession(db, user.id, sessions);
    // Housekeeping at a moment that is rare and not hurried: sessions past their end go.
    await deleteExpiredSessions(db, sessions);
    await recordLogin(db, user.id, needsRehash(user.password_hash) ? await hashPassword(password) : undefined);
    await appendAudit(db, { ...auditContextOf(request, { kind: 'user', id: user.id, name: user.name, role: user.role as 'staff' }), action: 'auth.login', target: `user:${user.name}` });
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: config.SESSION_MAX_HOURS * 3600,
    });
    reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/login' });
    return reply.code(303).header('location', destination).send();
  });

  app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
    const token = request.cookies?.[SESSION_COOKIE];
    if (token) {
      const user = await findSessionUser(db, token, sessions);
      await deleteSession(db, token);
      if (user) {
        await appendAudit(db, { ...auditContextOf(request, { kind: 'user', id: user.userId, name: user.name, role: user.role }), action: 'auth.logout', target: `user:${user.name}` });
      }
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
    return reply.code(303).header('location', '/login?signedout=1').send();
  });

  const passwordPage = (request: FastifyRequest, reply: FastifyReply, status: number, data: { done?: boolean; problems?: Record<string, string> }) =>
    html(reply, status, renderAuthPage(request, 'password', {
      title: 'Change your password', csrfToken: csrfTokenFor(request), minLength: MIN_PASSWORD_LENGTH, ...data,
      errors: Object.entries(data.problems ?? {}).map(([k, message]) => ({ href: `#${k}`, message })),
    }));

  app.get('/account/password', { schema: { hide: true } }, async (request, reply) => passwordPage(request, reply, 200, {}));

  app.post('/account/password', { schema: { hide: true } }, async (request, reply) => {
    const me = request.user;
    if (!me || !request.sessionToken) return reply.code(303).header('location', '/login?next=/account/password').send();
    if (!csrfValid(request, field(request.body, '_csrf'))) return passwordPage(request, reply, 403, { problems: { current: 'The form had expired. Please try again.' } });
    const user = await findUserByName(db, me.name);
    const current = field(request.body, 'current');
    const password = field(request.body, 'password');
    const problems: Record<string, string> = {};
    if (!user || !(await verifyPassword(user.password_hash, current))) problems.current = 'This is not your current password.';
    const weak = passwordProblem(password, [me.name]);
    if (weak) problems.password = `The new password ${weak}.`;
    if (Object.keys(problems).length > 0) return passwordPage(request, reply, 422, { problems });
    await db.transaction().execute(async (trx) => {
      await updateUser(trx, user!.id, { passwordHash: await hashPassword(password) });
      // Every other session of this person ends; this one gets a new token.
      await deleteSessionsOf(trx, user!.id);
      await appendAudit(trx, { ...auditContextOf(request), action: 'auth.password_changed', target: `user:${user!.name}` });
    });
    const session = await createSession(db, user!.id, sessions);
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: config.SESSION_MAX_HOURS * 3600,
    });
    request.sessionToken = session.token;
    return passwordPage(request, reply, 200, { done: true });
  });
}
