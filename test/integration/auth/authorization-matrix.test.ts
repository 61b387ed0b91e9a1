import { createHmac, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_RULES, routeKey } from '../../../src/auth/access-rules.js';
import { installAuth } from '../../../src/auth/auth.plugin.js';
import { hashPassword } from '../../../src/auth/passwords.js';
import { SCOPES, type Scope } from '../../../src/auth/roles.js';
import { insertUser } from '../../../src/auth/users.repository.js';
import { loadConfig } from '../../../src/config/config.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { createTestDatabase } from '../../support/database.js';
import { FORM, form, setCookies } from './helpers.js';

/**
 * Every route the app registers × every kind of caller → allowed or refused, against the policy
 * written out below (independently of src/auth/access-rules.ts). A route the policy does not list
 * fails the test: adding a route means deciding who may use it, here and in the access rules.
 *
 * "Refused" is 401 or 403, or a redirect to the sign-in page. "Allowed" is anything else below
 * 500 — a 404 or 422 for a made-up key or an empty body still shows the caller got through.
 */

type Who = 'anonymous' | 'admin' | 'staff' | 'lawyer' | Scope;
const PEOPLE = ['admin', 'staff', 'lawyer'] as const;
const KEYS = SCOPES;
const EVERYONE: Who[] = ['anonymous', ...PEOPLE, ...KEYS];
const SIGNED_IN: Who[] = [...PEOPLE, ...KEYS];

const readRecords: Who[] = [...PEOPLE, 'records:read'];
// A key writes with records:write AND identities:read (a name written and read back shaped says who
// is on record): no single-scope key.
const writeRecords: Who[] = ['staff'];
const generate: Who[] = ['staff', 'lawyer', 'documents:generate'];
const readDocuments: Who[] = [...PEOPLE, 'documents:read'];
const adminOnly: Who[] = ['admin'];
const pageAll: Who[] = [...PEOPLE];
const pageEdit: Who[] = ['staff'];
const pageGenerate: Who[] = ['staff', 'lawyer'];

const POLICY: Record<string, Who[]> = {
  'GET /health': EVERYONE,
  'GET /ready': EVERYONE,
  'GET /schemas/case-bundle.v1.json': EVERYONE,
  'GET /login': EVERYONE,
  'POST /login': EVERYONE,
  'POST /logout': EVERYONE,
  'GET /assets/*': EVERYONE,
  'GET /openapi.json': SIGNED_IN,
  'GET /docs': SIGNED_IN,
  'GET /docs/': SIGNED_IN,
  'GET /docs/*': SIGNED_IN,
  'GET /docs/json': SIGNED_IN,
  'GET /docs/yaml': SIGNED_IN,
  'GET /docs/static/index.html': SIGNED_IN,
  'GET /docs/static/swagger-initializer.js': SIGNED_IN,
  'GET /docs/static/*': SIGNED_IN,
  'GET /api/v1/auth/me': SIGNED_IN,
  'GET /api/v1/bundles': readRecords,
  'POST /api/v1/bundles': writeRecords,
  'POST /api/v1/documents': generate,
  // A generation's job: whoever may generate (and only its own caller sees it: 404 otherwise).
  'GET /api/v1/jobs/:id': generate,
  'GET /api/v1/jobs/:id/events': generate,
  'DELETE /api/v1/jobs/:id': generate,
  'POST /api/v1/jobs/:id/cancel': generate,
  'GET /jobs/:id': pageGenerate,
  'POST /jobs/:id/cancel': pageGenerate,
  // Record content through a document needs records:read too (issue 18.4): no single-scope key.
  'POST /api/v1/documents/preview': ['staff', 'lawyer'],
  // Reads the selected records (keys, victims' profiles) as a preview does: no single-scope key.
  'POST /api/v1/documents/suggest-mandates': ['staff', 'lawyer'],
  'GET /api/v1/documents': readDocuments,
  'GET /api/v1/documents/:id': readDocuments,
  'GET /api/v1/documents/:id/file': [...PEOPLE],
  'GET /api/v1/documents/:id/provenance': [...PEOPLE],
  'POST /api/v1/documents/:id/approve': ['lawyer'],
  // Review (issue 14.1): steps by people only; the text and comparisons show record content (records:read too).
  'POST /api/v1/documents/:id/submit': ['staff', 'lawyer'],
  'POST /api/v1/documents/:id/request-changes': ['lawyer'],
  'GET /api/v1/documents/:id/text': [...PEOPLE],
  'GET /api/v1/documents/:id/compare': [...PEOPLE],
  'GET /api/v1/admin/users': adminOnly,
  'POST /api/v1/admin/users': adminOnly,
  'PATCH /api/v1/admin/users/:name': adminOnly,
  'GET /api/v1/admin/api-keys': adminOnly,
  'POST /api/v1/admin/api-keys': adminOnly,
  'DELETE /api/v1/admin/api-keys/:id': adminOnly,
  'GET /api/v1/audit': adminOnly,
  'GET /admin': adminOnly,
  'POST /admin/users': adminOnly,
  'POST /admin/users/:name': adminOnly,
  'POST /admin/api-keys': adminOnly,
  'POST /admin/api-keys/:id/revoke': adminOnly,
  'GET /admin/audit': adminOnly,
  // The sender of every document: read by anyone signed in, changed by an admin only.
  'GET /api/v1/organisation-profile': SIGNED_IN,
  'GET /api/v1/organisation-profile/logo': SIGNED_IN,
  'PUT /api/v1/organisation-profile': adminOnly,
  'GET /admin/organisation': adminOnly,
  'POST /admin/organisation': adminOnly,
  'GET /account/password': pageAll,
  'POST /account/password': pageAll,
  'GET /': pageAll,
  'POST /demo-data': pageEdit,
  'GET /bundles': pageEdit,
  'POST /bundles': pageEdit,
  'GET /bundles/demo.json': pageEdit,
  'GET /generate': pageGenerate,
  'GET /generate/:kind': pageGenerate,
  'POST /generate/:kind/preview': pageGenerate,
  'POST /generate/:kind': pageGenerate,
  'POST /generate/:kind/mention': pageEdit,
  // The pickers' search-as-you-type (issue 14.3): keys of matching records, for people only.
  'GET /pickers/:collection': pageAll,
  'GET /documents': pageAll,
  'GET /documents/:id': pageAll,
  'GET /documents/:id/provenance': pageAll,
  'POST /documents/:id/regenerate': pageGenerate,
  'POST /documents/:id/approve': ['lawyer'],
  'POST /documents/:id/submit': ['staff', 'lawyer'],
  'POST /documents/:id/request-changes': ['lawyer'],
  'GET /documents/:id/review': pageAll,
  'GET /documents/:id/compare': pageAll,
  // The address book: kept like the records (issue 13.6).
  'GET /api/v1/addressees': readRecords,
  'GET /api/v1/addressees/:id': readRecords,
  'POST /api/v1/addressees': writeRecords,
  'PUT /api/v1/addressees/:id': writeRecords,
  'DELETE /api/v1/addressees/:id': writeRecords,
  'GET /addressees': pageAll,
  'GET /addressees/new': pageEdit,
  'GET /addressees/:id': pageAll,
  'GET /addressees/:id/edit': pageEdit,
  'POST /addressees': pageEdit,
  'POST /addressees/:id': pageEdit,
  'POST /addressees/:id/delete': pageEdit,
  // Interventions (issue 14.2): read with documents:read and records:read (no single-scope key);
  // recorded by staff and lawyers, or a key with records:write and identities:read (no single-scope key).
  'GET /api/v1/interventions': [...PEOPLE],
  'GET /api/v1/interventions/:id': [...PEOPLE],
  'GET /api/v1/interventions/:id/follow-up': [...PEOPLE],
  'GET /api/v1/interventions/:id/reply/file': [...PEOPLE],
  'GET /api/v1/persons/:key/timeline': [...PEOPLE],
  'POST /api/v1/interventions': ['staff', 'lawyer'],
  'PATCH /api/v1/interventions/:id': ['staff', 'lawyer'],
  'PUT /api/v1/interventions/:id/reply/file': ['staff', 'lawyer'],
  'GET /interventions': pageAll,
  'GET /interventions/:id': pageAll,
  'GET /persons/:key/timeline': pageAll,
  'GET /interventions/:id/follow-up': pageGenerate,
  'GET /documents/:id/send': pageGenerate,
  'POST /documents/:id/send': pageGenerate,
  'POST /interventions/:id': pageGenerate,
  'POST /interventions/:id/cite': pageEdit,
};
for (const c of ['incidents', 'persons', 'sources', 'organisations', 'recommendations']) {
  Object.assign(POLICY, {
    [`GET /api/v1/${c}`]: readRecords,
    [`GET /api/v1/${c}/:key`]: readRecords,
    [`POST /api/v1/${c}`]: writeRecords,
    [`PUT /api/v1/${c}/:key`]: writeRecords,
    [`DELETE /api/v1/${c}/:key`]: writeRecords,
  });
  if (c !== 'organisations') {
    Object.assign(POLICY, {
      [`GET /${c}`]: pageAll,
      [`GET /${c}/:key`]: pageAll,
      [`GET /${c}/new`]: pageEdit,
      [`GET /${c}/:key/edit`]: pageEdit,
      [`POST /${c}`]: pageEdit,
      [`POST /${c}/:key`]: pageEdit,
    });
  }
}

const LOGIN_PASSWORD = 'matrix sign-in password';
const EXISTING: Record<string, string> = {
  incidents: 'kz-2018-03-13-almaty-detentions', persons: 'p-kz-0001', sources: 's-kibhr-interview-2018-03',
};

let t: TestAppWithAuth;
let documentId: string;
const callers = new Map<Who, { headers: Record<string, string>; sessionToken?: string; webCsrf?: { cookie: string; token: string } }>();

beforeAll(async () => {
  t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', GENERATE_RATE_LIMIT_PER_MINUTE: '1000' }, { actor: null });
  await loadDemoData(t.database.db);
  const db = t.database.db;
  await insertUser(db, { name: 'matrix-login', role: 'staff', passwordHash: await hashPassword(LOGIN_PASSWORD), createdBy: 'test' });
  const orgs = await db.selectFrom('organisations').select('key').limit(1).execute();
  const recs = await db.selectFrom('recommendations').select('key').limit(1).execute();
  EXISTING.organisations = orgs[0]!.key;
  EXISTING.recommendations = recs[0]!.key;

  callers.set('anonymous', { headers: {} });
  for (const role of PEOPLE) {
    const headers = await t.authenticate(role);
    const sessionToken = headers.cookie!.replace(/^sid=/, '');
    // The staff pages' CSRF token and cookie, as a browser gets them from any page.
    const home = await t.app.inject({ url: '/', headers: { ...headers, accept: 'text/html' } });
    const token = /name="_csrf" value="([^"]+)"/.exec(home.body)?.[1];
    const cookie = setCookies(home).get('_csrf')?.value;
    callers.set(role, { headers, sessionToken, ...(token && cookie ? { webCsrf: { token, cookie } } : {}) });
  }
  for (const scope of KEYS) callers.set(scope, { headers: await t.authenticate({ scopes: [scope] }) });

  const generated = await t.app.inject({
    method: 'POST', url: '/api/v1/documents', headers: callers.get('staff')!.headers,
    payload: { kind: 'urgent-appeal', format: 'docx', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } },
  });
  expect(generated.statusCode, generated.body).toBe(201);
  documentId = generated.json().id;
});
afterAll(async () => t?.close());

/** A request a caller would plausibly send to the route; it must not change what later requests see. */
function requestFor(method: string, url: string, who: Who, loginCsrf: string) {
  const caller = callers.get(who)!;
  const isApi = url.startsWith('/api/') || url === '/openapi.json';
  const reading = method === 'GET';
  const collection = /^\/(?:api\/v1\/)?(incidents|persons|sources|organisations|recommendations)\//.exec(url)?.[1];
  let path = url
    .replace(':key', reading && collection ? EXISTING[collection]! : 'no-such-key')
    .replace(':id', url.startsWith('/api/v1/admin') || url.startsWith('/admin') ? '999999' : reading ? documentId : randomUUID())
    .replace(':name', 'no-such-user')
    .replace(':kind', 'urgent-appeal')
    .replace('*', url.startsWith('/assets') ? 'css/site.css' : 'no-such-file.css');
  if (url === '/api/v1/bundles' && reading) path += '?country=KZ&from=2018-01-01&to=2018-03-31';

  const headers: Record<string, string> = { ...caller.headers, ...(isApi ? {} : { accept: 'text/html' }) };
  if (reading) return { method, url: path, headers };
  if (isApi) return { method, url: path, headers, payload: {} };
  // Forms: a valid token of the kind the route checks, so the access rule alone decides.
  const fields: Record<string, string> = {};
  const cookies = [headers.cookie].filter(Boolean) as string[];
  if (url === '/login') {
    Object.assign(fields, { username: 'matrix-login', password: LOGIN_PASSWORD, _csrf: loginCsrf, next: '/' });
    cookies.push(`login_csrf=${loginCsrf}`);
  } else if ((url.startsWith('/admin') && url !== '/admin/organisation') || url.startsWith('/account')) {
    // The organisation page is a staff page (multipart upload): it takes the staff pages' token below.
    if (caller.sessionToken) fields._csrf = createHmac('sha256', caller.sessionToken).update('csrf').digest('base64url');
  } else if (caller.webCsrf) {
    fields._csrf = caller.webCsrf.token;
    cookies.push(`_csrf=${caller.webCsrf.cookie}`);
  }
  return { method, url: path, headers: { ...headers, ...FORM, ...(cookies.length ? { cookie: cookies.join('; ') } : {}) }, payload: form(fields) };
}

function outcome(res: LightMyRequestResponse): 'allowed' | 'refused' | 'error' {
  if (res.statusCode >= 500) return 'error';
  if (res.statusCode === 401 || res.statusCode === 403) return 'refused';
  const location = String(res.headers.location ?? '');
  if (res.statusCode >= 300 && res.statusCode < 400 && (location === '/login' || location.startsWith('/login?next='))) return 'refused';
  return 'allowed';
}

// Sign-in and sign-out end the caller's session: they go last.
const LAST = ['POST /login', 'POST /logout'];
const order = (a: string, b: string) => LAST.indexOf(a) - LAST.indexOf(b);

describe('authorization matrix', () => {
  it('has an access rule and a policy line for every route the app registers', () => {
    const routes = [...new Set(t.app.routeCatalog.map((r) => routeKey(r.method, r.url)))];
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => !ACCESS_RULES[r]), 'routes without a rule in src/auth/access-rules.ts').toEqual([]);
    expect(routes.filter((r) => !POLICY[r]), 'routes without a line in this test\'s POLICY').toEqual([]);
  });

  it('lets each caller through exactly where the policy says, on every route', async () => {
    const routes = [...new Set(t.app.routeCatalog.filter((r) => r.method !== 'HEAD').map((r) => routeKey(r.method, r.url)))].sort(order);
    const wrong: string[] = [];
    let requests = 0;
    for (const who of EVERYONE) {
      const loginPage = await t.app.inject({ url: '/login' });
      const loginCsrf = setCookies(loginPage).get('login_csrf')!.value;
      for (const route of routes) {
        const [method, url] = route.split(' ') as [string, string];
        const res = await t.app.inject(requestFor(method, url, who, loginCsrf) as never);
        requests++;
        const expected = POLICY[route]?.includes(who) ? 'allowed' : 'refused';
        const got = outcome(res);
        if (got !== expected) wrong.push(`${who.padEnd(18)} ${route}: expected ${expected}, got ${res.statusCode} ${String(res.headers.location ?? res.body.slice(0, 120))}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(requests).toBeGreaterThan(500);
    // Every route × every caller, one after the other: its time grows with the routes (over 60 s on a loaded 2-core machine).
  }, 240_000);

  it('refuses anonymous HEAD requests wherever GET is refused', async () => {
    const heads = t.app.routeCatalog.filter((r) => r.method === 'HEAD');
    expect(heads.length).toBeGreaterThan(20);
    for (const { url } of heads) {
      const req = requestFor('GET', url, 'anonymous', '');
      const res = await t.app.inject({ ...req, method: 'HEAD' });
      expect(outcome(res), `HEAD ${url}`).toBe(POLICY[`GET ${url}`]?.includes('anonymous') ? 'allowed' : 'refused');
    }
  });
});

describe('deny by default', () => {
  it('refuses a route that has no access rule to every caller, and says so in the log', async () => {
    const database = await createTestDatabase();
    const lines: string[] = [];
    const app = Fastify({ logger: { level: 'error', stream: { write: (l: string) => void lines.push(l) } } as never });
    app.decorate('db', database.db);
    await installAuth(app, {
      config: loadConfig({ DEMO_DATA: 'off' }),
      testActor: { kind: 'user', id: 1, name: 'someone', role: 'admin' },
      refusalPage: (_request, status, message) => `<p>${status} ${message}</p>`,
    });
    app.get('/api/v1/brand-new', async () => ({ secret: true }));
    await app.ready();
    try {
      const res = await app.inject({ url: '/api/v1/brand-new' });
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('secret');
      const key = await t.authenticate({ scopes: [...SCOPES] });
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: key })).statusCode).toBe(200);
      expect(lines.join('\n')).toContain('GET /api/v1/brand-new');
    } finally {
      await app.close();
      await database.close();
    }
  });
});
