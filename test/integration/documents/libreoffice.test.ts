import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoBundle } from '../../../src/demo/seed.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import type { Bundle } from '../../support/consent-oracle.js';
import { generate, importBundle, viewOf, type DocumentView } from '../../support/documents.js';
import { convertWithLibreOffice, inkColour, pageWords, pdfPages, strip as stripSpaces, type WordBox } from '../../support/extract.js';
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
  const converted = new Map<string, { view: DocumentView; pdfText: string; pages: string[]; pdf: Buffer; ours: Buffer }>();

  beforeAll(async () => {
    t = await createTestApp();
    await importBundle(t.app, demo);
    const docs = await Promise.all(Object.entries(REQUESTS).map(async ([name, request]) => {
      const doc = await generate(t.app, { ...request, format: 'docx' });
      // Our own PDF of the same request, to compare how the two look.
      const ours = await generate(t.app, { ...request, format: 'pdf' });
      return { name, doc, ours: ours.bytes, view: await viewOf(doc.bytes, 'docx') };
    }));
    // Two at a time: each conversion has its own LibreOffice profile, but the machine has few cores.
    for (let i = 0; i < docs.length; i += 2) {
      await Promise.all(docs.slice(i, i + 2).map(async ({ name, doc, view, ours }) => {
        const pdf = await convertWithLibreOffice(doc.bytes);
        const pages = await pdfPages(pdf);
        converted.set(name, { view, pdfText: strip(pages.join('\n')), pages, pdf, ours });
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
        // A long note may continue at the foot of the next page: then it is found in two pieces.
        const text = strip(note);
        let head = text.length;
        while (head > 0 && !pdfText.includes(text.slice(0, head))) head--;
        const found = head === text.length || (head >= 20 && pdfText.includes(text.slice(head)));
        expect(found, `footnote ${n}: ${note.slice(0, 80)}`).toBe(true);
      }
    });

    it('sets the title as our PDF does: its lines apart (not overprinted) and in the heading blue', async () => {
      const { pdf, ours } = converted.get(name)!;
      for (const [label, file] of [['LibreOffice', pdf], ['our PDF', ours]] as const) {
        const words = await pageWords(file, 1);
        const title = titleLines(words);
        // The appeal's headline fits one line; the others' titles take two (where LibreOffice overprinted them).
        expect(title.length, `${label}: lines of the title`).toBeGreaterThanOrEqual(name === 'NGO urgent appeal' ? 1 : 2);
        // Line pitch against the glyph boxes' height (which tools measure differently): overprinted
        // lines (fixed spacing of 13.8 pt under 20-pt type) came to about half of it.
        for (let i = 1; i < title.length; i++) {
          const pitch = title[i]!.yMin - title[i - 1]!.yMin;
          expect(pitch / (title[i - 1]!.yMax - title[i - 1]!.yMin), `${label}: title line ${i + 1} against the line above`).toBeGreaterThan(0.85);
        }
        const colour = await inkColour(file, 1, title[0]!);
        expect(colour, `${label}: title ink`).not.toBeNull();
        // #1F3864, the headings' blue, lightened by anti-aliasing; black or grey text has b ≈ r.
        const [r, g, b] = colour!;
        expect(b - r, `${label}: title colour ${colour}`).toBeGreaterThan(30);
        expect(b - g, `${label}: title colour ${colour}`).toBeGreaterThan(20);
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

/** The lines of the first page's title: the words in the largest type (the DRAFT stamp aside), by line, top to bottom. */
function titleLines(all: WordBox[]): WordBox[] {
  // A draft's diagonal stamp is larger still, in pieces ("D", "RA", "FT"): only letters and words of text size.
  const words = all.filter((w) => !/^(?:DRAFT|D|RA|FT|R|A|F|T)$/.test(w.text) && w.yMax - w.yMin < 40);
  const height = Math.max(...words.map((w) => w.yMax - w.yMin));
  const big = words.filter((w) => w.yMax - w.yMin > height - 1);
  const lines: WordBox[] = [];
  for (const w of big.sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin)) {
    const line = lines.find((l) => Math.abs(l.yMin - w.yMin) < 2);
    if (line) Object.assign(line, { text: `${line.text} ${w.text}`, xMax: Math.max(line.xMax, w.xMax), yMax: Math.max(line.yMax, w.yMax) });
    else lines.push({ ...w });
  }
  return lines;
}
