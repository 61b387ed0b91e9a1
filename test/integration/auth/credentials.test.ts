import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { ensureInitialAdmin } from '../../../src/auth/accounts.service.js';
import { sha256Hex } from '../../../src/auth/tokens.js';
import { loadConfig } from '../../../src/config/config.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { createTestDatabase } from '../../support/database.js';
import { FORM, form, setCookies, signIn } from './helpers.js';

const ADMIN_PASSWORD = 'correct horse battery staple';
let t: TestAppWithAuth;
const db = () => t.database.db;

beforeAll(async () => {
  // Real authentication only: a request without credentials is anonymous, as in production.
  t = await createTestApp({ ADMIN_PASSWORD, LOGIN_RATE_LIMIT_PER_MINUTE: '5' }, { actor: null });
});
afterAll(async () => t?.close());

describe('first start', () => {
  it('creates an admin with the password from ADMIN_PASSWORD, and no other account', async () => {
    const users = await db().selectFrom('users').select(['name', 'role']).execute();
    expect(users).toEqual([{ name: 'admin', role: 'admin' }]);
    const { res, cookie } = await signIn(t.app, 'admin', ADMIN_PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(cookie).not.toBeNull();
  });

  it('without ADMIN_PASSWORD makes a random password, shown once in the log, that signs in; a restart prints nothing', async () => {
    const lines: string[] = [];
    const logger = { level: 'info', stream: { write: (l: string) => void lines.push(l) } } as never;
    const config = loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '0' });
    const database = await createTestDatabase();
    try {
      const first = await buildApp({ config, database, logger });
      await first.ready();
      const shown = lines.map((l) => JSON.parse(l)).filter((l) => l.initialPassword);
      expect(shown).toHaveLength(1);
      const password: string = shown[0].initialPassword;
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect((await signIn(first, 'admin', password)).res.statusCode).toBe(303);
      const stored = await database.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
      expect(stored.password_hash).not.toContain(password);
      await first.close();
      // A restart creates and prints nothing.
      const again = await buildApp({ config, database, logger });
      await again.ready();
      await again.close();
      expect(lines.map((l) => JSON.parse(l)).filter((l) => l.initialPassword)).toHaveLength(1);
      // Another installation gets another password: nothing is fixed.
      expect((await ensureInitialAdmin(db(), undefined))).toBeNull();
      const other = await createTestDatabase();
      try {
        const created = await ensureInitialAdmin(other.db, undefined);
        expect(created?.password).toMatch(/^\S{20,}$/);
        expect(created?.password).not.toBe(password);
      } finally {
        await other.close();
      }
    } finally {
      await database.close();
    }
  });
});

describe('sign-in and sessions', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie that expires, not Secure over plain HTTP, and redirects to next', async () => {
    const { res } = await signIn(t.app, 'admin', ADMIN_PASSWORD, { next: '/admin/audit' });
    expect(res.headers.location).toBe('/admin/audit');
    const sid = setCookies(res).get('sid')!;
    expect(sid.attributes).toContain('HttpOnly');
    expect(sid.attributes).toContain('SameSite=Lax');
    expect(sid.attributes).toContain('Path=/');
    expect(sid.attributes.some((a) => /^Max-Age=\d+$/.test(a))).toBe(true);
    expect(sid.attributes).not.toContain('Secure');
  });

  it('marks the cookie Secure behind TLS (a trusted proxy saying https)', async () => {
    const behindProxy = await createTestApp({ ADMIN_PASSWORD, TRUST_PROXY: 'true' }, { actor: null });
    try {
      const { res } = await signIn(behindProxy.app, 'admin', ADMIN_PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.statusCode).toBe(303);
      expect(setCookies(res).get('sid')!.attributes).toContain('Secure');
    } finally {
      await behindProxy.close();
    }
  });

  it('ignores X-Forwarded-Proto when TRUST_PROXY is off (the default)', async () => {
    const { res } = await signIn(t.app, 'admin', ADMIN_PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
    expect(setCookies(res).get('sid')!.attributes).not.toContain('Secure');
  });

  it('refuses a next address on another site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { res } = await signIn(t.app, 'admin', ADMIN_PASSWORD, { next });
      expect(res.headers.location).toBe('/');
    }
  });

  it('refuses a sign-in form without its CSRF cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ username: 'admin', password: ADMIN_PASSWORD, _csrf: 'x'.repeat(43) }) });
    expect(res.statusCode).toBe(403);
    expect(setCookies(res).has('sid')).toBe(false);
  });

  it('gives the same answer for an unknown name and a wrong password', async () => {
    const a = await signIn(t.app, 'nobody-here', 'whatever whatever');
    const b = await signIn(t.app, 'admin', 'wrong password here');
    expect(a.res.statusCode).toBe(401);
    expect(b.res.statusCode).toBe(401);
    expect(a.cookie).toBeNull();
    const message = (body: string) => /The user name or password is not right/.test(body);
    expect(message(a.res.body) && message(b.res.body)).toBe(true);
  });

  it('ends the session on sign-out: the same cookie no longer works', async () => {
    const { cookie } = await signIn(t.app, 'admin', ADMIN_PASSWORD);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: cookie! } })).json()).toMatchObject({ kind: 'user', name: 'admin', role: 'admin' });
    const out = await t.app.inject({ method: 'POST', url: '/logout', headers: { cookie: cookie! } });
    expect(out.statusCode).toBe(303);
    expect(setCookies(out).get('sid')!.value).toBe('');
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: cookie! } })).statusCode).toBe(401);
  });

  it('ends a session after the idle time and at its absolute end', async () => {
    const idle = await signIn(t.app, 'admin', ADMIN_PASSWORD);
    const absolute = await signIn(t.app, 'admin', ADMIN_PASSWORD);
    const hash = (cookie: string) => sha256Hex(cookie.replace(/^sid=/, ''));
    // Move the clock of each session instead of waiting.
    await db().updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 121 * 60_000) }).where('token_hash', '=', hash(idle.cookie!)).execute();
    await db().updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', hash(absolute.cookie!)).execute();
    for (const cookie of [idle.cookie!, absolute.cookie!]) {
      const res = await t.app.inject({ url: '/admin', headers: { cookie, accept: 'text/html' } });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/login?next=%2Fadmin');
    }
  });

  it('rate-limits sign-in per address and user name, and audits the failures', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: await t.authenticate('admin'), payload: { name: 'limited', role: 'staff', password: 'a long enough password' } });
    const statuses: number[] = [];
    const remoteAddress = '192.0.2.7';
    for (let i = 0; i < 7; i++) statuses.push((await signIn(t.app, 'limited', `wrong password ${i}`, { remoteAddress })).res.statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // A forged X-Forwarded-For does not make a new address (TRUST_PROXY is off by default).
    const forged = await signIn(t.app, 'limited', 'wrong again', { remoteAddress, headers: { 'x-forwarded-for': '203.0.113.99' } });
    expect(forged.res.statusCode).toBe(429);
    // Even the right password waits now.
    const right = await signIn(t.app, 'limited', 'a long enough password', { remoteAddress });
    expect(right.res.statusCode).toBe(429);
    expect(Number(right.res.headers['retry-after'])).toBeGreaterThan(0);
    // Another name from the same address is not blocked by this one.
    expect((await signIn(t.app, 'admin', ADMIN_PASSWORD, { remoteAddress })).res.statusCode).toBe(303);
    // …and the same name from another address neither.
    expect((await signIn(t.app, 'limited', 'a long enough password')).res.statusCode).toBe(303);
    const failures = await db().selectFrom('audit_log').selectAll().where('action', '=', 'auth.login_failed').where('target', '=', 'user:limited').execute();
    expect(failures).toHaveLength(5);
    expect(failures[0]).toMatchObject({ actor: 'anonymous', actor_type: 'anonymous', ip: remoteAddress });
  });

  it('a disabled account cannot sign in, and its open sessions end', async () => {
    const admin = await t.authenticate('admin');
    await t.app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin, payload: { name: 'leaver', role: 'lawyer', password: 'leaver password 1' } });
    const { cookie } = await signIn(t.app, 'leaver', 'leaver password 1');
    expect((await t.app.inject({ url: '/api/v1/documents', headers: { cookie: cookie! } })).statusCode).toBe(200);
    const off = await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/users/leaver', headers: admin, payload: { disabled: true } });
    expect(off.json()).toMatchObject({ name: 'leaver', disabled: true });
    expect((await t.app.inject({ url: '/api/v1/documents', headers: { cookie: cookie! } })).statusCode).toBe(401);
    expect((await signIn(t.app, 'leaver', 'leaver password 1')).res.statusCode).toBe(401);
  });
});

describe('secrets at rest', () => {
  it('stores passwords only as argon2id hashes with at least OWASP\'s minimum cost', async () => {
    const rows = await db().selectFrom('users').select(['name', 'password_hash']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const m = /^\$argon2id\$v=19\$([a-z=\d,]+)\$/.exec(row.password_hash);
      expect(m, row.password_hash.slice(0, 30)).not.toBeNull();
      const params = Object.fromEntries(m![1]!.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
      expect(params.m).toBeGreaterThanOrEqual(19_456);
      expect(params.t).toBeGreaterThanOrEqual(2);
      expect(params.p).toBeGreaterThanOrEqual(1);
      expect(row.password_hash).not.toContain(ADMIN_PASSWORD);
    }
    // Nothing anywhere in the auth tables holds the clear password.
    const dump = JSON.stringify(await sql`select * from users`.execute(t.database.db));
    expect(dump).not.toContain(ADMIN_PASSWORD);
  });

  it('stores sessions only as the token\'s sha256', async () => {
    const { cookie } = await signIn(t.app, 'admin', ADMIN_PASSWORD);
    const token = cookie!.replace(/^sid=/, '');
    const dump = JSON.stringify((await sql`select * from sessions`.execute(t.database.db)).rows);
    expect(dump).not.toContain(token);
    expect(dump).toContain(sha256Hex(token));
  });

  it('shows an API key once, stores only its hash, and refuses it after revocation (401)', async () => {
    const admin = await t.authenticate('admin');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/admin/api-keys', headers: admin, payload: { name: 'monitoring-db', scopes: ['records:read'] } });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^adk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);

    const dump = JSON.stringify((await sql`select * from api_keys`.execute(t.database.db)).rows);
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(key.slice(prefix.length));
    expect(dump).toContain(sha256Hex(key));
    const listed = (await t.app.inject({ url: '/api/v1/admin/api-keys', headers: admin })).body;
    expect(listed).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    expect((await t.app.inject({ url: '/api/v1/incidents', headers: bearer })).statusCode).toBe(200);
    const used = await db().selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();

    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/api-keys/${id}`, headers: admin })).statusCode).toBe(200);
    const refused = await t.app.inject({ url: '/api/v1/incidents', headers: bearer });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/api-keys/${id}`, headers: admin })).statusCode).toBe(404);
  });

  it('answers 401 with WWW-Authenticate to an unknown key, a malformed header and no credentials', async () => {
    for (const headers of [{ authorization: `Bearer adk_${'A'.repeat(43)}` }, { authorization: 'Basic YWRtaW46YWRtaW4=' }, { authorization: 'Bearer' }, {}]) {
      const res = await t.app.inject({ url: '/api/v1/persons', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="advocacy-docs"');
      expect(res.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    }
  });

  it('sends browsers without a session to the sign-in page, with where they were going', async () => {
    const res = await t.app.inject({ url: '/persons?q=x', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/persons?q=x')}`);
  });

  it('gives anonymous callers nothing but health: unknown paths get 401 too, not 404', async () => {
    expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/no/such/path' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/openapi.json' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/no/such/path', headers: await t.authenticate('staff') })).statusCode).toBe(404);
  });

  it('refuses a state change carried by the session cookie from another site', async () => {
    const staff = await t.authenticate('staff');
    const body = { key: 'org-cross-site', name: 'Cross-site test' };
    const cross = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { ...staff, origin: 'https://evil.example' }, payload: body });
    expect(cross.statusCode).toBe(403);
    const same = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { ...staff, origin: 'http://localhost:80', host: 'localhost:80' }, payload: body });
    expect(same.statusCode).toBe(201);
  });
});
