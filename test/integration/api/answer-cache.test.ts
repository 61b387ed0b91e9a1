import { type CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/auth/roles.js';
import type { AuditRow } from '../../../src/db/tables/auth.table.js';
import { incidentStore, organisationStore, personStore, recommendationStore, sourceStore } from '../../../src/records/record-stores.repository.js';
import { readRecord } from '../../../src/records/records.service.js';
import { RECORD_ANSWER_TABLES } from '../../../migrations/2026-12-07-200-record-answers-revision.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { seedBundles } from './records-fixture.js';

/**
 * Issue 15: answers of the records API to callers who may see names are kept as sent and sent
 * again while nothing they read has changed (src/http/answer-cache.ts, keyed by the revision of
 * migration 2026-12-07-200). What a reader must never see: an answer older than the last write,
 * another audience's answer, or a read without its identities.read row.
 */

let t: TestAppWithAuth;
let named: Record<string, string>;
let pseudonymous: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  await seedBundles(t);
  named = await t.authenticate({ scopes: [...SCOPES] }, 'cache-named');
  pseudonymous = await t.authenticate({ scopes: SCOPES.filter((s) => s !== 'identities:read') }, 'cache-pseudonymous');
});
afterAll(async () => t?.close());

const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
const identityRows = (): Promise<AuditRow[]> =>
  t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'identities.read').orderBy('id').execute();

describe('an answer sent again', () => {
  it('is the same bytes, comes from the cache, and writes the same identities.read row each time', async () => {
    const before = (await identityRows()).length;
    const hits = t.app.answerCache.hits;
    const first = await get('/persons?limit=20', named);
    const second = await get('/persons?limit=20', named);
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(t.app.answerCache.hits).toBe(hits + 1);
    const rows = (await identityRows()).slice(before);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.details).toEqual(rows[1]!.details);
    expect((rows[1]!.details as { persons: string[] }).persons.length).toBeGreaterThan(0);
    expect(rows[1]!.actor).toBe('cache-named');
  });

  it('is kept per audience: names for callers who may see them, pseudonyms for the others', async () => {
    // Trusted first: the pseudonymous caller must not get the answer kept with names…
    const trusted = await get('/persons?limit=100', named);
    expect(trusted.statusCode).toBe(200);
    const names = (trusted.json() as { items: Array<{ name: string; pseudonym: string | null }> }).items
      .filter((p) => p.pseudonym && p.pseudonym !== p.name).map((p) => p.name);
    expect(names.length).toBeGreaterThan(0);
    const hits = t.app.answerCache.hits;
    const shaped = await get('/persons?limit=100', pseudonymous);
    const shapedAgain = await get('/persons?limit=100', pseudonymous);
    for (const res of [shaped, shapedAgain]) {
      expect(res.statusCode).toBe(200);
      for (const name of names) expect(res.body).not.toContain(name);
    }
    // …its own is kept and sent again, still shaped…
    expect(shapedAgain.body).toBe(shaped.body);
    expect(t.app.answerCache.hits).toBe(hits + 1);
    // …and the trusted caller still gets the names.
    expect((await get('/persons?limit=100', named)).body).toBe(trusted.body);
    // Pseudonymous first, on an answer nobody asked for yet: the trusted caller gets names, not the kept pseudonyms.
    const item = (trusted.json() as { items: Array<{ key: string; name: string; pseudonym: string | null }> }).items.find((p) => p.pseudonym && p.pseudonym !== p.name)!;
    const first = await get(`/persons/${item.key}`, pseudonymous);
    expect(first.body).not.toContain(item.name);
    expect((await get(`/persons/${item.key}`, named)).body).toContain(item.name);
    expect((await get(`/persons/${item.key}`, pseudonymous)).body).toBe(first.body);
  });

  it('is never older than the last write: a changed title, a renamed victim, a deleted record', async () => {
    const list = await get('/incidents?limit=50', named); // kept
    const key = (list.json() as { items: Array<{ key: string }> }).items[0]!.key;
    const item = await get(`/incidents/${key}`, named);
    expect(item.statusCode, item.body).toBe(200);
    const { meta: _meta, ...incident } = item.json() as Record<string, unknown>;
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/incidents/${key}`, headers: named, payload: { ...incident, title: 'A title written after the answer was kept' } });
    expect(put.statusCode, put.body).toBe(200);
    expect((await get(`/incidents/${key}`, named)).body).toContain('A title written after the answer was kept');
    expect((await get('/incidents?limit=50', named)).body).toContain('A title written after the answer was kept');

    const persons = await get('/persons?limit=100', named);
    const person = (persons.json() as { items: Array<Record<string, unknown>> }).items[0]!;
    const { meta: _m, ...body } = person;
    const renamed = await t.app.inject({ method: 'PUT', url: `/api/v1/persons/${String(person.key)}`, headers: named, payload: { ...body, name: 'Zarina Renamedova' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await get('/persons?limit=100', named)).body).toContain('Zarina Renamedova');

    const created = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: named, payload: { ...incident, key: 'kz-cache-short-lived' } });
    expect(created.statusCode, created.body).toBe(201);
    expect((await get('/incidents/kz-cache-short-lived', named)).statusCode).toBe(200);
    expect((await get('/incidents/kz-cache-short-lived', named)).statusCode).toBe(200); // kept, then sent again
    const deleted = await t.app.inject({ method: 'DELETE', url: '/api/v1/incidents/kz-cache-short-lived', headers: named });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await get('/incidents/kz-cache-short-lived', named)).statusCode).toBe(404);
  });
});

describe('the revision the answers are kept under', () => {
  const revision = async () => String((await sql<{ revision: string }>`select revision from record_answers_revision where id = 1`.execute(t.database.db)).rows[0]!.revision);

  it('moves with every statement that writes a table the answers read, and with nothing the reads write', async () => {
    for (const table of RECORD_ANSWER_TABLES) {
      const before = await revision();
      // A statement that changes no row still says "written" (statement triggers): the cheapest probe of each table.
      await sql`update ${sql.table(table)} set ${sql.ref(firstColumn[table]!)} = ${sql.ref(firstColumn[table]!)} where false`.execute(t.database.db);
      expect(await revision(), table).not.toBe(before);
    }
    const before = await revision();
    await get('/incidents?limit=10', named);
    await get('/persons?limit=10', named);
    expect(await revision()).toBe(before); // reads write the audit trail, which no answer here reads
  });

  it('covers every table the record stores read for a list page or a record', async () => {
    const read = new Set<string>();
    // A copy of the handle with an executor of its own (withPlugin), whose statements are read here.
    const db = t.database.db.withPlugin({ transformQuery: ({ node }) => node, transformResult: async ({ result }) => result });
    const executor = db.getExecutor() as unknown as { executeQuery: (query: CompiledQuery) => Promise<unknown> };
    const original = executor.executeQuery.bind(executor);
    executor.executeQuery = (query) => {
      for (const m of query.sql.matchAll(/\b(?:from|join)\s+"?([a-z_]+)"?/gi)) read.add(m[1]!.toLowerCase());
      return original(query);
    };
    const stores = [incidentStore, personStore, sourceStore, organisationStore, recommendationStore] as const;
    const filters: Record<string, object[]> = {
      incidents: [{}, { q: 'detained' }, { country: 'KZ', from: '2018-01-01', to: '2018-12-31' }, { person: 'p-asel' }, { right: 'liberty' }, { violation: 'detention' }],
      persons: [{}, { q: 'Kasymova' }], sources: [{}, { q: 'report' }], organisations: [{}, { q: 'bureau' }], recommendations: [{}],
    };
    for (const store of stores) {
      const collection = store === incidentStore ? 'incidents' : store === personStore ? 'persons' : store === sourceStore ? 'sources' : store === organisationStore ? 'organisations' : 'recommendations';
      for (const filter of filters[collection]!) {
        const page = await (store as typeof incidentStore).list(db as never, filter as never, { limit: 50, offset: 0 });
        for (const item of page.items.slice(0, 3)) await readRecord(db as never, store as never, (item as { key: string }).key, { aliases: true });
      }
    }
    expect(read.size).toBeGreaterThan(5);
    // Names that are not tables: the statements' own row sources (unnest, values, subquery aliases).
    const tables = new Set((await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(t.database.db)).rows.map((r) => r.name));
    const readTables = [...read].filter((name) => tables.has(name));
    const allowed = new Set<string>([...RECORD_ANSWER_TABLES, 'record_answers_revision', 'incident_list_revision', 'person_identity_revision']);
    expect(readTables.filter((name) => !allowed.has(name))).toEqual([]);
  });
});

/** A column of each table, for the probe's no-op update. */
const firstColumn: Record<string, string> = {
  countries: 'name', organisations: 'name', persons: 'name', sources: 'title', source_identifies: 'person_id', incidents: 'title',
  incident_victims: 'position', incident_perpetrators: 'position', incident_sources: 'position', incident_search_text: 'folded',
  recommendations: 'text', recommendation_incidents: 'position', record_key_aliases: 'alias',
};
