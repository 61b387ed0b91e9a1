/**
 * Font faces inside one PDFDocument, and text widths for line breaking.
 */
import { parsedSansFaces, type ParsedFont } from '../fonts.js';
import { textWidth, wordRun, type WordRun } from './word-runs.js';

export type Doc = PDFKit.PDFDocument;
export type FaceName = 'Sans' | 'Sans-Bold' | 'Sans-Italic' | 'Sans-BoldItalic';

/** DejaVu Sans vertical metrics (hhea ascent 1901, descent -483 per 2048 units). */
export const ASCENT = 1901 / 2048;
export const DESCENT = 483 / 2048;

export function faceFor(bold: boolean, italic: boolean): FaceName {
  if (bold) return italic ? 'Sans-BoldItalic' : 'Sans-Bold';
  return italic ? 'Sans-Italic' : 'Sans';
}

type FontSource = PDFKit.Mixins.PDFFontSource;

/**
 * Registers the process's parsed faces under our face names. Each document still gets its own
 * subset (pdfkit makes one per document); only the parsing is shared.
 */
export function registerFaces(doc: Doc): void {
  const faces = parsedSansFaces();
  for (const face of Object.values(faces)) freshGlyphCache(face);
  doc.registerFont('Sans', faces.regular as unknown as FontSource);
  doc.registerFont('Sans-Bold', faces.bold as unknown as FontSource);
  doc.registerFont('Sans-Italic', faces.italic as unknown as FontSource);
  doc.registerFont('Sans-BoldItalic', faces.boldItalic as unknown as FontSource);
}

/**
 * fontkit caches glyph objects per parsed font, each with the code points it was first met with,
 * or none when first met as a component of a composite glyph while a subset was written. Shared
 * by every document of the process, that cache handed later documents glyphs with wrong or empty
 * code points, so their text extracted wrongly (search, copy, screen readers: "Only" → "nly").
 * Rendering a document is synchronous per thread, so a fresh cache per document is safe and keeps
 * the expensive parse shared.
 */
function freshGlyphCache(face: object): void {
  (face as { _glyphs?: Record<number, unknown> })._glyphs = {};
}

/** The parsed font behind each face name. */
export function parsedFace(face: FaceName): ParsedFont {
  const faces = parsedSansFaces();
  switch (face) {
    case 'Sans': return faces.regular;
    case 'Sans-Bold': return faces.bold;
    case 'Sans-Italic': return faces.italic;
    case 'Sans-BoldItalic': return faces.boldItalic;
  }
}

/** Advance widths of text, from the process's shaped words (word-runs.ts): no shaping per document. */
export class TextMeasurer {
  private readonly faces = new Map<FaceName, ParsedFont>();

  face(face: FaceName): ParsedFont {
    let parsed = this.faces.get(face);
    if (parsed === undefined) {
      parsed = parsedFace(face);
      this.faces.set(face, parsed);
    }
    return parsed;
  }

  width(face: FaceName, size: number, text: string): number {
    return textWidth(this.face(face), text) * size;
  }

  /** A word without spaces (or one space), shaped. */
  word(face: FaceName, text: string): WordRun {
    return wordRun(this.face(face), text);
  }

  /** A shaped word's width at `size`: what width() gives for its text. */
  runWidth(run: WordRun, size: number): number {
    return run.advance * (1 / 1000) * size;
  }
}
