import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NameScanner, nameScannerFor } from '../../../src/auth/name-scan.js';
import { knownIdentities } from '../../../src/consent/identity-cache.js';
import { nameMatcherFor } from '../../../src/consent/index.js';
import type { AuditRow } from '../../../src/db/tables/auth.table.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { unshapedIncidents } from '../../../src/records/shaped-search.repository.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { firstArgumentsOf } from '../../support/calls.js';

/**
 * Issue 18, point 9 with point 3: a trusted caller's incident list leaves the identities.read row
 * of whom it shows, and at volume the scan takes whom each stored title and summary names from
 * what the background pass kept for the current persons revision instead of matching them again.
 * Every answer here is compared with the reference: a scanner of its own that matches everything.
 */
let t: TestAppWithAuth;
let named: Record<string, string>;
let staff: Record<string, string>;

const INCIDENT = 'kz-2018-03-13-almaty-detentions';

beforeAll(async () => {
  // The refresher runs when the test says so.
  t = await createTestApp({ SHAPED_SEARCH_REFRESH_S: '0' });
  await loadDemoData(t.database.db);
  named = await t.authenticate({ scopes: ['records:read', 'records:write', 'identities:read'] }, 'kept-named');
  staff = await t.authenticate('staff', 'kept-staff');
});
afterAll(async () => t?.close());

async function identityRows(): Promise<AuditRow[]> {
  return t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'identities.read').orderBy('id').execute();
}

/**
 * One request's answer, the persons its identities.read row lists, those a scanner matching
 * everything finds in it, and the texts the request's scan matched.
 */
async function read(url: string): Promise<{ body: unknown; audited: string[]; reference: string[]; matched: string[] }> {
  const before = (await identityRows()).length;
  const everybody = nameMatcherFor((await knownIdentities(t.database.db)).everyone);
  const { result: res, args } = await firstArgumentsOf(everybody, 'findMentions', () => t.app.inject({ url, headers: named }));
  const matched = args.map(String);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const rows = (await identityRows()).slice(before);
  expect(rows).toHaveLength(1);
  const body = res.json() as unknown;
  return {
    body,
    audited: (rows[0]!.details as { persons: string[] }).persons,
    reference: [...new NameScanner(everybody).keysInJson(body)].sort(),
    matched,
  };
}

const ALL = '/api/v1/incidents?limit=200';

/** Every incident's title and summary, and every excerpt its sources are cited with. */
async function incidentTexts(): Promise<Set<string>> {
  const rows = await t.database.db.selectFrom('incidents').select(['title', 'summary']).execute();
  const excerpts = await t.database.db.selectFrom('incident_sources').select('excerpt').where('excerpt', 'is not', null).execute();
  return new Set([...rows.flatMap((r) => [r.title, r.summary]), ...excerpts.map((r) => r.excerpt!)]);
}

const EXCERPT = 'Gulnara Sarsenova said the officers took her phone.';

/** A person's change moves the persons revision: a new scanner, nothing remembered. */
async function addPerson(key: string, name: string, pseudonym: string): Promise<void> {
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/persons', headers: staff,
    payload: { key, kind: 'individual', name, nameNative: null, pseudonym, consent: { unSubmission: false, publicNaming: false, stateTransmission: false } },
  });
  expect(res.statusCode, res.body).toBe(201);
}

const TYPED = 'kz-2018-03-31-kept-typed';

/** Replaces the typed incident's summary; the incident as it was read before. */
async function putSummary(summary: string): Promise<Record<string, unknown>> {
  const { meta: _meta, ...incident } = (await t.app.inject({ url: `/api/v1/incidents/${TYPED}`, headers: named })).json();
  const res = await t.app.inject({ method: 'PUT', url: `/api/v1/incidents/${TYPED}`, headers: staff, payload: { ...incident, summary } });
  expect(res.statusCode, res.body).toBe(200);
  return incident;
}

describe('the identity-read scan of incident lists', () => {
  it('takes whom each kept title and summary names, and lists exactly whom a full match finds', async () => {
    // A name typed in a summary, not a mention: only matching finds it.
    const base = (await t.app.inject({ url: `/api/v1/incidents/${INCIDENT}`, headers: named })).json();
    const { meta: _meta, ...incident } = base;
    const typed = await t.app.inject({
      method: 'POST', url: '/api/v1/incidents', headers: staff,
      payload: {
        ...incident, key: TYPED, title: 'Questioned again', summary: 'Police questioned Akmaral Tobylova about her posts.', followUpOf: null,
        sources: (incident.sources as Array<Record<string, unknown>>).map((s, i) => (i === 0 ? { ...s, excerpt: EXCERPT } : s)),
      },
    });
    expect(typed.statusCode, typed.body).toBe(201);
    await addPerson('p-kept-0001', 'Nurlan Zhaksylykov', 'Teacher K');
    await addPerson('p-kept-0004', 'Gulnara Sarsenova', 'Witness S');
    await t.app.shapedSearch.wake();

    const scanner = await nameScannerFor(t.database.db);
    const { audited, reference, matched } = await read(ALL);
    expect(audited).toEqual(reference);
    expect(audited).toEqual(expect.arrayContaining(['p-kz-0001', 'p-kept-0004']));
    // Every distinct title, summary and excerpt was learned, none matched: what is left to match
    // are the other strings (keys, dates, codes, legal bases, perpetrators' descriptions).
    const texts = await incidentTexts();
    expect(scanner.counts.learned).toBeGreaterThanOrEqual(texts.size);
    expect(matched.length).toBeGreaterThan(0);
    expect(matched.filter((text) => texts.has(text))).toEqual([]);
  });

  it('matches an incident changed since the pass: its kept row is of an older version', async () => {
    await putSummary('Police questioned Nurlan Zhaksylykov about his posts.');
    const { audited, reference, matched } = await read(ALL);
    expect(matched).toContain('Police questioned Nurlan Zhaksylykov about his posts.');
    expect(audited).toEqual(reference);
    expect(audited).toContain('p-kept-0001');
    expect(audited).not.toContain('p-kz-0001');
  });

  it('matches every text again after a person is added whose name the stored texts already hold', async () => {
    await t.app.shapedSearch.wake();
    // Written before the pass, with no person of that name: nothing to find then.
    await putSummary('Police questioned Gulzhan Yerimbetova and Nurlan Zhaksylykov.');
    await t.app.shapedSearch.wake();
    const before = await read(ALL);
    expect(before.audited).toEqual(before.reference);
    expect(before.audited).not.toContain('p-kept-0002');

    // The rows kept now are of the old persons revision: not taken.
    await addPerson('p-kept-0002', 'Gulzhan Yerimbetova', 'Nurse G');
    const scanner = await nameScannerFor(t.database.db);
    const after = await read(ALL);
    expect(scanner.counts.learned).toBe(0);
    expect(after.matched).toContain('Police questioned Gulzhan Yerimbetova and Nurlan Zhaksylykov.');
    expect(after.audited).toEqual(after.reference);
    expect(after.audited).toContain('p-kept-0002');

    // Once the pass has been, the new rows say the same.
    await t.app.shapedSearch.wake();
    const fresh = await nameScannerFor(t.database.db);
    expect(fresh).toBe(scanner);
    const again = await read(`${ALL}&offset=0`);
    expect(again.audited).toEqual(after.audited);
  });

  it('takes the kept names for one incident read, and for a country\'s bundle', async () => {
    await addPerson('p-kept-0003', 'Serik Omarbekov', 'Driver O');
    await t.app.shapedSearch.wake();
    const scanner = await nameScannerFor(t.database.db);
    const one = await read(`/api/v1/incidents/${TYPED}`);
    expect(one.audited).toEqual(one.reference);
    expect(one.audited).toEqual(expect.arrayContaining(['p-kept-0001', 'p-kept-0002']));
    const excerpts = ((one.body as { sources: Array<{ excerpt: string | null }> }).sources).filter((x) => x.excerpt !== null);
    expect(excerpts.map((x) => x.excerpt)).toContain(EXCERPT);
    expect(scanner.counts.learned).toBe(2 + excerpts.length);
    expect(one.matched).not.toContain('Police questioned Gulzhan Yerimbetova and Nurlan Zhaksylykov.');
    const bundle = await read('/api/v1/bundles?country=KZ&from=2018-01-01&to=2018-12-31');
    expect(bundle.audited).toEqual(bundle.reference);
    expect(bundle.audited.length).toBeGreaterThan(2);
    expect(scanner.counts.learned).toBeGreaterThan(2);
  });

  it('counts a row kept before the names were kept as not current: the pass makes it again', async () => {
    await t.app.shapedSearch.wake();
    const revision = String((await knownIdentities(t.database.db)).revision);
    expect(await unshapedIncidents(t.database.db, revision, {}, 10)).toEqual([]);
    await sql`update incident_shaped_search set title_names = null, summary_names = null, excerpt_names = null, kept_incident_version = null, kept_persons_revision = null
      where incident_id = (select id from incidents where key = ${INCIDENT})`.execute(t.database.db);
    expect((await unshapedIncidents(t.database.db, revision, {}, 10)).map((r) => r.id)).toHaveLength(1);
    // As the migration leaves it: no pass known to be complete.
    await sql`update incident_shaped_search_state set complete_at = null`.execute(t.database.db);
    await t.app.shapedSearch.wake();
    expect(await unshapedIncidents(t.database.db, revision, {}, 10)).toEqual([]);
  });

  it('does not take the names an instance of an earlier version left beside a row it rewrote', async () => {
    await addPerson('p-kept-0005', 'Aliya Temirova', 'Journalist T');
    await t.app.shapedSearch.wake();
    const summary = 'Police questioned Aliya Temirova at her flat.';
    const incident = await putSummary(summary);
    // What such an instance writes: the row's version, revision and folded text, not the names
    // (which are still those of the summary before, naming somebody else).
    await sql`update incident_shaped_search as sh set incident_version = i.version, folded = ${summary.toLowerCase()}
      from incidents as i where i.id = sh.incident_id and i.key = ${TYPED}`.execute(t.database.db);
    const { audited, reference, matched } = await read(ALL);
    expect(matched).toContain(summary);
    expect(audited).toEqual(reference);
    expect(audited).toContain('p-kept-0005');
    const revision = String((await knownIdentities(t.database.db)).revision);
    expect((await unshapedIncidents(t.database.db, revision, {}, 10)).map((r) => r.title)).toEqual([incident.title]);
  });
});
