import { afterAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.js';
import { insertApiKey } from '../../../src/auth/api-keys.repository.js';
import { SCOPES } from '../../../src/auth/roles.js';
import { loadConfig } from '../../../src/config/config.js';
import { openDatabase, type DatabaseHandle } from '../../../src/db/database.js';
import { personIdentityRevision } from '../../../src/records/records.repository.js';
import { createTestDatabase } from '../../support/database.js';
import { createPgliteDatabase } from '../../support/test-databases.js';

/**
 * Issue 18, point 9: identities and the name matchers built from them are cached per persons
 * revision (consent/identity-cache.ts, migration 2026-12-04-060). The cache must never answer with
 * the persons of before a write: a person added, renamed or newly protected is redacted in the very
 * next request, whoever wrote it — this instance, another instance on the same database, or SQL
 * outside the service. Every check first warms the cache with the same request, so that each one
 * fails if the cache is not invalidated.
 */

const consent = (unSubmission: boolean, publicNaming: boolean) => ({ unSubmission, publicNaming, stateTransmission: unSubmission });
const person = (key: string, name: string, pseudonym: string, c = consent(false, false)) => ({
  key, kind: 'individual', name, nameNative: null, pseudonym, sex: 'male', birthYear: null, occupation: null, affiliation: null, consent: c, risk: 'high',
});

const bundle = {
  bundleVersion: 1,
  country: { code: 'KZ', name: 'Kazakhstan' },
  period: { from: '2021-01-01', to: '2021-12-31' },
  organisations: [],
  persons: [
    person('p-ic-0001', 'Nurlan Sarsenbayev', 'Activist N'),
    person('p-ic-0002', 'Yerlan Dostanov', 'Blogger Y', consent(true, true)),
  ],
  sources: [
    { key: 's-ic-0001', type: 'monitoring', title: 'Court monitoring note', author: 'Field monitor', organisation: null, date: '2021-02-03', url: null, reliability: 'A', confidential: false },
  ],
  incidents: [
    {
      key: 'kz-ic-2021-02-03', title: 'A picket broken up', date: '2021-02-03', dateAccuracy: 'exact',
      location: { place: 'Almaty', region: null }, rights: ['peaceful-assembly'], violations: ['fine'],
      // Kairat Zhumabekov is on no record yet; Yerlan Dostanov is the victim, typed by name.
      summary: 'Police detained Yerlan Dostanov at the picket; Kairat Zhumabekov filmed the arrest.',
      victims: ['p-ic-0002'], status: 'concluded', urgent: false,
      sources: [{ source: 's-ic-0001', credibility: 1, locator: null, excerpt: null }],
    },
  ],
  recommendations: [],
};

const WITNESS = person('p-ic-0003', 'Kairat Zhumabekov', 'Witness K');

interface Instance {
  app: FastifyInstance;
  pseudonymous: Record<string, string>;
  trusted: Record<string, string>;
}

async function instanceOn(database: DatabaseHandle): Promise<Instance> {
  const config = loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '0', GENERATE_RATE_LIMIT_PER_MINUTE: '1000' });
  const app = await buildApp({ config, database });
  await app.ready();
  const key = async (name: string, scopes: readonly string[]) => {
    const { key: k } = await insertApiKey(database.db, { name, scopes: scopes as never, createdBy: 'test' });
    return { authorization: `Bearer ${k}` };
  };
  return {
    app,
    pseudonymous: await key(`pseudonymous-${Math.random()}`, SCOPES.filter((s) => s !== 'identities:read')),
    trusted: await key(`trusted-${Math.random()}`, SCOPES),
  };
}

const summaryOf = async (i: Instance) => {
  const res = await i.app.inject({ method: 'GET', url: '/api/v1/incidents/kz-ic-2021-02-03', headers: i.pseudonymous });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { summary: string }).summary;
};

const publicAppeal = {
  kind: 'urgent-appeal', format: 'pdf', selection: { incidents: ['kz-ic-2021-02-03'] },
  options: { appealCode: 'KAZ 009/0221/OBS 003', addressees: [{ title: 'Prosecutor General of Kazakhstan' }] },
};
const previewText = async (i: Instance) => {
  const res = await i.app.inject({ method: 'POST', url: '/api/v1/documents/preview', headers: i.trusted, payload: publicAppeal });
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
};

const closing: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closing.reverse()) await close();
});

async function seeded(database: DatabaseHandle): Promise<Instance> {
  closing.push(() => database.close());
  const i = await instanceOn(database);
  closing.push(() => i.app.close());
  const res = await i.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: i.trusted, payload: bundle });
  expect(res.statusCode, res.body).toBe(201);
  return i;
}

const engines: Array<[string, () => Promise<DatabaseHandle>]> = [
  [process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite', () => createTestDatabase()],
  ...(process.env.TEST_DATABASE_URL
    ? [['PGlite', () => createPgliteDatabase(inject('pgliteDump') ?? null)] as [string, () => Promise<DatabaseHandle>]]
    : []),
];

describe.each(engines)('identity cache (%s)', (_engine, open) => {
  it('a person added through the API is redacted in the very next read of a caller without identities:read', async () => {
    const i = await seeded(await open());
    expect(await summaryOf(i)).toContain('Kairat Zhumabekov'); // nobody on record: shown, and cached
    const res = await i.app.inject({ method: 'POST', url: '/api/v1/persons', headers: i.trusted, payload: WITNESS });
    expect(res.statusCode, res.body).toBe(201);
    const after = await summaryOf(i);
    expect(after).not.toMatch(/Zhumabekov/);
    expect(after).toContain('Witness K');
  });

  it('a person renamed, or added, by SQL outside the service is redacted in the very next read', async () => {
    const database = await open();
    const i = await seeded(database);
    expect(await summaryOf(i)).toContain('Kairat Zhumabekov');
    await sql`update persons set name = 'Kairat Zhumabekov', pseudonym = 'Witness R' where key = 'p-ic-0001'`.execute(database.db);
    expect(await summaryOf(i)).not.toMatch(/Zhumabekov/);
    await sql`delete from persons where key = 'p-ic-0001'`.execute(database.db);
    expect(await summaryOf(i)).toContain('Kairat Zhumabekov');
  });

  it('consent withdrawn: the next public document no longer prints the name typed in an incident', async () => {
    // Typed in the summary, a mention of nobody: only the list of everybody protected finds it.
    const i = await seeded(await open());
    const added = await i.app.inject({ method: 'POST', url: '/api/v1/persons', headers: i.trusted, payload: { ...WITNESS, consent: consent(true, true) } });
    expect(added.statusCode, added.body).toBe(201);
    expect(await previewText(i)).toContain('Zhumabekov'); // he may be named in public; lists cached
    const res = await i.app.inject({ method: 'PUT', url: `/api/v1/persons/${WITNESS.key}`, headers: i.trusted, payload: WITNESS });
    expect(res.statusCode, res.body).toBe(200);
    const after = await previewText(i);
    expect(after).not.toMatch(/Zhumabekov/);
    expect(after).toContain('Witness K');
  });

  it('a write rolled back never makes a revision that a later write could reuse', async () => {
    const database = await open();
    closing.push(() => database.close());
    const before = await personIdentityRevision(database.db);
    let inside = '';
    await expect(database.db.transaction().execute(async (trx) => {
      await sql`update persons set name = name`.execute(trx);
      inside = await personIdentityRevision(trx);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(inside).not.toBe(before);
    expect(await personIdentityRevision(database.db)).toBe(before);
    await sql`update persons set name = name`.execute(database.db);
    const after = await personIdentityRevision(database.db);
    expect(after).not.toBe(before);
    expect(after).not.toBe(inside);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('two instances on one PostgreSQL database', () => {
  it('a person written through one instance is redacted by the other in its very next request', async () => {
    const database = await createTestDatabase();
    const first = await seeded(database);
    const other = await openDatabase({ url: (database as { url?: string }).url! });
    closing.push(() => other.close());
    const second = await instanceOn(other);
    closing.push(() => second.app.close());
    // Both instances have read (and cached) everybody.
    expect(await summaryOf(first)).toContain('Kairat Zhumabekov');
    expect(await summaryOf(second)).toContain('Kairat Zhumabekov');
    const res = await second.app.inject({ method: 'POST', url: '/api/v1/persons', headers: second.trusted, payload: WITNESS });
    expect(res.statusCode, res.body).toBe(201);
    const seenByFirst = await summaryOf(first);
    expect(seenByFirst).not.toMatch(/Zhumabekov/);
    expect(seenByFirst).toContain('Witness K');
    // And back: he consents on the first (cached by the second), then withdraws on the first.
    const consents = await first.app.inject({ method: 'PUT', url: `/api/v1/persons/${WITNESS.key}`, headers: first.trusted, payload: { ...WITNESS, consent: consent(true, true) } });
    expect(consents.statusCode, consents.body).toBe(200);
    expect(await previewText(second)).toContain('Zhumabekov');
    const put = await first.app.inject({ method: 'PUT', url: `/api/v1/persons/${WITNESS.key}`, headers: first.trusted, payload: WITNESS });
    expect(put.statusCode, put.body).toBe(200);
    expect(await previewText(second)).not.toMatch(/Zhumabekov/);
  });
});
