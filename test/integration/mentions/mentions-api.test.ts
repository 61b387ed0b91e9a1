import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleSchema } from '../../../src/records/bundle.schemas.js';
import { canonicalBundle } from '../../../src/records/canonical.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { smallBundle, sortedBundle, type SmallBundle } from '../../support/bundles.js';
import { countRows } from '../../support/database.js';

/**
 * Mentions through the API: validation on import and on the record routes, conversion of typed
 * names on import with its counts, the exact round trip, and pseudonyms for callers without
 * identities:read.
 */

let t: TestAppWithAuth;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: payload as object, headers });
const exportKz = async (headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: '/api/v1/bundles?country=KZ&from=2018-01-01&to=2018-03-31', headers });

/** The small bundle with mentions: p-anon is protected in public documents, p-named consents. */
function withMentions(): SmallBundle {
  const b = smallBundle();
  b.incidents[0]!.summary = 'Police detained [[person:p-anon]] at home; [[person:p-named]] filmed it.';
  b.incidents[0]!.legalBasis = ['Criminal Code, Article 405 (case against [[person:p-anon]])'];
  b.incidents[0]!.sources[1]!.excerpt = '[[person:p-anon]] was taken at dawn.';
  b.sources[0]!.title = 'Monitoring note 12 on [[person:p-anon]]';
  b.persons[1]!.affiliation = 'Free Word, with [[person:p-anon]]';
  b.recommendations[0]!.text = 'Release [[person:p-anon]].';
  return b;
}

describe('import validates every mention', () => {
  it('refuses unknown keys and malformed mentions with a pointer to each field, writing nothing', async () => {
    const before = await countRows(t.database);
    const b = withMentions();
    b.incidents[1]!.summary = 'A court placed [[person:p-x]] under house arrest.';
    b.incidents[0]!.perpetrators[0]!.description = 'Police led by [[person:p-officer]]';
    b.incidents[0]!.sources[0]!.locator = 'para. 3, on [[person:p-y]]';
    b.sources[1]!.author = '[[person:p-z]]';
    b.persons[0]!.occupation = 'activist, sister of [[person:p-w]]';
    b.recommendations[0]!.text = 'Release [[Person: p-anon]].';
    const res = await post(b);
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual(expect.arrayContaining([
      { path: '/incidents/1/summary', message: "unknown person key 'p-x' in mention" },
      { path: '/incidents/0/perpetrators/0/description', message: "unknown person key 'p-officer' in mention" },
      { path: '/incidents/0/sources/0/locator', message: "unknown person key 'p-y' in mention" },
      { path: '/sources/1/author', message: "unknown person key 'p-z' in mention" },
      { path: '/persons/0/occupation', message: "unknown person key 'p-w' in mention" },
      expect.objectContaining({ path: '/recommendations/0/text', message: expect.stringMatching(/malformed mention/) }),
    ]));
    expect(await countRows(t.database)).toEqual(before);
  });

  it('accepts a mention of a person already on record but not in the bundle', async () => {
    expect((await post(smallBundle())).statusCode).toBe(201);
    const b = smallBundle();
    b.persons = b.persons.filter((p) => p.key !== 'p-named');
    b.incidents[1]!.victims = ['p-anon'];
    b.incidents[1]!.summary = 'A court placed the activist under house arrest; [[person:p-named]] reported it.';
    const res = await post(b);
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('import converts typed names of known persons', () => {
  it('reports mentionsConverted per record and in all, and stores mentions', async () => {
    const b = smallBundle();
    b.incidents[0]!.summary = 'Police detained Ivan Petrov at home. Petrov was released.';
    b.incidents[0]!.title = 'Ivan Petrov detained in Almaty';
    b.recommendations[0]!.text = 'Release Ivan Petrov.';
    const res = await post(b);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mentionsConverted).toEqual({
      total: 4,
      incidents: { 'kz-2018-03-13-detention': 3 },
      recommendations: { 'r-release': 1 },
    });
    const stored = (await t.app.inject({ url: '/api/v1/incidents/kz-2018-03-13-detention' })).json();
    expect(stored.summary).toBe('Police detained [[person:p-named]] at home. [[person:p-named]] was released.');
    expect(stored.title).toBe('[[person:p-named]] detained in Almaty');
  });

  it('reports zero when there is nothing to convert', async () => {
    const res = await post(withMentions());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mentionsConverted).toEqual({ total: 0 });
  });

  it('converts names of stored persons; a caller who may not see identities imports nothing (its counts would say who is on record)', async () => {
    expect((await post(smallBundle())).statusCode).toBe(201);
    const b = smallBundle();
    b.persons = b.persons.filter((p) => p.key !== 'p-named');
    b.incidents[1]!.victims = ['p-anon'];
    b.incidents[1]!.summary = 'Ivan Petrov reported the house arrest.';
    const pseudonymous = await t.authenticate({ scopes: ['records:write', 'records:read'] });
    const blind = await post(b, pseudonymous);
    expect(blind.statusCode, blind.body).toBe(403);
    const seeing = await t.authenticate({ scopes: ['records:write', 'records:read', 'identities:read'] });
    const res = await post(b, seeing);
    expect(res.json().mentionsConverted).toEqual({ total: 1, incidents: { 'kz-2018-03-20-house-arrest': 1 } });
  });
});

describe('export writes mentions as stored', () => {
  it('round-trips a bundle with mentions exactly, and re-imports it unchanged', async () => {
    const b = withMentions();
    expect((await post(b)).statusCode).toBe(201);
    const exported = (await exportKz()).json();
    expect(sortedBundle(exported)).toEqual(sortedBundle(canonicalBundle(BundleSchema.parse(b))));
    const again = await post(exported);
    expect(again.json().mentionsConverted).toEqual({ total: 0 });
    expect(again.json().incidents).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });
});

describe('record routes validate mentions', () => {
  it('refuses an incident, source, person or recommendation mentioning an unknown key (422 at the field)', async () => {
    expect((await post(smallBundle())).statusCode).toBe(201);
    const incident = (await t.app.inject({ url: '/api/v1/incidents/kz-2018-03-13-detention' })).json();
    const { meta: _m, country, ...body } = incident;
    const put = await t.app.inject({
      method: 'PUT', url: '/api/v1/incidents/kz-2018-03-13-detention',
      payload: { ...body, country: { code: country.code }, summary: 'Held with [[person:p-ghost]].', legalBasis: ['[[person:p-ghost2]]'] },
    });
    expect(put.statusCode, put.body).toBe(422);
    expect(put.json().problems).toEqual(expect.arrayContaining([
      { path: '/summary', message: "unknown person key 'p-ghost' in mention" },
      { path: '/legalBasis/0', message: "unknown person key 'p-ghost2' in mention" },
    ]));
    const ok = await t.app.inject({
      method: 'PUT', url: '/api/v1/incidents/kz-2018-03-13-detention',
      payload: { ...body, country: { code: country.code }, summary: 'Held with [[person:p-named]].' },
    });
    expect(ok.statusCode, ok.body).toBe(200);

    const source = await t.app.inject({ method: 'POST', url: '/api/v1/sources', payload: { key: 's-new', type: 'media', title: 'On [[person:p-ghost]]', reliability: 'C' } });
    expect(source.statusCode).toBe(422);
    expect(source.json().problems).toEqual([{ path: '/title', message: "unknown person key 'p-ghost' in mention" }]);

    const rec = await t.app.inject({ method: 'POST', url: '/api/v1/recommendations', payload: { key: 'r-new', right: 'liberty', addressee: 'state', text: 'Free [[person:p-ghost]]' } });
    expect(rec.statusCode).toBe(422);
    expect(rec.json().problems).toEqual([{ path: '/text', message: "unknown person key 'p-ghost' in mention" }]);

    // A person may mention itself (and anybody on record).
    const person = await t.app.inject({
      method: 'POST', url: '/api/v1/persons',
      payload: { key: 'p-new', kind: 'individual', name: 'Nurlan Example', pseudonym: 'Witness N', occupation: 'brother of [[person:p-anon]]', affiliation: '[[person:p-nobody]]', consent: {} },
    });
    expect(person.statusCode).toBe(422);
    expect(person.json().problems).toEqual([{ path: '/affiliation', message: "unknown person key 'p-nobody' in mention" }]);
  });
});

describe('callers without identities:read', () => {
  it('see every mention as the pseudonym; callers with it see the stored text', async () => {
    expect((await post(withMentions())).statusCode).toBe(201);
    const blind = await t.authenticate({ scopes: ['records:read'] });
    const seeing = await t.authenticate({ scopes: ['records:read', 'identities:read'] });

    const incident = (await t.app.inject({ url: '/api/v1/incidents/kz-2018-03-13-detention', headers: blind })).json();
    expect(incident.summary).toBe('Police detained Activist A at home; Blogger B filmed it.');
    expect(incident.legalBasis).toEqual(['Criminal Code, Article 405 (case against Activist A)']);
    // A source whose title mentions a person identifies them: to such a caller it is a
    // confidential source (type and month), and its excerpts are withheld with it.
    expect(incident.sources[1].excerpt).toBeNull();
    expect((await t.app.inject({ url: '/api/v1/sources/s-note', headers: blind })).json().title).toMatch(/^Confidential source \(/);
    expect((await t.app.inject({ url: '/api/v1/persons/p-named', headers: blind })).json().affiliation).toBe('Free Word, with Activist A');
    expect((await t.app.inject({ url: '/api/v1/recommendations/r-release', headers: blind })).json().text).toBe('Release Activist A.');
    const listed = (await t.app.inject({ url: '/api/v1/incidents?country=KZ', headers: blind })).json();
    expect(JSON.stringify(listed)).not.toContain('[[person:');
    const exported = (await exportKz(blind)).json();
    expect(JSON.stringify(exported)).not.toContain('[[person:');
    expect(JSON.stringify(exported)).not.toMatch(/Ivan Petrov|Әсел/);

    const stored = (await t.app.inject({ url: '/api/v1/incidents/kz-2018-03-13-detention', headers: seeing })).json();
    expect(stored.summary).toBe('Police detained [[person:p-anon]] at home; [[person:p-named]] filmed it.');
    expect(JSON.stringify((await exportKz(seeing)).json())).toContain('[[person:p-anon]]');
  });
});

describe('deleting a mentioned person', () => {
  it('answers 409 listing the records that mention the person (the mention would dangle)', async () => {
    const b = withMentions();
    (b.persons as unknown[]).push({ ...b.persons[1]!, key: 'p-extra', name: 'Extra Person', pseudonym: 'Witness X', affiliation: 'Free Word' });
    b.sources[1]!.author = 'Told to [[person:p-extra]]';
    b.incidents[1]!.perpetrators = [{ description: 'Officers, per [[person:p-extra]]', stateActor: true }];
    expect((await post(b)).statusCode).toBe(201);
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/persons/p-extra' });
    expect(res.statusCode).toBe(409);
    expect(res.json().problems).toEqual([
      { path: '/incidents/kz-2018-03-20-house-arrest', message: "incident 'kz-2018-03-20-house-arrest' mentions this person" },
      { path: '/sources/s-secret', message: "source 's-secret' mentions this person" },
    ]);
  });
});
