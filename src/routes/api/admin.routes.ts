import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createUserAccount, issueApiKey, revokeKey, updateUserAccount } from '../../auth/accounts.service.js';
import { listApiKeys, type ApiKeySummary } from '../../auth/api-keys.repository.js';
import { auditContextOf } from '../../auth/audit-context.js';
import { SCOPES, USER_ROLES } from '../../auth/roles.js';
import { listUsers, type UserSummary } from '../../auth/users.repository.js';
import { HttpError } from '../../http/errors.js';
import { ProblemsResponse } from './schemas/common.schemas.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const User = z.object({
  name: z.string(),
  role: z.enum(USER_ROLES),
  disabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  passwordChangedAt: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
const userJson = (u: UserSummary): z.infer<typeof User> => ({
  name: u.name, role: u.role as z.infer<typeof User>['role'], disabled: u.disabled_at !== null, lastLoginAt: iso(u.last_login_at),
  passwordChangedAt: iso(u.password_changed_at)!, createdBy: u.created_by, createdAt: iso(u.created_at)!,
});

const ApiKey = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to recognise it'),
  scopes: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});
const keyJson = (k: ApiKeySummary): z.infer<typeof ApiKey> => ({
  id: k.id, name: k.name, prefix: k.prefix, scopes: k.scopes, createdBy: k.created_by, createdAt: iso(k.created_at)!,
  lastUsedAt: iso(k.last_used_at), revokedAt: iso(k.revoked_at), revokedBy: k.revoked_by,
});

const Password = z.string().min(12, 'must be at least 12 characters').max(256, 'must be at most 256 characters');
const Name = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'must be 2–63 characters: lower-case letters, digits, dot, dash or underscore').meta({ maxLength: 63 });


/** People and API keys, for admins. Secrets (first passwords, keys) appear once, in the 201. */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const tags = ['admin'];

  r.get('/admin/users', {
    schema: { tags, summary: 'List user accounts', response: { 200: z.object({ items: z.array(User) }) } },
  }, async () => ({ items: (await listUsers(db)).map(userJson) }));

  r.post('/admin/users', {
    schema: {
      tags,
      summary: 'Create a user account',
      description: 'Without `password`, a random one is generated and returned once as `password`.',
      body: z.strictObject({ name: Name, role: z.enum(USER_ROLES), password: Password.optional() }),
      response: { 201: z.object({ user: User, password: z.string().nullable() }), 409: ProblemsResponse, 422: ProblemsResponse },
    },
  }, async (request, reply) => {
    const { user, generatedPassword } = await createUserAccount(db, auditContextOf(request), request.body);
    return reply.code(201).send({ user: userJson(user), password: generatedPassword });
  });

  r.patch('/admin/users/:name', {
    schema: {
      tags,
      summary: 'Change a user\'s role, disable or enable it, or set a new password',
      description: 'Disabling or a new password ends the user\'s sessions.',
      params: z.strictObject({ name: Name }),
      body: z.strictObject({ role: z.enum(USER_ROLES).optional(), disabled: z.boolean().optional(), password: Password.optional() }),
      response: { 200: User, 404: ProblemsResponse, 409: ProblemsResponse },
    },
  }, async (request) => userJson(await updateUserAccount(db, auditContextOf(request), request.params.name, request.body)));

  r.get('/admin/api-keys', {
    schema: { tags, summary: 'List API keys (never the keys themselves)', response: { 200: z.object({ items: z.array(ApiKey) }) } },
  }, async () => ({ items: (await listApiKeys(db)).map(keyJson) }));

  r.post('/admin/api-keys', {
    schema: {
      tags,
      summary: 'Create an API key',
      description: `The key is in the answer once; only its hash is stored. Scopes: ${SCOPES.join(', ')}. `
        + 'records:write needs identities:read as well (every write requires both): without it, 422 at /scopes and no key is created.',
      body: z.strictObject({ name: Name, scopes: z.array(z.enum(SCOPES)).min(1, 'must name at least one scope').max(SCOPES.length) }),
      response: { 201: ApiKey.extend({ key: z.string().describe('Send as Authorization: Bearer <key>. Shown once.') }), 409: ProblemsResponse, 422: ProblemsResponse },
    },
  }, async (request, reply) => {
    const { key, summary } = await issueApiKey(db, auditContextOf(request), request.body);
    return reply.code(201).header('cache-control', 'no-store').send({ ...keyJson(summary), key });
  });

  r.delete('/admin/api-keys/:id', {
    schema: {
      tags,
      summary: 'Revoke an API key (it gets 401 from then on)',
      params: z.strictObject({ id: z.coerce.number().int().min(1).max(2_147_483_647) }),
      response: { 200: ApiKey, 404: ProblemsResponse },
    },
  }, async (request) => keyJson(await revokeKey(db, auditContextOf(request), request.params.id)));
}
