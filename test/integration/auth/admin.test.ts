import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { openDatabase } from '../../../src/db/database.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { createTestDatabase } from '../../support/database.js';
import { FORM, form, signIn } from './helpers.js';

let t: TestAppWithAuth;
let adminCookie: string;
const ADMIN_PASSWORD = 'admin pages password';

const csrfOf = (html: string) => /<form[^>]*action="\/admin\/users"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const page = (url: string, cookie = adminCookie) => t.app.inject({ url, headers: { cookie, accept: 'text/html' } });
const post = (url: string, fields: Record<string, string | string[]>, cookie = adminCookie) =>
  t.app.inject({ method: 'POST', url, headers: { ...FORM, cookie, accept: 'text/html' }, payload: form(fields) });
const shownSecret = (html: string) => /<code class="hash">([^<]+)<\/code>/.exec(html)?.[1];

beforeAll(async () => {
  t = await createTestApp({ ADMIN_PASSWORD }, { actor: null });
  adminCookie = (await signIn(t.app, 'admin', ADMIN_PASSWORD)).cookie!;
});
afterAll(async () => t?.close());

describe('admin pages', () => {
  it('create an account whose first password is shown once and works', async () => {
    const csrf = csrfOf((await page('/admin')).body);
    expect(csrf).not.toBe('');
    const created = await post('/admin/users', { _csrf: csrf, name: 'nurlan', role: 'lawyer' });
    expect(created.statusCode).toBe(201);
    const password = shownSecret(created.body)!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await page('/admin')).body).not.toContain(password);
    const { res, cookie } = await signIn(t.app, 'nurlan', password);
    expect(res.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: cookie! } })).json()).toMatchObject({ name: 'nurlan', role: 'lawyer' });
  });

  it('create an API key shown once, that works as a bearer token until revoked on the page', async () => {
    const csrf = csrfOf((await page('/admin')).body);
    const created = await post('/admin/api-keys', { _csrf: csrf, name: 'monitoring', scopes: ['records:read', 'documents:read'] });
    expect(created.statusCode).toBe(201);
    const key = shownSecret(created.body)!;
    expect(key).toMatch(/^adk_/);
    const listing = (await page('/admin')).body;
    expect(listing).not.toContain(key);
    expect(listing).toContain(`<code>${key.slice(0, 10)}…</code>`);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${key}` } })).json())
      .toMatchObject({ kind: 'api_key', name: 'monitoring', scopes: ['records:read', 'documents:read'], seesRealNames: false });

    const id = /action="\/admin\/api-keys\/(\d+)\/revoke"/.exec(listing)![1];
    const revoked = await post(`/admin/api-keys/${id}/revoke`, { _csrf: csrf });
    expect(revoked.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401);
    expect((await page('/admin')).body).toMatch(/revoked \d{4}-\d{2}-\d{2}/);
  });

  it('refuse forms without this session\'s CSRF token, and change nothing', async () => {
    const before = await t.database.db.selectFrom('api_keys').select('id').execute();
    const res = await post('/admin/api-keys', { _csrf: 'forged', name: 'forged', scopes: ['records:read'] });
    expect(res.statusCode).toBe(403);
    expect(await t.database.db.selectFrom('api_keys').select('id').execute()).toEqual(before);
    // Another admin's token is not this admin's.
    const other = (await t.authenticate('admin')).cookie!;
    const otherCsrf = csrfOf((await page('/admin', other)).body);
    expect((await post('/admin/users', { _csrf: otherCsrf, name: 'sneaky', role: 'admin' })).statusCode).toBe(403);
  });

  it('are refused to staff and lawyers', async () => {
    for (const role of ['staff', 'lawyer'] as const) {
      const res = await page('/admin', (await t.authenticate(role)).cookie!);
      expect(res.statusCode).toBe(403);
      expect(res.body).toMatch(/needs the role admin/);
    }
  });
});

describe('accounts', () => {
  it('a person changes their own password; other sessions of theirs end', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: { cookie: adminCookie }, payload: { name: 'aigerim', role: 'staff', password: 'first password 1' } });
    const laptop = (await signIn(t.app, 'aigerim', 'first password 1')).cookie!;
    const phone = (await signIn(t.app, 'aigerim', 'first password 1')).cookie!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await page('/account/password', laptop)).body)![1]!;
    const weak = await post('/account/password', { _csrf: csrf, current: 'first password 1', password: 'short' }, laptop);
    expect(weak.statusCode).toBe(422);
    const changed = await post('/account/password', { _csrf: csrf, current: 'first password 1', password: 'second password 2' }, laptop);
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('Your password was changed');
    expect((await page('/account/password', phone)).statusCode).toBe(302);
    expect((await signIn(t.app, 'aigerim', 'first password 1')).res.statusCode).toBe(401);
    expect((await signIn(t.app, 'aigerim', 'second password 2')).res.statusCode).toBe(303);
  });

  it('the API creates accounts with a generated password, changes roles, and will not let an admin lock themselves out', async () => {
    const admin = { cookie: adminCookie };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin, payload: { name: 'marat', role: 'staff' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().password).toMatch(/^\S{20,}$/);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/users/marat', headers: admin, payload: { role: 'lawyer' } })).json()).toMatchObject({ role: 'lawyer' });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin, payload: { name: 'marat', role: 'staff' } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin, payload: { name: 'Bad Name', role: 'staff' } })).statusCode).toBe(422);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin, payload: { name: 'shorty', role: 'staff', password: 'short' } })).statusCode).toBe(422);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/users/admin', headers: admin, payload: { disabled: true } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/users/admin', headers: admin, payload: { role: 'staff' } })).statusCode).toBe(409);
    const users = (await t.app.inject({ url: '/api/v1/admin/users', headers: admin })).json().items;
    expect(JSON.stringify(users)).not.toMatch(/argon2|password_hash/);
  });
});

describe('npm run api-key', () => {
  it('creates a key in the configured database, prints it once on stdout, and audits it', async () => {
    // The configured database: on PostgreSQL an empty test database (the CLI migrates it), else a new PGlite folder.
    const postgres = process.env.TEST_DATABASE_URL ? await createTestDatabase({ migrated: false }) : null;
    const dir = await mkdtemp(join(tmpdir(), 'api-key-cli-'));
    try {
      const env = { ...process.env, DATA_DIR: dir, DEMO_DATA: 'off', DATABASE_URL: postgres?.url ?? '' };
      // node with tsx's loader, as `npm run api-key` runs it, without npx and the tsx CLI's extra processes.
      const cli = (...args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/create-api-key.ts', ...args], { env });
      const [created, refused] = await Promise.all([
        cli('--name', 'case-system', '--scope', 'records:write', '--scope', 'identities:read', '--scope', 'documents:read'),
        cli('--name', 'x', '--scope', 'everything').catch((e: { code: number; stderr: string }) => e),
      ]);
      const key = created.stdout.trim();
      expect(key).toMatch(/^adk_[A-Za-z0-9_-]{43}$/);
      expect((refused as { code: number }).code).toBe(2);
      expect((refused as { stderr: string }).stderr).toMatch(/Unknown scope\(s\): everything/);

      const database = postgres ?? (await openDatabase({ dataDir: dir }));
      const app = await buildApp({ config: loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '0' }), database });
      try {
        await app.ready();
        const me = await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${key}` } });
        expect(me.json()).toMatchObject({ kind: 'api_key', name: 'case-system', scopes: ['records:write', 'identities:read', 'documents:read'] });
        const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'api_key.created').execute();
        expect(audit).toMatchObject([{ target: 'api_key:case-system', actor_type: 'system' }]);
        expect(audit[0]!.actor).toMatch(/^cli:/);
      } finally {
        await app.close();
        if (!postgres) await database.close();
      }
    } finally {
      await postgres?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
