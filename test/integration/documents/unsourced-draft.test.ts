import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoBundle } from '../../../src/demo/seed.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { nameFreeWindow, protectedNamePatterns, type Bundle } from '../../support/consent-oracle.js';
import { generate, importBundle, viewOf, type DocumentView, type Format, type Generated } from '../../support/documents.js';
import { pdfInfo, pdfPageText, readDocx } from '../../support/extract.js';

/**
 * The citation promise's refusal (issue 3): a selected incident without a source stops
 * generation with a 422 naming it, unless a draft is asked for, which marks the claim UNSOURCED
 * and stamps DRAFT on every page.
 */
const demo = (await readDemoBundle()) as Bundle;
const UNSOURCED = demo.incidents.find((i) => i.key === 'kz-2018-03-16-dvk-warnings')!;
const FORMATS: Format[] = ['docx', 'pdf'];

const REQUESTS: Record<string, Record<string, unknown>> = {
  'UN allegation letter': { kind: 'un-communication', selection: { country: 'KZ', from: '2018-03-01', to: '2018-03-31' }, options: { variant: 'allegation-letter', mandates: ['sr-assembly-association'] } },
  'UN urgent appeal': { kind: 'un-communication', selection: { persons: ['p-kz-0005'] }, options: { variant: 'urgent-appeal', mandates: ['sr-defenders'] } },
  'EU briefing': { kind: 'eu-briefing', selection: { country: 'KZ' }, options: {} },
  'NGO urgent appeal': { kind: 'urgent-appeal', selection: { persons: ['p-kz-0005'] }, options: { appealCode: 'KAZ 002/0318/OBS 026' } },
};

let t: TestApp;
const drafts = new Map<string, { doc: Generated; view: DocumentView }>();
const refusals = new Map<string, { status: number; body: { message: string; problems: Array<{ path: string; message: string }> } }>();
let documentsBefore = 0;
let documentsAfterRefusals = 0;

beforeAll(async () => {
  t = await createTestApp();
  await importBundle(t.app, demo);
  documentsBefore = (await t.app.inject({ url: '/api/v1/documents' })).json().total;
  for (const [name, request] of Object.entries(REQUESTS)) {
    for (const format of FORMATS) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: { ...request, format } });
      refusals.set(`${name} ${format}`, { status: res.statusCode, body: res.json() });
    }
  }
  documentsAfterRefusals = (await t.app.inject({ url: '/api/v1/documents' })).json().total;
  for (const [name, request] of Object.entries(REQUESTS)) {
    for (const format of FORMATS) {
      const doc = await generate(t.app, { ...request, format, draft: true });
      drafts.set(`${name} ${format}`, { doc, view: await viewOf(doc.bytes, format) });
    }
  }
});
afterAll(async () => t?.close());

describe.each(Object.keys(REQUESTS))('%s with an unsourced incident', (name) => {
  it.each(FORMATS)('is refused with 422 naming the incident, and nothing is stored (%s)', (format) => {
    const { status, body } = refusals.get(`${name} ${format}`)!;
    expect(status).toBe(422);
    expect(body.message).toMatch(/no source/);
    expect(body.problems).toEqual([{ path: `/incidents/${UNSOURCED.key}`, message: expect.stringContaining(UNSOURCED.key) }]);
    expect(documentsAfterRefusals).toBe(documentsBefore);
  });

  describe.each(FORMATS)('as a draft (%s)', (format) => {
    const get = () => drafts.get(`${name} ${format}`)!;

    it('is generated, marked draft, with the claim flagged UNSOURCED in the text and in its note', () => {
      const { doc, view } = get();
      expect(doc.meta.draft).toBe(true);
      const claim = nameFreeWindow(UNSOURCED.summary, protectedNamePatterns([demo], name.startsWith('UN') ? 'un' : 'public'));
      const notes = view.notesAfter(claim);
      expect(notes.length).toBeGreaterThan(0);
      for (const n of notes) {
        expect(view.notes.get(n)).toMatch(/UNSOURCED No source is recorded for this incident/);
        // The flag stands right after the claim's marker, where a reader sees it.
        expect(view.afterCitation(n)).toMatch(/^UNSOURCED/);
        const provenance = doc.provenance.claims.find((c) => c.note === n)!;
        expect(provenance.unsourced).toBe(true);
      }
    });

    if (format === 'pdf') {
      it('says DRAFT on every page', async () => {
        const { doc } = get();
        const pages = Number((await pdfInfo(doc.bytes)).fields['Pages']);
        expect(pages).toBeGreaterThan(0);
        const texts = await Promise.all(Array.from({ length: pages }, (_, i) => pdfPageText(doc.bytes, i + 1)));
        texts.forEach((text, i) => expect(text, `page ${i + 1}`).toContain('DRAFT — NOT FOR SUBMISSION'));
      });
    } else {
      it('says DRAFT in every page header of the DOCX', async () => {
        const docx = await readDocx(get().doc.bytes);
        const documentXml = docx.parts.get('word/document.xml')!;
        const rels = docx.parts.get('word/_rels/document.xml.rels')!;
        const refs = [...documentXml.matchAll(/<w:headerReference w:type="(\w+)" r:id="([^"]+)"\/>/g)];
        expect(refs.map((r) => r[1])).toContain('default');
        for (const [, type, id] of refs) {
          const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
          const header = docx.parts.get(`word/${target}`) ?? '';
          expect(header, `${type} header`).toContain('DRAFT — NOT FOR SUBMISSION');
        }
      });
    }
  });
});

describe('a document without draft', () => {
  it.each(FORMATS)('carries no DRAFT stamp and no UNSOURCED flag (%s)', async (format) => {
    const doc = await generate(t.app, { ...REQUESTS['NGO urgent appeal'], selection: { persons: ['p-kz-0001'] }, format });
    const view = await viewOf(doc.bytes, format);
    expect(doc.meta.draft).toBe(false);
    expect(view.everywhere.join('\n')).not.toMatch(/DRAFT|UNSOURCED/);
  });
});
