import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestApp } from '../../support/app.js';

/**
 * Composition runs in the render worker with the rendering (it is CPU work too). What the API
 * answers must not change: refusals keep their 422 and problem list across the thread boundary,
 * and a stored document carries the composition's title, file name and provenance.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RENDER_THREADS: '1' });
  await loadDemoData(t.database.db);
});
afterAll(async () => t?.close());

describe('composition in the worker pool', () => {
  it('refuses an unsourced incident with 422 naming it, as in-process composition does', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/documents',
      payload: {
        kind: 'un-communication', format: 'pdf', selection: { country: 'KZ', from: '2018-03-01', to: '2018-03-31' },
        options: { variant: 'allegation-letter', mandates: ['sr-assembly-association'] },
      },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().problems).toEqual([expect.objectContaining({ path: '/incidents/kz-2018-03-16-dvk-warnings' })]);
  });

  it('stores the composed title, a name-free file name and the provenance', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/documents',
      payload: { kind: 'urgent-appeal', format: 'docx', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const meta = res.json();
    expect(meta.title).toMatch(/^KAZ 001\/0318\/OBS 025 — Kazakhstan: /);
    expect(meta.fileName).toBe('urgent-appeal-KAZ-001-0318-OBS-025.docx');
    const provenance = (await t.app.inject({ url: meta.links.provenance })).json();
    expect(provenance.claims.length).toBe(meta.citations.claims);
    expect(provenance.claims.length).toBeGreaterThan(0);
    expect(JSON.stringify(provenance)).not.toMatch(/tobylova/i);
  });
});
