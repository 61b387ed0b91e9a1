import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type CompiledQuery } from 'kysely';
import type { Db } from '../../../src/db/database.js';
import { findIncidentIds, selectIncidentIds } from '../../../src/records/records.repository.js';
import { incidentStore, personStore, sourceStore } from '../../../src/records/record-stores.repository.js';
import type { Bundle } from '../../../src/records/bundle.schemas.js';
import { loadDemoData, readDemoBundle } from '../../../src/demo/seed.js';
import { createTestDatabase, statementsRun, type TestDatabase } from '../../support/database.js';

/**
 * Issue 18, point 9: every selection a read or a document makes can be answered by an index
 * (migration 2026-12-03-010). On a test-sized table the planner would rightly read the whole
 * table, so sequential scans are priced out here: a plan that still reads the table means no
 * index fits the query as the repositories write it (an expression that no longer matches its
 * index, say). The statements are the repositories' own, captured as they run.
 */
let database: TestDatabase;
const CHRONOLOGICAL = /order by "incidents"\."date" asc, "incidents"\."id" asc limit/;


async function planOf(db: Db, query: CompiledQuery): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const explained = await trx.executeQuery<Record<string, string>>({ ...query, sql: `explain ${query.sql}` } as CompiledQuery<Record<string, string>>);
    return explained.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** The plan of the first statement `work` runs that reads `table` with `where`. */
async function planFor(work: (db: Db) => Promise<unknown>, pick: RegExp): Promise<string> {
  const queries = await statementsRun(database.db, work);
  const query = queries.find((q) => pick.test(q.sql));
  expect(query, `no statement matched ${pick}: ${queries.map((q) => q.sql).join('\n')}`).toBeDefined();
  return planOf(database.db, query!);
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('selections are answered by indexes', () => {
  it('a period (overlap with from–to)', async () => {
    const plan = await planFor((db) => selectIncidentIds(db, { from: '2018-01-01', to: '2018-03-31' }), /from "incidents"/);
    expect(plan).toContain('incidents_period_idx');
    expect(plan).not.toMatch(/Seq Scan on incidents/);
  });

  it('the incidents of one person (a one-person document, person=)', async () => {
    const plan = await planFor((db) => selectIncidentIds(db, { persons: ['p-kz-0001'] }), /"incident_victims"/);
    expect(plan).toContain('incident_victims_person_idx');
    expect(plan).not.toMatch(/Seq Scan on (incidents|incident_victims)/);
  });

  it('a chronological list page', async () => {
    const plan = await planFor((db) => findIncidentIds(db, {}, { limit: 50, offset: 0 }), CHRONOLOGICAL);
    expect(plan).toContain('incidents_date_id_idx');
  });

  it('the newest-first list page (the staff pages\' default)', async () => {
    const plan = await planFor((db) => findIncidentIds(db, {}, { limit: 50, offset: 0, sort: { by: 'date', dir: 'desc' } }), /order by "incidents"\."date" desc, "incidents"\."id" desc limit/);
    expect(plan).toContain('incidents_date_id_idx');
  });

  it('incident search: folded title and summary (stored), mentioned persons, victims', async () => {
    const plan = await planFor((db) => findIncidentIds(db, { q: 'Тобылова' }, { limit: 50 }), CHRONOLOGICAL);
    for (const index of ['incident_search_text_idx', 'incidents_mentions_idx', 'persons_search_folded_idx', 'incident_victims_person_idx']) {
      expect(plan).toContain(index);
    }
    expect(plan).not.toMatch(/Seq Scan on (incidents|persons)/);
  });

  it('person and source search (the count of matches: the page itself may walk the key order)', async () => {
    const persons = await planFor((db) => personStore.list(db, { q: 'Tobylova' }, { limit: 50, offset: 0 }), /count\(\*\)/);
    expect(persons).toContain('persons_search_folded_idx');
    const sources = await planFor((db) => sourceStore.list(db, { q: 'detained' }, { limit: 50, offset: 0 }), /count\(\*\)/);
    for (const index of ['sources_search_idx', 'sources_mentions_idx']) expect(sources).toContain(index);
  });
});

describe('search through mentions, as the index answers it', () => {
  it('a name searched for finds the incidents and sources that mention that person without spelling the name', async () => {
    const demo = (await readDemoBundle()) as Bundle;
    await loadDemoData(database.db);
    const persons = new Map(demo.persons.map((p) => [p.key, p]));
    const mentionOnly = (text: string) => [...text.matchAll(/\[\[person:([a-z0-9-]+)\]\]/g)]
      .map((m) => persons.get(m[1]!)!)
      .filter((p) => p.kind === 'individual' && !text.includes(p.name.split(' ').at(-1)!));
    const incident = demo.incidents.find((i) => mentionOnly(`${i.title} ${i.summary}`).length > 0)!;
    const surname = mentionOnly(`${incident.title} ${incident.summary}`)[0]!.name.split(' ').at(-1)!;
    const found = await incidentStore.list(database.db, { q: surname }, { limit: 200, offset: 0 });
    expect(found.items.map((i) => i.key)).toContain(incident.key);

    const source = demo.sources.find((s) => mentionOnly(`${s.title} ${s.author ?? ''}`).length > 0);
    if (source) {
      const name = mentionOnly(`${source.title} ${source.author ?? ''}`)[0]!.name.split(' ').at(-1)!;
      expect((await sourceStore.list(database.db, { q: name }, { limit: 200, offset: 0 })).items.map((s) => s.key)).toContain(source.key);
    }
  });
});
