import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsedSansFaces } from '../../../../../src/documents/render/fonts.js';
import { renderPdf } from '../../../../../src/documents/render/pdf/pdf.renderer.js';
import { ModelBuilder } from '../../../../support/model.js';
import { hasTools } from '../../../../support/tools.js';

const hasPoppler = hasTools('pdftotext');
const workDir = mkdtempSync(join(tmpdir(), 'pdf-kerning-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Body text size (styles.ts). */
const BODY_SIZE = 10.5;

interface Shaped { glyphs: Array<{ advanceWidth: number }>; positions: Array<{ xAdvance: number }> }

/** The word's width in points with the font's kerning, and with none. */
function widths(word: string): { kerned: number; plain: number } {
  const font = parsedSansFaces().regular as unknown as { layout(text: string): Shaped; unitsPerEm: number };
  const run = font.layout(word);
  const scale = BODY_SIZE / font.unitsPerEm;
  return {
    kerned: run.positions.reduce((sum, p) => sum + p.xAdvance, 0) * scale,
    plain: run.glyphs.reduce((sum, g) => sum + g.advanceWidth, 0) * scale,
  };
}

/** Each word's width on the page, as pdftotext places its glyphs. */
function wordWidths(path: string): Map<string, number> {
  const xml = execFileSync('pdftotext', ['-bbox', path, '-']).toString('utf8');
  const out = new Map<string, number>();
  for (const m of xml.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<\/word>/g)) {
    out.set(m[3]!, Number(m[2]) - Number(m[1]));
  }
  return out;
}

describe('renderPdf: kerning', () => {
  // Words are shaped once per process and reused by later documents: both documents must kern.
  it.runIf(hasPoppler)('sets kerned pairs closer, as the font says, document after document', async () => {
    for (const round of [1, 2]) {
      const path = join(workDir, `kerning-${round}.pdf`);
      writeFileSync(path, await renderPdf(new ModelBuilder().paragraph('AVAWAY Täyteläinen Қазақстан').build()));
      const onPage = wordWidths(path);
      for (const word of ['AVAWAY', 'Täyteläinen', 'Қазақстан']) {
        expect(onPage.get(word), `${word}, document ${round}`).toBeCloseTo(widths(word).kerned, 1);
      }
      // A pair DejaVu kerns strongly: the kerned word is visibly narrower than its glyphs side by side.
      expect(widths('AVAWAY').plain - (onPage.get('AVAWAY') ?? 0)).toBeGreaterThan(2);
    }
  });
});
