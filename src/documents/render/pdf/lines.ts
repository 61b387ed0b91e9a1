/**
 * Our own line breaking for pdfkit. pdfkit's wrapper cannot tell us which line a footnote
 * marker ends up on, nor break pages where footnotes need room, so paragraphs are broken into
 * measured lines here and drawn one styled piece at a time.
 */
import type { Inline } from '../../model/model.js';
import { citationNumber, isSafeExternalHref, safeRunText } from '../../model/plain-text.js';
import { ASCENT, DESCENT, faceFor, type Doc, type FaceName, type TextMeasurer } from './faces.js';
import { COLORS, MARKER_RISE, MARKER_SCALE, type TextStyle } from './styles.js';
import { wordRun, type WordRun } from './word-runs.js';

/** A run of text in one look, with what clicking it does. */
export interface Piece {
  text: string;
  face: FaceName;
  size: number;
  color: string;
  underline: boolean;
  /** External URI. */
  link?: string;
  /** Named destination this piece jumps to. */
  goTo?: string;
  /** Named destination placed at this piece, so something can jump here. */
  destination?: string;
  /** Baseline shift upwards (superscript markers). */
  rise: number;
  /** Set on a footnote marker: the line that carries it must carry the note on its page. */
  noteNumber?: number;
  /** The shaped words (and spaces) of `text` in order, when line breaking measured them; else shaped when drawn. */
  runs: WordRun[] | undefined;
}

/** How a piece looks and acts, without its text. */
type Look = Omit<Piece, 'text' | 'runs'>;

export interface PlacedPiece extends Piece {
  x: number;
  width: number;
}

export interface Line {
  pieces: PlacedPiece[];
  width: number;
  height: number;
  /** Font size that sets the baseline (the paragraph's size). */
  baseSize: number;
  /** Footnotes whose markers are on this line, in order. */
  notes: number[];
}

export const destinations = {
  anchor: (anchor: string): string => `anchor:${anchor}`,
  note: (n: number): string => `note:${n}`,
  noteReference: (n: number): string => `noteref:${n}`,
};

export interface InlineEnvironment {
  measurer: TextMeasurer;
  /** Anchors that exist in the document; links to others are drawn as plain text. */
  anchors: ReadonlySet<string>;
  /** Footnote markers are linked (body) or absent (inside notes). */
  markers: boolean;
}

/** Glued pieces between break opportunities. */
interface Box { kind: 'box'; pieces: Piece[]; widths: number[]; width: number }
interface Glue { kind: 'glue'; piece: Piece; width: number }
interface ForcedBreak { kind: 'break' }
type Item = Box | Glue | ForcedBreak;

/**
 * Every piece is built with the same fields in the same order, so that they all share one hidden
 * class: spreading looks with and without a link gave V8 many shapes, and the comparisons of
 * line breaking (samePieceLook) ran megamorphic on a 1000-page document.
 */
function piece(look: Look, text: string, runs?: WordRun[]): Piece {
  return {
    text, face: look.face, size: look.size, color: look.color, underline: look.underline,
    link: look.link, goTo: look.goTo, destination: look.destination, rise: look.rise, noteNumber: look.noteNumber, runs,
  };
}

function placed(p: Piece, x: number, width: number): PlacedPiece {
  return {
    text: p.text, face: p.face, size: p.size, color: p.color, underline: p.underline,
    link: p.link, goTo: p.goTo, destination: p.destination, rise: p.rise, noteNumber: p.noteNumber,
    // A copy: the line's pieces grow as their neighbours merge into them.
    runs: p.runs?.slice(), x, width,
  };
}

function pieceLook(style: TextStyle, marks: { bold?: boolean; italic?: boolean; underline?: boolean }): Look {
  return {
    face: faceFor(style.bold || Boolean(marks.bold), style.italic || Boolean(marks.italic)),
    size: style.size,
    color: style.color,
    underline: Boolean(marks.underline),
    rise: 0,
  };
}

/** The inline content as pieces and break opportunities. */
function itemsOf(inlines: readonly Inline[], style: TextStyle, env: InlineEnvironment): Item[] {
  const items: Item[] = [];
  let box: Box | undefined;
  const { measurer } = env;
  /** A piece of one word (or one space), measured from its shaped run. */
  const wordPiece = (look: Look, text: string): { piece: Piece; width: number } => {
    const run = measurer.word(look.face, text);
    return { piece: piece(look, text, [run]), width: measurer.runWidth(run, look.size) };
  };
  const addToBox = (look: Look, text: string): void => {
    if (box === undefined) {
      box = { kind: 'box', pieces: [], widths: [], width: 0 };
      items.push(box);
    }
    const { piece: boxed, width } = wordPiece(look, text);
    box.pieces.push(boxed);
    box.widths.push(width);
    box.width += width;
  };
  const addText = (text: string, look: Look): void => {
    // Break opportunities are ordinary spaces only; no-break spaces keep words together.
    for (const part of safeRunText(text).match(/ +|[^ ]+/g) ?? []) {
      if (part.startsWith(' ')) {
        box = undefined;
        if (items[items.length - 1]?.kind !== 'glue') items.push({ kind: 'glue', ...wordPiece(look, ' ') });
      } else {
        addToBox(look, part);
      }
    }
  };
  for (const inline of inlines) {
    switch (inline.type) {
      case 'text':
        addText(inline.text, pieceLook(style, inline));
        break;
      case 'link': {
        const look = { ...pieceLook(style, inline), color: COLORS.link };
        if (isSafeExternalHref(inline.href)) {
          addText(inline.text, { ...look, link: inline.href, underline: true });
        } else if (inline.href.startsWith('#') && env.anchors.has(inline.href.slice(1))) {
          addText(inline.text, { ...look, goTo: destinations.anchor(inline.href.slice(1)) });
        } else {
          addText(inline.text, pieceLook(style, inline)); // dead or unsafe link: text only
        }
        break;
      }
      case 'flag':
        addText(inline.text, { ...pieceLook(style, { bold: true }), color: COLORS.flag });
        break;
      case 'break':
        box = undefined;
        items.push({ kind: 'break' });
        break;
      case 'citation': {
        if (!env.markers) break;
        const n = citationNumber(inline);
        // Glued to the preceding word: a marker never starts a line on its own.
        addToBox({
          face: 'Sans', size: style.size * MARKER_SCALE, color: style.color, underline: false,
          rise: style.size * MARKER_RISE, goTo: destinations.note(n), destination: destinations.noteReference(n), noteNumber: n,
        }, String(n));
        break;
      }
    }
  }
  return items;
}

function samePieceLook(a: PlacedPiece, b: Piece): boolean {
  return a.face === b.face && a.size === b.size && a.color === b.color && a.underline === b.underline
    && a.link === b.link && a.goTo === b.goTo && a.rise === b.rise
    && a.destination === undefined && b.destination === undefined && a.noteNumber === undefined && b.noteNumber === undefined;
}

class LineBuilder {
  readonly lines: Line[] = [];
  private pieces: PlacedPiece[] = [];
  private width = 0;

  constructor(private readonly style: TextStyle) {}

  get isEmpty(): boolean {
    return this.pieces.length === 0;
  }

  get currentWidth(): number {
    return this.width;
  }

  add(next: Piece, width: number): void {
    const last = this.pieces[this.pieces.length - 1];
    // Neighbours that look alike become one draw call: fewer text operators, same output.
    if (last !== undefined && samePieceLook(last, next)) {
      last.text += next.text;
      last.width += width;
      if (last.runs !== undefined && next.runs !== undefined) last.runs.push(...next.runs);
      else last.runs = undefined;
    } else {
      this.pieces.push(placed(next, this.width, width));
    }
    this.width += width;
  }

  finish(): void {
    const notes = this.pieces.flatMap((piece) => (piece.noteNumber === undefined ? [] : [piece.noteNumber]));
    this.lines.push({ pieces: this.pieces, width: this.width, height: this.style.size * this.style.leading, baseSize: this.style.size, notes });
    this.pieces = [];
    this.width = 0;
  }
}

/** Splits a box wider than a whole line (a long URL, say) at character boundaries. */
function splitBox(box: Box, maxWidth: number, measurer: TextMeasurer): Box[] {
  const boxes: Box[] = [];
  let current: Box = { kind: 'box', pieces: [], widths: [], width: 0 };
  for (const whole of box.pieces) {
    let text = '';
    let width = 0;
    for (const char of whole.text) {
      const charWidth = measurer.width(whole.face, whole.size, char);
      if (current.width + width + charWidth > maxWidth && (current.pieces.length > 0 || text !== '')) {
        if (text !== '') {
          current.pieces.push(piece(whole, text, [measurer.word(whole.face, text)]));
          current.widths.push(width);
          current.width += width;
        }
        boxes.push(current);
        current = { kind: 'box', pieces: [], widths: [], width: 0 };
        text = '';
        width = 0;
      }
      text += char;
      width += charWidth;
    }
    if (text !== '') {
      current.pieces.push(piece(whole, text, [measurer.word(whole.face, text)]));
      current.widths.push(width);
      current.width += width;
    }
  }
  if (current.pieces.length > 0) boxes.push(current);
  return boxes;
}

/** Widths are sums of floats; a word exactly as wide as the column must still fit. */
const FIT_TOLERANCE = 0.01;

/** Greedy line breaking of inlines into lines no wider than maxWidth. Always returns at least one line. */
export function breakLines(inlines: readonly Inline[], style: TextStyle, maxWidth: number, env: InlineEnvironment): Line[] {
  const builder = new LineBuilder(style);
  let pendingGlue: Glue | undefined;
  const place = (box: Box): void => {
    for (let i = 0; i < box.pieces.length; i++) {
      const boxed = box.pieces[i];
      if (boxed !== undefined) builder.add(boxed, box.widths[i] ?? 0);
    }
  };
  for (const item of itemsOf(inlines, style, env)) {
    if (item.kind === 'glue') {
      if (!builder.isEmpty) pendingGlue = item; // spaces at a line start vanish
      continue;
    }
    if (item.kind === 'break') {
      builder.finish();
      pendingGlue = undefined;
      continue;
    }
    const glueWidth = pendingGlue?.width ?? 0;
    if (!builder.isEmpty && builder.currentWidth + glueWidth + item.width > maxWidth + FIT_TOLERANCE) {
      builder.finish();
      pendingGlue = undefined;
    }
    if (builder.isEmpty && item.width > maxWidth + FIT_TOLERANCE) {
      const parts = splitBox(item, maxWidth, env.measurer);
      parts.forEach((part, index) => {
        place(part);
        if (index < parts.length - 1) builder.finish();
      });
      continue;
    }
    if (pendingGlue !== undefined) builder.add(pendingGlue.piece, pendingGlue.width);
    pendingGlue = undefined;
    place(item);
  }
  if (!builder.isEmpty || builder.lines.length === 0) builder.finish();
  return builder.lines;
}

/** The slice of pdfkit's embedded font that drawing glyphs needs (pdfkit's own EmbeddedFont). */
interface EmbeddedFont {
  id: string;
  ref(): unknown;
  /** This document's subset of the face: glyphs are numbered in the order they are first drawn. */
  subset: { includeGlyph(glyphId: number): number };
  /** /W and ToUnicode entries, per subset glyph id. */
  widths: number[];
  unicode: number[][];
}

/** As pdfkit writes numbers into content streams. */
const pdfNumber = (n: number): number => Math.round(n * 1e6) / 1e6;

const FILL_OPERATORS = new Map<string, string>();
/** The operator that sets a '#rrggbb' fill colour (pdfkit's fillColor() parses the colour every call). */
function fillOperator(color: string): string {
  let operator = FILL_OPERATORS.get(color);
  if (operator === undefined) {
    const [r, g, b] = [1, 3, 5].map((i) => pdfNumber(parseInt(color.slice(i, i + 2), 16) / 255));
    operator = `${r} ${g} ${b} rg`;
    FILL_OPERATORS.set(color, operator);
  }
  return operator;
}

/** Bytes a literal string must escape: its delimiters, the escape itself, and CR (read as LF otherwise). */
const ESCAPED: Record<number, string> = { 0x28: '\\(', 0x29: '\\)', 0x5c: '\\\\', 0x0d: '\\r' };
const GLYPH_CODES: string[] = [];
/**
 * A subset glyph id as the two bytes Identity-H reads, inside a literal string (one character a
 * byte). pdfkit writes four hex digits a glyph: twice the bytes to join, deflate and read back.
 */
function glyphCode(id: number): string {
  let code = GLYPH_CODES[id];
  if (code === undefined) {
    const byte = (b: number): string => ESCAPED[b] ?? String.fromCharCode(b);
    code = byte(id >> 8) + byte(id & 0xff);
    GLYPH_CODES[id] = code;
  }
  return code;
}

/**
 * Text-showing operands for one document, cached per face and word. Words are shaped once per
 * process (word-runs.ts); here each shaped word is mapped to this document's font subset once
 * (what pdfkit's font.encode does: the subset glyph, its width and its characters), and its TJ
 * operand kept, so a line is drawn by concatenating strings inside one text object. The glyphs,
 * widths and in-word kerning are the ones pdfkit would write.
 */
class GlyphRuns {
  private readonly fonts = new Map<FaceName, EmbeddedFont>();
  private readonly operands = new Map<EmbeddedFont, Map<WordRun, string | null>>();

  constructor(private readonly doc: Doc, private readonly measurer: TextMeasurer) {}

  font(face: FaceName): EmbeddedFont {
    let font = this.fonts.get(face);
    if (font === undefined) {
      this.doc.font(face);
      font = (this.doc as unknown as { _font: EmbeddedFont })._font;
      this.fonts.set(face, font);
      this.operands.set(font, new Map());
    }
    return font;
  }

  /**
   * The TJ operand for a piece (without its brackets, '' for nothing to draw), or null when a
   * glyph needs an offset (marks). Words and spaces are encoded apart, as line breaking measured
   * them, so glyphs land where the measurement put them.
   */
  operand(piece: Piece): string | null {
    const font = this.font(piece.face);
    const cache = this.operands.get(font)!;
    const runs = piece.runs ?? this.runsOf(piece.face, piece.text);
    let out = '';
    for (const run of runs) {
      let encoded = cache.get(run);
      if (encoded === undefined) {
        encoded = encodeRun(font, run);
        cache.set(run, encoded);
      }
      if (encoded === null) return null;
      out += encoded;
    }
    // A kerning after the very last glyph would move nothing: dropped, with its empty string.
    // (Only a kerning leaves an unescaped "(": glyph bytes escape theirs.)
    if (out.endsWith(' (')) out = out.slice(0, out.lastIndexOf(')'));
    return out === '' ? '' : `(${out})`;
  }

  /** Text not measured word by word (labels, header, footer): its words and spaces, shaped. */
  private runsOf(face: FaceName, text: string): WordRun[] {
    const runs: WordRun[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      // A unit ends before a space, at a space, and at the end of the text.
      if (text.charCodeAt(i) !== 32 && i !== text.length - 1 && text.charCodeAt(i + 1) !== 32) continue;
      runs.push(this.measurer.word(face, text.slice(start, i + 1)));
      start = i + 1;
    }
    return runs;
  }
}

/**
 * A shaped word in a document's subset, as the inside of a TJ string: glyph codes, kerning
 * closing and reopening the string (`..) -35 (..`). Words placed side by side join into one
 * string this way.
 */
function encodeRun(font: EmbeddedFont, run: WordRun): string | null {
  if (run.offset) return null;
  let out = '';
  for (let i = 0; i < run.glyphIds.length; i++) {
    const gid = font.subset.includeGlyph(run.glyphIds[i]!);
    if (font.widths[gid] == null) font.widths[gid] = run.widths[i]!;
    if (font.unicode[gid] == null) font.unicode[gid] = run.codePoints[i]!;
    out += glyphCode(gid);
    const kerning = run.kerning[i]!;
    if (kerning !== 0) out += `) ${pdfNumber(-kerning)} (`;
  }
  return out;
}

/**
 * Draws laid-out lines: the glyphs of a line in one text object, then underlines and links.
 * Tracks the fill colour and the font so repeated pieces do not repeat operators.
 */
export class LineDrawer {
  private fill: string | undefined;
  private readonly runs: GlyphRuns;
  /** Fonts already in the current page's resources. */
  private pageFonts = new Set<EmbeddedFont>();
  private pageOfFonts: unknown;

  constructor(private readonly doc: Doc, measurer: TextMeasurer) {
    this.runs = new GlyphRuns(doc, measurer);
  }

  /** Forget cached state, e.g. after a page switch or save/restore. */
  reset(): void {
    this.fill = undefined;
  }

  private setFill(color: string): void {
    if (this.fill !== color) {
      this.doc.addContent(fillOperator(color));
      this.fill = color;
    }
  }

  /** Adds the font to the current page's resources once. */
  private useFont(font: EmbeddedFont): void {
    const page = this.doc.page as unknown as { fonts: Record<string, unknown> };
    if (this.pageOfFonts !== page) {
      this.pageOfFonts = page;
      this.pageFonts = new Set();
    }
    if (this.pageFonts.has(font)) return;
    this.pageFonts.add(font);
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
  }

  draw(line: Line, x: number, top: number): void {
    const { doc } = this;
    const baseline = top + (line.height - (ASCENT + DESCENT) * line.baseSize) / 2 + ASCENT * line.baseSize;
    let inText = false;
    let currentFont: EmbeddedFont | undefined;
    let currentSize = 0;
    for (const piece of line.pieces) {
      const left = x + piece.x;
      const font = this.runs.font(piece.face);
      const operand = this.runs.operand(piece);
      if (operand === null) {
        // Glyphs positioned by offsets (combining marks): pdfkit's own text path draws them.
        if (inText) doc.addContent('ET');
        inText = false;
        currentFont = undefined;
        this.setFill(piece.color);
        doc.font(piece.face).fontSize(piece.size)
          .text(piece.text, left, baseline - piece.rise, { lineBreak: false, baseline: 'alphabetic', textWidth: piece.width } as PDFKit.Mixins.TextOptions);
        continue;
      }
      if (operand === '') continue;
      if (!inText) {
        doc.addContent('BT');
        inText = true;
      }
      // Colour operators are allowed inside a text object; save/restore (q/Q) are not, and none is needed.
      this.setFill(piece.color);
      if (font !== currentFont || piece.size !== currentSize) {
        this.useFont(font);
        doc.addContent(`/${font.id} ${pdfNumber(piece.size)} Tf`);
        currentFont = font;
        currentSize = piece.size;
      }
      // pdfkit's coordinates run downwards; a text matrix flipped in y keeps the glyphs upright.
      doc.addContent(`1 0 0 -1 ${pdfNumber(left)} ${pdfNumber(baseline - piece.rise)} Tm [${operand}] TJ`);
    }
    if (inText) doc.addContent('ET');

    for (const piece of line.pieces) {
      const left = x + piece.x;
      // Spaces are drawn too (above), so that copied or extracted text keeps its word gaps.
      if (piece.underline) {
        const y = baseline + piece.size * 0.12;
        doc.save().lineWidth(Math.max(0.4, piece.size / 18)).strokeColor(piece.color)
          .moveTo(left, y).lineTo(left + piece.width, y).stroke().restore();
      }
      // Markers are tiny: give their link a finger-sized target.
      const pad = piece.noteNumber === undefined ? 0 : 2;
      if (piece.link !== undefined) doc.link(left, top, piece.width, line.height, piece.link);
      if (piece.goTo !== undefined) linkToDestination(doc, left - pad, top, piece.width + 2 * pad, line.height, piece.goTo);
      if (piece.destination !== undefined) addDestination(doc, piece.destination, top);
    }
  }
}

/** One unbroken line of text in one look, set on its own baseline (header, footer, stamps). */
export function singleLine(text: string, face: FaceName, size: number, color: string, measurer: TextMeasurer): Line {
  const width = measurer.width(face, size, text);
  const look: Look = { face, size, color, underline: false, rise: 0 };
  // As tall as the face, so that its baseline sits at top + ascent, where pdfkit's text() puts it.
  return { pieces: [placed(piece(look, text), 0, width)], width, height: (ASCENT + DESCENT) * size, baseSize: size, notes: [] };
}

/** A link annotation with a direct /Dest to a named destination. */
export function linkToDestination(doc: Doc, x: number, y: number, width: number, height: number, name: string): void {
  doc.annotate(x, y, width, height, { Subtype: 'Link', Dest: name } as PDFKit.Mixins.AnnotationOption);
}

/** A named destination on the current page; viewers scroll so `top` (minus a little context) is at the top. */
export function addDestination(doc: Doc, name: string, top: number): void {
  doc.addNamedDestination(name, 'XYZ', null as unknown as number, Math.max(0, top - 12), null as unknown as number);
}

/** The narrowest width the inlines can take without splitting a word, and their width on one line. */
export function inlineWidths(inlines: readonly Inline[], style: TextStyle, env: InlineEnvironment): { min: number; max: number } {
  let min = 0;
  let max = 0;
  let current = 0;
  for (const item of itemsOf(inlines, style, env)) {
    if (item.kind === 'break') {
      max = Math.max(max, current);
      current = 0;
    } else {
      if (item.kind === 'box') min = Math.max(min, item.width);
      current += item.width;
    }
  }
  return { min, max: Math.max(max, current) };
}
