import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey } from '../../../src/auth/access-rules.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { countRows } from '../../support/database.js';
import { FORM, form } from './helpers.js';

/**
 * Issue 18, point 1: the audit records only what happened, by whom. Every state-changing route is
 * tried anonymously — as a browser form (which the access rules answer with a redirect to the
 * sign-in page) and as JSON (401) — and by a signed-in person the route refuses (403): not one
 * audit row, not one record changed.
 */

let t: TestAppWithAuth;
const EXISTING: Record<string, string> = {
  incidents: 'kz-2018-03-13-almaty-detentions', persons: 'p-kz-0001', sources: 's-kibhr-interview-2018-03',
};

beforeAll(async () => {
  t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', GENERATE_RATE_LIMIT_PER_MINUTE: '1000' }, { actor: null });
  await loadDemoData(t.database.db);
  const recs = await t.database.db.selectFrom('recommendations').select('key').limit(1).execute();
  const orgs = await t.database.db.selectFrom('organisations').select('key').limit(1).execute();
  EXISTING.recommendations = recs[0]!.key;
  EXISTING.organisations = orgs[0]!.key;
});
afterAll(async () => t?.close());

const auditRows = async () => Number((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

/** Every state-changing route the app registers, with its parameters filled with real keys. */
function stateChangingRoutes(): Array<{ route: string; path: string }> {
  const keys = [...new Set(t.app.routeCatalog.map((r) => routeKey(r.method, r.url)))].filter((k) => !k.startsWith('GET '));
  return keys
    // Sign-in is for anonymous callers; its failures are audited by design (auth.login_failed).
    .filter((k) => k !== 'POST /login' && k !== 'POST /logout')
    .map((route) => {
      const url = route.slice(route.indexOf(' ') + 1);
      const collection = /^\/(?:api\/v1\/)?(incidents|persons|sources|organisations|recommendations)\//.exec(url)?.[1];
      const path = url
        .replace(':key', collection ? EXISTING[collection]! : 'x')
        .replace(':id', '00000000-0000-4000-8000-000000000000')
        .replace(':name', 'admin')
        .replace(':kind', 'urgent-appeal');
      return { route, path };
    });
}

describe('the audit trail on refused requests', () => {
  it('writes no row and changes nothing when every state-changing route is tried anonymously', async () => {
    const routes = stateChangingRoutes();
    expect(routes.length).toBeGreaterThan(25);
    const before = { audit: await auditRows(), records: await countRows(t.database) };
    const answers: string[] = [];
    for (const { route, path } of routes) {
      const method = route.slice(0, route.indexOf(' ')) as 'POST';
      const asForm = await t.app.inject({
        method, url: path, headers: { ...FORM, accept: 'text/html' },
        payload: form({ title: 'changed', name: 'changed', summary: 'changed', _csrf: 'x' }),
      });
      const asJson = await t.app.inject({ method, url: path, payload: { title: 'changed' } });
      answers.push(`${route} ${asForm.statusCode} ${asJson.statusCode}`);
      expect([302, 303, 401], `${route} as a form`).toContain(asForm.statusCode);
      expect(asJson.statusCode, `${route} as JSON`).toBe(401);
    }
    expect(await auditRows(), answers.join('\n')).toBe(before.audit);
    expect(await countRows(t.database)).toEqual(before.records);
  });

  it('writes no row for a signed-in person whom the route refuses', async () => {
    const lawyer = await t.authenticate('lawyer');
    const before = await auditRows();
    for (const path of ['/persons/p-kz-0001', '/persons', '/bundles', '/demo-data']) {
      const res = await t.app.inject({ method: 'POST', url: path, headers: { ...lawyer, ...FORM, accept: 'text/html' }, payload: form({ name: 'x' }) });
      expect(res.statusCode, path).toBe(403);
    }
    const api = await t.app.inject({ method: 'PUT', url: '/api/v1/persons/p-kz-0001', headers: lawyer, payload: {} });
    expect(api.statusCode).toBe(403);
    expect(await auditRows()).toBe(before);
  });
});
