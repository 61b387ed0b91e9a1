import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { APPEAL_REQUEST, generatedDocument } from '../../support/interventions.js';

/** Case bundles carry interventions (docs/case-bundle.md, revision 4): export, import, round trip. */

const EXPORT = '/api/v1/bundles?country=KZ&from=2018-01-01&to=2018-03-31';
let source: TestAppWithAuth;
let target: TestAppWithAuth;
let interventionId: number;

beforeAll(async () => {
  source = await createTestApp({}, { clock: () => new Date('2026-06-15T10:00:00Z') });
  target = await createTestApp({}, { clock: () => new Date('2026-06-15T10:00:00Z') });
  await loadDemoData(source.database.db);
  const appeal = await generatedDocument(source, APPEAL_REQUEST);
  const sent = await source.app.inject({ method: 'POST', url: '/api/v1/interventions', payload: {
    documentId: appeal.id, sentOn: '2026-03-01', channel: 'post', reference: 'UA 61/20', mandates: ['sr-defenders'], notes: 'Sent with the annex.',
  } });
  expect(sent.statusCode, sent.body).toBe(201);
  interventionId = sent.json().id;
  const replied = await source.app.inject({ method: 'PATCH', url: `/api/v1/interventions/${interventionId}`, payload: {
    reply: { receivedOn: '2026-04-10', summary: 'The authorities deny any violation.' }, outcome: 'no-change',
  } });
  expect(replied.statusCode, replied.body).toBe(200);
});
afterAll(async () => {
  await source?.close();
  await target?.close();
});

describe('interventions in case bundles', () => {
  it('the export carries the intervention: keys, dates, recipients and what came back, no document id', async () => {
    const bundle = (await source.app.inject({ url: EXPORT })).json();
    expect(bundle.interventions).toEqual([{
      key: expect.stringMatching(/^iv-kz-[0-9a-f]{8}$/), documentKind: 'urgent-appeal', documentCode: 'KAZ 001/0318/OBS 025',
      incidents: expect.arrayContaining(['kz-2018-03-13-almaty-detentions']), persons: expect.arrayContaining(['p-kz-0001']),
      mandates: ['sr-defenders'],
      addressees: ['President of the Republic of Kazakhstan', 'Prosecutor General of the Republic of Kazakhstan'],
      sentOn: '2026-03-01', channel: 'post', reference: 'UA 61/20', replyDue: '2026-04-30',
      reply: { receivedOn: '2026-04-10', summary: 'The authorities deny any violation.' }, outcome: 'no-change', outcomeNote: null, notes: 'Sent with the annex.',
    }]);
    for (const key of bundle.interventions[0].persons) expect(bundle.persons.map((p: { key: string }) => p.key)).toContain(key);
  });

  it('imports into another service and exports back equal; re-imported here it is unchanged and keeps its document', async () => {
    const bundle = (await source.app.inject({ url: EXPORT })).json();
    const imported = await target.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().interventions).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await target.app.inject({ url: EXPORT })).json()).toEqual(bundle);
    const there = (await target.app.inject({ url: '/api/v1/interventions?overdue=false' })).json().items[0];
    expect(there).toMatchObject({ documentId: null, status: 'closed', reference: 'UA 61/20', addressees: [{ id: null, title: 'President of the Republic of Kazakhstan' }, expect.anything()] });

    const again = await source.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle });
    expect(again.json().interventions).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const changed = await source.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: { ...bundle, interventions: [{ ...bundle.interventions[0], outcome: 'released' }] } });
    expect(changed.json().interventions).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const here = (await source.app.inject({ url: `/api/v1/interventions/${interventionId}` })).json();
    expect(here).toMatchObject({ outcome: 'released', documentId: expect.any(String), addressees: [{ id: 1 }, { id: 2 }], meta: { version: 3 } });
  });

  it('a key without identities:read gets the intervention\'s typed text with names replaced', async () => {
    const name = (await source.app.inject({ url: '/api/v1/persons/p-kz-0001' })).json().name as string;
    await source.app.inject({ method: 'PATCH', url: `/api/v1/interventions/${interventionId}`, payload: { notes: `Called ${name}'s lawyer on 12 April.` } });
    const key = await source.authenticate({ scopes: ['records:read', 'documents:read'] });
    const bundle = await source.app.inject({ url: EXPORT, headers: key });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body).not.toContain(name.split(' ')[1]!);
    expect(bundle.json().interventions[0].notes).toMatch(/^Called Activist A.s lawyer on 12 April\.$/);
    const single = await source.app.inject({ url: `/api/v1/interventions/${interventionId}`, headers: key });
    expect(single.body).not.toContain(name.split(' ')[1]!);
    // Staff see it as typed.
    expect((await source.app.inject({ url: EXPORT })).json().interventions[0].notes).toContain(name);
  });

  it('refuses an intervention whose references do not resolve, listing each problem', async () => {
    const bundle = (await source.app.inject({ url: EXPORT })).json();
    const bad = { ...bundle.interventions[0], incidents: ['kz-no-such-incident'], persons: ['p-nobody'], channel: 'pigeon', replyDue: '2026-01-01' };
    const res = await target.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: { ...bundle, interventions: [bad] } });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems.map((p: { path: string }) => p.path).sort()).toEqual([
      '/interventions/0/channel', '/interventions/0/incidents/0', '/interventions/0/persons/0', '/interventions/0/replyDue',
    ]);
  });
});
