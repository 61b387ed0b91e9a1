import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SCOPES } from '../../../src/auth/roles.js';
import { BundleSchema } from '../../../src/records/bundle.schemas.js';
import { canonicalBundle } from '../../../src/records/canonical.js';
import { readDemoBundle } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { sortedBundle } from '../../support/bundles.js';
import { generate, viewOf, type DocumentView } from '../../support/documents.js';
import { hasTools } from '../../support/tools.js';
import { loadIncidentsByKeys, loadPersonsByKeys } from '../../../src/records/records.repository.js';
import { formFields, openForm, postForm } from '../web/forms.js';

/**
 * Issue 13, points 3 and 4, on the demo bundle with the round-3 fields filled in and on a second
 * team's bundle: the UN communication on the OHCHR questionnaire's fields, as a reader sees it in
 * the PDF, and the mandate suggestion through the API and the generate form.
 */

type Obj = Record<string, any>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const second = JSON.parse(readFileSync(new URL('../../fixtures/second-team.bundle.json', import.meta.url), 'utf8')) as Obj;

/** The demo bundle with the UN fields recorded (test data: the demo itself records few). */
function withUnFields(demo: Obj): Obj {
  const b = clone(demo);
  const person = (key: string) => b.persons.find((p: Obj) => p.key === key);
  const incident = (key: string) => b.incidents.find((i: Obj) => i.key === key);
  Object.assign(person('p-kz-0001'), { age: { years: 34, asOf: '2018-03-13' }, nationality: 'Kazakhstani' });
  // Ardak Ashim (Blogger U) consented to nothing: everything here must stay out of the letter but the status.
  Object.assign(person('p-kz-0019'), {
    age: { years: 38, asOf: '2018-03-15' }, nationality: 'Turkmen',
    whereabouts: { status: 'restricted-movement', place: 'Zhuldyz street 14, Shymkent', asOf: '2018-03-20' },
  });
  person('p-kz-0010').consent.unPublicReport = true;
  b.sources.find((s: Obj) => s.key === 's-un-srijl-2018-01-lawyers').reference = 'AL KAZ 1/2018';
  incident('kz-2018-03-13-almaty-detentions').domesticRemedies = {
    steps: [{ date: '2018-03-20', authority: 'the Almaty City Court', action: 'appeal against the house arrest', outcome: 'dismissed on 2 April 2018' }],
    noneBecause: null,
  };
  incident('kz-2018-03-15-journalist-home-search').domesticRemedies = { steps: [], noneBecause: 'Her family fears reprisals if she complains.' };
  incident('kz-2018-03-13-almaty-detentions').internationalProcedures = [
    { body: 'UN Working Group on Arbitrary Detention (regular procedure)', reference: null, date: '2018-03-28', status: 'petition submitted' },
  ];
  return b;
}

let t: TestAppWithAuth;
let bundle: Obj;
let letter: DocumentView;
const CASE = { persons: ['p-kz-0001', 'p-kz-0019', 'p-kz-0010', 'p-kz-0023'] };

beforeAll(async () => {
  t = await createTestApp({ GENERATE_RATE_LIMIT_PER_MINUTE: '1000' });
  bundle = withUnFields((await readDemoBundle()) as Obj);
  const imported = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle });
  expect(imported.statusCode, imported.body).toBe(201);
  if (hasTools('pdftotext')) {
    const g = await generate(t.app, {
      kind: 'un-communication', format: 'pdf', selection: CASE,
      options: { variant: 'allegation-letter', mandates: ['wg-arbitrary-detention', 'sr-expression'] },
    });
    letter = await viewOf(g.bytes, 'pdf');
  }
});
afterAll(async () => t?.close());

describe('the contract extension', () => {
  it('exports the new fields exactly as imported', async () => {
    const res = await t.app.inject({ url: '/api/v1/bundles?country=KZ&from=2018-01-01&to=2018-03-31' });
    expect(res.statusCode).toBe(200);
    const exported = res.json();
    const pick = (b: Obj) => ({
      persons: b.persons.filter((p: Obj) => ['p-kz-0001', 'p-kz-0019', 'p-kz-0010'].includes(p.key)),
      sources: b.sources.filter((s: Obj) => s.key === 's-un-srijl-2018-01-lawyers'),
      incidents: b.incidents.filter((i: Obj) => ['kz-2018-03-13-almaty-detentions', 'kz-2018-03-15-journalist-home-search'].includes(i.key)),
    });
    // Exported in normal form (absent ≡ null): compare with the import's normal form.
    expect(sortedBundle(pick(exported))).toEqual(sortedBundle(pick(canonicalBundle(BundleSchema.parse(bundle)))));
    expect(pick(exported).persons.find((p: Obj) => p.key === 'p-kz-0019').whereabouts).toEqual(
      { status: 'restricted-movement', place: 'Zhuldyz street 14, Shymkent', asOf: '2018-03-20' });
    // And the whole bundle: re-posting the export changes nothing.
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: exported });
    for (const type of ['persons', 'sources', 'incidents']) expect(again.json()[type].updated, type).toBe(0);
  });

  it('refuses bad new fields with 422 and a pointer to each', async () => {
    const b = clone(bundle);
    const at = (key: string, list: string) => b[list].findIndex((r: Obj) => r.key === key);
    const p = at('p-kz-0019', 'persons');
    b.persons[p].consent.unPublicReport = true; // without unSubmission
    b.persons[p].age = { years: 200, asOf: '2018-03-15' };
    b.persons[p].whereabouts.status = 'in-prison';
    const s = at('s-un-srijl-2018-01-lawyers', 'sources');
    b.sources[s].reference = 'letter of January 2018';
    const s2 = at('s-civicus-2018-q1', 'sources');
    b.sources[s2].type = 'un-communication';
    const i = at('kz-2018-03-13-almaty-detentions', 'incidents');
    b.incidents[i].domesticRemedies = { steps: [] };
    b.incidents[i].perpetrators[0].reason = '';
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: b });
    expect(res.statusCode).toBe(422);
    const paths = res.json().problems.map((x: { path: string }) => x.path);
    expect(paths).toEqual(expect.arrayContaining([
      `/persons/${p}/consent/unPublicReport`, `/persons/${p}/age/years`, `/persons/${p}/whereabouts/status`,
      `/sources/${s}/reference`, `/sources/${s2}/reference`,
      `/incidents/${i}/domesticRemedies/noneBecause`, `/incidents/${i}/perpetrators/0/reason`,
    ]));
    expect(res.json().problems.find((x: { path: string }) => x.path === `/sources/${s}/reference`).message).toContain('"AL KAZ 1/2018"');
  });

  it('refuses a UN communication without its reference through the records API too', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/sources',
      payload: { key: 's-un-x', type: 'un-communication', title: 'Communication on the case', reliability: 'A' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([{ path: '/reference', message: expect.stringContaining('needs its reference') }]);
  });
});

describe.runIf(hasTools('pdftotext'))('the UN communication on the OHCHR fields (PDF)', () => {
  it('prints a consenting victim\'s age, nationality and where she is now', () => {
    expect(letter.body).toContain('Akmaral Tobylova (Акмарал Тобылова): female, aged 34 (13 March 2018), nationality: Kazakhstani, civil society activist');
    expect(letter.body).toContain('Now: under house arrest (at her home in Almaty), as of 15 March 2018.');
  });

  it('prints of a pseudonymised victim only what does not identify her: no place, nationality or exact age', () => {
    // Her occupation only repeats the pseudonym's role ("Blogger U, blogger"): left out.
    expect(letter.body).toContain('Blogger U: female, in her thirties.');
    expect(letter.body).toContain('Now: at liberty under restrictions on movement (the place is withheld here to protect the person\'s identity');
    expect(letter.body).toContain('as of March 2018');
    for (const leak of ['Zhuldyz', 'Turkmen', 'aged 38', 'Ardak', 'Ashim']) expect(letter.everywhere.join(' ')).not.toContain(leak);
  });

  it('states each perpetrator with the facts, with the State link and the reason', () => {
    expect(letter.body).toContain('Alleged perpetrators: Almaty police investigators, State actor (police officers of the Ministry of Internal Affairs), held responsible because they detained the three at their homes');
    expect(letter.body).not.toContain('Alleged perpetrators and their link to the State');
  });

  it('lists domestic remedies taken, and why none was taken where none was', () => {
    expect(letter.body).toContain('On 20 March 2018, appeal against the house arrest before the Almaty City Court: dismissed on 2 April 2018.');
    expect(letter.body).toMatch(/no domestic remedy has been sought yet, because her family fears reprisals if she complains\./);
    expect(letter.body).toContain('UN Working Group on Arbitrary Detention (regular procedure), 28 March 2018: petition submitted.');
  });

  it('cites an earlier UN communication by its reference, not as an undated official statement', () => {
    const notes = [...letter.notes.values()].join('\n');
    expect(notes).toContain('UN Special Procedures communication AL KAZ 1/2018');
    expect(letter.body).toContain('The Special Procedures have already addressed these facts');
    expect(notes).not.toMatch(/official statement, undated/);
  });

  it('has a consent line per victim for the public communications report', () => {
    // unPublicReport false (the default): initials.
    expect(letter.body).toContain('Akmaral Tobylova. Consents to being named in this communication, not in the public communications report: please refer to her there by her initials only.');
    expect(letter.body).toContain('Ashat Bersalimov. Consents to being named in this communication and in the public communications report.');
    expect(letter.body).toContain('Blogger U. Has not consented to being named: referred to by this pseudonym here and, please, in the public communications report.');
  });

  it('has no part "not to be transmitted" unless one is given', async () => {
    expect(letter.body).not.toContain('not to be transmitted to the Government');
    const g = await generate(t.app, {
      kind: 'un-communication', format: 'pdf', selection: { persons: ['p-kz-0001'] },
      options: { variant: 'urgent-appeal', mandates: ['wg-arbitrary-detention'], notForTransmission: 'Her lawyer can be reached through the submitting organisation only.' },
    });
    const view = await viewOf(g.bytes, 'pdf');
    expect(view.body).toContain('Confidential annex: information not to be transmitted to the Government');
    expect(view.body).toContain('Her lawyer can be reached through the submitting organisation only.');
    expect(view.body).toContain('concerning the case of Akmaral Tobylova and Group B (co-detainees)');
  });
});

describe('mandate suggestion', () => {
  it('answers POST /api/v1/documents/suggest-mandates with the mandates, reasons and incidents; WGAD for a detention', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents/suggest-mandates', payload: { selection: { persons: ['p-kz-0001'] } } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toContainEqual({
      id: 'wg-arbitrary-detention', title: 'Working Group on Arbitrary Detention',
      reason: 'Deprivation of liberty (detention, house arrest) in 1 incident.', incidentKeys: ['kz-2018-03-13-almaty-detentions'],
    });
  });

  it('answers 422 with a pointer for a bad selection', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents/suggest-mandates', payload: { selection: { country: 'kz' } } });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems[0].path).toBe('/selection/country');
  });

  it('gives a caller without identities:read reasons without names (incident keys spell none since they were made opaque)', async () => {
    const headers = await t.authenticate({ scopes: SCOPES.filter((s) => s !== 'identities:read') });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents/suggest-mandates', headers, payload: { selection: { persons: ['p-kz-0019'] } } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toMatch(/ashim|Ardak/i);
    const privacy = res.json().find((m: Obj) => m.id === 'sr-privacy');
    expect(privacy.incidentKeys).toEqual(['kz-2018-03-15-journalist-home-search']);
  });

  it('pre-ticks the suggested mandates in the generate form, with their reasons', async () => {
    const res = await t.app.inject({ url: '/generate/un-communication?selection.persons=p-kz-0001' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<input[^>]*value="wg-arbitrary-detention"[^>]*checked/);
    expect(res.body).toContain('Suggested: Deprivation of liberty (detention, house arrest) in 1 incident.');
    expect(res.body).not.toMatch(/<input[^>]*value="sr-torture"[^>]*checked/);
  });

  it('suggests WGAD on the second team\'s bundle for its detained persons', async () => {
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: second });
    expect(imported.statusCode, imported.body).toBe(201);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents/suggest-mandates', payload: { selection: { persons: ['p-kg-0002', 'p-kg-0003'] } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().map((m: Obj) => m.id)).toContain('wg-arbitrary-detention');
  });
});

describe('the staff forms', () => {
  it('record a person\'s age, nationality, whereabouts and public-report consent', async () => {
    const session = await openForm(t.app, '/persons/new');
    const res = await postForm(t.app, '/persons', {
      kind: 'individual', name: 'Saule Ermekova', pseudonym: 'Lawyer S', 'consent.unSubmission': 'on', 'consent.unPublicReport': 'on',
      'age.years': '41', 'age.asOf': '2018-03-01', nationality: 'Kazakhstani', 'whereabouts.status': 'in-custody',
      'whereabouts.place': 'pre-trial detention centre, Astana', 'whereabouts.asOf': '2018-03-02',
    }, session);
    expect(res.statusCode, res.body.slice(0, 3000)).toBe(303);
    const key = /\/persons\/([^?]+)/.exec(res.headers.location as string)![1]!;
    const [person] = await loadPersonsByKeys(t.database.db, [key]);
    expect(person).toMatchObject({
      age: { years: 41, asOf: '2018-03-01' }, nationality: 'Kazakhstani',
      whereabouts: { status: 'in-custody', place: 'pre-trial detention centre, Astana', asOf: '2018-03-02' },
      consent: { unSubmission: true, unPublicReport: true },
    });
    const refused = await postForm(t.app, '/persons', {
      kind: 'individual', name: 'Saule Ermekova', pseudonym: 'Lawyer T', 'consent.unPublicReport': 'on', 'age.years': 'forty',
    }, session);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('needs unSubmission');
  });

  it('edit an incident\'s perpetrators, remedies and procedures, and send them back unchanged', async () => {
    const key = 'kz-2018-03-13-almaty-detentions';
    const session = await openForm(t.app, `/incidents/${key}/edit`);
    const form = (await t.app.inject({ url: `/incidents/${key}/edit` })).body;
    const body = formFields(form, `/incidents/${key}`);
    delete body._csrf;
    expect(body['perpetrators.0.stateLink']).toBe('police officers of the Ministry of Internal Affairs');
    expect(body['domesticRemedies.steps.0.authority']).toBe('the Almaty City Court');
    const before = (await loadIncidentsByKeys(t.database.db, [key]))[0]!;
    const unchanged = await postForm(t.app, `/incidents/${key}`, body, session);
    expect(unchanged.statusCode).toBe(303);
    expect((await loadIncidentsByKeys(t.database.db, [key]))[0]!.meta.version).toBe(before.meta.version);

    body['perpetrators.1.reason'] = 'it ordered the house arrest on the investigators\' request';
    body['domesticRemedies.noneBecause'] = 'nothing was done';
    const refused = await postForm(t.app, `/incidents/${key}`, body, session);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('steps are recorded: leave noneBecause empty');
    body['domesticRemedies.noneBecause'] = '';
    const saved = await postForm(t.app, `/incidents/${key}`, body, session);
    expect(saved.statusCode).toBe(303);
    const after = (await loadIncidentsByKeys(t.database.db, [key]))[0]!;
    expect(after.perpetrators[1]!.reason).toBe('it ordered the house arrest on the investigators\' request');
    expect(after.domesticRemedies).toEqual(before.domesticRemedies);
    expect(after.internationalProcedures).toEqual(before.internationalProcedures);
  });
});
