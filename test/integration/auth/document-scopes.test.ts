import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';

/**
 * Issue 18, point 4: a preview, a document's file and its provenance show record content, so an
 * API key needs records:read as well as the document scope; with both it gets through.
 */

let t: TestAppWithAuth;
let documentId: string;
const REQUEST = { kind: 'urgent-appeal', format: 'docx', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } };

beforeAll(async () => {
  t = await createTestApp({}, { actor: null });
  await loadDemoData(t.database.db);
  const staff = await t.authenticate('staff');
  const made = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: staff, payload: REQUEST });
  expect(made.statusCode, made.body).toBe(201);
  documentId = made.json().id;
});
afterAll(async () => t?.close());

describe('document scopes', () => {
  it('refuses a preview to a documents:generate key without records:read, and says which scope is missing', async () => {
    const key = await t.authenticate({ scopes: ['documents:generate'] });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents/preview', headers: key, payload: REQUEST });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('records:read');
    expect(res.body).not.toContain('Tobylova');
    // Generation itself (metadata and links, no record text) still needs only documents:generate.
    const gen = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: key, payload: REQUEST });
    expect(gen.statusCode, gen.body).toBe(201);
  });

  it('refuses the file and the provenance to a documents:read key without records:read', async () => {
    const key = await t.authenticate({ scopes: ['documents:read'] });
    for (const url of [`/api/v1/documents/${documentId}/file`, `/api/v1/documents/${documentId}/provenance`]) {
      const res = await t.app.inject({ url, headers: key });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().message).toContain('records:read');
    }
    expect((await t.app.inject({ url: `/api/v1/documents/${documentId}`, headers: key })).statusCode).toBe(200);
  });

  it('lets a key with both scopes preview and download', async () => {
    const both = await t.authenticate({ scopes: ['documents:generate', 'documents:read', 'records:read'] });
    const preview = await t.app.inject({ method: 'POST', url: '/api/v1/documents/preview', headers: both, payload: REQUEST });
    expect(preview.statusCode, preview.body).toBe(200);
    const file = await t.app.inject({ url: `/api/v1/documents/${documentId}/file`, headers: both });
    expect(file.statusCode).toBe(200);
    const provenance = await t.app.inject({ url: `/api/v1/documents/${documentId}/provenance`, headers: both });
    expect(provenance.statusCode).toBe(200);
  });
});
