import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/auth/passwords.js';
import { insertUser } from '../../../src/auth/users.repository.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { isSameOriginPath, redirectTargets } from '../../support/redirects.js';
import { FORM, form, setCookies } from './helpers.js';

/**
 * Issue 18, point 2, at the edge: whatever `next` the sign-in page is given (query or form), the
 * page answers below 500 and the Location after signing in is a same-origin path.
 */

const PASSWORD = 'redirect test passphrase 7391';
let t: TestAppWithAuth;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '10000' }, { actor: null });
  await insertUser(t.database.db, { name: 'redirects', role: 'staff', passwordHash: await hashPassword(PASSWORD), createdBy: 'test' });
});
afterAll(async () => t?.close());

const unescapeHtml = (s: string) => s.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
  .replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

let address = 0;
async function signInWith(next: string) {
  const remoteAddress = `10.18.${(++address >> 8) & 255}.${address & 255}`;
  const page = await t.app.inject({ url: '/login', remoteAddress });
  const csrf = setCookies(page).get('login_csrf')!.value;
  return t.app.inject({
    method: 'POST', url: '/login', remoteAddress,
    headers: { ...FORM, cookie: `login_csrf=${csrf}` },
    payload: form({ username: 'redirects', password: PASSWORD, _csrf: csrf, next }),
  });
}

describe('the sign-in redirect', () => {
  it('answers the issue\'s examples with "/" and no 5xx', async () => {
    for (const next of ['/\t/evil.example', '/\u3000/x', '//evil.example', '/\\evil.example', '/%2F%2Fevil.example']) {
      const res = await signInWith(next);
      expect(res.statusCode, JSON.stringify(next)).toBe(303);
      expect(res.headers.location).toBe('/');
    }
    for (const query of ['next=/%09/evil.example', 'next=/%E3%80%80/x', 'next=%2F%2Fevil.example', 'next=/%5Cevil']) {
      const page = await t.app.inject({ url: `/login?${query}` });
      expect(page.statusCode, query).toBe(200);
      expect(page.body).toContain('name="next" value="/"');
    }
    const fine = await signInWith('/persons?saved=1');
    expect(fine.headers.location).toBe('/persons?saved=1');
  });

  it('never answers 5xx and always redirects to a same-origin path (property, form and query)', async () => {
    await fc.assert(fc.asyncProperty(redirectTargets, async (next) => {
      const page = await t.app.inject({ url: `/login?next=${encodeURIComponent(next)}` });
      expect(page.statusCode).toBe(200);
      const shown = /name="next" value="([^"]*)"/.exec(page.body)?.[1];
      expect(shown).toBeDefined();
      expect(isSameOriginPath(unescapeHtml(shown!)), JSON.stringify({ next, shown })).toBe(true);
      const res = await signInWith(next);
      expect(res.statusCode, JSON.stringify(next)).toBe(303);
      expect(isSameOriginPath(String(res.headers.location)), JSON.stringify({ next, location: res.headers.location })).toBe(true);
    }), { numRuns: 60, seed: 1818 });
  });
});
