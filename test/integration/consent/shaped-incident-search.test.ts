import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IDENTITY_SHAPES, loadEveryoneRedactor } from '../../../src/consent/identity-shaping.js';
import { listForPseudonymousCaller } from '../../../src/consent/pseudonymous-search.js';
import { ShapedSearchRefresher, shapedRevisionFor } from '../../../src/consent/shaped-incident-search.js';
import type { IncidentTexts } from '../../../src/consent/shaped-text.js';
import { ShapingThread } from '../../../src/consent/shaping-thread.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { incidentStore, personStore } from '../../../src/records/record-stores.repository.js';
import { savePerson } from '../../../src/records/records-write.repository.js';
import { shapedSearchState, unshapedIncidents } from '../../../src/records/shaped-search.repository.js';
import { BusyError } from '../../../src/shared/errors.js';
import { matchesSearch, searchTerms } from '../../../src/shared/text/search.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/**
 * Issue 18 point 9 / issue 12 point 4: a caller without identities:read searches the text they are
 * shown. Incidents keep that text (shaped, folded) per incident version and persons revision;
 * persons are searched by pseudonym. Each test compares with the reference: every record shaped
 * now, in memory, and matched as the search matches (what the search did before it was kept).
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await loadDemoData(database.db);
});
afterAll(async () => database?.close());

const ALL = { limit: 1000, offset: 0 };
type Json = Record<string, unknown>;

/** The keys a search by such a caller finds, through the kept text. */
async function keptSearch(collection: 'incidents' | 'persons', q: string, refresher: ShapedSearchRefresher | null = null): Promise<string[]> {
  const store = collection === 'incidents' ? incidentStore : personStore;
  const { items, total } = await listForPseudonymousCaller(database.db, collection, store as never, { q } as never, ALL, undefined, refresher);
  expect(total).toBe(items.length);
  return (items as Json[]).map((i) => i.key as string);
}

/** The same search done the old way: every record shaped now and matched in memory. */
async function referenceSearch(collection: 'incidents' | 'persons', q: string): Promise<string[]> {
  const store = collection === 'incidents' ? incidentStore : personStore;
  const { items } = await store.list(database.db, {}, ALL);
  const redactor = await loadEveryoneRedactor(database.db);
  const shape = IDENTITY_SHAPES[`GET /api/v1/${collection}/:key`]!;
  const terms = searchTerms(q);
  const fields = (x: Json) => (collection === 'incidents' ? [x.title, x.summary] : [x.name, x.nameNative, x.pseudonym]);
  return (items as Json[]).filter((item) => {
    const shaped = shape(item, redactor) as Json;
    return matchesSearch(terms, fields(shaped).filter((v): v is string => typeof v === 'string').join(' '));
  }).map((i) => i.key as string).sort();
}

/** The search statement alone, over the rows as they are (nothing made current first). */
async function directSearch(q: string): Promise<string[]> {
  const revision = (await database.db.selectFrom('person_identity_revision').select('revision').executeTakeFirst())!.revision;
  const { items } = await incidentStore.list(database.db, { shapedQ: { q, personsRevision: String(revision) } }, ALL);
  return items.map((i) => i.key);
}

const QUERIES = [
  'detained', 'detention', 'court', 'Activist A', 'activist', 'Tobylova', 'Тобылова', 'Akmaral', 'Almaty', 'fines', 'Group B',
  'Kazakhstan lawyers', "O'ktam", 'ov', 'a', '%', 'zqxvwk', 'search', 'house arrest', 'Opposition movement C',
];

describe('incident and person search for callers without identities:read, over kept shaped text', () => {
  it('finds exactly what shaping every record now and matching it finds, for names, pseudonyms and words', async () => {
    let found = 0;
    for (const collection of ['incidents', 'persons'] as const) {
      for (const q of QUERIES) {
        const kept = (await keptSearch(collection, q)).sort();
        expect(kept, `${collection} q=${q}`).toEqual(await referenceSearch(collection, q));
        found += kept.length;
      }
    }
    expect(found).toBeGreaterThan(20); // the queries do find things: the comparison is not of empty lists
    // A protected person's real name finds nothing, in either script; her pseudonym finds her.
    expect(await keptSearch('incidents', 'Tobylova')).toEqual([]);
    expect(await keptSearch('persons', 'Тобылова')).toEqual([]);
    expect(await keptSearch('persons', 'Activist A')).toContain('p-kz-0001');
    expect((await keptSearch('incidents', 'Activist A')).length).toBeGreaterThan(0);
  });

  it('never reads text shaped before a person was added: the name typed in a summary stops matching at once', async () => {
    const before = await keptSearch('incidents', 'Qudaibergenov');
    expect(before).toEqual([]);
    const [incident] = await database.db.selectFrom('incidents').select(['id', 'key']).orderBy('id').limit(1).execute();
    await database.db.updateTable('incidents').where('id', '=', incident!.id)
      .set({ summary: sql`summary || ' Zhanarbek Qudaibergenov was questioned.'`, version: sql`version + 1` }).execute();
    // Not a person on record: his name is shown as typed, and found.
    expect(await keptSearch('incidents', 'Qudaibergenov')).toEqual([incident!.key]);
    await savePerson(database.db, {
      key: 'p-shaped-0001', kind: 'individual', name: 'Zhanarbek Qudaibergenov', nameNative: null, pseudonym: 'Witness Q',
      consent: { unSubmission: false, publicNaming: false, stateTransmission: false },
    } as never, null);
    // Now he is: the row shaped before is of an older persons revision and is never read, even by
    // a query run before anything made the rows current again (a search racing the change).
    expect(await directSearch('Qudaibergenov')).toEqual([]);
    expect(await keptSearch('incidents', 'Qudaibergenov')).toEqual([]);
    expect(await keptSearch('incidents', 'Witness Q')).toEqual([incident!.key]);
    expect(await keptSearch('incidents', 'Qudaibergenov')).toEqual(await referenceSearch('incidents', 'Qudaibergenov'));
  });

  it('reads a changed incident as it is now, and forgets a deleted one', async () => {
    // Two incidents no recommendation cites (one is deleted below).
    const [a, b] = await database.db.selectFrom('incidents').select(['id', 'key'])
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('recommendation_incidents as ri').whereRef('ri.incident_id', '=', 'incidents.id').select('ri.incident_id'))))
      .orderBy('id', 'desc').limit(2).execute();
    await keptSearch('incidents', 'detained'); // every row current
    await database.db.updateTable('incidents').where('id', '=', a!.id).set({ title: 'Xylophonist questioned', version: sql`version + 1` }).execute();
    expect(await keptSearch('incidents', 'xylophonist')).toEqual([a!.key]);
    await database.db.updateTable('incidents').where('id', '=', a!.id).set({ title: 'Trumpeter questioned', version: sql`version + 1` }).execute();
    // The row of the incident's previous version is never read, even before anything shapes it again.
    expect(await directSearch('xylophonist')).toEqual([]);
    expect(await keptSearch('incidents', 'xylophonist')).toEqual([]);
    expect(await keptSearch('incidents', 'trumpeter')).toEqual([a!.key]);
    await database.db.updateTable('incidents').where('id', '=', b!.id).set({ title: 'Trumpeter fined', version: sql`version + 1` }).execute();
    await keptSearch('incidents', 'trumpeter');
    await database.db.deleteFrom('incidents').where('id', '=', b!.id).execute();
    expect(await keptSearch('incidents', 'trumpeter')).toEqual([a!.key]);
  });

  it('after a change to persons, shapes in the background past its bound and answers 503 until done', async () => {
    const refresher = new ShapedSearchRefresher(database.db);
    await refresher.wake();
    const state = await shapedSearchState(database.db);
    expect(state.completeAt).toBe(state.revision); // a pass leaves every row current, and says so
    await savePerson(database.db, {
      key: 'p-shaped-0002', kind: 'individual', name: 'Aigerim Zhaksylykova', nameNative: null, pseudonym: 'Teacher R',
      consent: { unSubmission: false, publicNaming: false, stateTransmission: false },
    } as never, null);
    const revision = (await database.db.selectFrom('person_identity_revision').select('revision').executeTakeFirst())!.revision;
    const stale = await unshapedIncidents(database.db, String(revision), {}, 1000);
    expect(stale.length).toBeGreaterThan(3);
    // What is refused depends on what changed, never on what is searched for (the check is not given q).
    // No refresher at first: nothing shapes between the two calls.
    for (let k = 0; k < 2; k++) {
      const refused = await shapedRevisionFor(database.db, {}, null, 3).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BusyError);
      expect((refused as BusyError).retryAfterSeconds).toBeGreaterThan(0);
    }
    const shapedBefore = refresher.shaped;
    // With the refresher, the refusal starts a pass; it ends with every row current.
    await expect(shapedRevisionFor(database.db, {}, refresher, 3)).rejects.toBeInstanceOf(BusyError);
    await refresher.wake();
    expect(refresher.shaped - shapedBefore).toBeGreaterThanOrEqual(stale.length - 3);
    expect(await unshapedIncidents(database.db, String(revision), {}, 1000)).toEqual([]);
    expect(await shapedRevisionFor(database.db, {}, refresher, 3)).toBe(String(revision));
    // Every row now comes from the refresher's thread: it shapes as the event loop does.
    expect(await database.db.selectFrom('incident_shaped_search').select('persons_revision').distinct().execute())
      .toEqual([{ persons_revision: expect.anything() }]);
    for (const q of [...QUERIES, 'Zhaksylykova', 'Teacher R']) {
      expect((await keptSearch('incidents', q)).sort(), q).toEqual(await referenceSearch('incidents', q));
    }
    await refresher.stop();
  });

  it('writes one batch while the thread shapes the next, and a write that fails fails the pass without ending the process', async () => {
    await savePerson(database.db, {
      key: 'p-shaped-0004', kind: 'individual', name: 'Dauren Sarsenbayev', nameNative: null, pseudonym: 'Miner D',
      consent: { unSubmission: false, publicNaming: false, stateTransmission: false },
    } as never, null);
    // Four incidents a batch: the demo's (17 left here) are five batches, each written while the next is read and shaped.
    const logged: unknown[] = [];
    const failing = new ShapedSearchRefresher(database.db, (err) => logged.push(err), 4);
    // The third batch's text cannot be stored (PostgreSQL text holds no NUL): its write fails
    // while the fourth batch is read; the pass must end with that failure, logged.
    let batches = 0;
    const real = ShapingThread.start.bind(ShapingThread);
    const start = vi.spyOn(ShapingThread, 'start').mockImplementation(async (...args) => {
      const thread = await real(...args);
      return {
        shape: async (texts: readonly IncidentTexts[]) => {
          const shaped = await thread.shape(texts);
          return ++batches === 3 ? shaped.map((one) => ({ ...one, folded: 'x\u0000' })) : shaped;
        },
        close: () => thread.close(),
      } as never;
    });
    try {
      await failing.wake();
    } finally {
      start.mockRestore();
      await failing.stop();
    }
    expect(logged).toHaveLength(1);
    expect(batches).toBe(4); // the fourth was shaped while the third was written, and not written after it failed
    let state = await shapedSearchState(database.db);
    expect(state.completeAt).not.toBe(state.revision);
    // Then a pass in the thread, four at a time, leaves every row current and equal to the reference.
    const refresher = new ShapedSearchRefresher(database.db, (err) => logged.push(err), 4);
    await refresher.wake();
    await refresher.stop();
    expect(logged).toHaveLength(1);
    const incidents = (await database.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(refresher.shaped).toBe(Number(incidents) - 8); // the two batches written before the failure stay current
    state = await shapedSearchState(database.db);
    expect(state.completeAt).toBe(state.revision);
    for (const q of ['detained', 'Activist A', 'Sarsenbayev', 'Miner D']) {
      expect((await keptSearch('incidents', q)).sort(), q).toEqual(await referenceSearch('incidents', q));
    }
  });

  it('shapes on the event loop, and says so, when its thread cannot start', async () => {
    const logged: unknown[] = [];
    const refresher = new ShapedSearchRefresher(database.db, (err) => logged.push(err));
    const start = vi.spyOn(ShapingThread, 'start').mockRejectedValue(new Error('no thread here'));
    try {
      await savePerson(database.db, {
        key: 'p-shaped-0003', kind: 'individual', name: 'Yerlan Bekmukhambetov', nameNative: null, pseudonym: 'Driver S',
        consent: { unSubmission: false, publicNaming: false, stateTransmission: false },
      } as never, null);
      await refresher.wake();
      expect(start).toHaveBeenCalled();
      expect(logged.map(String)).toEqual(['Error: no thread here']);
      const state = await shapedSearchState(database.db);
      expect(state.completeAt).toBe(state.revision);
      for (const q of ['detained', 'Activist A', 'Tobylova', 'Driver S']) {
        expect((await keptSearch('incidents', q)).sort(), q).toEqual(await referenceSearch('incidents', q));
      }
    } finally {
      start.mockRestore();
      await refresher.stop();
    }
  });
});
