import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createUserAccount, generatePassword, issueApiKey, revokeKey, updateUserAccount } from '../../auth/accounts.service.js';
import { listApiKeys } from '../../auth/api-keys.repository.js';
import { AUDIT_ACTIONS, AUDIT_ROW_ID, queryAudit } from '../../auth/audit.repository.js';
import { auditContextOf } from '../../auth/audit-context.js';
import { csrfTokenFor, csrfValid } from '../../auth/csrf.js';
import { navFor, refusalPage, renderAuthPage } from '../account/account-pages.render.js';
import { isScope, isUserRole, SCOPE_DESCRIPTIONS, SCOPES, USER_ROLES, type Scope } from '../../auth/roles.js';
import { listUsers } from '../../auth/users.repository.js';
import { auditWindow } from '../../auth/audit-window.js';
import { statusOf } from '../../http/domain-status.js';
import { HttpError } from '../../http/errors.js';
import { DomainError } from '../../shared/errors.js';

type Form = Record<string, unknown>;
const field = (body: unknown, name: string): string => {
  const v = (body as Form | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
};
const list = (body: unknown, name: string): string[] => {
  const v = (body as Form | undefined)?.[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
};

const AUDIT_PAGE = 50;

/** The admin's pages: people, API keys (shown once), the audit trail. */
export async function adminPages(app: FastifyInstance): Promise<void> {
  const db = app.db;

  const send = (reply: FastifyReply, status: number, page: string) =>
    reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);

  async function overview(request: FastifyRequest, reply: FastifyReply, status = 200, extra: Form = {}) {
    const [users, keys] = await Promise.all([listUsers(db), listApiKeys(db)]);
    return send(reply, status, renderAuthPage(request, 'admin', {
      title: 'Users and API keys',
      csrfToken: csrfTokenFor(request),
      nav: navFor(request, '/admin'),
      users, keys, roles: USER_ROLES,
      scopes: SCOPES.map((name) => ({ name, description: SCOPE_DESCRIPTIONS[name] })),
      message: typeof (request.query as Form).done === 'string' ? (request.query as Form).done : '',
      ...extra,
    }));
  }

  const secretPage = (request: FastifyRequest, reply: FastifyReply, data: { title: string; label: string; secret: string; usage?: string }) =>
    send(reply, 201, renderAuthPage(request, 'secret', { ...data, csrfToken: csrfTokenFor(request) }));

  // Every form here changes something: the token must match this session's.
  const checkCsrf = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!csrfValid(request, field(request.body, '_csrf'))) {
      return send(reply, 403, refusalPage(request, 403, 'The form had expired. Go back, reload the page and try again.', csrfTokenFor(request)));
    }
  };

  const done = (reply: FastifyReply, message: string) =>
    reply.code(303).header('location', `/admin?done=${encodeURIComponent(message)}`).send();

  app.get('/admin', { schema: { hide: true } }, async (request, reply) => overview(request, reply));

  app.post('/admin/users', { schema: { hide: true }, preHandler: checkCsrf }, async (request, reply) => {
    const name = field(request.body, 'name').toLowerCase();
    const role = field(request.body, 'role');
    if (!isUserRole(role)) return overview(request, reply, 422, { problems: { name: 'Choose a role.' }, form: { name } });
    try {
      const { user, generatedPassword } = await createUserAccount(db, auditContextOf(request), { name, role });
      return secretPage(request, reply, {
        title: `Account ${user.name} created`, label: `First password of ${user.name} (${user.role})`, secret: generatedPassword!,
        usage: 'They sign in at /login and can then change it under /account/password.',
      });
    } catch (err) {
      if (err instanceof DomainError) return overview(request, reply, statusOf(err) === 409 ? 409 : 422, { problems: { name: err.message }, form: { name } });
      throw err;
    }
  });

  app.post('/admin/users/:name', { schema: { hide: true }, preHandler: checkCsrf }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const action = field(request.body, 'action');
    const role = field(request.body, 'role');
    try {
      if (action === 'reset') {
        const password = generatePassword();
        await updateUserAccount(db, auditContextOf(request), name, { password });
        return secretPage(request, reply, { title: `New password for ${name}`, label: `New password of ${name}`, secret: password, usage: 'Their open sessions were ended.' });
      }
      if (action === 'disable' || action === 'enable') {
        await updateUserAccount(db, auditContextOf(request), name, { disabled: action === 'disable' });
        return done(reply, `${name} ${action}d.`);
      }
      if (action === 'role' && isUserRole(role)) {
        await updateUserAccount(db, auditContextOf(request), name, { role });
        return done(reply, `${name} is now ${role}.`);
      }
      return overview(request, reply, 422, { message: 'Choose what to change.' });
    } catch (err) {
      if (err instanceof DomainError) return overview(request, reply, statusOf(err), { message: err.message });
      throw err;
    }
  });

  app.post('/admin/api-keys', { schema: { hide: true }, preHandler: checkCsrf }, async (request, reply) => {
    const name = field(request.body, 'name').toLowerCase();
    const scopes = list(request.body, 'scopes');
    const problems: Record<string, string> = {};
    if (scopes.length === 0 || !scopes.every(isScope)) problems.scopes = 'Tick at least one scope.';
    if (Object.keys(problems).length === 0) {
      try {
        const { key, summary } = await issueApiKey(db, auditContextOf(request), { name, scopes: scopes as Scope[] });
        return secretPage(request, reply, {
          title: `API key ${summary.name} created`, label: `Key for ${summary.name} (${summary.scopes.join(', ')})`, secret: key,
          usage: 'The service sends it in every request as: Authorization: Bearer <key>',
        });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.problems?.[0]?.path === '/scopes') problems.scopes = err.message;
        else problems.keyName = err.message;
      }
    }
    return overview(request, reply, 422, { problems, form: { keyName: name } });
  });

  app.post('/admin/api-keys/:id/revoke', { schema: { hide: true }, preHandler: checkCsrf }, async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) throw new HttpError(404, 'No such API key');
    try {
      const key = await revokeKey(db, auditContextOf(request), id);
      return done(reply, `Key ${key.name} revoked.`);
    } catch (err) {
      if (err instanceof DomainError) return overview(request, reply, 404, { message: err.message });
      throw err;
    }
  });

  app.get('/admin/audit', { schema: { hide: true } }, async (request, reply) => {
    const q = request.query as Form;
    const text = (k: string, max: number) => (typeof q[k] === 'string' && q[k] !== '' && !(q[k] as string).includes('\u0000') ? (q[k] as string).slice(0, max) : undefined);
    const filter = { actor: text('actor', 100), action: text('action', 60), target: text('target', 300), from: text('from', 40), to: text('to', 40) };
    const page = Math.max(1, Math.min(100_000, Number.parseInt(String(q.page ?? '1'), 10) || 1));
    let problem = '';
    let window: { from?: Date; to?: Date } = {};
    try {
      const valid = (s: string | undefined) => s === undefined || !Number.isNaN(Date.parse(s));
      if (!valid(filter.from) || !valid(filter.to)) throw new HttpError(400, 'Dates must be YYYY-MM-DD.');
      window = auditWindow(filter);
    } catch (err) {
      if (!(err instanceof HttpError || err instanceof DomainError)) throw err;
      problem = err.message;
    }
    const action = filter.action && (AUDIT_ACTIONS as readonly string[]).includes(filter.action) ? filter.action : undefined;
    // Older and newer pages continue from a row id (a page number is read too: links kept from before).
    const rowId = (k: string) => (typeof q[k] === 'string' && AUDIT_ROW_ID.test(q[k] as string) ? q[k] as string : undefined);
    const cursor = { before: rowId('before'), after: rowId('before') === undefined ? rowId('after') : undefined };
    const found = await queryAudit(db, {
      actor: filter.actor, action, target: filter.target, ...window, limit: AUDIT_PAGE, offset: (page - 1) * AUDIT_PAGE, ...cursor,
    });
    const link = (to: Record<string, string>) =>
      `/admin/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Record<string, string>, ...to })}`;
    return send(reply, problem ? 400 : 200, renderAuthPage(request, 'audit', {
      title: 'Audit trail', csrfToken: csrfTokenFor(request), nav: navFor(request, '/admin/audit'),
      filter, actions: AUDIT_ACTIONS, rows: found.items, total: found.total, totalExact: found.totalExact, totalText: found.total.toLocaleString('en-GB'), problem,
      pager: found.newer !== null || found.older !== null
        ? { previous: found.newer === null ? null : link({ after: found.newer }), next: found.older === null ? null : link({ before: found.older }) }
        : null,
    }));
  });
}
