import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { countRows } from '../../support/database.js';
import { type callApi, useSeededApi } from './records-fixture.js';

let t: TestApp;
let api: ReturnType<typeof callApi>;
// Both bundles hold the records that new incidents and recommendations refer to.
useSeededApi((app, call) => { t = app; api = call; });

type Body = Record<string, unknown> & { key: string };
interface Case {
  collection: string;
  /** A complete body for a new record. */
  body: Body;
  /** The same record with one thing changed. */
  changed: Body;
  /** What a read of the created record shows beyond the body (defaults, nulls, read-only fields). */
  shown: Record<string, unknown>;
}

const person = { key: 'p-new', kind: 'individual', name: 'Dana Nurova', pseudonym: 'Witness D', occupation: 'teacher', consent: { publicNaming: true } };
const source = { key: 's-new', type: 'court', title: 'Court ruling 7', organisation: 'org-press', date: '2018-02-01', reliability: 'A' };
const organisation = { key: 'org-new', name: 'Lawyers for Rights', contact: { email: 'desk@example.org' } };
const incident = {
  key: 'kz-new', country: { code: 'KZ' }, title: 'Journalist threatened', date: '2018-03-01', dateAccuracy: 'month',
  location: { place: 'Shymkent', region: 'Turkistan' }, rights: ['expression'], violations: ['threat'],
  summary: 'Unknown men threatened the journalist.', victims: ['p-ivan'], perpetrators: [{ description: 'Unknown men', stateActor: false }],
  status: 'ongoing', sources: [{ source: 's-news', credibility: 3, excerpt: 'threatened' }],
};
const recommendation = { key: 'r-new', right: 'expression', addressee: 'un', text: 'Investigate threats.', incidents: ['kz-jan-fine'] };

const cases: Case[] = [
  {
    collection: 'persons', body: person, changed: { ...person, risk: 'medium' },
    shown: {
      nameNative: null, sex: null, birthYear: null, affiliation: null, risk: null,
      consent: { unSubmission: false, publicNaming: true, stateTransmission: false },
    },
  },
  {
    collection: 'sources', body: source, changed: { ...source, confidential: true },
    shown: { author: null, url: null, confidential: false },
  },
  {
    collection: 'organisations', body: organisation, changed: { ...organisation, acronym: 'LFR' },
    shown: { acronym: null, contact: { email: 'desk@example.org', address: null } },
  },
  {
    collection: 'incidents', body: incident, changed: { ...incident, urgent: true },
    shown: { country: { code: 'KZ', name: 'Kazakhstan' }, endDate: null, legalBasis: [], urgent: false, followUpOf: null },
  },
  {
    collection: 'recommendations', body: recommendation, changed: { ...recommendation, addressee: 'eu' },
    shown: { country: 'KZ' },
  },
];

describe.each(cases)('$collection: create, read, replace, delete', ({ collection, body, changed, shown }) => {
  const url = `/${collection}/${body.key}`;

  it('creates (201) with meta, and reads back what it stored', async () => {
    const created = await api('POST', `/${collection}`, body);
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json();
    expect(record).toMatchObject({ ...body, ...shown, meta: { version: 1 } });
    expect(record.meta).toEqual({ id: expect.any(Number), version: 1, createdAt: expect.any(String), updatedAt: expect.any(String) });
    const read = await api('GET', url);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(record);
  });

  it('refuses to create the same key twice (409) and changes nothing', async () => {
    const before = await countRows(t.database);
    const again = await api('POST', `/${collection}`, changed);
    expect(again.statusCode).toBe(409);
    expect(again.json().problems).toEqual([{ path: '/key', message: expect.stringContaining(`'${body.key}' already exists`) }]);
    expect(await countRows(t.database)).toEqual(before);
    expect((await api('GET', url)).json()).toMatchObject(body);
  });

  it('keeps the version on an identical PUT, with or without the key in the body', async () => {
    const { key: _key, ...withoutKey } = body;
    for (const payload of [body, withoutKey]) {
      const res = await api('PUT', url, payload);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().meta.version).toBe(1);
    }
  });

  it('bumps the version by one when something changes', async () => {
    const before = (await api('GET', url)).json();
    const res = await api('PUT', url, changed);
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after).toMatchObject({ ...changed, meta: { id: before.meta.id, version: 2, createdAt: before.meta.createdAt } });
    expect(Date.parse(after.meta.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.meta.updatedAt));
    expect((await api('PUT', url, changed)).json().meta.version).toBe(2);
  });

  it('refuses a body key that differs from the path (422 at /key)', async () => {
    const res = await api('PUT', url, { ...changed, key: 'some-other-key' });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([{ path: '/key', message: expect.stringContaining(`'${body.key}'`) }]);
  });

  it('creates nothing on PUT of an unknown key (404)', async () => {
    const before = await countRows(t.database);
    const { key: _key, ...withoutKey } = changed;
    const res = await api('PUT', `/${collection}/absent-key`, withoutKey);
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/absent-key/);
    expect(await countRows(t.database)).toEqual(before);
  });

  it('deletes (204), then the record is gone (404 on GET and on a second DELETE)', async () => {
    const res = await api('DELETE', url);
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    expect((await api('GET', url)).statusCode).toBe(404);
    expect((await api('DELETE', url)).statusCode).toBe(404);
  });
});

describe('replace is a full replace', () => {
  it('drops optional fields that the new body leaves out', async () => {
    const body = { key: 'p-full', kind: 'individual', name: 'Erlan B', pseudonym: 'E', occupation: 'lawyer', sex: 'male', consent: {} };
    expect((await api('POST', '/persons', body)).statusCode).toBe(201);
    const { occupation: _o, sex: _s, ...slimmer } = body;
    const res = await api('PUT', '/persons/p-full', slimmer);
    expect(res.json()).toMatchObject({ occupation: null, sex: null, meta: { version: 2 } });
  });

  it('replaces an incident’s victims, sources and perpetrators', async () => {
    const res = await api('PUT', '/incidents/kz-jan-fine', {
      country: { code: 'KZ' }, title: 'Blogger fined for a post', date: '2018-01-15', dateAccuracy: 'exact',
      location: { place: 'Astana' }, rights: ['expression'], violations: ['fine'],
      summary: 'A court fined the blogger 100% of the maximum amount.', victims: ['p-group', 'p-ivan'], status: 'concluded',
      perpetrators: [{ description: 'Astana court', stateActor: true }], sources: [{ source: 's-note', credibility: 4 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      victims: ['p-group', 'p-ivan'], perpetrators: [{ description: 'Astana court', stateActor: true }],
      sources: [{ source: 's-note', credibility: 4, locator: null, excerpt: null }], meta: { version: 2 },
    });
  });

  it('a GET body sent back by PUT (without meta) changes nothing', async () => {
    const { meta, ...record } = (await api('GET', '/incidents/kz-mar-house-arrest')).json();
    const res = await api('PUT', '/incidents/kz-mar-house-arrest', record);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().meta).toEqual(meta);
  });
});

describe('path keys', () => {
  it('answers 400 naming the key when it is malformed', async () => {
    const res = await api('GET', '/persons/Not%20A%20Key');
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([{ path: '/key', message: expect.stringMatching(/lowercase/) }]);
  });

  it('answers 404 for a well-formed key that does not exist', async () => {
    for (const collection of ['incidents', 'persons', 'sources', 'organisations', 'recommendations']) {
      const res = await api('GET', `/${collection}/nobody-here`);
      expect(res.statusCode).toBe(404);
      expect(res.json().message).toMatch(/'nobody-here' not found/);
    }
  });
});
