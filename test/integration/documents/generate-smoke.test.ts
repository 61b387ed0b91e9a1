import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestApp } from '../../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await loadDemoData(t.database.db);
});
afterAll(async () => t?.close());

describe('document generation API', () => {
  it('generates an urgent appeal PDF, stores it, and serves bytes, metadata and provenance', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/documents',
      payload: {
        kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kz-0001'] },
        options: { appealCode: 'KAZ 001/0318/OBS 025' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const meta = res.json();
    expect(meta.version).toBe(1);
    expect(meta.citations.claims).toBeGreaterThan(0);
    const file = await t.app.inject({ url: meta.links.file });
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe('attachment; filename="urgent-appeal-KAZ-001-0318-OBS-025.pdf"');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const provenance = (await t.app.inject({ url: meta.links.provenance })).json();
    expect(provenance.claims).toHaveLength(meta.citations.claims);
    expect(JSON.stringify(provenance)).not.toMatch(/tobylova/i);

    const again = await t.app.inject({
      method: 'POST', url: '/api/v1/documents',
      payload: { kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } },
    });
    expect(again.json().version).toBe(2);
    expect(again.json().seriesId).toBe(meta.seriesId);
  });

  it('refuses an unsourced incident with 422 naming it, and renders it as a draft on request', async () => {
    const payload = {
      kind: 'un-communication', format: 'docx', selection: { country: 'KZ', from: '2018-03-01', to: '2018-03-31' },
      options: { variant: 'allegation-letter', mandates: ['sr-assembly-association'] },
    };
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems).toEqual([expect.objectContaining({ path: '/incidents/kz-2018-03-16-dvk-warnings' })]);
    const draft = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: { ...payload, draft: true } });
    expect(draft.statusCode).toBe(201);
    expect(draft.json().draft).toBe(true);
  });

  it('previews as HTML with numbered, hoverable citations', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/documents/preview',
      payload: { kind: 'eu-briefing', format: 'pdf', draft: true, selection: { country: 'KZ' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/<sup class="citation"><a href="#note-1" id="cite-1" title="[^"]+"/);
    expect(res.body).toContain('<span class="pseudonym"');
  });

  it('answers 422 listing every bad option, per kind', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/documents',
      payload: { kind: 'urgent-appeal', format: 'odt', selection: {}, options: { appealCode: 'K'.repeat(41), colour: 'red' } },
    });
    expect(res.statusCode).toBe(422);
    const paths = res.json().problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/format', '/selection', '/options/appealCode', '/options/colour']));
  });
});
