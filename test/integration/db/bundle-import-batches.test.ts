import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleSchema } from '../../../src/records/bundle.schemas.js';
import { canonicalBundle } from '../../../src/records/canonical.js';
import { exportBundle, importBundle } from '../../../src/records/bundle.service.js';
import { validateBundle } from '../../../src/records/bundle-validation.js';
import { saveIncidents } from '../../../src/records/records-write.repository.js';
import { findIncidentIds } from '../../../src/records/records.repository.js';
import { searchFold } from '../../../src/shared/text/search.js';
import { sql } from 'kysely';
import { syntheticBundle } from '../../../bench/synthetic.js';
import { createTestDatabase, statementsRun, type TestDatabase } from '../../support/database.js';
import { smallBundle, sortedBundle } from '../../support/bundles.js';

/**
 * Issue 18: a bundle import writes each kind of record in batches (records-write.repository.ts).
 * What a user sees must not change: every record lands as sent (a follow-up before the incident
 * it follows up, links in their order), the tally counts created/updated/unchanged, and the
 * number of statements no longer grows with the number of records.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const valid = (raw: unknown) => {
  const checked = validateBundle(raw);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.bundle;
};
const exported = async (from: string, to: string) => {
  const out = await exportBundle(database.db, { country: 'KZ', from, to }, 10_000);
  if (out.kind !== 'bundle') throw new Error(out.kind);
  return out.bundle;
};

describe('a bundle imported in batches', () => {
  it('stores a chain of new follow-ups listed before the incidents they follow, and exports it back equal', async () => {
    const bundle = smallBundle();
    const [first, second] = bundle.incidents;
    const third = { ...second!, key: 'kz-2018-03-25-trial', title: 'Trial opens', date: '2018-03-25', endDate: null, followUpOf: second!.key, victims: ['p-named', 'p-anon'] };
    (bundle as { incidents: unknown[] }).incidents = [third, second!, first!];
    const summary = await importBundle(database.db, valid(bundle));
    expect(summary.incidents).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(summary.persons).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(sortedBundle(await exported('2018-01-01', '2018-03-31'))).toEqual(sortedBundle(canonicalBundle(BundleSchema.parse(bundle))));
  });

  it('counts what changed, rewrites only the links of changed incidents, and keeps their order', async () => {
    const bundle = smallBundle();
    const [first, second] = bundle.incidents;
    bundle.incidents = [first!, { ...second!, summary: 'A court extended the house arrest.', victims: ['p-named', 'p-anon'] }];
    bundle.persons.push({ ...bundle.persons[1]!, key: 'p-new', name: 'Serik Omarov', nameNative: 'Серік Омаров', pseudonym: 'Lawyer D' });
    (bundle.sources as unknown[])[1] = { ...bundle.sources[1]!, identifies: ['p-anon', 'p-new'] };
    const summary = await importBundle(database.db, valid(bundle));
    expect(summary.incidents).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(summary.persons).toEqual({ created: 1, updated: 0, unchanged: 2 });
    expect(summary.sources).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const back = await exported('2018-01-01', '2018-03-31');
    const arrest = back.incidents.find((i) => i.key === second!.key)!;
    expect(arrest.victims).toEqual(['p-named', 'p-anon']);
    expect(arrest.summary).toBe('A court extended the house arrest.');
    expect(back.incidents.find((i) => i.key === first!.key)!.sources.map((s) => s.source)).toEqual(['s-note', 's-secret']);
    expect(back.sources.find((s) => s.key === 's-secret')!.identifies).toEqual(['p-anon', 'p-new']);
    // The third incident of the earlier import is not in this bundle: it stays as it was.
    expect(back.incidents.find((i) => i.key === 'kz-2018-03-25-trial')!.victims).toEqual(['p-named', 'p-anon']);
  });

  it('keeps every incident\'s folded search text as the search folds it, and later writes in the same transaction refold by trigger', async () => {
    const { rows } = await sql<{ title: string; summary: string; folded: string | null }>`select i.title, i.summary, t.folded from incidents i left join incident_search_text t on t.incident_id = i.id`.execute(database.db);
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) expect(r.folded).toBe(searchFold(`${r.title} ${r.summary}`));
    await database.db.transaction().execute(async (trx) => {
      await saveIncidents(trx, [{ ...valid(smallBundle()).incidents[0]!, title: 'Activist detained in Ақтөбе' }], 'KZ');
      await sql`update incidents set summary = 'Police held her in Жезказган.' where key = 'kz-2018-03-20-house-arrest'`.execute(trx);
    });
    const found = async (q: string) => (await findIncidentIds(database.db, { q }, { limit: 10, offset: 0 })).total;
    expect(await found('Aqtobe')).toBe(1);
    expect(await found('Zhezkazgan')).toBe(1);
  });

  it('runs about as many statements for 300 incidents as for 30 (not ~10 an incident)', async () => {
    const small = await createTestDatabase();
    const large = await createTestDatabase();
    try {
      const count = async (db: TestDatabase, incidents: number) =>
        (await statementsRun(db.db, (d) => importBundle(d, valid(syntheticBundle(incidents))))).length;
      const few = await count(small, 30);
      const many = await count(large, 300);
      // Recommendations are still written one by one (about one per 40 incidents).
      expect(many - few).toBeLessThan(60);
    } finally {
      await small.close();
      await large.close();
    }
  });
});
