import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../../../../src/documents/model/model.js';
import { renderDocument } from '../../../../../src/documents/render/render-document.js';
import { readPdf } from '../../../../support/extract.js';
import { ModelBuilder } from '../../../../support/model.js';

/**
 * Fonts are parsed once per process and shared by every PDF it renders. Whatever one document
 * drew must not change how the next one's text extracts (search, copy and paste, screen readers).
 */
const model = (text: string): DocumentModel =>
  new ModelBuilder({ title: 'Font state', subject: 'test', author: 'test', keywords: [] }).paragraph(text).build();

// Cyrillic and Kazakh letters, several drawn by DejaVu as composites of other glyphs (Ё, Й, Ö).
const TEXTS = [
  'Cyrillic first: Марат Нұрланов, Ёлка, Йошкар-Ола, ёж, йод, Ö, Әсел Қасымова, Жаңыл Өрнөкова, Үсөн Һәкімұлы',
  'Only Latin now: Hello ACEOPHKMTXY aceopxy, Only Once',
  'Mixed again: Оля and Olya, Ерлан and Erlan, Ö and Ё',
];

describe('PDF text after other documents were rendered in the same process', () => {
  it('extracts exactly as written, document after document', async () => {
    for (const round of [1, 2]) {
      for (const text of TEXTS) {
        const bytes = await renderDocument(model(text), 'pdf');
        const extracted = (await readPdf(bytes)).body;
        expect(extracted, `round ${round}`).toBe(text);
      }
    }
  });
});
