import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleSchema } from '../../../src/records/bundle.schemas.js';
import { canonicalBundle } from '../../../src/records/canonical.js';
import { countRows } from '../../support/database.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { smallBundle, sortedBundle, type SmallBundle } from '../../support/bundles.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const post = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: payload as object });
const exportOf = async (country: string, from: string, to: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/v1/bundles?country=${country}&from=${from}&to=${to}` })).json();

describe('bad bundles: 422 naming the defect, nothing written', () => {
  const cases: Array<[string, (b: SmallBundle) => unknown, string, RegExp]> = [
    ['unknown victim', (b) => { b.incidents[0]!.victims[0] = 'p-x'; }, '/incidents/0/victims/0', /unknown person key 'p-x'/],
    ['unknown source', (b) => { b.incidents[1]!.sources[0]!.source = 's-x'; }, '/incidents/1/sources/0/source', /unknown source key 's-x'/],
    ['unknown organisation', (b) => { b.sources[0]!.organisation = 'org-x'; }, '/sources/0/organisation', /unknown organisation key/],
    ['unknown followUpOf', (b) => { b.incidents[1]!.followUpOf = 'kz-nope'; }, '/incidents/1/followUpOf', /unknown incident key/],
    ['unknown recommendation incident', (b) => { b.recommendations[0]!.incidents[0] = 'kz-nope'; }, '/recommendations/0/incidents/0', /unknown incident key/],
    ['duplicate person key', (b) => { b.persons[1]!.key = 'p-anon'; }, '/persons/1/key', /duplicate person key 'p-anon'/],
    ['bad date', (b) => { b.incidents[0]!.date = '2018-02-30'; }, '/incidents/0/date', /real date/],
    ['from after to', (b) => { b.period.from = '2018-04-01'; }, '/period/to', /before it starts/],
    ['endDate before date', (b) => { b.incidents[1]!.endDate = '2018-03-01'; }, '/incidents/1/endDate', /before it starts/],
    ['unknown right', (b) => { (b.incidents[0]!.rights as string[])[0] = 'happiness'; }, '/incidents/0/rights/0', /'happiness' is not one of/],
    ['unknown violation', (b) => { (b.incidents[0]!.violations as string[])[1] = 'tickling'; }, '/incidents/0/violations/1', /not one of/],
    ['unknown field', (b) => { (b.persons[0] as Record<string, unknown>).nickname = 'x'; }, '/persons/0/nickname', /unknown field 'nickname'/],
    ['bad URL scheme', (b) => { b.sources[0]!.url = 'javascript:alert(1)'; }, '/sources/0/url', /http\(s\)/],
    ['credibility 7', (b) => { b.incidents[0]!.sources[0]!.credibility = 7; }, '/incidents/0/sources/0/credibility', /1 to 6/],
    ['missing pseudonym', (b) => { delete (b.persons[0] as Record<string, unknown>).pseudonym; }, '/persons/0/pseudonym', /required/],
    ['reliability G', (b) => { (b.sources[1] as Record<string, unknown>).reliability = 'G'; }, '/sources/1/reliability', /not one of/],
    ['bad key', (b) => { b.incidents[0]!.key = 'Bad Key!'; }, '/incidents/0/key', /lowercase/],
    ['summary too long', (b) => { b.incidents[0]!.summary = 'x'.repeat(10_001); }, '/incidents/0/summary', /10000/],
    ['wrong bundleVersion', (b) => { (b as Record<string, unknown>).bundleVersion = 2; }, '/bundleVersion', /must be 1/],
    ['lowercase country code', (b) => { b.country.code = 'kz'; }, '/country/code', /alpha-2/],
    ['follow-up cycle', (b) => { b.incidents[0]!.followUpOf = 'kz-2018-03-20-house-arrest'; }, '/incidents/', /cycle/],
  ];

  it.each(cases)('%s', async (_name, mutate, path, message) => {
    const before = await countRows(t.database);
    const bundle = smallBundle();
    mutate(bundle);
    const res = await post(bundle);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining(path) })]));
    const problem = body.problems.find((p: { path: string }) => p.path.startsWith(path));
    expect(problem.message).toMatch(message);
    expect(await countRows(t.database)).toEqual(before);
  });

  it('reports every defect of a bundle at once', async () => {
    const bundle = smallBundle();
    bundle.incidents[0]!.victims[0] = 'p-x';
    bundle.incidents[0]!.date = 'yesterday';
    bundle.sources[0]!.url = 'ftp://example.org';
    (bundle.persons[1] as Record<string, unknown>).extra = true;
    const res = await post(bundle);
    expect(res.statusCode).toBe(422);
    const paths = res.json().problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/incidents/0/victims/0', '/incidents/0/date', '/sources/0/url', '/persons/1/extra']));
  });

  it('answers malformed JSON and a non-object with 4xx, not 500', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: { 'content-type': 'application/json' }, payload: '{"bundleVersion": 1,' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/not valid JSON/);
    const arr = await post([1, 2]);
    expect(arr.statusCode).toBe(422);
  });
});

describe('import, export, idempotence', () => {
  it('imports a bundle and exports it back equal (order aside)', async () => {
    const bundle = smallBundle();
    const res = await post(bundle);
    expect(res.statusCode).toBe(201);
    expect(res.json().incidents).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const exported = await exportOf('KZ', '2018-01-01', '2018-03-31');
    // The export writes every optional field (absent ≡ null); round-3 fields the fixture leaves out come back empty.
    expect(sortedBundle(exported)).toEqual(sortedBundle(canonicalBundle(BundleSchema.parse(bundle))));
  });

  it('posting the same bundle twice changes nothing', async () => {
    const before = await countRows(t.database);
    const versions = await t.database.db.selectFrom('incidents').select(['key', 'version', 'updated_at']).orderBy('key').execute();
    const res = await post(smallBundle());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    for (const type of ['organisations', 'persons', 'sources', 'incidents', 'recommendations']) {
      expect(body[type].created + body[type].updated).toBe(0);
    }
    expect(await countRows(t.database)).toEqual(before);
    expect(await t.database.db.selectFrom('incidents').select(['key', 'version', 'updated_at']).orderBy('key').execute()).toEqual(versions);
  });

  it('a changed record gets a new version; its links are replaced', async () => {
    const bundle = smallBundle();
    bundle.incidents[0]!.summary = 'Police detained the activist at dawn.';
    bundle.incidents[0]!.sources.pop();
    const res = await post(bundle);
    expect(res.json().incidents).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const row = await t.database.db.selectFrom('incidents').select('version').where('key', '=', 'kz-2018-03-13-detention').executeTakeFirstOrThrow();
    expect(row.version).toBe(2);
    const exported = await exportOf('KZ', '2018-01-01', '2018-03-31');
    expect(exported.incidents.find((i: { key: string }) => i.key === 'kz-2018-03-13-detention').sources).toHaveLength(1);
  });

  it('exports 404 for an unknown country and 400 for a bad period', async () => {
    expect((await t.app.inject({ url: '/api/v1/bundles?country=ZZ&from=2018-01-01&to=2018-02-01' })).statusCode).toBe(404);
    const bad = await t.app.inject({ url: '/api/v1/bundles?country=KZ&from=2018-05-01&to=2018-02-01' });
    expect(bad.statusCode).toBe(400);
    const missing = await t.app.inject({ url: '/api/v1/bundles?country=KZ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['/from', '/to']));
  });
});

describe('an export of more incidents than BUNDLE_EXPORT_MAX_INCIDENTS', () => {
  // A whole country of 50,000 incidents was one 165 MB answer that held the event loop for 41 s.
  let capped: TestApp;
  beforeAll(async () => {
    capped = await createTestApp({ BUNDLE_EXPORT_MAX_INCIDENTS: '1' });
    expect((await capped.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: smallBundle() })).statusCode).toBe(201);
  });
  afterAll(async () => capped?.close());
  const get = (query: string) => capped.app.inject({ url: `/api/v1/bundles?country=KZ&${query}` });

  it('is refused (422) with a `to` that keeps the first of them and the date the rest starts on', async () => {
    const res = await get('from=2018-01-01&to=2018-03-31');
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toBe('The period holds 2 incidents; a bundle holds at most 1.');
    expect(res.json().problems).toEqual([{
      path: '/to',
      message: '2018-01-01 to 2018-03-31 holds 2 incidents, more than 1: to=2018-03-14 takes the first 1 or fewer; export the rest from 2018-03-15',
    }]);
  });

  it('the periods the answer names export every incident between them', async () => {
    const first = await get('from=2018-01-01&to=2018-03-14');
    const rest = await get('from=2018-03-15&to=2018-03-31');
    expect([first.statusCode, rest.statusCode]).toEqual([200, 200]);
    expect(first.json().incidents.map((i: { key: string }) => i.key)).toEqual(['kz-2018-03-13-detention']);
    expect(rest.json().incidents.map((i: { key: string }) => i.key)).toContain('kz-2018-03-20-house-arrest');
  });

  it('says so when more than fit began by `from` (still going on then), with no shorter period to offer', async () => {
    const bundle = smallBundle();
    (bundle.incidents as unknown[]).push({ ...bundle.incidents[1]!, key: 'kz-2018-03-14-hearing', date: '2018-03-14', endDate: '2018-03-20' });
    expect((await capped.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle })).statusCode).toBe(201);
    const res = await get('from=2018-03-16&to=2018-03-31');
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([{
      path: '/to',
      message: '2018-03-16 to 2018-03-31 holds 2 incidents, more than 1: more than 1 of them began on 2018-03-16 or before (still going on then): no shorter period fits; raise BUNDLE_EXPORT_MAX_INCIDENTS',
    }]);
  });
});

describe('shipped bundles round-trip', () => {
  // Their own database: the small bundle above shares the KZ country code.
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await createTestApp();
  });
  afterAll(async () => fresh?.close());
  const postFresh = (payload: unknown) => fresh.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: payload as object });
  const files = ['src/demo/kz-2018-q1.bundle.json', 'test/fixtures/second-team.bundle.json'];
  it.each(files)('%s imports and exports back equal', async (file) => {
    const bundle = JSON.parse(readFileSync(file, 'utf8'));
    const res = await postFresh(bundle);
    expect(res.statusCode, JSON.stringify(res.json()).slice(0, 500)).toBe(201);
    const { country, period } = bundle;
    const exported = (await fresh.app.inject({ url: `/api/v1/bundles?country=${country.code}&from=${period.from}&to=${period.to}` })).json();
    // The export spells out every optional field (absent ≡ null): compare with the input's normal form.
    const parsed = BundleSchema.parse(bundle);
    expect(sortedBundle(exported)).toEqual(sortedBundle(canonicalBundle(parsed)));
    // Re-importing the export changes nothing.
    const again = (await postFresh(exported)).json();
    expect(again.incidents).toEqual({ created: 0, updated: 0, unchanged: bundle.incidents.length });
  });
});
