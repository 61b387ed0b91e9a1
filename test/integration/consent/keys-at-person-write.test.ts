import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/auth/roles.js';
import { shapeForPseudonymousCaller } from '../../../src/consent/identity-shaping.js';
import { nextOpaqueKey } from '../../../src/records/record-keys.repository.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { openForm, postForm } from '../web/forms.js';

/**
 * Issue 12: a record key written before the person it spells was on record ("kz-2020-07-01-ashim-
 * fined", then Ashim Temirov added) is renamed by the person's write itself, in its transaction —
 * not at the next start. The same renaming as start-up and `npm run migrate-keys`
 * (record-keys.ts): opaque key, old key kept as an alias.
 */

const consent = { unSubmission: false, publicNaming: false, stateTransmission: false };
const person = (key: string, name: string, pseudonym: string) => ({
  key, kind: 'individual', name, nameNative: null, pseudonym, sex: 'male', birthYear: null, occupation: 'shopkeeper', affiliation: null, consent, risk: 'high',
});
const incident = (key: string, date: string) => ({
  key, title: 'A shopkeeper fined', date, dateAccuracy: 'exact', country: { code: 'KZ', name: 'Kazakhstan' },
  location: { place: 'Almaty', region: null }, rights: ['peaceful-assembly'], violations: ['fine'],
  summary: 'A court fined a shopkeeper for a post about the picket.', victims: [], status: 'concluded', urgent: false, sources: [],
});

let t: TestAppWithAuth;
let named: Record<string, string>;
const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers = named) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const exported = async () => (await inject('GET', '/api/v1/bundles?country=KZ&from=2020-01-01&to=2020-12-31')).body;
/** The audit rows written after row `after`, as text (the trail is append-only: the incident's own creation row keeps its key as it was then). */
const auditSince = async (after: number) => JSON.stringify((await sql`select * from audit_log where id > ${after} order by id`.execute(t.database.db)).rows);
const lastAuditId = async () => Number((await sql<{ id: number }>`select coalesce(max(id), 0) as id from audit_log`.execute(t.database.db)).rows[0]!.id);

beforeAll(async () => {
  t = await createTestApp();
  named = await t.authenticate({ scopes: [...SCOPES] }, 'case-system');
});
afterAll(async () => t?.close());

describe('a person written through the API', () => {
  const OLD = 'kz-2020-07-01-ashim-fined';

  it('renames, in the same request, the incident key that spells the new person\'s name; the answer says so', async () => {
    expect((await inject('POST', '/api/v1/incidents', incident(OLD, '2020-07-01'))).statusCode).toBe(201);
    expect(await exported()).toContain(OLD);
    const before = await lastAuditId();

    const res = await inject('POST', '/api/v1/persons', person('p-kw-0001', 'Ashim Temirov', 'Shopkeeper Q'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ key: 'p-kw-0001', name: 'Ashim Temirov' });
    expect(res.json().keysRenamed).toEqual({ count: 1, keys: [{ type: 'incidents', from: OLD, to: expect.stringMatching(/^i-kz-\d{4}$/) }] });
    const to = res.json().keysRenamed.keys[0].to as string;

    // Renamed now, not at the next start: the record, the old key (an alias, for identities:read), the export.
    expect((await inject('GET', `/api/v1/incidents/${to}`)).json()).toMatchObject({ key: to, title: 'A shopkeeper fined' });
    const byOld = await inject('GET', `/api/v1/incidents/${OLD}`);
    expect(byOld.statusCode).toBe(200);
    expect(byOld.json().key).toBe(to);
    const bundle = await exported();
    expect(bundle).toContain(to);
    expect(bundle).not.toContain(OLD);
    expect((await inject('GET', '/api/v1/incidents?q=shopkeeper')).json().items.map((i: { key: string }) => i.key)).toEqual([to]);

    // The audit row of the person's creation counts the renamed keys; no row since holds the old key.
    const rows = await t.database.db.selectFrom('audit_log').select(['target', 'details']).where('action', '=', 'record.created').where('target', '=', 'person:p-kw-0001').execute();
    expect(rows).toMatchObject([{ details: { keysRenamed: 1 } }]);
    expect(await auditSince(before)).not.toContain(OLD);
  });

  it('a replace that changes the name renames the keys that spell the new one', async () => {
    const OLD_PICKET = 'kz-2020-07-02-serik-picket';
    expect((await inject('POST', '/api/v1/incidents', incident(OLD_PICKET, '2020-07-02'))).statusCode).toBe(201);
    const created = await inject('POST', '/api/v1/persons', person('p-kw-0002', 'Bolat Nurlanov', 'Driver R'));
    expect(created.json().keysRenamed).toBeUndefined(); // nothing spelled this name: the answer is the record alone
    const { meta: _meta, ...body } = created.json();
    const res = await inject('PUT', '/api/v1/persons/p-kw-0002', { ...body, name: 'Serik Abenov' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().keysRenamed).toMatchObject({ count: 1, keys: [{ type: 'incidents', from: OLD_PICKET }] });
    expect(await exported()).not.toContain(OLD_PICKET);
    // A replace that leaves the name as it was renames nothing (nothing spelled it since it was written).
    const again = await inject('PUT', '/api/v1/persons/p-kw-0002', { ...body, name: 'Serik Abenov', occupation: 'driver' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().keysRenamed).toBeUndefined();
    const rows = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'record.replaced').where('target', '=', 'person:p-kw-0002').orderBy('id').execute();
    expect(rows).toMatchObject([{ details: { keysRenamed: 1 } }, { details: { version: 3 } }]);
    expect(rows[1]!.details).not.toHaveProperty('keysRenamed');
  });

  it('a replace that makes the person\'s own key spell the new name answers under the opaque key it gets', async () => {
    const created = await inject('POST', '/api/v1/persons', person('p-kw-almas', 'Bolat Kenzhebek', 'Farmer K'));
    expect(created.statusCode, created.body).toBe(201);
    const { meta: _meta, ...body } = created.json();
    const res = await inject('PUT', '/api/v1/persons/p-kw-almas', { ...body, key: undefined, name: 'Almas Kenzhebek' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().key).toMatch(/^p-xx-\d{4}$/);
    expect(res.json().keysRenamed).toEqual({ count: 1, keys: [{ type: 'persons', from: 'p-kw-almas', to: res.json().key }] });
    expect((await inject('GET', '/api/v1/persons/p-kw-almas')).json()).toMatchObject({ key: res.json().key, name: 'Almas Kenzhebek' });
  });

  it('a caller without identities:read is never shown the old spellings (shaped like every key that spells a name)', async () => {
    // Writing needs identities:read, so such a caller never gets this answer; the shaping holds anyway.
    const answer = {
      ...person('p-kw-0001', 'Ashim Temirov', 'Shopkeeper Q'), meta: { id: 1, version: 1, createdAt: '', updatedAt: '' },
      keysRenamed: { count: 1, keys: [{ type: 'incidents', from: OLD, to: 'i-kz-0001' }] },
    };
    const shaped = await shapeForPseudonymousCaller(t.database.db, 'POST /api/v1/persons', answer) as typeof answer;
    expect(shaped.keysRenamed).toEqual({ count: 1, keys: [{ type: 'incidents', from: '(withheld: the key names a person)', to: 'i-kz-0001' }] });
    expect(JSON.stringify(shaped).toLowerCase()).not.toContain('ashim');
  });
});

describe('a person written on the staff form', () => {
  it('renames the key in the same save, says how many on the person\'s page, and old links lead to the record', async () => {
    const OLD = 'kz-2020-07-03-gaukhar-fined';
    expect((await inject('POST', '/api/v1/incidents', incident(OLD, '2020-07-03'))).statusCode).toBe(201);
    const session = await openForm(t.app, '/persons/new');
    const res = await postForm(t.app, '/persons', { kind: 'individual', name: 'Gaukhar Seitova', pseudonym: 'Teacher S' }, session);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect(res.headers.location).toMatch(/^\/persons\/p-xx-\d{4}\?saved=1&renamed=1$/);
    const page = (await t.app.inject({ url: res.headers.location as string })).body;
    expect(page).toMatch(/1 record key\(s\) that spelled this name were replaced by opaque keys/);
    expect(page).not.toContain(OLD); // the notice counts; it does not spell the old key

    expect(await exported()).not.toContain(OLD);
    const link = await t.app.inject({ url: `/incidents/${OLD}` });
    expect(link.statusCode).toBe(302);
    expect(link.headers.location).toMatch(/^\/incidents\/i-kz-\d{4}$/);
    expect((await t.app.inject({ url: link.headers.location as string })).body).toContain('A shopkeeper fined');
  });

  it('gives a group whose name has a number a key without that number', async () => {
    // The form picks the next opaque key; a group named with that very number must not get it.
    const next = await nextOpaqueKey(t.database.db, 'persons', 'p-xx');
    const number = Number(next.slice(-4));
    const session = await openForm(t.app, '/persons/new');
    const res = await postForm(t.app, '/persons', { kind: 'group', name: `Initiative group ${number}`, pseudonym: 'Group W' }, session);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const key = /^\/persons\/(p-xx-\d{4})\?saved=1/.exec(res.headers.location as string)![1]!;
    expect(key).not.toBe(next);
    expect(Number(key.slice(-4))).not.toBe(number);
  });
});

describe('a person brought by a bundle import', () => {
  it('renames stored keys that spell the bundle\'s persons in the import\'s transaction', async () => {
    const OLD = 'kz-2020-07-04-yerlan-detained';
    expect((await inject('POST', '/api/v1/incidents', incident(OLD, '2020-07-04'))).statusCode).toBe(201);
    const before = await lastAuditId();
    const res = await inject('POST', '/api/v1/bundles', {
      bundleVersion: 1, country: { code: 'KZ', name: 'Kazakhstan' }, period: { from: '2020-01-01', to: '2020-12-31' },
      organisations: [], persons: [person('p-kw-0004', 'Yerlan Kassymov', 'Blogger T')], sources: [], incidents: [], recommendations: [],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().keysRenamed).toMatchObject({ count: 1, keys: [{ type: 'incidents', from: OLD, to: expect.stringMatching(/^i-kz-\d{4}$/) }] });
    expect(await exported()).not.toContain(OLD);
    expect((await inject('GET', `/api/v1/incidents/${OLD}`)).json().key).toBe(res.json().keysRenamed.keys[0].to);
    const rows = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'bundle.imported').execute();
    expect(rows.at(-1)).toMatchObject({ details: { keysRenamed: 1 } });
    expect(await auditSince(before)).not.toContain(OLD);
  });

  it('the staff upload refuses a bundle whose own key spells one of its persons, as the API does', async () => {
    const session = await openForm(t.app, '/bundles');
    const bundle = {
      bundleVersion: 1, country: { code: 'KZ', name: 'Kazakhstan' }, period: { from: '2020-01-01', to: '2020-12-31' },
      organisations: [], persons: [person('p-madina-zhaksylykova', 'Madina Zhaksylykova', 'Nurse M')], sources: [], incidents: [], recommendations: [],
    };
    const res = await postForm(t.app, '/bundles', { bundle: JSON.stringify(bundle) }, session);
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/spells a person&#x27;s name|spells a person's name/);
    expect(await t.database.db.selectFrom('persons').select('key').where('name', '=', 'Madina Zhaksylykova').execute()).toEqual([]);
  });
});
