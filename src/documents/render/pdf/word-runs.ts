/**
 * The shaped glyphs of each word, per face, for the whole process: glyph ids, advances, kerning
 * and the code points each glyph stands for. Shaping a word (fontkit's GSUB/GPOS pass) was the
 * largest single cost of rendering, and pdfkit's own cache of it lives only as long as one
 * document (ours forgot it every page to bound memory): every document shaped its vocabulary again.
 * Held here, a word is shaped once per render thread; each document only maps the glyph ids to
 * its own font subset (lines.ts). Results are exactly pdfkit's: the same fontkit call, the same
 * scaling to 1/1000 em, the same summing order for widths.
 */
import type { ParsedFont } from '../fonts.js';

/** One word (or one space) shaped in one face. Lengths are in 1/1000 em, as PDF text space uses. */
export interface WordRun {
  /** Sum of the glyphs' advances including kerning, as pdfkit's run.advanceWidth. */
  readonly advance: number;
  readonly glyphIds: readonly number[];
  /** Each glyph's own advance width (the font's /W entry). */
  readonly widths: readonly number[];
  /** Adjustment after each glyph: its positioned advance minus its own width (kerning), 0 when none. */
  readonly kerning: readonly number[];
  /** The characters each glyph stands for (the font's ToUnicode entry). */
  readonly codePoints: readonly number[][];
  /** Some glyph is moved off its pen position (a combining mark): a plain TJ cannot place it. */
  readonly offset: boolean;
}

interface FontkitGlyphRun {
  glyphs: Array<{ id: number; advanceWidth: number; codePoints: number[] }>;
  positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }>;
}

interface ShapingFont {
  layout(text: string): FontkitGlyphRun;
  unitsPerEm: number;
}

/**
 * A bound on the words kept per face: a service renders many documents and their vocabularies
 * add up. Past it the face starts a fresh table (the next documents shape their words again).
 */
const MAX_WORDS_PER_FACE = 40_000;

const tables = new WeakMap<ParsedFont, Map<string, WordRun>>();

function shape(font: ShapingFont, text: string): WordRun {
  const scale = 1000 / font.unitsPerEm;
  const run = font.layout(text);
  const n = run.glyphs.length;
  const glyphIds = new Array<number>(n);
  const widths = new Array<number>(n);
  const kerning = new Array<number>(n);
  const codePoints = new Array<number[]>(n);
  let advance = 0;
  let offset = false;
  for (let i = 0; i < n; i++) {
    const glyph = run.glyphs[i]!;
    const position = run.positions[i]!;
    const xAdvance = position.xAdvance * scale;
    const width = glyph.advanceWidth * scale;
    glyphIds[i] = glyph.id;
    widths[i] = width;
    kerning[i] = xAdvance - width;
    // A copy: fontkit's glyph objects are shared and reused (see faces.ts, freshGlyphCache).
    codePoints[i] = [...glyph.codePoints];
    advance += xAdvance;
    if (position.xOffset * scale || position.yOffset * scale) offset = true;
  }
  return { advance, glyphIds, widths, kerning, codePoints, offset };
}

/** The shaped run of `text` in `face`: a word without spaces, or a single space. */
export function wordRun(face: ParsedFont, text: string): WordRun {
  let table = tables.get(face);
  if (table === undefined) {
    table = new Map();
    tables.set(face, table);
  }
  let run = table.get(text);
  if (run === undefined) {
    if (table.size >= MAX_WORDS_PER_FACE) {
      table = new Map();
      tables.set(face, table);
    }
    run = shape(face as unknown as ShapingFont, text);
    table.set(text, run);
  }
  return run;
}

/**
 * Width of any text at 1 pt, as pdfkit's widthOfString measures it: runs split after each space
 * or tab, each shaped alone, their advances summed in order.
 */
export function textWidth(face: ParsedFont, text: string): number {
  let advance = 0;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      advance += wordRun(face, text.slice(last, i + 1)).advance;
      last = i + 1;
    }
  }
  if (last < text.length) advance += wordRun(face, text.slice(last)).advance;
  return advance * (1 / 1000);
}
