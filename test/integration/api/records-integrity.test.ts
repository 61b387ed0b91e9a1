import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { countRows } from '../../support/database.js';
import { createRecord } from '../../../src/records/records.service.js';
import { organisationStore } from '../../../src/records/record-stores.repository.js';
import { ConflictError } from '../../../src/shared/errors.js';
import { type Method, type callApi, useSeededApi } from './records-fixture.js';

let t: TestApp;
let api: ReturnType<typeof callApi>;
useSeededApi((app, call) => { t = app; api = call; });

/** Calls the API and checks that nothing at all was written. */
async function refusedWithoutWriting(method: Method, url: string, payload?: unknown) {
  const before = await countRows(t.database);
  const versions = await versionSums();
  const res = await api(method, url, payload);
  expect(await countRows(t.database)).toEqual(before);
  expect(await versionSums()).toEqual(versions);
  return res;
}

/** Sum of versions per table: catches an update that changed a row without adding one. */
async function versionSums() {
  const out: Record<string, number> = {};
  for (const table of ['incidents', 'persons', 'sources', 'organisations', 'recommendations', 'countries'] as const) {
    const row = await t.database.db.selectFrom(table).select((eb) => eb.fn.sum<string>('version').as('v')).executeTakeFirstOrThrow();
    out[table] = Number(row.v ?? 0);
  }
  return out;
}

const incident = (over: Record<string, unknown> = {}) => ({
  key: 'kz-test', country: { code: 'KZ' }, title: 'Test incident', date: '2018-03-05', dateAccuracy: 'exact',
  location: { place: 'Almaty' }, rights: ['expression'], summary: 'Something happened.', status: 'ongoing', ...over,
});

describe('dangling references: 422 with the exact JSON Pointer, nothing written', () => {
  const cases: Array<[string, Method, string, unknown, Array<{ path: string; message: RegExp }>]> = [
    ['unknown victim', 'POST', '/incidents', incident({ victims: ['p-x'] }), [{ path: '/victims/0', message: /unknown person key 'p-x'/ }]],
    ['second victim unknown', 'POST', '/incidents', incident({ victims: ['p-asel', 'p-x'] }), [{ path: '/victims/1', message: /unknown person key 'p-x'/ }]],
    ['victim listed twice', 'POST', '/incidents', incident({ victims: ['p-asel', 'p-asel'] }), [{ path: '/victims/1', message: /listed twice/ }]],
    ['unknown source', 'POST', '/incidents', incident({ sources: [{ source: 's-note', credibility: 2 }, { source: 's-x', credibility: 2 }] }),
      [{ path: '/sources/1/source', message: /unknown source key 's-x'/ }]],
    ['source cited twice', 'POST', '/incidents', incident({ sources: [{ source: 's-note', credibility: 2 }, { source: 's-note', credibility: 3 }] }),
      [{ path: '/sources/1/source', message: /listed twice/ }]],
    ['unknown followUpOf', 'POST', '/incidents', incident({ followUpOf: 'kz-nope' }), [{ path: '/followUpOf', message: /unknown incident key 'kz-nope'/ }]],
    ['follows up itself', 'POST', '/incidents', incident({ followUpOf: 'kz-test' }), [{ path: '/followUpOf', message: /itself/ }]],
    ['endDate before date', 'POST', '/incidents', incident({ endDate: '2018-03-01' }), [{ path: '/endDate', message: /before it starts/ }]],
    ['unknown country without a name', 'POST', '/incidents', incident({ country: { code: 'UZ' } }),
      [{ path: '/country/code', message: /unknown country 'UZ'.*name/ }]],
    ['several at once', 'POST', '/incidents', incident({ victims: ['p-x'], sources: [{ source: 's-x', credibility: 1 }], followUpOf: 'kz-nope' }), [
      { path: '/victims/0', message: /p-x/ }, { path: '/sources/0/source', message: /s-x/ }, { path: '/followUpOf', message: /kz-nope/ },
    ]],
    ['follow-up cycle through PUT', 'PUT', '/incidents/kz-feb-detention', {
      country: { code: 'KZ' }, title: 'Activist detained in Almaty', date: '2018-02-10', dateAccuracy: 'exact',
      location: { place: 'Almaty' }, rights: ['association'], summary: 'Detained.', status: 'ongoing', followUpOf: 'kz-mar-house-arrest',
    }, [{ path: '/followUpOf', message: /cycle: kz-feb-detention → kz-mar-house-arrest → kz-feb-detention/ }]],
    ['unknown victim on PUT', 'PUT', '/incidents/kz-jan-fine', { ...incident({ victims: ['p-x'] }), key: undefined },
      [{ path: '/victims/0', message: /unknown person key 'p-x'/ }]],
    ['source with unknown organisation', 'POST', '/sources', { key: 's-test', type: 'media', title: 'T', reliability: 'B', organisation: 'org-x' },
      [{ path: '/organisation', message: /unknown organisation key 'org-x'/ }]],
    ['recommendation with unknown incident', 'POST', '/recommendations',
      { key: 'r-test', right: 'expression', addressee: 'state', text: 'T', incidents: ['kz-jan-fine', 'kz-nope'] },
      [{ path: '/incidents/1', message: /unknown incident key 'kz-nope'/ }]],
    ['recommendation on PUT with unknown incident', 'PUT', '/recommendations/r-kz-expression',
      { right: 'expression', addressee: 'state', text: 'T', incidents: ['kz-nope'] },
      [{ path: '/incidents/0', message: /unknown incident key 'kz-nope'/ }]],
  ];

  it.each(cases)('%s', async (_name, method, url, payload, expected) => {
    const res = await refusedWithoutWriting(method, url, payload);
    expect(res.statusCode, res.body).toBe(422);
    const { problems } = res.json();
    expect(problems).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      expect(problems[i].path).toBe(e.path);
      expect(problems[i].message).toMatch(e.message);
    });
  });

  it('registers an unknown country when the incident gives its name', async () => {
    const res = await api('POST', '/incidents', incident({ key: 'uz-test', country: { code: 'UZ', name: 'Uzbekistan' } }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().country).toEqual({ code: 'UZ', name: 'Uzbekistan' });
    const exported = await t.app.inject({ method: 'GET', url: '/api/v1/bundles?country=UZ&from=2018-01-01&to=2018-12-31' });
    expect(exported.json().incidents.map((i: { key: string }) => i.key)).toEqual(['uz-test']);
    expect((await api('DELETE', '/incidents/uz-test')).statusCode).toBe(204);
  });
});

describe('invalid bodies: 422 with JSON Pointers, nothing written', () => {
  const cases: Array<[string, string, unknown, string[]]> = [
    ['unknown top-level field', '/persons', { key: 'p-t', kind: 'individual', name: 'N', pseudonym: 'P', consent: {}, nickname: 'x' }, ['/nickname']],
    ['unknown nested field', '/incidents', incident({ location: { place: 'Almaty', street: 'Abay' } }), ['/location/street']],
    ['read-only meta', '/organisations', { key: 'org-t', name: 'N', meta: { version: 9 } }, ['/meta']],
    ['unknown field in a country', '/incidents', incident({ country: { code: 'KZ', flag: 'blue' } }), ['/country/flag']],
    ['country as a bare code', '/incidents', incident({ country: 'KZ' }), ['/country']],
    ['missing country', '/incidents', incident({ country: undefined }), ['/country']],
    ['bad key and credibility', '/incidents', incident({ key: 'Bad Key', sources: [{ source: 's-note', credibility: 7 }] }),
      ['/key', '/sources/0/credibility']],
    ['unknown vocabulary', '/incidents', incident({ rights: ['happiness'], violations: ['detention', 'tickling'] }), ['/rights/0', '/violations/1']],
    ['bad URL and reliability', '/sources', { key: 's-t', type: 'media', title: 'T', reliability: 'G', url: 'javascript:alert(1)' }, ['/reliability', '/url']],
    ['array instead of an object', '/persons', [1, 2], ['']],
  ];
  it.each(cases)('%s', async (_name, url, payload, paths) => {
    const res = await refusedWithoutWriting('POST', url, payload);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().problems.map((p: { path: string }) => p.path).sort()).toEqual([...paths].sort());
  });
});

describe('deleting a record others refer to: 409 listing the dependants, nothing deleted', () => {
  const cases: Array<[string, string, Array<{ path: string; message: string }>]> = [
    ['a source that incidents cite', '/sources/s-note', [
      { path: '/incidents/kz-feb-detention', message: "incident 'kz-feb-detention' cites this source" },
      { path: '/incidents/kz-mar-house-arrest', message: "incident 'kz-mar-house-arrest' cites this source" },
    ]],
    ['a person who is a victim', '/persons/p-asel', [
      { path: '/incidents/kz-feb-detention', message: "incident 'kz-feb-detention' names this person as a victim" },
      { path: '/incidents/kz-mar-house-arrest', message: "incident 'kz-mar-house-arrest' names this person as a victim" },
    ]],
    ['an organisation a source refers to', '/organisations/org-monitor', [
      { path: '/sources/s-note', message: "source 's-note' refers to this organisation" },
    ]],
    ['an incident that is followed up and recommended on', '/incidents/kz-feb-detention', [
      { path: '/incidents/kz-mar-house-arrest', message: "incident 'kz-mar-house-arrest' follows up this incident" },
      { path: '/recommendations/r-kz-association', message: "recommendation 'r-kz-association' refers to this incident" },
    ]],
    ['an incident only a recommendation refers to', '/incidents/kg-apr-search', [
      { path: '/recommendations/r-kg-privacy', message: "recommendation 'r-kg-privacy' refers to this incident" },
    ]],
  ];
  it.each(cases)('%s', async (_name, url, dependants) => {
    const res = await refusedWithoutWriting('DELETE', url);
    expect(res.statusCode, res.body).toBe(409);
    const body = res.json();
    expect(body.problems).toEqual(dependants);
    expect(body.message).toMatch(/Nothing was deleted/);
    expect((await api('GET', url)).statusCode).toBe(200);
  });

  it('deletes once the dependants are gone, taking the incident’s links with it', async () => {
    const before = await countRows(t.database);
    expect((await api('DELETE', '/recommendations/r-kg-privacy')).statusCode).toBe(204);
    expect((await api('DELETE', '/incidents/kg-apr-search')).statusCode).toBe(204);
    expect((await api('DELETE', '/organisations/org-press')).statusCode).toBe(204); // nothing refers to it
    const after = await countRows(t.database);
    expect(after).toMatchObject({
      recommendations: before.recommendations! - 1, recommendation_incidents: before.recommendation_incidents! - 1,
      incidents: before.incidents! - 1, organisations: before.organisations! - 1,
    });
  });

  it('unlinks a victim by replacing the incident, after which the person can go', async () => {
    const { meta: _m, ...fine } = (await api('GET', '/incidents/kz-jan-fine')).json();
    expect((await api('DELETE', '/persons/p-ivan')).statusCode).toBe(409);
    expect((await api('PUT', '/incidents/kz-jan-fine', { ...fine, victims: [] })).statusCode).toBe(200);
    expect((await api('DELETE', '/persons/p-ivan')).statusCode).toBe(204);
  });
});

describe('concurrent requests', () => {
  it('lets exactly one of several simultaneous creates of one key win; the others get 409', async () => {
    const body = { key: 'org-race', name: 'Race Org' };
    const results = await Promise.all(Array.from({ length: 5 }, () => api('POST', '/organisations', body)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409]);
    expect((await api('GET', '/organisations?q=race')).json().total).toBe(1);
  });

  it('a create that loses the race after its existence check neither reports success nor overwrites', async () => {
    expect((await api('POST', '/organisations', { key: 'org-first', name: 'First Org' })).statusCode).toBe(201);
    // As if the check ran just before the other create committed: it sees no record.
    const racing = { ...organisationStore, load: async () => undefined };
    for (const body of [{ key: 'org-first', name: 'First Org' }, { key: 'org-first', name: 'Overwriting Org' }]) {
      const before = await versionSums();
      const err = await createRecord(t.database.db, racing, body).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect(await versionSums()).toEqual(before);
    }
    expect((await api('GET', '/organisations/org-first')).json().name).toBe('First Org');
  });
});
