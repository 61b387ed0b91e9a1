/**
 * DocumentModel → PDF with pdfkit: embedded DejaVu fonts (Cyrillic/Kazakh safe), footnotes at
 * the foot of the page where their marker appears, linked both ways, an outline of the
 * h1/h2 headings, running header, "Page X of Y" and a DRAFT stamp on every page when asked.
 */
import PDFDocument from 'pdfkit';
import { ENGLISH_RENDER_LABELS, type Block, type DocumentModel, type Inline, type Letterhead, type Note, type RenderLabels } from '../../model/model.js';
import { plainText, safeRunText } from '../../model/plain-text.js';
import { anchors } from '../../model/walk.js';
import { ASCENT, registerFaces, TextMeasurer, type Doc } from './faces.js';
import {
  addDestination,
  breakLines,
  destinations,
  LineDrawer,
  linkToDestination,
  type InlineEnvironment,
  type Line,
  type Piece,
} from './lines.js';
import { PageFlow, type Frame, type NoteLine } from './page-flow.js';
import {
  COLORS,
  HEADING_STYLES,
  LETTERHEAD_CONTACT_STYLE,
  LETTERHEAD_NAME_STYLE,
  LIST_INDENT,
  LIST_ITEM_STYLE,
  NOTE_GAP,
  NOTE_STYLE,
  PARAGRAPH_STYLES,
  type TextStyle,
} from './styles.js';
import { TableRenderer } from './table.js';

const MARGINS = { top: 62, bottom: 60, left: 56, right: 56 };
/** The largest a letterhead logo is drawn, in points (its proportions kept). */
const LOGO_BOX = { width: 150, height: 48 };

interface OutlineItem {
  addItem(title: string, options?: { expanded?: boolean }): OutlineItem;
  outlineData: Record<string, unknown>;
}

/** Lays out one note into lines: its number (linking back to the marker) in a hanging column, then its text. */
function noteLayout(note: Note, labelWidth: number, frame: Frame, env: InlineEnvironment, drawer: LineDrawer, doc: Doc): NoteLine[] {
  const textWidth = frame.width - labelWidth;
  const paragraphs = note.paragraphs.length > 0 ? note.paragraphs : [[]];
  const lines = paragraphs.flatMap((inlines) => breakLines(inlines, NOTE_STYLE, textWidth, env));
  const n = note.number;
  const labelPiece: Piece = { text: String(n), face: 'Sans-Bold', size: NOTE_STYLE.size, color: COLORS.link, underline: false, rise: 0 };
  const label: Line = {
    pieces: [{ ...labelPiece, x: 0, width: env.measurer.width(labelPiece.face, labelPiece.size, labelPiece.text) }],
    width: 0, height: NOTE_STYLE.size * NOTE_STYLE.leading, baseSize: NOTE_STYLE.size, notes: [],
  };
  return lines.map((line, index) => ({
    height: line.height + (index === lines.length - 1 ? NOTE_GAP : 0),
    draw: (x: number, top: number) => {
      if (index === 0) {
        addDestination(doc, destinations.note(n), top);
        drawer.draw(label, x, top);
        // The number links back to where the note is cited.
        linkToDestination(doc, x, top, labelWidth, line.height, destinations.noteReference(n));
      }
      drawer.draw(line, x + labelWidth, top);
    },
  }));
}

class PdfComposer {
  private readonly measurer: TextMeasurer;
  private readonly drawer: LineDrawer;
  private readonly env: InlineEnvironment;
  private readonly flow: PageFlow;
  private readonly tables: TableRenderer;
  private readonly frame: Frame;
  private currentChapter: OutlineItem | undefined;
  private readonly placedAnchors = new Set<string>();

  constructor(private readonly doc: Doc, private readonly model: DocumentModel) {
    this.measurer = new TextMeasurer(doc);
    this.drawer = new LineDrawer(doc);
    this.frame = {
      left: MARGINS.left,
      width: doc.page.width - MARGINS.left - MARGINS.right,
      top: MARGINS.top,
      bottom: doc.page.height - MARGINS.bottom,
    };
    this.env = { measurer: this.measurer, anchors: new Set(anchors(model)), markers: true };
    const noteEnv: InlineEnvironment = { ...this.env, markers: false };
    const notes = new Map(model.notes.map((note) => [note.number, note]));
    const maxNumber = Math.max(1, ...notes.keys());
    const labelWidth = this.measurer.width('Sans-Bold', NOTE_STYLE.size, String(maxNumber)) + 5;
    const laidOut = new Map<number, NoteLine[]>();
    const noteLines = (n: number): NoteLine[] => {
      let lines = laidOut.get(n);
      if (lines === undefined) {
        const note = notes.get(n);
        if (note === undefined) throw new Error(`Footnote ${n} is cited but the model has no note ${n}`);
        lines = noteLayout(note, labelWidth, this.frame, noteEnv, this.drawer, doc);
        laidOut.set(n, lines);
      }
      return lines;
    };
    this.flow = new PageFlow(doc, this.frame, noteLines, () => this.drawer.reset());
    this.tables = new TableRenderer(doc, this.flow, this.drawer, this.env);
  }

  compose(): void {
    if (this.model.meta.letterhead) this.letterhead(this.model.meta.letterhead);
    for (const block of this.model.blocks) this.block(block);
    this.flow.finish();
  }

  /** The sender at the top of the first page: logo left, name and contact lines beside it, a rule under both. */
  private letterhead(letterhead: Letterhead): void {
    const logo = letterhead.logo;
    const scale = logo ? Math.min(LOGO_BOX.height / logo.height, LOGO_BOX.width / logo.width) : 0;
    const logoWidth = logo ? logo.width * scale : 0;
    const logoHeight = logo ? logo.height * scale : 0;
    const gap = logo ? 14 : 0;
    const textWidth = this.frame.width - logoWidth - gap;
    const text = (value: string): Inline[] => [{ type: 'text', text: value }];
    const lines = [
      ...breakLines(text(letterhead.name), LETTERHEAD_NAME_STYLE, textWidth, this.env),
      ...letterhead.lines.flatMap((line) => breakLines(text(line), LETTERHEAD_CONTACT_STYLE, textWidth, this.env)),
    ];
    const textHeight = lines.reduce((sum, line) => sum + line.height, 0);
    const height = Math.max(logoHeight, textHeight);
    const top = this.flow.take(height + 8);
    if (logo) this.doc.image(Buffer.from(logo.bytes), this.frame.left, top + (height - logoHeight) / 2, { width: logoWidth, height: logoHeight });
    let y = top + (height - textHeight) / 2;
    for (const line of lines) {
      this.drawer.draw(line, this.frame.left + logoWidth + gap, y);
      y += line.height;
    }
    const ruleY = top + height + 5;
    this.doc.save().lineWidth(0.75).strokeColor(COLORS.heading)
      .moveTo(this.frame.left, ruleY).lineTo(this.frame.left + this.frame.width, ruleY).stroke().restore();
    this.flow.skip(10);
  }

  private block(block: Block): void {
    switch (block.type) {
      case 'heading':
        this.heading(block.level, block.inlines, block.anchor);
        return;
      case 'paragraph':
        this.paragraph(PARAGRAPH_STYLES[block.style], block.inlines, block.anchor);
        return;
      case 'list':
        this.list(block.ordered, block.items);
        return;
      case 'table':
        this.flow.skip(4);
        this.tables.render(block);
        this.flow.skip(8);
        return;
      case 'page-break':
        if (!this.flow.atPageTop) this.flow.newPage();
        return;
    }
  }

  /**
   * Places lines one by one. The first and next-to-last lines keep the following line with
   * them (no orphans, no widows); `keepAfter` keeps room for content after the last line.
   */
  private placeLines(lines: readonly Line[], x: number, keepAfter: number, onFirstLine?: (top: number) => void, decorate?: (top: number, line: Line) => void): void {
    lines.forEach((line, i) => {
      const next = lines[i + 1];
      const keep = next !== undefined && (i === 0 || i === lines.length - 2) ? next.height : i === lines.length - 1 ? keepAfter : 0;
      const top = this.flow.take(line.height, line.notes, keep);
      if (i === 0) onFirstLine?.(top);
      decorate?.(top, line);
      this.drawer.draw(line, x, top);
    });
  }

  private paragraph(style: TextStyle, inlines: readonly Inline[], anchor: string | undefined, keepAfter = 0, onFirstLine?: (top: number) => void): void {
    const left = this.frame.left + style.indentLeft;
    const lines = breakLines(inlines, style, this.frame.width - style.indentLeft - style.indentRight, this.env);
    this.flow.skip(style.spaceBefore);
    const bar = style.bar;
    this.placeLines(lines, left, keepAfter, (top) => {
      // A repeated id keeps its first place, as in a browser.
      if (anchor !== undefined && !this.placedAnchors.has(anchor)) {
        this.placedAnchors.add(anchor);
        addDestination(this.doc, destinations.anchor(anchor), top);
      }
      onFirstLine?.(top);
    }, bar === undefined ? undefined : (top, line) => {
      this.doc.save().rect(this.frame.left, top, 2.5, line.height).fill(bar).restore();
    });
    this.flow.skip(style.spaceAfter);
  }

  private heading(level: 1 | 2 | 3, inlines: readonly Inline[], anchor: string | undefined): void {
    const body = PARAGRAPH_STYLES.body;
    // Keep a heading with the first lines of what follows it.
    this.paragraph(HEADING_STYLES[level], inlines, anchor, 2 * body.size * body.leading, (top) => {
      if (level === 3) return;
      const title = plainText(inlines);
      if (title === '') return;
      const outlineRoot = this.doc.outline as unknown as OutlineItem;
      const parent = level === 1 ? outlineRoot : (this.currentChapter ?? outlineRoot);
      const item = parent.addItem(title, { expanded: true });
      // pdfkit points outline items at the page's top-right corner; point at the heading instead.
      item.outlineData['Dest'] = [this.doc.page.dictionary, 'XYZ', null, this.doc.page.height - Math.max(0, top - 12), null];
      if (level === 1) this.currentChapter = item;
    });
  }

  private list(ordered: boolean, items: readonly Inline[][]): void {
    const style = LIST_ITEM_STYLE;
    const labels = items.map((_, i) => (ordered ? `${i + 1}.` : '•'));
    const labelWidths = labels.map((label) => this.measurer.width('Sans', style.size, label));
    const indent = Math.max(LIST_INDENT, ...labelWidths.map((w) => w + 8));
    this.flow.skip(2);
    items.forEach((item, i) => {
      const lines = breakLines(item, style, this.frame.width - indent, this.env);
      const labelWidth = labelWidths[i] ?? 0;
      const label: Line = {
        pieces: [{ text: labels[i] ?? '', face: 'Sans', size: style.size, color: style.color, underline: false, rise: 0, x: 0, width: labelWidth }],
        width: labelWidth, height: lines[0]?.height ?? style.size * style.leading, baseSize: style.size, notes: [],
      };
      // Numbers align right against the text column; bullets sit at a fixed indent.
      const labelX = this.frame.left + (ordered ? indent - 6 - labelWidth : 6);
      this.placeLines(lines, this.frame.left + indent, 0, (top) => this.drawer.draw(label, labelX, top));
      this.flow.skip(style.spaceAfter);
    });
    this.flow.skip(4);
  }
}

/**
 * Header, footer and DRAFT stamp, drawn on each page as it begins, so that finished pages can be
 * written out (and their content freed) as the document goes: holding every page of a
 * 1000-incident document until the end cost ~100 MB. The page total is not known then, so
 * "of Y" is one small form XObject that every footer shows and that is written once, at the end.
 */
class PageDecorations {
  private pages = 0;
  private finished = false;
  private readonly total: { ref: PdfRef; name: string };

  constructor(private readonly doc: Doc, private readonly model: DocumentModel) {
    this.total = { ref: doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, -4, 200, 12] }) as PdfRef, name: 'PageTotal' };
  }

  /** Decorates the current page (the next one in order). */
  decorate(): void {
    const { doc, model } = this;
    this.pages++;
    const { width, height } = doc.page;
    const contentRight = width - MARGINS.right;
    doc.save();
    const header = safeRunText(model.meta.runningHeader ?? '').trim();
    if (header !== '') {
      doc.font('Sans').fontSize(8).fillColor(COLORS.muted);
      doc.text(header, contentRight - doc.widthOfString(header), 34, { lineBreak: false });
      doc.lineWidth(0.5).strokeColor(COLORS.rule).moveTo(MARGINS.left, 46).lineTo(contentRight, 46).stroke();
    }
    // Centred as if the total had as many digits as this page's number (DejaVu digits are all one width).
    const labels = model.meta.labels ?? ENGLISH_RENDER_LABELS;
    const label = `${labels.pageBefore}${this.pages}${labels.pageBetween}`;
    doc.font('Sans').fontSize(8).fillColor(COLORS.muted);
    const labelWidth = doc.widthOfString(label);
    const x = (width - labelWidth - doc.widthOfString(String(this.pages))) / 2;
    const top = height - 38;
    doc.text(label, x, top, { lineBreak: false });
    (doc.page as unknown as { xobjects: Record<string, unknown> }).xobjects[this.total.name] = this.total.ref;
    // pdfkit's page coordinates run downwards: the form is drawn flipped back upright at the baseline.
    const baseline = top + ASCENT * 8;
    doc.addContent(`q 1 0 0 -1 ${x + labelWidth} ${baseline} cm /${this.total.name} Do Q`);
    if (model.meta.draft) drawDraftStamp(doc, labels);
    doc.restore();
  }

  /** Writes "Y" into the form every footer shows; call once, after the last page. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const { doc } = this;
    doc.font('Sans');
    const font = (doc as unknown as { _font: { id: string; ref(): unknown; encode(text: string): [string[], unknown] } })._font;
    const [glyphs] = font.encode(String(this.pages));
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(COLORS.muted.slice(i, i + 2), 16) / 255);
    this.total.ref.data.Resources = { Font: { [font.id]: font.ref() } };
    this.total.ref.end(`${r} ${g} ${b} rg BT /${font.id} 8 Tf 0 0 Td <${glyphs.join('')}> Tj ET`);
  }
}

/**
 * pdfkit keeps the glyph layout of every word it has met, per face, for the whole document: in a
 * 1000-incident PDF, the largest part of what rendering holds in memory. Our own caches keep each
 * word's width and glyph codes, so pdfkit's is only worth keeping for words met on the same page.
 */
function forgetWordLayouts(doc: Doc): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: Record<string, unknown> }> })._fontFamilies ?? {};
  for (const font of Object.values(families)) {
    if (font.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
  }
}

/** pdfkit's indirect object, as far as the page total needs it. */
interface PdfRef {
  data: Record<string, unknown>;
  end(chunk?: string): void;
}

function drawDraftStamp(doc: Doc, labels: RenderLabels): void {
  const { width, height } = doc.page;
  const banner = labels.draftBanner;
  doc.font('Sans-Bold').fontSize(9).fillColor(COLORS.draft);
  doc.text(banner, MARGINS.left, 22, { lineBreak: false });
  // A large, faint diagonal word across the page, under nothing and over everything: unmistakable.
  doc.save();
  doc.rotate(-50, { origin: [width / 2, height / 2] });
  doc.font('Sans-Bold').fontSize(110).fillColor(COLORS.draft).fillOpacity(0.13);
  const stampWidth = doc.widthOfString(labels.draftStamp);
  doc.text(labels.draftStamp, width / 2 - stampWidth / 2, height / 2 - 55, { lineBreak: false });
  doc.restore();
}

/**
 * pdfkit emits tens of thousands of small chunks, most of them slices of Node's shared 8 KB
 * buffer pool: kept as they come, each pins a whole slab (27 MB held for a 6 MB PDF). Joined
 * every 256 KB, the slabs are freed as the document goes.
 */
class OutputBuffer {
  private readonly joined: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  add(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= 256 * 1024) this.join();
  }

  bytes(): Buffer {
    this.join();
    return this.joined.length === 1 ? this.joined[0]! : Buffer.concat(this.joined);
  }

  private join(): void {
    if (this.pending.length === 0) return;
    this.joined.push(Buffer.concat(this.pending, this.pendingBytes));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

export async function renderPdf(model: DocumentModel): Promise<Buffer> {
  const meta = model.meta;
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    // Pages are written out as they finish (see PageDecorations).
    bufferPages: false,
    autoFirstPage: true,
    pdfVersion: '1.7',
    lang: meta.language,
    displayTitle: true,
    // No default Helvetica: every glyph comes from the embedded DejaVu faces.
    font: null as unknown as string,
    info: {
      Title: safeRunText(meta.title),
      Author: safeRunText(meta.author),
      Subject: safeRunText(meta.subject),
      Keywords: safeRunText(meta.keywords.join(', ')),
      Creator: 'advocacy-docs',
      Producer: 'advocacy-docs (pdfkit)',
    },
  });
  const output = new OutputBuffer();
  doc.on('data', (chunk: Buffer) => output.add(chunk));
  // The document is drawn in one synchronous run, and a stream that has not been read yet queues
  // every chunk in its own buffer until the next tick: all of them (16,000 for a 1000-incident
  // PDF, pinning ~25 MB of pool slabs) would be held to the end, and `output` would join nothing
  // as it goes. Reading what the constructor queued makes the stream hand each later chunk to
  // 'data' as it is pushed.
  while (doc.read() !== null);
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(output.bytes()));
    doc.on('error', reject);
  });
  let decorations: PageDecorations | undefined;
  try {
    registerFaces(doc);
    doc.font('Sans');
    decorations = new PageDecorations(doc, model);
    decorations.decorate(); // the first page, added by the constructor
    doc.on('pageAdded', () => {
      forgetWordLayouts(doc);
      decorations?.decorate();
    });
    new PdfComposer(doc, model).compose();
    decorations.finish();
  } catch (error) {
    // pdfkit ends only once every object it handed out is written: the page total too.
    decorations?.finish();
    doc.end();
    await ended.catch(() => undefined);
    throw error;
  }
  doc.end();
  return ended;
}
