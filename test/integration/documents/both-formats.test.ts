import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { strip } from '../../support/extract.js';
import { viewOf } from '../../support/documents.js';

/**
 * Issue 13, point 7: one request, both formats. A version holds its DOCX and its PDF, drawn
 * from one composition; `?format=` downloads each; without it the primary format comes.
 */

let t: TestAppWithAuth;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const request = {
  kind: 'un-communication', format: 'docx', selection: { country: 'KZ', from: '2018-03-01', to: '2018-03-15' },
  options: { variant: 'allegation-letter', mandates: ['sr-expression', 'wg-arbitrary-detention'] },
};

interface FileMeta { format: string; fileName: string; contentType: string; byteSize: number; sha256: string; href: string }

beforeAll(async () => {
  // The worker pool, as in production: composition once, then each format drawn in its own task.
  t = await createTestApp({ RENDER_THREADS: '2' });
  await loadDemoData(t.app.db);
});
afterAll(async () => t?.close());

describe('one request, both formats', () => {
  let meta: { id: string; format: string; fileName: string; sha256: string; byteSize: number; files: FileMeta[]; links: { file: string; self: string } };
  const download = (url: string) => t.app.inject({ url });

  beforeAll(async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: request });
    expect(res.statusCode, res.body).toBe(201);
    meta = res.json();
  });

  it('lists both files with their size and sha256; the primary one is the format asked for', async () => {
    expect(meta.files.map((f) => f.format)).toEqual(['docx', 'pdf']);
    expect(meta.files.map((f) => f.fileName)).toEqual([meta.fileName, meta.fileName.replace(/\.docx$/, '.pdf')]);
    expect(meta).toMatchObject({ format: 'docx', fileName: expect.stringMatching(/^un-communication-KZ-\d{4}-\d{2}-\d{2}\.docx$/) });
    const primary = meta.files.find((f) => f.format === 'docx')!;
    expect([primary.sha256, primary.byteSize]).toEqual([meta.sha256, meta.byteSize]);
    // The same in the document's own answer and in the list.
    expect((await download(meta.links.self)).json().files).toEqual(meta.files);
    const listed = (await download('/api/v1/documents')).json().items.find((d: { id: string }) => d.id === meta.id);
    expect(listed.files).toEqual(meta.files);
  });

  it('downloads each by ?format=, as listed (type, name, size, hash); without it the primary one', async () => {
    for (const listed of meta.files) {
      const file = await download(listed.href);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe(listed.contentType);
      expect(file.headers['content-disposition']).toBe(`attachment; filename="${listed.fileName}"`);
      expect([file.rawPayload.byteLength, sha(file.rawPayload)]).toEqual([listed.byteSize, listed.sha256]);
    }
    expect(meta.files.find((f) => f.format === 'pdf')!.href).toBe(`${meta.links.file}?format=pdf`);
    const plain = await download(meta.links.file);
    expect(plain.headers['content-type']).toMatch(/wordprocessingml/);
    expect(sha(plain.rawPayload)).toBe(meta.sha256);
    const wrong = await download(`${meta.links.file}?format=odt`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().problems).toEqual([{ path: '/format', message: expect.stringContaining('docx') }]);
  });

  it('gives the same text in both: body, notes and annex', async () => {
    const [docx, pdf] = await Promise.all(['docx', 'pdf'].map(async (format) => viewOf((await download(`${meta.links.file}?format=${format}`)).rawPayload, format as 'docx' | 'pdf')));
    expect(pdf!.citations).toBeGreaterThan(5);
    // Letters only: bullets, list numbers and note markers are drawn by the PDF, numbered by Word.
    const words = (text: string) => text.replace(/\P{L}+/gu, '');
    expect(words(pdf!.body)).toBe(words(docx!.body));
    expect(words(pdf!.body)).toContain(words('Akmaral Tobylova said she saw no reason for the case against her'));
    expect([...pdf!.notes.values()].map(strip)).toEqual([...docx!.notes.values()].map(strip));
    expect(pdf!.annex.map(words)).toEqual(docx!.annex.map(words));
  });

  it('keeps a version stored before both formats downloadable: its one file by default, a clear 404 for the other', async () => {
    const old = '00000000-0000-4000-8000-000000000013';
    await sql`insert into documents (id, series_id, version, kind, format, language, title, file_name, content_type, draft, request, provenance, byte_size, sha256, template_hash, claims, incidents, sources)
      select ${old}, ${old}, 1, kind, 'pdf', language, title, 'old.pdf', 'application/pdf', draft, request, provenance, byte_size, sha256, template_hash, claims, incidents, sources
      from documents where id = ${meta.id}`.execute(t.app.db);
    await sql`insert into document_files (document_id, format, file_name, content_type, bytes, byte_size, sha256)
      select ${old}, format, 'old.pdf', content_type, bytes, byte_size, sha256 from document_files where document_id = ${meta.id} and format = 'pdf'`.execute(t.app.db);
    const file = await download(`/api/v1/documents/${old}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toBe('attachment; filename="old.pdf"');
    const missing = await download(`/api/v1/documents/${old}/file?format=docx`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toMatch(/no DOCX file: it was generated before both formats were stored/);
    expect((await download(`/api/v1/documents/${old}`)).json().files.map((f: FileMeta) => f.format)).toEqual(['pdf']);
  });

  it('the document page offers both downloads', async () => {
    const page = await t.app.inject({ url: `/documents/${meta.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/api/v1/documents/${meta.id}/file?format&#x3D;docx" download>Download the Word file (DOCX)`);
    expect(page.body).toContain(`href="/api/v1/documents/${meta.id}/file?format&#x3D;pdf" download>Download the PDF`);
  });
});
