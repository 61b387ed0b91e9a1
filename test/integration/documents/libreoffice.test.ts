import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoBundle } from '../../../src/demo/seed.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import type { Bundle } from '../../support/consent-oracle.js';
import { generate, importBundle, viewOf, type DocumentView } from '../../support/documents.js';
import { convertWithLibreOffice, pdfPages, strip as stripSpaces } from '../../support/extract.js';
import { hasTools } from '../../support/tools.js';

/**
 * The DOCX must open where recipients open it (issue 3): LibreOffice converts one document of
 * each kind to PDF, and every footnote's text is found in the result. Conversions are slow
 * (seconds each), so only these representative files are converted.
 */
const demo = (await readDemoBundle()) as Bundle;
const sourced = demo.incidents.filter((i) => i.sources.length > 0).map((i) => i.key);

const REQUESTS: Record<string, Record<string, unknown>> = {
  'UN allegation letter': { kind: 'un-communication', selection: { country: 'KZ', incidents: sourced }, options: { variant: 'allegation-letter', mandates: ['sr-expression'] } },
  'EU briefing (draft)': { kind: 'eu-briefing', selection: { country: 'KZ' }, options: {}, draft: true },
  'NGO urgent appeal': { kind: 'urgent-appeal', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } },
};

/** pdftotext joins a word hyphenated at a line end ("dvk-⏎notice" → "dvknotice"): compare without hyphens. */
const strip = (text: string) => stripSpaces(text).replace(/-/g, '');

// Without LibreOffice or poppler: skipped with a warning locally, a failure in CI.
describe.runIf(hasTools('soffice', 'pdftotext'))('DOCX in LibreOffice', () => {
  let t: TestApp;
  const converted = new Map<string, { view: DocumentView; pdfText: string; pages: string[] }>();

  beforeAll(async () => {
    t = await createTestApp();
    await importBundle(t.app, demo);
    const docs = await Promise.all(Object.entries(REQUESTS).map(async ([name, request]) => {
      const doc = await generate(t.app, { ...request, format: 'docx' });
      return { name, doc, view: await viewOf(doc.bytes, 'docx') };
    }));
    // Two at a time: each conversion has its own LibreOffice profile, but the machine has few cores.
    for (let i = 0; i < docs.length; i += 2) {
      await Promise.all(docs.slice(i, i + 2).map(async ({ name, doc, view }) => {
        const pages = await pdfPages(await convertWithLibreOffice(doc.bytes));
        converted.set(name, { view, pdfText: strip(pages.join('\n')), pages });
      }));
    }
  });
  afterAll(async () => t?.close());

  describe.each(Object.keys(REQUESTS))('%s DOCX in LibreOffice', (name) => {
    it('converts to PDF with the body text in it', () => {
      const { view, pdfText, pages } = converted.get(name)!;
      expect(pages.length).toBeGreaterThan(0);
      const headings = view.body.match(/Annex: sources cited/g) ?? [];
      expect(headings.length).toBe(1);
      expect(pdfText).toContain(strip('Annex: sources cited'));
      for (const item of view.annex) expect(pdfText).toContain(strip(item).slice(0, 80));
    });

    it('keeps every footnote: each note text appears in the converted PDF', () => {
      const { view, pdfText } = converted.get(name)!;
      expect(view.notes.size).toBeGreaterThan(0);
      for (const [n, note] of view.notes) {
        // LibreOffice continues a long footnote at the foot of the next page, between two of its
        // paragraphs (incident line, one line per source): each paragraph must be there whole.
        for (const part of note.split(/(?=Source: )/)) {
          expect(pdfText, `footnote ${n}: ${part.slice(0, 80)}`).toContain(strip(part));
        }
      }
    });

    it('shows the running header and page numbers (DRAFT on every page of a draft)', () => {
      const { pages } = converted.get(name)!;
      pages.forEach((page, i) => expect(page, `page ${i + 1}`).toMatch(new RegExp(`Page ${i + 1} of ${pages.length}`)));
      if (name.includes('draft')) pages.forEach((page, i) => expect(page, `page ${i + 1}`).toContain('DRAFT'));
      // An appeal prints its code once, at the top of page 1 (issue 13: not again in a running header).
      if (name === 'NGO urgent appeal') pages.forEach((page, i) => expect(page.split('KAZ 001/0318/OBS 025').length - 1, `page ${i + 1}`).toBe(i === 0 ? 1 : 0));
    });
  });
});
