import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadDemoData } from '../../../src/demo/seed.js';
import { incidentStore, personStore, sourceStore } from '../../../src/records/record-stores.repository.js';
import { selectIncidentIds } from '../../../src/records/records.repository.js';
import { saveIncident } from '../../../src/records/records-write.repository.js';
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
