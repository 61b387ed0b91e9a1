import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/auth/roles.js';
import { migrateNameKeys } from '../../../src/consent/record-keys.js';
import { savePerson } from '../../../src/records/records-write.repository.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { pdfInfo, readDocx, squash, xmlToText } from '../../support/extract.js';
import { viewOf } from '../../support/documents.js';

/**
 * Issue 12, points 3 and 4: indirect identification by sources, and no side channels for a
 * caller without identities:read (keys, search, shaped answers, documents that name somebody
 * protected in public, refusals). Each rule is tried with a key WITHOUT identities:read and with
 * one WITH it, so that every check below can fail.
 */

const consent = (unSubmission: boolean, publicNaming: boolean) => ({ unSubmission, publicNaming, stateTransmission: unSubmission });
const person = (key: string, name: string, pseudonym: string, c: ReturnType<typeof consent>) => ({
  key, kind: 'individual', name, nameNative: null, pseudonym, sex: 'female', birthYear: null, occupation: 'trader', affiliation: null, consent: c, risk: 'high',
});

const IDENTIFYING_TITLE = 'Pregnant trader accused of financing a banned movement placed under house arrest';
const NAMING_TITLE = 'Dilnoza Rakhimova placed under house arrest in Almaty';
const SECRET_ORGANISATION = 'Quiet Observers Network';

function bundle() {
  return {
    bundleVersion: 1,
    country: { code: 'KZ', name: 'Kazakhstan' },
    period: { from: '2020-01-01', to: '2020-12-31' },
    organisations: [
      { key: 'org-quiet', name: SECRET_ORGANISATION, acronym: 'QON', contact: { email: 'desk@quiet.example.org', address: 'Almaty' } },
    ],
    persons: [
      // She consented to UN submission, not to public naming.
      person('p-sc-0001', 'Dilnoza Rakhimova', 'Trader E', consent(true, false)),
      person('p-sc-0002', 'Bakhyt Omarov', 'Activist B', consent(true, true)),
      person('p-sc-0003', 'Timur Omarov', 'Witness C', consent(false, false)),
    ],
    sources: [
      { key: 's-sc-0001', type: 'media', title: IDENTIFYING_TITLE, author: 'Regional News Service', organisation: null, date: '2020-03-05', url: 'https://news.example.org/a/1', reliability: 'B', confidential: false, identifies: ['p-sc-0001'] },
      { key: 's-sc-0002', type: 'media', title: NAMING_TITLE, author: 'Example Wire', organisation: null, date: '2020-04-10', url: 'https://wire.example.org/b/2', reliability: 'C', confidential: false },
      { key: 's-sc-0003', type: 'ngo-report', title: 'Notes of a night visit', author: null, organisation: 'org-quiet', date: '2020-03-20', url: null, reliability: 'B', confidential: true },
      { key: 's-sc-0004', type: 'monitoring', title: 'Monitoring note on fines', author: 'Field monitor', organisation: null, date: '2020-05-02', url: null, reliability: 'A', confidential: false },
    ],
    incidents: [
      {
        key: 'kz-sc-2020-03-05', title: 'A trader placed under house arrest', date: '2020-03-05', dateAccuracy: 'exact',
        location: { place: 'Almaty', region: null }, rights: ['liberty'], violations: ['house-arrest'],
        summary: 'Investigators placed a pregnant trader under house arrest on charges of financing a banned movement.',
        victims: ['p-sc-0001'], status: 'ongoing', urgent: true,
        sources: [
          { source: 's-sc-0001', credibility: 2, locator: 'para. 2', excerpt: 'She was taken home by investigators.' },
          { source: 's-sc-0002', credibility: 2, locator: null, excerpt: null },
          { source: 's-sc-0003', credibility: 3, locator: 'p. 4', excerpt: 'A neighbour saw the search.' },
        ],
      },
      {
        key: 'kz-sc-2020-05-02', title: 'An activist fined', date: '2020-05-02', dateAccuracy: 'exact',
        location: { place: 'Almaty', region: null }, rights: ['peaceful-assembly'], violations: ['fine'],
        summary: 'A court fined Bakhyt Omarov for a single-person picket.',
        victims: ['p-sc-0002'], status: 'concluded', urgent: false,
        sources: [{ source: 's-sc-0004', credibility: 1, locator: null, excerpt: null }],
      },
    ],
    recommendations: [],
  };
}

let t: TestAppWithAuth;
let pseudonymous: Record<string, string>;
let named: Record<string, string>;

const inject = (headers: Record<string, string>, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

const appeal = (format: 'docx' | 'pdf') => ({
  kind: 'urgent-appeal', format, selection: { incidents: ['kz-sc-2020-03-05'] },
  options: { appealCode: 'KAZ 007/0320/OBS 001', addressees: [{ title: 'Prosecutor General of Kazakhstan' }] },
});
const unLetter = (format: 'docx' | 'pdf') => ({
  kind: 'un-communication', format, selection: { incidents: ['kz-sc-2020-03-05'] },
  options: { variant: 'allegation-letter', mandates: ['sr-expression'] },
});

beforeAll(async () => {
  // Requests without credentials act as staff (who see names); keys are authenticated for real.
  t = await createTestApp({ GENERATE_RATE_LIMIT_PER_MINUTE: '1000' });
  pseudonymous = await t.authenticate({ scopes: SCOPES.filter((s) => s !== 'identities:read') }, 'pseudonymous-service');
  named = await t.authenticate({ scopes: [...SCOPES] }, 'trusted-service');
  const res = await inject(named, 'POST', '/api/v1/bundles', bundle());
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(async () => t?.close());

describe('sources that identify a protected person (identifies, or a name in the title)', () => {
  it.each(['docx', 'pdf'] as const)('are cited like confidential sources in a public appeal (%s), with no remark that says why', async (format) => {
    const res = await inject(named, 'POST', '/api/v1/documents', appeal(format));
    expect(res.statusCode, res.body).toBe(201);
    const file = await inject(named, 'GET', res.json().links.file);
    const view = await viewOf(file.rawPayload, format);
    const all = view.everywhere.join('\n');
    expect(squash(all)).toContain('Confidential source (media report, March 2020)');
    expect(squash(all)).toContain('Confidential source (media report, April 2020)');
    expect(squash(all)).toContain('Confidential source (NGO report, March 2020)');
    for (const revealing of ['Pregnant trader accused', 'Rakhimova', 'Regional News Service', 'Example Wire', 'news.example.org', 'wire.example.org', 'withheld', 'She was taken home']) {
      expect(all, revealing).not.toContain(revealing);
    }
    // The submitting organisation is never a cited source's: a neutral placeholder, in text and metadata.
    expect(all).not.toContain(SECRET_ORGANISATION);
    expect(view.body).toContain('The submitting organisation');
    if (format === 'docx') {
      const core = xmlToText((await readDocx(file.rawPayload)).parts.get('docProps/core.xml')!);
      expect(core).toContain('The submitting organisation');
    } else {
      const { fields, xmp } = await pdfInfo(file.rawPayload);
      expect(fields.Author).toBe('The submitting organisation');
      expect(xmp).not.toContain(SECRET_ORGANISATION);
    }
  });

  it.each(['docx', 'pdf'] as const)('are cited in full in a UN letter when the person consents to UN submission (%s)', async (format) => {
    const res = await inject(named, 'POST', '/api/v1/documents', unLetter(format));
    expect(res.statusCode, res.body).toBe(201);
    const view = await viewOf((await inject(named, 'GET', res.json().links.file)).rawPayload, format);
    const all = squash(view.everywhere.join('\n'));
    expect(all).toContain(IDENTIFYING_TITLE);
    expect(all).toContain(NAMING_TITLE);
    expect(all).toContain('Regional News Service');
    // The confidential source stays confidential for every audience.
    expect(all).toContain('Confidential source (NGO report, March 2020)');
    expect(all).not.toContain(SECRET_ORGANISATION);
  });

  it('identifies is stored, exported and validated like other references', async () => {
    const source = (await inject(named, 'GET', '/api/v1/sources/s-sc-0001')).json();
    expect(source.identifies).toEqual(['p-sc-0001']);
    const exported = (await inject(named, 'GET', '/api/v1/bundles?country=KZ&from=2020-01-01&to=2020-12-31')).json();
    expect(exported.sources.find((s: { key: string }) => s.key === 's-sc-0001').identifies).toEqual(['p-sc-0001']);
    const bad = bundle();
    bad.sources[0]!.identifies = ['p-sc-9999'];
    const refused = await inject(named, 'POST', '/api/v1/bundles', bad);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems).toContainEqual({ path: '/sources/0/identifies/0', message: "unknown person key 'p-sc-9999'" });
    const api = await inject(named, 'POST', '/api/v1/sources', { key: 's-sc-0099', type: 'media', title: 'x', reliability: 'B', identifies: ['p-nobody'] });
    expect(api.statusCode).toBe(422);
    expect(api.json().problems).toContainEqual({ path: '/identifies/0', message: "unknown person key 'p-nobody'" });
  });
});

describe('keys', () => {
  it('a person or source key that spells a name is refused (422) with the reason; a key without identities:read writes nothing (403)', async () => {
    // Writing needs identities:read: a guessed name written into a text and read back shaped
    // would say who is on record, and as whom (access-rules.ts, WRITE_RECORDS).
    const write = await inject(pseudonymous, 'POST', '/api/v1/persons', person('p-zarina-yusupova', 'Zarina Yusupova', 'Witness Y', consent(false, false)));
    expect(write.statusCode, write.body).toBe(403);
    expect(write.body).toMatch(/identities:read/);
    for (const headers of [named]) {
      const res = await inject(headers, 'POST', '/api/v1/persons', person('p-zarina-yusupova', 'Zarina Yusupova', 'Witness Y', consent(false, false)));
      expect(res.statusCode).toBe(422);
      expect(res.json().problems[0]).toMatchObject({ path: '/key' });
      expect(res.json().problems[0].message).toMatch(/spells a person's name/);
      // A key spelling somebody else on record is refused too; the reason says whose name it is not.
      const other = await inject(headers, 'POST', '/api/v1/sources', { key: 's-rakhimova-interview', type: 'interview', title: 'Interview', reliability: 'B' });
      expect(other.statusCode).toBe(422);
      expect(other.body).not.toMatch(/Trader E|Rakhimova'|Dilnoza/);
    }
    const b = JSON.parse(JSON.stringify(bundle()).replaceAll('p-sc-0001', 'p-dilnoza-rakhimova'));
    const refused = await inject(named, 'POST', '/api/v1/bundles', b);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems.map((p: { path: string }) => p.path)).toContain('/persons/0/key');
  });

  it('an existing key that spells a name is migrated to an opaque key; the old key resolves for identities:read only', async () => {
    await savePerson(t.database.db, person('p-gulnara-saidova', 'Gulnara Saidova', 'Teacher G', consent(false, false)) as never, 'KZ');
    const renamed = await migrateNameKeys(t.database.db);
    expect(renamed).toEqual([{ table: 'persons', from: 'p-gulnara-saidova', to: expect.stringMatching(/^p-kz-\d{4}$/) }]);
    expect(await migrateNameKeys(t.database.db)).toEqual([]); // idempotent
    const to = renamed[0]!.to;
    const old = await inject(named, 'GET', '/api/v1/persons/p-gulnara-saidova');
    expect(old.statusCode).toBe(200);
    expect(old.json()).toMatchObject({ key: to, name: 'Gulnara Saidova' });
    expect((await inject(pseudonymous, 'GET', '/api/v1/persons/p-gulnara-saidova')).statusCode).toBe(404);
    expect((await inject(pseudonymous, 'GET', `/api/v1/persons/${to}`)).json()).toMatchObject({ key: to, name: 'Teacher G' });
  });
});

describe('keys of incidents, organisations and recommendations', () => {
  const incident = (key: string) => ({
    key, title: 'A blogger detained', date: '2020-06-01', dateAccuracy: 'exact', country: { code: 'KZ' },
    location: { place: 'Almaty', region: null }, rights: ['liberty'], violations: ['detention'],
    summary: 'Police detained a blogger at her home.', victims: [], status: 'ongoing', urgent: false, sources: [],
  });

  it('a key that spells a protected name is refused (422 at /key) for every record type, API and bundle', async () => {
    const tries: Array<[string, Record<string, unknown>]> = [
      ['incidents', incident('kz-2020-06-01-rakhimova-detained')],
      ['organisations', { key: 'org-omarov-law-office', name: 'A law office' }],
      ['recommendations', { key: 'rec-release-rakhimova', right: 'liberty', addressee: 'state', text: 'Release the trader.', incidents: [] }],
    ];
    for (const [collection, body] of tries) {
      const res = await inject(named, 'POST', `/api/v1/${collection}`, body);
      expect(res.statusCode, `${collection}: ${res.body}`).toBe(422);
      expect(res.json().problems).toContainEqual({ path: '/key', message: expect.stringMatching(/spells a person's name/) });
      expect(res.body).not.toMatch(/Trader E|Activist B|Witness C/);
    }
    // The same records with opaque keys are accepted (so the refusals above are about the key).
    expect((await inject(named, 'POST', '/api/v1/incidents', incident('kz-2020-06-01-blogger-detained'))).statusCode).toBe(201);
    const b = bundle();
    b.incidents[1]!.key = 'kz-2020-05-02-omarov-fined';
    const refused = await inject(named, 'POST', '/api/v1/bundles', b);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems.map((p: { path: string }) => p.path)).toEqual(['/incidents/1/key']);
  });

  it('an old incident key is migrated to an opaque one; PUT and DELETE by the old key work for identities:read only', async () => {
    expect((await inject(named, 'POST', '/api/v1/incidents', incident('kz-2020-06-02-picket'))).statusCode).toBe(201);
    // Its key spelled a name before the rule existed: written straight to the table.
    await t.database.db.updateTable('incidents').set({ key: 'kz-2020-05-02-bakhyt-omarov-fined' }).where('key', '=', 'kz-2020-06-02-picket').execute();
    const renamed = await migrateNameKeys(t.database.db);
    expect(renamed).toEqual([{ table: 'incidents', from: 'kz-2020-05-02-bakhyt-omarov-fined', to: expect.stringMatching(/^i-kz-\d{4}$/) }]);
    const to = renamed[0]!.to;
    const old = '/api/v1/incidents/kz-2020-05-02-bakhyt-omarov-fined';
    const current = (await inject(named, 'GET', `/api/v1/incidents/${to}`)).json();
    const { meta: _meta, ...body } = current;
    const edited = { ...body, key: undefined, title: 'An activist fined for a picket' };

    // A caller without identities:read writes nothing, by old key or new.
    const hidden = await inject(pseudonymous, 'PUT', old, edited);
    expect(hidden.statusCode, hidden.body).toBe(403);
    expect((await inject(pseudonymous, 'DELETE', old)).statusCode).toBe(403);

    const put = await inject(named, 'PUT', old, edited);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ key: to, title: 'An activist fined for a picket' });
    expect((await inject(pseudonymous, 'GET', `/api/v1/incidents/${to}`)).json().title).toBe('An activist fined for a picket');
    expect((await inject(named, 'DELETE', old)).statusCode).toBe(204);
    expect((await inject(named, 'GET', `/api/v1/incidents/${to}`)).statusCode).toBe(404);
  });
});

describe('a key that spells a name only since a person was added later', () => {
  // Keys are checked against the persons on record when they are written, renamed by the write of
  // the person they spell (keys-at-person-write.test.ts) and migrated at start. A key can still
  // spell a name in between: "kz-2020-07-01-ashim-fined" written while a protected Ashim Temirov
  // was being added in a concurrent transaction (neither saw the other), or data written past the
  // service. Here the person is written straight to the table. Until the next start, every answer
  // to a caller without identities:read must withhold it like a key that spelled a name from the start.
  const KEY = 'kz-2020-07-01-ashim-fined';
  beforeAll(async () => {
    const incident = {
      key: KEY, title: 'A shopkeeper fined', date: '2020-07-01', dateAccuracy: 'exact', country: { code: 'KZ' },
      location: { place: 'Almaty', region: null }, rights: ['peaceful-assembly'], violations: ['fine'],
      summary: 'A court fined a shopkeeper for a post about the picket.', victims: [], status: 'concluded', urgent: false, sources: [],
    };
    expect((await inject(named, 'POST', '/api/v1/incidents', incident)).statusCode).toBe(201);
    await savePerson(t.database.db, person('p-sc-0009', 'Ashim Temirov', 'Shopkeeper Q', consent(false, false)) as never, null);
  });

  it('a refused public appeal (no source) does not print it', async () => {
    const res = await inject(pseudonymous, 'POST', '/api/v1/documents', {
      kind: 'urgent-appeal', format: 'pdf', selection: { incidents: [KEY] },
      options: { appealCode: 'KAZ 009/0720/OBS 001', addressees: [{ title: 'Prosecutor General of Kazakhstan' }] },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.body).toMatch(/no source/);
    expect(res.body.toLowerCase()).not.toContain('ashim');
  });

  it('lists, the record and a draft\'s provenance do not print it', async () => {
    for (const url of ['/api/v1/incidents?country=KZ&limit=100', '/api/v1/incidents?q=shopkeeper']) {
      const res = await inject(pseudonymous, 'GET', url);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items.find((i: { title: string }) => i.title === 'A shopkeeper fined')).toMatchObject({ key: '(withheld: the key names a person)' });
      expect(res.body.toLowerCase(), url).not.toContain('ashim');
      // A caller who may see names refers to it by its key as before.
      expect((await inject(named, 'GET', url)).json().items.map((i: { key: string }) => i.key)).toContain(KEY);
    }
    const draft = await inject(pseudonymous, 'POST', '/api/v1/documents', {
      kind: 'urgent-appeal', format: 'pdf', draft: true, selection: { incidents: [KEY] },
      options: { appealCode: 'KAZ 009/0720/OBS 002', addressees: [{ title: 'Prosecutor General of Kazakhstan' }] },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.body.toLowerCase()).not.toContain('ashim');
    const provenance = await inject(pseudonymous, 'GET', draft.json().links.provenance);
    expect(provenance.statusCode).toBe(200);
    expect(provenance.body.toLowerCase()).not.toContain('ashim');
  });
});

describe('a generation job\'s answer to a caller without identities:read', () => {
  it('a refusal kept on the job (unsourced incident in a UN letter) is shaped like the same refusal answered at once', async () => {
    // Her title names her (she consented to UN submission, not to public naming): a UN letter may
    // print it, a caller without identities:read may not read it.
    const incident = {
      key: 'kz-sc-2020-08-01', title: 'Dilnoza Rakhimova fined again', date: '2020-08-01', dateAccuracy: 'exact', country: { code: 'KZ' },
      location: { place: 'Almaty', region: null }, rights: ['liberty'], violations: ['fine'],
      summary: 'A court fined Dilnoza Rakhimova again.', victims: ['p-sc-0001'], status: 'concluded', urgent: false, sources: [],
    };
    expect((await inject(named, 'POST', '/api/v1/incidents', incident)).statusCode).toBe(201);
    const request = { kind: 'un-communication', format: 'pdf', selection: { incidents: ['kz-sc-2020-08-01'] }, options: { variant: 'allegation-letter', mandates: ['sr-expression'] } };
    const now = await inject(pseudonymous, 'POST', '/api/v1/documents', request);
    expect(now.statusCode, now.body).toBe(422);
    expect(now.body).not.toMatch(/Rakhimova|Dilnoza/);
    const queued = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...pseudonymous, prefer: 'respond-async' }, payload: request });
    expect(queued.statusCode, queued.body).toBe(202);
    const location = queued.headers.location as string;
    let job = await inject(pseudonymous, 'GET', location);
    for (let i = 0; i < 200 && !['failed', 'succeeded'].includes(job.json().state); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await inject(pseudonymous, 'GET', location);
    }
    expect(job.json().state, job.body).toBe('failed');
    expect(job.json().error.problems.length).toBeGreaterThan(0);
    expect(job.body).toMatch(/no source/);
    expect(job.body).not.toMatch(/Rakhimova|Dilnoza/);
    // The same job as server-sent events (a stream written past the hooks that shape answers).
    const events = await inject(pseudonymous, 'GET', `${location}/events`);
    expect(events.body).toMatch(/event: done/);
    expect(events.body).toMatch(/no source/);
    expect(events.body).not.toMatch(/Rakhimova|Dilnoza/);
    // The caller who may see names reads the refusal as it was made.
    const trusted = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...named, prefer: 'respond-async' }, payload: request });
    let theirs = await inject(named, 'GET', trusted.headers.location as string);
    for (let i = 0; i < 200 && theirs.json().state !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      theirs = await inject(named, 'GET', trusted.headers.location as string);
    }
    expect(theirs.body).toMatch(/Dilnoza Rakhimova fined again/);
  });
});

describe('search by a caller without identities:read runs over the shaped text', () => {
  const page = async (headers: Record<string, string>, url: string) => {
    const body = (await inject(headers, 'GET', url)).json();
    return { keys: body.items.map((i: { key: string }) => i.key), total: body.total };
  };

  it('a protected surname in q returns exactly what a random string returns', async () => {
    for (const collection of ['persons', 'incidents', 'sources']) {
      for (const q of ['Rakhimova', 'Omarov', 'Dilnoza']) {
        expect(await page(pseudonymous, `/api/v1/${collection}?q=${q}`), `${collection} q=${q}`).toEqual(await page(pseudonymous, `/api/v1/${collection}?q=Zqxvwk`));
      }
    }
    // …while a caller who may see names finds them (so the check above can fail).
    expect((await page(named, '/api/v1/persons?q=Rakhimova')).keys).toEqual(['p-sc-0001']);
    expect((await page(named, '/api/v1/incidents?q=Omarov')).keys).toEqual(['kz-sc-2020-05-02']);
    expect((await page(named, '/api/v1/sources?q=Rakhimova')).keys).toEqual(['s-sc-0002']);
  });

  it('finds what the caller is shown: pseudonyms, and confidential sources by their shaped title', async () => {
    expect((await page(pseudonymous, '/api/v1/persons?q=trader e')).keys).toEqual(['p-sc-0001']);
    expect((await page(pseudonymous, '/api/v1/incidents?q=Activist B')).keys).toEqual(['kz-sc-2020-05-02']);
    expect((await page(pseudonymous, '/api/v1/sources?q=Notes of a night')).total).toBe(0);
    const paged = await page(pseudonymous, '/api/v1/sources?q=source&limit=1&offset=1');
    expect(paged.total).toBe(3); // s-sc-0001…0003, each shown as "Confidential source (…)"
    expect(paged.keys).toHaveLength(1);
  });
});

describe('every answer to a caller without identities:read is shaped', () => {
  it('confidential and identifying sources: type and month only; their locators and excerpts withheld', async () => {
    const secret = (await inject(pseudonymous, 'GET', '/api/v1/sources/s-sc-0003')).json();
    expect(secret).toMatchObject({ title: 'Confidential source (NGO report, March 2020)', author: null, organisation: null, url: null, date: null });
    const identifying = (await inject(pseudonymous, 'GET', '/api/v1/sources/s-sc-0001')).json();
    expect(identifying).toMatchObject({ title: 'Confidential source (media report, March 2020)', author: null, url: null, identifies: [] });
    const incident = (await inject(pseudonymous, 'GET', '/api/v1/incidents/kz-sc-2020-03-05')).json();
    for (const link of incident.sources) expect(link).toMatchObject({ locator: null, excerpt: null });
    const exported = await inject(pseudonymous, 'GET', '/api/v1/bundles?country=KZ&from=2020-01-01&to=2020-12-31');
    for (const text of [IDENTIFYING_TITLE, NAMING_TITLE, 'Notes of a night visit', 'Rakhimova', 'Omarov', 'A neighbour saw']) expect(exported.body).not.toContain(text);
    // The same source, to a caller who may see names, in full.
    expect((await inject(named, 'GET', '/api/v1/sources/s-sc-0003')).json()).toMatchObject({ title: 'Notes of a night visit', organisation: 'org-quiet' });
  });

  it('organisations and 4xx bodies', async () => {
    await savePerson(t.database.db, person('p-sc-0010', 'Quiet Observers', 'Group Q', consent(false, false)) as never, 'KZ');
    const orgs = await inject(pseudonymous, 'GET', '/api/v1/organisations');
    expect(orgs.body).not.toContain('Quiet Observers');
    expect((await inject(named, 'GET', '/api/v1/organisations')).body).toContain('Quiet Observers');
    // A refusal that echoes what the caller typed (a 404 names the key it did not find).
    const bad = await inject(pseudonymous, 'GET', '/api/v1/persons/p-x-rakhimova');
    expect(bad.statusCode, bad.body).toBe(404);
    expect(bad.body).toMatch(/p-x-\[name withheld\]/);
    expect(bad.body).not.toContain('rakhimova');
    expect((await inject(named, 'GET', '/api/v1/persons/p-x-rakhimova')).body).toContain('p-x-rakhimova');
  });
});

describe('documents that name a person protected in public need identities:read', () => {
  it('a UN communication that names her: 403 with the reason for generation and preview; 201 with identities:read', async () => {
    for (const url of ['/api/v1/documents', '/api/v1/documents/preview']) {
      const refused = await inject(pseudonymous, 'POST', url, unLetter('pdf'));
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().message).toMatch(/identities:read/);
      expect(refused.body).not.toMatch(/Rakhimova|Trader E|Dilnoza/);
    }
    const ok = await inject(named, 'POST', '/api/v1/documents', unLetter('pdf'));
    expect(ok.statusCode).toBe(201);
    expect(ok.json().namesProtectedPersons).toBe(true);
    // Stored: downloading it is refused too, while its (shaped) metadata stays readable.
    expect((await inject(pseudonymous, 'GET', ok.json().links.file)).statusCode).toBe(403);
    expect((await inject(named, 'GET', ok.json().links.file)).statusCode).toBe(200);
    const meta = await inject(pseudonymous, 'GET', ok.json().links.self);
    expect(meta.statusCode).toBe(200);
    expect(meta.body).not.toContain('Rakhimova');
  });

  it('a public appeal names nobody protected in public: a key without identities:read may generate and download it', async () => {
    const res = await inject(pseudonymous, 'POST', '/api/v1/documents', appeal('pdf'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().namesProtectedPersons).toBe(false);
    expect((await inject(pseudonymous, 'GET', res.json().links.file)).statusCode).toBe(200);
  });

  it('a guessed name typed into the options comes back as "[name withheld]", never as the pseudonym it belongs to', async () => {
    // "Timur Omarov" (protected, not in this appeal) typed into the background would otherwise be
    // printed "Witness C" in the appeal a key without identities:read downloads: who is on record,
    // and under which pseudonym.
    const guessed = { ...appeal('pdf'), options: { ...appeal('pdf').options, background: 'Timur Omarov was arrested in May.' } };
    const res = await inject(pseudonymous, 'POST', '/api/v1/documents', guessed);
    expect(res.statusCode, res.body).toBe(201);
    const { body } = await viewOf((await inject(pseudonymous, 'GET', res.json().links.file)).rawPayload, 'pdf');
    expect(squash(body)).toContain('[name withheld] was arrested in May.');
    expect(body).not.toMatch(/Witness C|Timur|Omarov/);
    const provenance = await inject(pseudonymous, 'GET', res.json().links.provenance);
    expect(provenance.body).not.toMatch(/Witness C|Timur|Omarov/);
    // A caller who may see names gets the redaction documents always make: the pseudonym.
    const theirs = await inject(named, 'POST', '/api/v1/documents', guessed);
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(squash((await viewOf((await inject(named, 'GET', theirs.json().links.file)).rawPayload, 'pdf')).body)).toContain('Witness C was arrested in May.');
  });

  it('a shared surname no longer blocks an appeal about the consenting person, and nothing says who the namesake is', async () => {
    // Bakhyt Omarov may be named in public; Timur Omarov, protected, shares his surname. Bakhyt's
    // own name, printed from his record, is his: the appeal is made (it used to be refused).
    for (const headers of [named, pseudonymous]) {
      const res = await inject(headers, 'POST', '/api/v1/documents', { ...appeal('pdf'), selection: { incidents: ['kz-sc-2020-05-02'] } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.body).not.toMatch(/Witness C|Timur/);
      const file = await inject(named, 'GET', `/api/v1/documents/${res.json().id}/file`);
      const text = (await viewOf(file.rawPayload, 'pdf')).everywhere.join(' ');
      expect(text).toContain('Bakhyt Omarov');
      expect(text).not.toMatch(/Timur|Witness C/);
    }
  });
});
