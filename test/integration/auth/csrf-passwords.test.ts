import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/auth/passwords.js';
import { insertUser } from '../../../src/auth/users.repository.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { countRows } from '../../support/database.js';
import { FORM, form, setCookies, signIn } from './helpers.js';

/**
 * Issue 18, point 5: the staff forms' CSRF tokens are bound to the session; weak passwords are
 * refused wherever a password is set; the service refuses to start on PostgreSQL without
 * COOKIE_SECRET.
 */

let t: TestAppWithAuth;
const PASSWORD = 'csrf binding passphrase 4471';
beforeAll(async () => {
  t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }, { actor: null });
  for (const name of ['alma', 'bota']) {
    await insertUser(t.database.db, { name, role: 'staff', passwordHash: await hashPassword(PASSWORD), createdBy: 'test' });
  }
});
afterAll(async () => t?.close());

/** A staff form as a signed-in browser holds it: session cookie, CSRF cookie, token. */
async function openForm(session: string) {
  const page = await t.app.inject({ url: '/sources/new', headers: { cookie: session, accept: 'text/html' } });
  expect(page.statusCode).toBe(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const csrfCookie = `_csrf=${encodeURIComponent(setCookies(page).get('_csrf')!.value)}`;
  return { token, csrfCookie };
}

const source = (title: string) => ({ title, type: 'monitoring', reliability: 'B', author: 'Field desk' });

describe('CSRF tokens bound to the session', () => {
  it("refuses another person's token and CSRF cookie; accepts one's own", async () => {
    const alma = (await signIn(t.app, 'alma', PASSWORD)).cookie!;
    const bota = (await signIn(t.app, 'bota', PASSWORD)).cookie!;
    const almas = await openForm(alma);
    const before = (await countRows(t.database)).sources!;
    // Bota's browser sends Alma's token and Alma's CSRF cookie with Bota's session.
    const stolen = await t.app.inject({
      method: 'POST', url: '/sources', headers: { ...FORM, accept: 'text/html', cookie: `${bota}; ${almas.csrfCookie}` },
      payload: form({ ...source('Stolen token'), _csrf: almas.token }),
    });
    expect(stolen.statusCode).toBe(403);
    expect((await countRows(t.database)).sources).toBe(before);

    const own = await t.app.inject({
      method: 'POST', url: '/sources', headers: { ...FORM, accept: 'text/html', cookie: `${alma}; ${almas.csrfCookie}` },
      payload: form({ ...source('Own token'), _csrf: almas.token }),
    });
    expect(own.statusCode, own.body.slice(0, 300)).toBe(303);
    expect((await countRows(t.database)).sources).toBe(before + 1);
  });

  it('refuses a token from an earlier session of the same person (signed out and in again)', async () => {
    const first = (await signIn(t.app, 'alma', PASSWORD)).cookie!;
    const old = await openForm(first);
    const second = (await signIn(t.app, 'alma', PASSWORD)).cookie!;
    const res = await t.app.inject({
      method: 'POST', url: '/sources', headers: { ...FORM, accept: 'text/html', cookie: `${second}; ${old.csrfCookie}` },
      payload: form({ ...source('Old session'), _csrf: old.token }),
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('the password rule', () => {
  it('refuses 12 spaces, password1234 and aaaaaaaaaaaa when an admin sets a password, and a strong one passes', async () => {
    const admin = await t.authenticate('admin');
    for (const password of [' '.repeat(12), 'password1234', 'aaaaaaaaaaaa']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin, payload: { name: 'weakling', role: 'staff', password } });
      expect(res.statusCode, JSON.stringify(password)).toBe(422);
      expect(res.json().problems[0].path).toBe('/password');
    }
    const named = await t.app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin, payload: { name: 'kairat-serikbayev', role: 'staff', password: 'kairat-serikbayev' } });
    expect(named.statusCode).toBe(422);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin, payload: { name: 'strong', role: 'staff', password: 'Ainur owns three blue kettles' } });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses a weak new password on the change-password page', async () => {
    const alma = (await signIn(t.app, 'alma', PASSWORD)).cookie!;
    const page = await t.app.inject({ url: '/account/password', headers: { cookie: alma } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await t.app.inject({
      method: 'POST', url: '/account/password', headers: { ...FORM, cookie: alma },
      payload: form({ _csrf: csrf, current: PASSWORD, password: 'password1234' }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/common or breached|too easy to guess/);
    expect((await signIn(t.app, 'alma', PASSWORD)).res.statusCode).toBe(303);
  });
});

describe('starting on PostgreSQL', () => {
  const run = promisify(execFile);
  const start = (env: Record<string, string>) => {
    const base = { ...process.env };
    delete base.COOKIE_SECRET;
    delete base.ADMIN_PASSWORD;
    return run(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { ...base, ...env } }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
  };

  it('refuses to start without COOKIE_SECRET, or with a weak ADMIN_PASSWORD, in one clear line', async () => {
    const noSecret = await start({ DATABASE_URL: 'postgres://127.0.0.1:1/none' });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr.trim().split('\n')).toHaveLength(1);
    expect(noSecret.stderr).toMatch(/^Invalid configuration — COOKIE_SECRET: required when DATABASE_URL is set/);
    const weak = await start({ DATABASE_URL: 'postgres://127.0.0.1:1/none', COOKIE_SECRET: 'k'.repeat(40), ADMIN_PASSWORD: 'password1234' });
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim().split('\n')).toHaveLength(1);
    expect(weak.stderr).toMatch(/^Invalid configuration — ADMIN_PASSWORD: /);
  });
});
