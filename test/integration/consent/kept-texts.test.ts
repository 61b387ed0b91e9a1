import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownIdentities } from '../../../src/consent/identity-cache.js';
import { everyoneRedactorOf } from '../../../src/consent/identity-shaping.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { firstArgumentsOf } from '../../support/calls.js';

/**
 * Issue 18, point 9: a caller without identities:read is shown incidents' titles, summaries and
 * excerpts with every name replaced by a pseudonym. The background pass keeps them so shaped per
 * incident version and persons revision (consent/kept-texts.ts), and an answer takes them instead
 * of shaping them again. Every answer here is compared with the same answer shaped afresh (the
 * kept rows made unusable), and every name written since the pass must still be replaced.
 */
let t: TestAppWithAuth;
let pseudonymous: Record<string, string>;
let staff: Record<string, string>;
let named: Record<string, string>;

const ALL = '/api/v1/incidents?limit=200';
const TYPED = 'kz-2018-03-31-kept-shown';

beforeAll(async () => {
  // The refresher runs when the test says so; no answer is sent again from memory.
  t = await createTestApp({ SHAPED_SEARCH_REFRESH_S: '0', ANSWER_CACHE_MB: '0' });
  await loadDemoData(t.database.db);
  pseudonymous = await t.authenticate({ scopes: ['records:read'] }, 'kept-pseudonymous');
  named = await t.authenticate({ scopes: ['records:read', 'identities:read'] }, 'kept-named');
  staff = await t.authenticate('staff', 'kept-staff');
  const base = (await t.app.inject({ url: '/api/v1/incidents/kz-2018-03-13-almaty-detentions', headers: named })).json();
  const { meta: _meta, ...incident } = base;
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/incidents', headers: staff,
    payload: {
      ...incident, key: TYPED, title: 'Akmaral Tobylova questioned again', summary: 'Police questioned Tobylova about her posts.', followUpOf: null,
      sources: (incident.sources as Array<Record<string, unknown>>).map((s, i) => (i === 0 ? { ...s, excerpt: 'Tobylova said the officers took her phone.' } : s)),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(async () => t?.close());

/** The answer, and the texts the answer's shaping redacted (those not taken as kept). */
async function read(url: string): Promise<{ body: string; redacted: string[] }> {
  const redactor = everyoneRedactorOf(await knownIdentities(t.database.db));
  const { result: res, args } = await firstArgumentsOf(redactor, 'redact', () => t.app.inject({ url, headers: pseudonymous }));
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return { body: res.body, redacted: args.map(String) };
}

/** The same answer shaped afresh: every kept row made unusable for the request, then restored. */
async function readAfresh(url: string): Promise<string> {
  await sql`update incident_shaped_search set kept_incident_version = -kept_incident_version`.execute(t.database.db);
  try {
    const { body } = await read(url);
    return body;
  } finally {
    await sql`update incident_shaped_search set kept_incident_version = -kept_incident_version`.execute(t.database.db);
  }
}

async function addPerson(key: string, name: string, pseudonym: string): Promise<void> {
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/persons', headers: staff,
    payload: { key, kind: 'individual', name, nameNative: null, pseudonym, consent: { unSubmission: false, publicNaming: false, stateTransmission: false } },
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function putSummary(summary: string): Promise<void> {
  const base = (await t.app.inject({ url: `/api/v1/incidents/${TYPED}`, headers: named })).json();
  const { meta: _meta, ...incident } = base;
  const res = await t.app.inject({ method: 'PUT', url: `/api/v1/incidents/${TYPED}`, headers: staff, payload: { ...incident, summary } });
  expect(res.statusCode, res.body).toBe(200);
}

describe('incident answers to a caller without identities:read', () => {
  it('take the kept shaped titles, summaries and excerpts, and read exactly as shaped afresh', async () => {
    await t.app.shapedSearch.wake();
    const kept = await read(ALL);
    const stored = await t.database.db.selectFrom('incidents').select(['title', 'summary']).execute();
    const texts = new Set(stored.flatMap((r) => [r.title, r.summary]));
    expect(texts.size).toBeGreaterThan(10);
    expect(kept.redacted.filter((text) => texts.has(text))).toEqual([]);
    expect(kept.redacted).not.toContain('Tobylova said the officers took her phone.');
    expect(kept.body).not.toMatch(/Tobylova/);
    expect(kept.body).toContain('Activist A questioned again');
    const afresh = await readAfresh(ALL);
    expect(JSON.parse(kept.body)).toEqual(JSON.parse(afresh));
    // One incident alike.
    const one = await read(`/api/v1/incidents/${TYPED}`);
    expect(one.redacted).not.toContain('Police questioned Tobylova about her posts.');
    expect(JSON.parse(one.body)).toEqual(JSON.parse(await readAfresh(`/api/v1/incidents/${TYPED}`)));
  });

  it('shape afresh an incident changed since the pass', async () => {
    await addPerson('p-shown-0001', 'Nurlan Zhaksylykov', 'Teacher K');
    await t.app.shapedSearch.wake();
    await putSummary('Police questioned Nurlan Zhaksylykov about his posts.');
    const { body, redacted } = await read(ALL);
    expect(redacted).toContain('Police questioned Nurlan Zhaksylykov about his posts.');
    expect(body).not.toMatch(/Zhaksylykov/);
    expect(body).toContain('Police questioned Teacher K about his posts.');
  });

  it('replace the name of a person added after the pass, which the kept text still shows', async () => {
    await putSummary('Police questioned Gulzhan Yerimbetova at her flat.');
    await t.app.shapedSearch.wake();
    // Kept before she was on record: her name stands in the kept shaped text.
    const kept = await t.database.db.selectFrom('incident_shaped_search').select('summary_shown')
      .where('incident_id', '=', t.database.db.selectFrom('incidents').select('id').where('key', '=', TYPED)).executeTakeFirstOrThrow();
    expect(kept.summary_shown).toBe('Police questioned Gulzhan Yerimbetova at her flat.');
    await addPerson('p-shown-0002', 'Gulzhan Yerimbetova', 'Nurse G');
    const { body } = await read(ALL);
    expect(body).not.toMatch(/Yerimbetova/);
    expect(body).toContain('Police questioned Nurse G at her flat.');
    const one = await read(`/api/v1/incidents/${TYPED}`);
    expect(one.body).not.toMatch(/Yerimbetova/);
  });

  it('do not take the shaped texts an instance of an earlier version left beside a row it rewrote', async () => {
    await t.app.shapedSearch.wake();
    const summary = 'Police questioned Gulzhan Yerimbetova and Nurlan Zhaksylykov.';
    await putSummary(summary);
    // What such an instance writes: the row's version and folded text, not what was kept beside
    // it (the summary before, shaped: it would be shown for the new one if it were taken).
    await sql`update incident_shaped_search as sh set incident_version = i.version, folded = ${summary.toLowerCase()}
      from incidents as i where i.id = sh.incident_id and i.key = ${TYPED}`.execute(t.database.db);
    const { body, redacted } = await read(`/api/v1/incidents/${TYPED}`);
    expect(redacted).toContain(summary);
    expect(JSON.parse(body).summary).toBe('Police questioned Nurse G and Teacher K.');
  });
});
