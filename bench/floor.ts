/**
 * The floor: the same document built straight with `docx` and `pdfkit`, without our pipeline.
 *
 * Its input is the finished content (paragraphs as styled runs, note markers, note texts),
 * extracted from one composition before any timing starts. What it does is what any direct use
 * of the libraries has to do for an equivalent document:
 * - DOCX: the same paragraphs, headings and lists; real Word footnotes (FootnoteReferenceRun)
 *   with the same texts and links; Arial named, no font embedded (as our renderer); a running
 *   header and "Page X of Y" footer.
 * - PDF: the same DejaVu Sans faces embedded and subsetted (parsed once, as ours are); pdfkit's own line wrapping; each
 *   paragraph placed with its notes at the foot of the same page (a paragraph and its notes move
 *   to the next page together when they do not fit); markers linking to notes and back; an
 *   outline of h1/h2; running header and "Page X of Y".
 */
import {
  AlignmentType, Document, ExternalHyperlink, Footer, FootnoteReferenceRun, Header, HeadingLevel, LevelFormat,
  Packer, PageNumber, Paragraph, TextRun, type ParagraphChild,
} from 'docx';
import PDFDocument from 'pdfkit';
import type { DocumentModel, Inline, ParagraphStyle } from '../src/documents/model/model.js';
import { parsedSansFaces } from '../src/documents/render/fonts.js';

export type FloorRun = { text: string; bold?: boolean; italic?: boolean; href?: string } | { note: number };
export interface FloorBlock {
  kind: 'h1' | 'h2' | 'h3' | 'p' | 'bullet' | 'number' | 'page-break';
  style: ParagraphStyle;
  /** Ordered lists restart their numbering per list. */
  list?: number;
  runs: FloorRun[];
}
export interface FloorContent {
  title: string;
  subject: string;
  author: string;
  header: string | null;
  blocks: FloorBlock[];
  /** notes[n - 1]: the paragraphs of note n. */
  notes: FloorRun[][][];
}

function runsOf(inlines: readonly Inline[]): FloorRun[] {
  const runs: FloorRun[] = [];
  for (const i of inlines) {
    if (i.type === 'text') runs.push({ text: i.text, ...(i.bold ? { bold: true } : {}), ...(i.italic ? { italic: true } : {}) });
    else if (i.type === 'link') runs.push({ text: i.text, ...(i.href.startsWith('#') ? {} : { href: i.href }) });
    else if (i.type === 'flag') runs.push({ text: i.text, bold: true });
    else if (i.type === 'break') runs.push({ text: ' ' });
    else if (i.type === 'citation') runs.push({ note: i.noteNumber! });
  }
  return runs;
}

/** The content of a finished model, as plain data (done once, outside any timing). */
export function floorContent(model: DocumentModel): FloorContent {
  const blocks: FloorBlock[] = [];
  let lists = 0;
  for (const b of model.blocks) {
    if (b.type === 'heading') blocks.push({ kind: `h${b.level}`, style: 'body', runs: runsOf(b.inlines) });
    else if (b.type === 'paragraph') blocks.push({ kind: 'p', style: b.style, runs: runsOf(b.inlines) });
    else if (b.type === 'list') {
      const list = ++lists;
      for (const item of b.items) blocks.push({ kind: b.ordered ? 'number' : 'bullet', style: 'body', list, runs: runsOf(item) });
    } else if (b.type === 'table') {
      for (const row of [...(b.header ? [b.header] : []), ...b.rows]) blocks.push({ kind: 'p', style: 'body', runs: row.flatMap((cell) => [...runsOf(cell), { text: ' | ' }]) });
    } else blocks.push({ kind: 'page-break', style: 'body', runs: [] });
  }
  return {
    title: model.meta.title,
    subject: model.meta.subject,
    author: model.meta.author,
    header: model.meta.runningHeader ?? null,
    blocks,
    notes: model.notes.map((n) => n.paragraphs.map(runsOf)),
  };
}

// ---------------------------------------------------------------- DOCX

function docxRuns(runs: readonly FloorRun[]): ParagraphChild[] {
  return runs.map((r) => {
    if ('note' in r) return new FootnoteReferenceRun(r.note);
    const run = new TextRun({ text: r.text, bold: r.bold, italics: r.italic });
    return r.href ? new ExternalHyperlink({ link: r.href, children: [new TextRun({ text: r.text, style: 'Hyperlink' })] }) : run;
  });
}

const DOCX_HEADINGS = { h1: HeadingLevel.HEADING_1, h2: HeadingLevel.HEADING_2, h3: HeadingLevel.HEADING_3 } as const;

export async function floorDocx(content: FloorContent): Promise<Buffer> {
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  content.notes.forEach((paragraphs, i) => {
    footnotes[String(i + 1)] = { children: paragraphs.map((runs) => new Paragraph({ children: docxRuns(runs) })) };
  });
  const children = content.blocks.map((b) => {
    if (b.kind === 'page-break') return new Paragraph({ pageBreakBefore: true });
    if (b.kind === 'h1' || b.kind === 'h2' || b.kind === 'h3') return new Paragraph({ heading: DOCX_HEADINGS[b.kind], children: docxRuns(b.runs) });
    if (b.kind === 'bullet') return new Paragraph({ bullet: { level: 0 }, children: docxRuns(b.runs) });
    if (b.kind === 'number') return new Paragraph({ numbering: { reference: 'numbers', level: 0, instance: b.list ?? 0 }, children: docxRuns(b.runs) });
    if (b.style === 'title') return new Paragraph({ heading: HeadingLevel.TITLE, children: docxRuns(b.runs) });
    return new Paragraph({ children: docxRuns(b.runs) });
  });
  const doc = new Document({
    title: content.title,
    subject: content.subject,
    creator: content.author,
    styles: { default: { document: { run: { font: 'Arial', size: 21 } } } },
    numbering: { config: [{ reference: 'numbers', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }] },
    footnotes,
    sections: [{
      headers: { default: new Header({ children: content.header ? [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(content.header)] })] : [] }) },
      footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })] }) },
      children,
    }],
  });
  return Packer.toBuffer(doc);
}

// ---------------------------------------------------------------- PDF

const MARGINS = { top: 62, bottom: 60, left: 56, right: 56 };
const SIZES = { h1: 15, h2: 12.5, h3: 11, p: 10.5, bullet: 10.5, number: 10.5, 'page-break': 10.5, title: 20, note: 8 } as const;
const LEADING = 1.4;
const NOTE_SEPARATOR = 10;
const LABEL_WIDTH = 22;

type Doc = PDFKit.PDFDocument;
const face = (bold?: boolean, italic?: boolean) => (bold ? (italic ? 'BI' : 'B') : italic ? 'I' : 'R');
const plain = (runs: readonly FloorRun[]) => runs.map((r) => ('note' in r ? String(r.note) : r.text)).join('');

/** Writes runs as one wrapped paragraph with pdfkit's `continued` text. */
function drawRuns(doc: Doc, runs: readonly FloorRun[], x: number, y: number, width: number, size: number, bold: boolean, noteLinks: boolean): void {
  const lineGap = size * (LEADING - 1.164);
  doc.x = x;
  doc.y = y;
  const last = runs.length - 1;
  if (last < 0) return;
  runs.forEach((r, i) => {
    const options: PDFKit.Mixins.TextOptions = { width, lineGap, continued: i < last };
    if ('note' in r) {
      doc.font('R').fontSize(size * 0.62).text(String(r.note), { ...options, ...(noteLinks ? { goTo: `note:${r.note}`, destination: `noteref:${r.note}` } : {}) });
      doc.fontSize(size);
    } else {
      doc.font(face(bold || r.bold, r.italic)).fontSize(size).text(r.text, { ...options, ...(r.href ? { link: r.href, underline: true } : {}) });
    }
  });
}

export async function floorPdf(content: FloorContent): Promise<Buffer> {
  const doc: Doc = new PDFDocument({
    size: 'A4', margins: MARGINS, bufferPages: true, pdfVersion: '1.7', font: null as unknown as string,
    info: { Title: content.title, Author: content.author, Subject: content.subject },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  // The same parsed DejaVu faces our renderer uses: the floor is the library at its best, so it
  // does not re-parse the TTFs per document either.
  const faces = parsedSansFaces() as unknown as Record<string, PDFKit.Mixins.PDFFontSource>;
  doc.registerFont('R', faces.regular!);
  doc.registerFont('B', faces.bold!);
  doc.registerFont('I', faces.italic!);
  doc.registerFont('BI', faces.boldItalic!);

  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const bottom = doc.page.height - MARGINS.bottom;
  const noteLineGap = SIZES.note * 0.14;
  const noteHeight = (n: number) =>
    (content.notes[n - 1] ?? []).reduce((h, runs) => h + doc.font('R').fontSize(SIZES.note).heightOfString(plain(runs), { width: width - LABEL_WIDTH, lineGap: noteLineGap }), 1.5);
  // Notes are drawn at the end, page by page (pages are buffered): pdfkit breaks pages inside
  // paragraphs on its own, and each page's bottom margin is raised to keep room for its notes.
  const feet: Array<{ notes: number[]; height: number }> = [{ notes: [], height: 0 }];
  let page = 0;
  let pending = 0; // height of the notes of the paragraph being drawn
  const reserve = () => {
    const foot = feet[page]!;
    const used = foot.height + pending;
    doc.page.margins.bottom = MARGINS.bottom + (used > 0 ? used + NOTE_SEPARATOR : 0);
  };
  doc.on('pageAdded', () => {
    page++;
    feet[page] = { notes: [], height: 0 };
    reserve();
  });
  let chapter: PDFKit.PDFOutline | undefined;

  for (const b of content.blocks) {
    if (b.kind === 'page-break') {
      if (doc.y > MARGINS.top) doc.addPage();
      continue;
    }
    const heading = b.kind === 'h1' || b.kind === 'h2' || b.kind === 'h3';
    const size = b.style === 'title' ? SIZES.title : SIZES[b.kind];
    const bold = heading || b.style === 'title';
    const indent = b.kind === 'bullet' || b.kind === 'number' ? 20 : 0;
    const notes = b.runs.flatMap((r) => ('note' in r ? [r.note] : []));
    pending = notes.reduce((h, n) => h + noteHeight(n), 0);
    reserve();
    // At least two lines must fit, or the paragraph starts on the next page.
    if (doc.y + 2 * size * LEADING > doc.page.height - doc.page.margins.bottom && doc.y > MARGINS.top) doc.addPage();
    if (heading && b.kind !== 'h3') {
      const title = plain(b.runs);
      chapter = b.kind === 'h1' || !chapter ? doc.outline.addItem(title) : chapter.addItem(title);
    }
    const y = doc.y;
    if (indent > 0) doc.font('R').fontSize(size).text(b.kind === 'bullet' ? '•' : `${b.list ?? 1}.`, MARGINS.left + 6, y, { lineBreak: false });
    drawRuns(doc, b.runs, MARGINS.left + indent, y, width - indent, size, bold, true);
    // The markers end their paragraph: their notes go to the page where it ends.
    const foot = feet[page]!;
    foot.notes.push(...notes);
    foot.height += pending;
    pending = 0;
    doc.y += 6;
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    const foot = feet[i - range.start];
    if (foot && foot.notes.length > 0) {
      let fy = bottom - foot.height;
      doc.moveTo(MARGINS.left, fy - NOTE_SEPARATOR / 2).lineTo(MARGINS.left + width / 3, fy - NOTE_SEPARATOR / 2).lineWidth(0.5).stroke();
      for (const n of foot.notes) {
        doc.font('B').fontSize(SIZES.note).text(String(n), MARGINS.left, fy, { lineBreak: false, destination: `note:${n}`, goTo: `noteref:${n}` });
        for (const runs of content.notes[n - 1] ?? []) {
          drawRuns(doc, runs, MARGINS.left + LABEL_WIDTH, fy, width - LABEL_WIDTH, SIZES.note, false, false);
          fy = doc.y;
        }
        fy += 1.5;
      }
    }
    doc.font('R').fontSize(8);
    if (content.header) doc.text(content.header, MARGINS.left + width - doc.widthOfString(content.header), 34, { lineBreak: false });
    const label = `Page ${i + 1} of ${range.count}`;
    doc.text(label, (doc.page.width - doc.widthOfString(label)) / 2, doc.page.height - 38, { lineBreak: false });
  }
  doc.end();
  return ended;
}
