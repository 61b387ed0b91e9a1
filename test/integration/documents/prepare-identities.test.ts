import { afterEach, describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../../bench/synthetic.js';
import { audiencesToPrepare, prepareDocumentIdentities } from '../../../src/documents/prepare-identities.js';
import { validateBundle } from '../../../src/records/bundle-validation.js';
import { importBundle } from '../../../src/records/bundle.service.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';

/**
 * After a start, the first document of each audience waited for its name indexes to be built
 * (35 s at 20,000 persons). The service now makes them right after it starts, and /ready says
 * "warming" meanwhile: a document asked for afterwards starts no build.
 */
// Enough persons that each document list differs from everybody's by more than a patch takes
// (consent/index.ts: PATCH_UP_TO): below, its indexes are patched from everybody's, built nowhere.
// Each test its own persons (another seed): indexes of the same persons made by a test before are
// bases a later one would patch from (consent/index.ts), in this process, and build nothing.
const bundleOf = (seed: number) => {
  const checked = validateBundle(syntheticBundle(60, seed, { persons: 1_400 }));
  if (!checked.ok) throw new Error('synthetic bundle is invalid');
  return checked.bundle;
};
let bundle = bundleOf(1);
const individuals = () => bundle.persons.filter((p) => p.kind === 'individual');
/** A victim protected from both audiences, and one the UN may be told of but not the public. */
const victimOf = (un: boolean) => individuals().find((p) => p.consent.unSubmission === un && !p.consent.publicNaming
  && bundle.incidents.some((i) => i.victims.includes(p.key)))!;

const previewOf = (kind: 'urgent-appeal' | 'un-communication', personKey: string) => ({
  kind, format: 'pdf', selection: { persons: [personKey] },
  options: kind === 'urgent-appeal'
    ? { appealCode: 'KAZ 002/0318/OBS 030', addressees: [{ title: 'Prosecutor General of the Republic of Kazakhstan' }] }
    : { variant: 'allegation-letter', mandates: ['sr-expression'] },
});

let t: TestAppWithAuth | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function appWithRecords(seed: number): Promise<TestAppWithAuth> {
  bundle = bundleOf(seed);
  const app = await createTestApp({ RENDER_THREADS: '1', LOG_LEVEL: 'silent' });
  await importBundle(app.database.db, bundle);
  return app;
}

async function preview(app: TestAppWithAuth, kind: 'urgent-appeal' | 'un-communication', personKey: string): Promise<string> {
  const res = await app.app.inject({ method: 'POST', url: '/api/v1/documents/preview', payload: previewOf(kind, personKey) });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  return res.body;
}

describe("documents' name indexes made after a start", () => {
  it('without them made ahead, the first document of an audience waits for a build', async () => {
    t = await appWithRecords(101);
    const before = t.app.renderer.indexBuilds;
    await preview(t, 'urgent-appeal', victimOf(false).key);
    expect(t.app.renderer.indexBuilds).toBeGreaterThan(before);
  });

  it('are made for the audiences documents were made for before; for the public on a database that has none', () => {
    expect(audiencesToPrepare([])).toEqual(['public']);
    expect(audiencesToPrepare(['un-communication'])).toEqual(['un']);
    expect(audiencesToPrepare(['urgent-appeal', 'eu-briefing'])).toEqual(['public']);
    expect(audiencesToPrepare(['un-communication', 'urgent-appeal'])).toEqual(['public', 'un']);
  });

  it('made ahead on a database without documents (the public audience), a public document starts no build, and still withholds the names', async () => {
    t = await appWithRecords(202);
    const before = t.app.renderer.indexBuilds;
    await prepareDocumentIdentities(t.app.db, t.app.renderer);
    // Built in threads of their own.
    const made = t.app.renderer.indexBuilds;
    expect(made - before).toBeGreaterThan(0);
    const hidden = victimOf(false);
    const toUnOnly = victimOf(true);
    const appeal = await preview(t, 'urgent-appeal', hidden.key);
    const appealOfOther = await preview(t, 'urgent-appeal', toUnOnly.key);
    expect(t.app.renderer.indexBuilds).toBe(made);
    expect(appeal).toContain(hidden.pseudonym!);
    expect(appeal).not.toContain(hidden.name);
    expect(appealOfOther).not.toContain(toUnOnly.name);
  });

  it('made ahead after documents of both audiences were made, for both', async () => {
    t = await appWithRecords(303);
    for (const kind of ['un-communication', 'urgent-appeal'] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: { ...previewOf(kind, victimOf(true).key), draft: true } });
      expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    }
    const asked: string[] = [];
    const recording = { ...t.app.renderer, prepareIdentityLists: async (key: string) => void asked.push(key) };
    await prepareDocumentIdentities(t.app.db, recording);
    expect(asked.map((key) => key.slice(key.lastIndexOf('/') + 1))).toEqual(['public', 'un']);
  });

  it('/ready answers 503 "warming" until they are made', async () => {
    t = await createTestApp({ LOG_LEVEL: 'silent' });
    t.app.startup.warming = true;
    const warming = await t.app.inject({ url: '/ready' });
    expect(warming.statusCode).toBe(503);
    expect(warming.json()).toMatchObject({ status: 'warming' });
    expect(warming.headers['retry-after']).toBe('5');
    t.app.startup.warming = false;
    expect((await t.app.inject({ url: '/ready' })).json()).toMatchObject({ status: 'ready' });
  });
});
