import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadDemoData } from '../../../src/demo/seed.js';
import { incidentStore, personStore, sourceStore } from '../../../src/records/record-stores.repository.js';
import { selectIncidentIds } from '../../../src/records/records.repository.js';
import { saveCountry, saveIncident, savePerson } from '../../../src/records/records-write.repository.js';
import * as searchFoldMigration from '../../../migrations/2026-12-09-010-search-fold-order.js';
import { documentRequestInput } from '../../../src/web/generate/generate.form.js';
import { searchFold } from '../../../src/shared/text/search.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/**
 * Issue 14.3: the lists' search folds case, marks and script and stems English words, in SQL
 * (search_fold(), migration 2026-12-04-030) exactly as in memory (shared/text/search.ts, which
 * the pseudonymous callers' search uses) — on PostgreSQL and PGlite alike (run with and without
 * TEST_DATABASE_URL).
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await loadDemoData(database.db);
});
afterAll(async () => database?.close());

const SAMPLES = [
  'Акмарал Тобылова', 'ТОБЫЛОВА', 'Алмат Жұмағұлов', 'Кенжебек Әбішев', 'Любовь Ерубаева', 'Щёкин Юрий Ўзбек',
  'Rahmónov Äbilov', 'Şükür Čapek Łukasz ŽIŽEK', 'Ørsted Œuvre Straße', 'Θεόδωρος', 'Police DETAINED the activist',
  "O'zbek Ғафуров Ҳасанов", 'e\u0301le\u0300ve', 'İstanbul',
];

describe('search_fold() in SQL is the search fold of shared/text/search.ts', () => {
  it.each(SAMPLES)('%s', async (text) => {
    const row = await sql<{ folded: string }>`select search_fold(${text}) as folded`.execute(database.db);
    expect(row.rows[0]!.folded).toBe(searchFold(text));
  });

  // The SQL tables put the commonest letters first (issue 18: translate() looks letters up from
  // the start); every letter must still fold as in memory, alone and among others.
  it('folds every printable ASCII character and every letter of the folded ranges alike', async () => {
    const letters: string[] = [];
    for (const [lo, hi] of [[0x20, 0x7e], [0xa0, 0x52f], [0x1e00, 0x206f]] as const) {
      for (let cp = lo; cp <= hi; cp++) if (!/\p{Cn}/u.test(String.fromCodePoint(cp))) letters.push(String.fromCodePoint(cp));
    }
    const { rows } = await sql<{ folded: string }>`select search_fold(x) as folded from unnest(${letters}::text[]) with ordinality as u(x, n) order by n`.execute(database.db);
    const wrong = letters.filter((ch, i) => rows[i]!.folded !== searchFold(ch)).map((ch) => `U+${ch.codePointAt(0)!.toString(16)}`);
    expect(wrong).toEqual([]);
    const all = letters.join('');
    const [whole] = (await sql<{ folded: string }>`select search_fold(${all}) as folded`.execute(database.db)).rows;
    expect(whole!.folded).toBe(searchFold(all));
  });
});

const keys = (r: { items: Array<{ key: string }> }) => r.items.map((i) => i.key).sort();
const page = { limit: 500, offset: 0 };

describe('record search on the demo data', () => {
  it('finds a person by her name in either script and any case', async () => {
    const latin = keys(await personStore.list(database.db, { q: 'tobylova' }, page));
    expect(latin).toHaveLength(1);
    expect(keys(await personStore.list(database.db, { q: 'Тобылова' }, page))).toEqual(latin);
    expect(keys(await personStore.list(database.db, { q: 'ТОБЫЛОВА' }, page))).toEqual(latin);
  });

  it('finds the incidents of a victim named in Cyrillic as in Latin', async () => {
    const latin = keys(await incidentStore.list(database.db, { q: 'Tobylova' }, page));
    expect(latin.length).toBeGreaterThan(0);
    expect(keys(await incidentStore.list(database.db, { q: 'Тобылова' }, page))).toEqual(latin);
  });

  it('"detained" and "detention" find the same incidents, more than either spelling alone', async () => {
    const detained = keys(await incidentStore.list(database.db, { q: 'detained' }, page));
    const detention = keys(await incidentStore.list(database.db, { q: 'detention' }, page));
    expect(detained).toEqual(detention);
    const exact = await sql<{ n: number }>`select count(*)::int as n from incidents where title || ' ' || summary ilike '%detained%'`.execute(database.db);
    expect(detained.length).toBeGreaterThan(exact.rows[0]!.n);
  });

  it('every word must match, in any order', async () => {
    const both = keys(await incidentStore.list(database.db, { q: 'Almaty detained' }, page));
    const almaty = keys(await incidentStore.list(database.db, { q: 'almaty' }, page));
    expect(both.length).toBeGreaterThan(0);
    expect(both.every((k) => almaty.includes(k))).toBe(true);
    expect(keys(await incidentStore.list(database.db, { q: 'detained Алматы' }, page))).toEqual(both);
  });

  it('the stored fold follows an edited title, one row per incident', async () => {
    const [key] = keys(await incidentStore.list(database.db, { q: 'almaty' }, page));
    const before = (await incidentStore.list(database.db, { q: 'Zhezkazgan' }, page)).total;
    await sql`update incidents set title = title || ' (Жезказган)' where key = ${key!}`.execute(database.db);
    const found = keys(await incidentStore.list(database.db, { q: 'Zhezkazgan' }, page));
    expect(found).toContain(key);
    expect(found).toHaveLength(before + 1);
    const stored = await sql<{ n: number }>`select count(*)::int as n from incident_search_text`.execute(database.db);
    const incidents = await sql<{ n: number }>`select count(*)::int as n from incidents`.execute(database.db);
    expect(stored.rows[0]!.n).toBe(incidents.rows[0]!.n);
  });

  it('sources search folds too', async () => {
    const lower = keys(await sourceStore.list(database.db, { q: 'civicus' }, page));
    expect(lower.length).toBeGreaterThan(0);
    expect(keys(await sourceStore.list(database.db, { q: 'CIVICUS' }, page))).toEqual(lower);
  });
});

describe('names typed with any apostrophe or space are found by any other (issue 18: search_fold() recreated)', () => {
  // Uzbek names are written with the modifier letter ʻ (U+02BB), ‘ (U+2018), ` or a plain '; a
  // no-break space can sit between names pasted from a document.
  const SPELLINGS = ["G'afurov", 'Gʻafurov', 'G‘afurov', 'G`afurov', 'Gʼafurov'];

  beforeAll(async () => {
    await saveCountry(database.db, 'UZ', 'Uzbekistan');
    await savePerson(database.db, {
      key: 'p-uz-apostrophe', kind: 'individual', name: 'Dilshod Gʻafurov', nameNative: 'Дилшод Ғафуров', pseudonym: 'Journalist U',
      sex: null, birthYear: null, occupation: null, affiliation: null, risk: null,
      consent: { unSubmission: true, publicNaming: true, stateTransmission: true, unPublicReport: true },
    } as never, 'UZ');
    await saveIncident(database.db, {
      key: 'uz-apostrophe-check', title: 'Journalist detained in Nukus', date: '2018-02-03', dateAccuracy: 'exact', endDate: null,
      location: { place: 'Nukus', region: null }, rights: ['expression'], violations: [],
      summary: 'Police detained Dilshod\u00a0G‘afurov in Qoʻngʻirot after he published an article.',
      victims: ['p-uz-apostrophe'], perpetrators: [], legalBasis: [], status: 'ongoing', urgent: false, followUpOf: null, internationalProcedures: [], sources: [],
    } as never, 'UZ');
  });

  it.each(SPELLINGS)('%s finds the person and the incident', async (spelling) => {
    expect(keys(await personStore.list(database.db, { q: spelling }, page))).toEqual(['p-uz-apostrophe']);
    expect(keys(await incidentStore.list(database.db, { q: `Dilshod ${spelling}` }, page))).toEqual(['uz-apostrophe-check']);
  });

  it('the migration folds again what was stored under the old fold', async () => {
    await sql`update incident_search_text set folded = 'stale' where incident_id = (select id from incidents where key = 'uz-apostrophe-check')`.execute(database.db);
    // The town is in the summary alone (a victim's name would find the incident through the person).
    expect(keys(await incidentStore.list(database.db, { q: "Qo'ng'irot" }, page))).toEqual([]);
    await searchFoldMigration.up(database.db);
    expect(keys(await incidentStore.list(database.db, { q: "Qo'ng'irot" }, page))).toEqual(['uz-apostrophe-check']);
    const stored = await sql<{ folded: string; title: string; summary: string }>`select t.folded, i.title, i.summary from incident_search_text t join incidents i on i.id = t.incident_id where i.key = 'uz-apostrophe-check'`.execute(database.db);
    expect(stored.rows[0]!.folded).toBe(searchFold(`${stored.rows[0]!.title} ${stored.rows[0]!.summary}`));
  });
});

describe('a document selection can leave out unsourced incidents (in SQL)', () => {
  it('selection.sourcedOnly drops the incidents without a source, and the generate form sends it', async () => {
    await saveIncident(database.db, {
      key: 'kz-unsourced-check', title: 'Unsourced report', date: '2018-02-02', dateAccuracy: 'exact', endDate: null,
      location: { place: 'Almaty', region: null }, rights: ['expression'], violations: [], summary: 'Not yet sourced.',
      victims: [], perpetrators: [], legalBasis: [], status: 'ongoing', urgent: false, followUpOf: null, internationalProcedures: [], sources: [],
    } as never, 'KZ');
    const all = await selectIncidentIds(database.db, { country: 'KZ' });
    const sourced = await selectIncidentIds(database.db, { country: 'KZ', sourcedOnly: true });
    const unsourced = await sql<{ id: number }>`select id from incidents i where not exists (select 1 from incident_sources s where s.incident_id = i.id)`.execute(database.db);
    expect(unsourced.rows.length).toBeGreaterThan(0);
    expect(sourced).toEqual(all.filter((id) => !unsourced.rows.some((r) => r.id === id)));
    const body = documentRequestInput('eu-briefing', { 'selection.country': 'KZ', 'selection.sourcedOnly': 'on' }) as { selection: { sourcedOnly?: boolean } };
    expect(body.selection.sourcedOnly).toBe(true);
  });
});
