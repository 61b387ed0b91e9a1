import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey } from '../../../src/auth/access-rules.js';
import { IDENTITY_EXPOSURE } from '../../../src/auth/identity-reads.js';
import { nameScannerFor } from '../../../src/auth/name-scan.js';
import { SCOPES } from '../../../src/auth/roles.js';
import type { AuditRow } from '../../../src/db/tables/auth.table.js';
import { loadDemoData, seedDemoProfile } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { FORM, form, setCookies } from './helpers.js';

/**
 * Issue 18, point 3: every answer that shows a real name leaves ONE identities.read row naming the
 * persons shown; a caller without identities:read (who gets pseudonyms) leaves none. The test
 * enumerates the routes the app registers: each must be classified in src/auth/identity-reads.ts,
 * and each GET that can show record content is tried by a reader who sees names and by a key
 * without identities:read.
 */

let t: TestAppWithAuth;
let staff: Record<string, string>;
let admin: Record<string, string>;
let named: Record<string, string>;
let pseudonymous: Record<string, string>;
let documentId: string;
let appealId: string;

/** Records whose text names Akmaral Tobylova (p-kz-0001) as typed, not as a mention. */
const TYPED = {
  incident: 'kz-2018-03-30-audit-typed-name',
  source: 's-audit-typed-name',
  organisation: 'org-audit-typed-name',
  recommendation: 'r-audit-typed-name',
};

async function identityRows(): Promise<AuditRow[]> {
  return t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'identities.read').orderBy('id').execute();
}

/** The identities.read rows one request leaves. */
async function rowsOf(request: () => Promise<{ statusCode: number; body: string }>, expectStatus = 200): Promise<AuditRow[]> {
  const before = (await identityRows()).length;
  const res = await request();
  expect(res.statusCode, res.body.slice(0, 300)).toBe(expectStatus);
  return (await identityRows()).slice(before);
}

beforeAll(async () => {
  t = await createTestApp({ GENERATE_RATE_LIMIT_PER_MINUTE: '1000' }, { actor: null });
  await loadDemoData(t.database.db);
  await seedDemoProfile(t.database.db);
  staff = await t.authenticate('staff', 'reads-staff');
  admin = await t.authenticate('admin', 'reads-admin');
  named = await t.authenticate({ scopes: [...SCOPES] }, 'reads-named');
  pseudonymous = await t.authenticate({ scopes: SCOPES.filter((s) => s !== 'identities:read') }, 'reads-pseudonymous');

  const base = (await t.app.inject({ url: '/api/v1/incidents/kz-2018-03-13-almaty-detentions', headers: named })).json();
  const { meta: _meta, ...incident } = base;
  const created = [
    await t.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: staff, payload: {
      ...incident, key: TYPED.incident, title: 'Akmaral Tobylova questioned again', summary: 'Police questioned Tobylova about her posts.', followUpOf: null,
    } }),
    await t.app.inject({ method: 'POST', url: '/api/v1/sources', headers: staff, payload: {
      key: TYPED.source, type: 'interview', title: 'Notes of a call', author: 'Akmaral Tobylova', organisation: null, date: '2018-03-20', url: null, reliability: 'B',
    } }),
    await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: staff, payload: {
      key: TYPED.organisation, name: 'Committee for Akmaral Tobylova', acronym: null, contact: { email: null, address: 'c/o Akmaral Tobylova, Almaty' },
    } }),
    await t.app.inject({ method: 'POST', url: '/api/v1/recommendations', headers: staff, payload: {
      key: TYPED.recommendation, right: 'association', addressee: 'state', text: 'Lift the house arrest of Akmaral Tobylova.', incidents: [],
    } }),
  ];
  for (const res of created) expect(res.statusCode, res.body).toBe(201);

  // A UN communication names her (she consented to UN submission).
  const doc = await t.app.inject({
    method: 'POST', url: '/api/v1/documents', headers: named,
    payload: { kind: 'un-communication', format: 'pdf', selection: { persons: ['p-kz-0001'] }, options: { mandates: ['sr-expression'], variant: 'allegation-letter' } },
  });
  expect(doc.statusCode, doc.body).toBe(201);
  documentId = doc.json().id;
  // An urgent appeal's title names its subject when he consented to public naming (Max Bokayev).
  const appeal = await t.app.inject({
    method: 'POST', url: '/api/v1/documents', headers: named,
    payload: { kind: 'urgent-appeal', format: 'docx', selection: { persons: ['p-kz-0017'] }, options: { appealCode: 'KAZ 002/0218/OBS 011' } },
  });
  expect(appeal.statusCode, appeal.body).toBe(201);
  appealId = appeal.json().id;
});
afterAll(async () => t?.close());

const routes = () => [...new Set(t.app.routeCatalog.map((r) => routeKey(r.method, r.url)))].sort();

/** A path for a route, its parameters filled with records that show a name. */
function pathOf(route: string): string {
  const url = route.slice(route.indexOf(' ') + 1);
  const collection = /^\/(?:api\/v1\/)?(incidents|persons|sources|organisations|recommendations)\/:key/.exec(url)?.[1];
  const keys: Record<string, string> = {
    incidents: TYPED.incident, persons: 'p-kz-0001', sources: TYPED.source, organisations: TYPED.organisation, recommendations: TYPED.recommendation,
  };
  const query = url === '/api/v1/bundles' ? '?country=KZ&from=2018-01-01&to=2018-03-31'
    : url.endsWith('/compare') ? `?with=${appealId}` : ''; // a version compared with itself shows all its text
  return url
    .replace(':key', collection ? keys[collection]! : 'x')
    // The demo address book's first entry (ids start at 1), or a document.
    .replace(':id', url.includes('/addressees/') ? '1' : appealId)
    .replace(':kind', 'un-communication')
    .replace(':collection', 'persons') + query;
}

describe('identities.read rows', () => {
  it('every route the app registers is classified (a new route that may show names fails here until it is)', () => {
    const missing = routes().filter((r) => !(r in IDENTITY_EXPOSURE));
    expect(missing, 'add these to IDENTITY_EXPOSURE in src/auth/identity-reads.ts').toEqual([]);
    const stale = Object.keys(IDENTITY_EXPOSURE).filter((r) => !routes().includes(r));
    expect(stale, 'classified but not registered').toEqual([]);
  });

  it('each GET that can show record content: one row for a reader who sees names, none for a key without identities:read', async () => {
    const reading = routes().filter((r) => r.startsWith('GET ') && IDENTITY_EXPOSURE[r]!.shows !== 'nothing');
    expect(reading.length).toBeGreaterThan(30);
    const report: string[] = [];
    for (const route of reading) {
      const url = pathOf(route);
      const isApi = url.startsWith('/api/');
      const reader = isApi ? named : { ...staff, accept: 'text/html' };
      const rows = await rowsOf(() => t.app.inject({ url, headers: reader }));
      report.push(`${route}: ${rows.length} row(s) ${JSON.stringify(rows[0]?.details ?? null)}`);
      expect(rows, `${route} (${url}) as a reader who sees names`).toHaveLength(1);
      expect(rows[0]!.actor).toBe(isApi ? 'reads-named' : 'reads-staff');
      const persons = (rows[0]!.details as { persons: string[] }).persons;
      expect(persons.length, route).toBeGreaterThan(0);
      if (/\/(incidents|sources|organisations|persons|recommendations)\/:key/.test(route)) expect(persons, route).toContain('p-kz-0001');
      if (/\/documents\/:id/.test(route)) expect(persons, route).toContain('p-kz-0017');
      expect(rows[0]!.details, route).toMatchObject(isApi ? {} : { via: 'page' });

      // Keys without identities:read get pseudonyms (API) or are refused (pages): no row either way.
      const blind = await rowsOf(() => t.app.inject({ url, headers: pseudonymous }), isApi ? 200 : 403);
      expect(blind, `${route} as a key without identities:read`).toEqual([]);
    }
    expect(report.length).toBe(reading.length);
  });

  it('routes classified as showing nothing show no name to a reader who sees names', async () => {
    const scanner = await nameScannerFor(t.database.db);
    const quiet = routes().filter((r) => r.startsWith('GET ') && IDENTITY_EXPOSURE[r]!.shows === 'nothing')
      // Static files (scripts, styles) are not answers about records.
      .filter((r) => !/\*$/.test(r) && !r.startsWith('GET /docs/static/'));
    expect(quiet.length).toBeGreaterThan(10);
    for (const route of quiet) {
      const url = pathOf(route);
      const headers = /admin|audit/.test(url) ? { ...admin, accept: 'text/html' } : url.startsWith('/api/') ? named : { ...staff, accept: 'text/html' };
      const before = (await identityRows()).length;
      const res = await t.app.inject({ url, headers });
      expect(res.statusCode, `${route}: ${res.body.slice(0, 200)}`).toBeLessThan(400);
      expect([...scanner.keysInHtml(res.body)], route).toEqual([]);
      expect((await identityRows()).length, route).toBe(before);
    }
  });

  it('a list answers with one row for all the persons it showed', async () => {
    const rows = await rowsOf(() => t.app.inject({ url: '/api/v1/persons?limit=5', headers: named }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ target: 'persons', actor: 'reads-named' });
    expect((rows[0]!.details as { persons: string[] }).persons).toHaveLength(5);

    const incidents = await rowsOf(() => t.app.inject({ url: '/incidents', headers: { ...staff, accept: 'text/html' } }));
    expect(incidents).toHaveLength(1);
    expect((incidents[0]!.details as { persons: string[] }).persons.length).toBeGreaterThan(5);
  });

  it('an incident that mentions persons only ([[person:KEY]]) shows the API no name; its page does', async () => {
    const url = 'kz-2018-03-13-almaty-detentions';
    expect(await rowsOf(() => t.app.inject({ url: `/api/v1/incidents/${url}`, headers: named }))).toEqual([]);
    const page = await rowsOf(() => t.app.inject({ url: `/incidents/${url}`, headers: { ...staff, accept: 'text/html' } }));
    expect(page).toHaveLength(1);
    expect(page[0]).toMatchObject({ target: `incident:${url}`, details: { via: 'page' } });
    expect((page[0]!.details as { persons: string[] }).persons).toEqual(expect.arrayContaining(['p-kz-0001']));
  });

  it('previews and generated documents that print a name leave a row beside the document row', async () => {
    const request = { kind: 'un-communication', format: 'pdf', selection: { persons: ['p-kz-0001'] }, options: { mandates: ['sr-expression'], variant: 'allegation-letter' } };
    const before = (await t.database.db.selectFrom('audit_log').select('id').execute()).length;
    const preview = await rowsOf(() => t.app.inject({ method: 'POST', url: '/api/v1/documents/preview', headers: named, payload: request }));
    expect(preview).toMatchObject([{ target: 'preview', details: { kind: 'un-communication' } }]);
    expect((preview[0]!.details as { persons: string[] }).persons).toContain('p-kz-0001');
    const all = await t.database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(all.slice(before).map((r) => r.action).sort()).toEqual(['document.previewed', 'identities.read']);

    // The staff form's preview.
    const formPage = await t.app.inject({ url: '/generate/un-communication', headers: { ...staff, accept: 'text/html' } });
    const token = /name="_csrf" value="([^"]+)"/.exec(formPage.body)![1]!;
    const csrf = setCookies(formPage).get('_csrf')!.value;
    const pagePreview = await rowsOf(() => t.app.inject({
      method: 'POST', url: '/generate/un-communication/preview',
      headers: { ...staff, ...FORM, accept: 'text/html', cookie: `${staff.cookie}; _csrf=${csrf}` },
      payload: form({ _csrf: token, format: 'pdf', 'selection.persons': 'p-kz-0001', 'options.mandates': 'sr-expression', 'options.variant': 'allegation-letter' }),
    }));
    expect(pagePreview).toHaveLength(1);
    expect(pagePreview[0]).toMatchObject({ target: 'preview', details: { via: 'page', kind: 'un-communication' } });
  });

  it('a downloaded document leaves a row with the persons it prints by name', async () => {
    const rows = await rowsOf(() => t.app.inject({ url: `/api/v1/documents/${documentId}/file`, headers: named }));
    expect(rows).toMatchObject([{ target: `document:${documentId}`, details: { persons: ['p-kz-0001'] } }]);
  });

  it('a form shown again with errors (422) still shows the persons to choose from: a row', async () => {
    const formPage = await t.app.inject({ url: '/generate/urgent-appeal', headers: { ...staff, accept: 'text/html' } });
    const token = /name="_csrf" value="([^"]+)"/.exec(formPage.body)![1]!;
    const csrf = setCookies(formPage).get('_csrf')!.value;
    const rows = await rowsOf(() => t.app.inject({
      method: 'POST', url: '/generate/urgent-appeal/preview',
      headers: { ...staff, ...FORM, accept: 'text/html', cookie: `${staff.cookie}; _csrf=${csrf}` },
      payload: form({ _csrf: token, format: 'tiff' }),
    }), 422);
    expect(rows).toHaveLength(1);
    expect((rows[0]!.details as { persons: string[] }).persons).toContain('p-kz-0001');
  });

  it('writes nothing for refused or anonymous requests', async () => {
    expect(await rowsOf(() => t.app.inject({ url: '/api/v1/persons/p-kz-0001' }), 401)).toEqual([]);
    const documentsOnly = await t.authenticate({ scopes: ['documents:read'] });
    expect(await rowsOf(() => t.app.inject({ url: '/api/v1/persons/p-kz-0001', headers: documentsOnly }), 403)).toEqual([]);
    expect(await rowsOf(() => t.app.inject({ url: '/api/v1/persons/p-kz-missing', headers: named }), 404)).toEqual([]);
  });
});
