import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/auth/roles.js';
import { loadDemoData, readDemoBundle } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';

/**
 * A service key without identities:read never receives a real or native-script name: not in
 * persons (list, detail, its own writes), not in incident or source text, not in the bundle
 * export, not in document titles or provenance. Documents themselves follow the consent rules.
 */

interface DemoPerson { key: string; kind: string; name: string; nameNative: string | null; pseudonym: string }

let t: TestAppWithAuth;
let persons: DemoPerson[];
let pseudonymous: Record<string, string>;
let named: Record<string, string>;
let unDocumentId: string;

/** Every way a demo person's real name can show up in text: full names, and surnames of individuals. */
function realNames(): string[] {
  const out = new Set<string>();
  for (const p of persons) {
    for (const full of [p.name, p.nameNative]) {
      if (!full) continue;
      out.add(full);
      const surname = full.split(/\s+/).pop()!;
      if (p.kind === 'individual' && surname.length >= 4) out.add(surname);
    }
  }
  return [...out];
}

function leaks(body: string): string[] {
  return realNames().filter((n) => body.includes(n));
}

beforeAll(async () => {
  t = await createTestApp({ GENERATE_RATE_LIMIT_PER_MINUTE: '1000' }, { actor: null });
  await loadDemoData(t.database.db);
  persons = ((await readDemoBundle()) as { persons: DemoPerson[] }).persons;
  const withoutIdentities = SCOPES.filter((s) => s !== 'identities:read');
  pseudonymous = await t.authenticate({ scopes: withoutIdentities }, 'pseudonymous-service');
  named = await t.authenticate({ scopes: [...SCOPES] }, 'trusted-service');
  // A UN communication names Akmaral Tobylova (she consented to UN submission, not to public
  // naming): only a key with identities:read may generate it (test/integration/consent/side-channels.test.ts).
  const un = await t.app.inject({
    method: 'POST', url: '/api/v1/documents', headers: named,
    payload: { kind: 'un-communication', format: 'docx', selection: { persons: ['p-kz-0001'] }, options: { mandates: ['sr-expression'], variant: 'allegation-letter' } },
  });
  expect(un.statusCode, un.body).toBe(201);
  unDocumentId = un.json().id;
});
afterAll(async () => t?.close());

const GET_URLS = () => [
  '/api/v1/persons?limit=200',
  '/api/v1/persons/p-kz-0001',
  '/api/v1/persons/p-kz-0008',
  '/api/v1/incidents?limit=200',
  '/api/v1/incidents/kz-2018-03-13-almaty-detentions',
  '/api/v1/sources?limit=200',
  '/api/v1/sources/s-kibhr-interview-2018-03',
  '/api/v1/organisations?limit=200',
  '/api/v1/recommendations?limit=200',
  '/api/v1/bundles?country=KZ&from=2018-01-01&to=2018-03-31',
  '/api/v1/documents',
  `/api/v1/documents/${unDocumentId}`,
  `/api/v1/documents/${unDocumentId}/provenance`,
];

describe('a service key without identities:read', () => {
  it('gets no real or native-script name from any record, bundle or document route', async () => {
    for (const url of GET_URLS()) {
      const res = await t.app.inject({ url, headers: pseudonymous });
      expect(res.statusCode, url).toBe(200);
      expect(leaks(res.body), url).toEqual([]);
    }
  });

  it('gets no real name from any GET route of the API, including ones added later', async () => {
    const routes = t.app.routeCatalog.filter((r) => r.method === 'GET' && r.url.startsWith('/api/'));
    for (const { url } of routes) {
      if (url.endsWith('/file')) continue; // the document itself: consent rules apply, see below
      const path = url
        .replace(':key', url.includes('persons') ? 'p-kz-0001' : url.includes('incidents') ? 'kz-2018-03-13-almaty-detentions' : 'no-such-key')
        .replace(':id', unDocumentId);
      const res = await t.app.inject({ url: url === '/api/v1/bundles' ? `${path}?country=KZ&from=2018-01-01&to=2018-03-31` : path, headers: pseudonymous });
      expect(leaks(res.body), `${url} (${res.statusCode})`).toEqual([]);
    }
  });

  it('gets persons with the pseudonym as name and no native-script name', async () => {
    const one = (await t.app.inject({ url: '/api/v1/persons/p-kz-0001', headers: pseudonymous })).json();
    expect(one).toMatchObject({ key: 'p-kz-0001', name: 'Activist A', pseudonym: 'Activist A', nameNative: null });
    const list = (await t.app.inject({ url: '/api/v1/persons?limit=200', headers: pseudonymous })).json();
    expect(list.items).toHaveLength(persons.length);
    for (const p of list.items) expect(p.name).toBe(p.pseudonym);
    const bundle = (await t.app.inject({ url: '/api/v1/bundles?country=KZ&from=2018-01-01&to=2018-03-31', headers: pseudonymous })).json();
    for (const p of bundle.persons) expect([p.name, p.nameNative]).toEqual([p.pseudonym, null]);
  });

  it('reads incident text with people replaced by their pseudonyms, and a source whose URL spells a name as a confidential one', async () => {
    const incident = (await t.app.inject({ url: '/api/v1/incidents/kz-2018-03-13-almaty-detentions', headers: pseudonymous })).json();
    expect(incident.title).toBe('Activist A and two others detained in Almaty after the DVK ban');
    const sources = (await t.app.inject({ url: '/api/v1/sources?limit=200', headers: pseudonymous })).json().items;
    const facebook = sources.find((s: { key: string }) => s.key === 's-facebook-2018-03-07-march');
    expect(facebook).toMatchObject({ title: 'Confidential source (social media post, March 2018)', author: null, url: null, date: null });
  });

  it("gets a source's reference only where it names nobody, and nothing of a confidential source's but its type and month", async () => {
    const surname = persons.find((p) => p.key === 'p-kz-0001')!.name.split(' ').pop()!;
    const source = (key: string, fields: Record<string, unknown>) => ({
      key, type: 'court', title: 'Decision of the district court', author: null, organisation: null, date: '2018-03-20', url: null,
      reliability: 'B', confidential: false, reference: null, identifies: [], ...fields,
    });
    const written = [
      source('s-ref-tape', { type: 'interview', title: 'Interview with a relative', confidential: true, reference: 'Tape 3, recorded at the family home in Sayram' }),
      source('s-ref-case', { reference: `No. 1-45/2018 (${surname} A.)` }),
      source('s-ref-open', { reference: 'No. 1-46/2018' }),
    ];
    for (const payload of written) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/sources', headers: named, payload });
      expect(res.statusCode, res.body).toBe(201);
    }
    const list = (await t.app.inject({ url: '/api/v1/sources?limit=200', headers: pseudonymous })).json().items as Array<Record<string, unknown>>;
    const bundle = (await t.app.inject({ url: '/api/v1/bundles?country=KZ&from=2018-01-01&to=2018-03-31', headers: pseudonymous })).json();
    for (const key of ['s-ref-tape', 's-ref-case', 's-ref-open']) {
      const one = (await t.app.inject({ url: `/api/v1/sources/${key}`, headers: pseudonymous })).json();
      const listed = list.find((x) => x.key === key)!;
      const expected = key === 's-ref-open'
        ? { reference: 'No. 1-46/2018', title: 'Decision of the district court' }
        : { reference: null, title: key === 's-ref-tape' ? 'Confidential source (interview, March 2018)' : 'Confidential source (court document, March 2018)', date: null };
      expect(one, key).toMatchObject(expected);
      expect(listed, key).toMatchObject(expected);
      expect(JSON.stringify([one, listed]), key).not.toMatch(/Tape 3|Sayram|1-45/);
    }
    // The bundle export holds only sources its incidents cite: none of these is in it, and nothing of them.
    expect(JSON.stringify(bundle)).not.toMatch(/Tape 3|Sayram|1-45/);
    expect(leaks(JSON.stringify(list))).toEqual([]);
  });

  it('searches document titles as shown to it: a real name a title prints finds nothing, its pseudonym finds the document', async () => {
    // Max Bokayev consented to public naming: an urgent appeal's title prints his name.
    const appeal = await t.app.inject({
      method: 'POST', url: '/api/v1/documents', headers: named,
      payload: { kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kz-0017'] }, options: { appealCode: 'KAZ 003/0318/OBS 031' } },
    });
    expect(appeal.statusCode, appeal.body).toBe(201);
    const title = appeal.json().title as string;
    expect(title).toContain('Bokayev');
    const search = async (q: string, headers: Record<string, string>) =>
      (await t.app.inject({ url: `/api/v1/documents?q=${encodeURIComponent(q)}`, headers })).json() as { items: Array<{ id: string; title: string }>; total: number };
    expect((await search('Bokayev', named)).total).toBe(1);
    for (const q of ['Bokayev', 'Max', 'bokay', 'Max Bokayev']) {
      const found = await search(q, pseudonymous);
      expect(found, q).toMatchObject({ total: 0, items: [] });
    }
    const byPseudonym = await search('Activist S', pseudonymous);
    expect(byPseudonym.items.map((d) => d.id)).toEqual([appeal.json().id]);
    expect(byPseudonym.total).toBe(1);
    expect(leaks(JSON.stringify(byPseudonym))).toEqual([]);
  });

  it('may not write: a name written and read back shaped would say who is on record, and as whom (403, nothing written)', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/persons', headers: pseudonymous,
      payload: { key: 'p-new-witness', kind: 'individual', name: 'Gulnara Bekova', nameNative: 'Гульнара Бекова', pseudonym: 'Witness Z', consent: { unSubmission: false, publicNaming: false, stateTransmission: false } },
    });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.body).toMatch(/identities:read/);
    expect((await t.app.inject({ url: '/api/v1/persons/p-new-witness', headers: named })).statusCode).toBe(404);
  });

  it('may not download a UN communication that names a person protected in public; a key with identities:read may', async () => {
    const refused = await t.app.inject({ url: `/api/v1/documents/${unDocumentId}/file`, headers: pseudonymous });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('Tobylova');
    const file = await t.app.inject({ url: `/api/v1/documents/${unDocumentId}/file`, headers: named });
    expect(file.statusCode).toBe(200);
    const { default: JSZip } = await import('jszip');
    const xml = await (await JSZip.loadAsync(file.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('Tobylova');
    // …while provenance and the document list, which are API answers, keep to pseudonyms.
    const provenance = await t.app.inject({ url: `/api/v1/documents/${unDocumentId}/provenance`, headers: pseudonymous });
    expect(provenance.body).not.toContain('Tobylova');
    expect(provenance.body).toContain('Activist A');
  });
});

describe('callers who may see identities', () => {
  it('a key with identities:read, and staff, get the real names (so the checks above can fail)', async () => {
    for (const headers of [named, await t.authenticate('staff'), await t.authenticate('lawyer'), await t.authenticate('admin')]) {
      const one = (await t.app.inject({ url: '/api/v1/persons/p-kz-0001', headers })).json();
      expect(one).toMatchObject({ name: 'Akmaral Tobylova', nameNative: 'Акмарал Тобылова' });
      const provenance = await t.app.inject({ url: `/api/v1/documents/${unDocumentId}/provenance`, headers });
      expect(provenance.statusCode).toBe(200);
      // Incident texts refer to persons by mention ([[person:KEY]]), returned as stored to these callers.
      const incidents = (await t.app.inject({ url: '/api/v1/incidents?limit=200', headers })).body;
      expect(leaks(incidents).length + new Set(incidents.match(/\[\[person:[a-z0-9-]+\]\]/g) ?? []).size).toBeGreaterThan(5);
    }
  });
});
