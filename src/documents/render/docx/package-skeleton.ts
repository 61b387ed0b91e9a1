/**
 * The package around the content, built by the docx library: styles, numbering definitions,
 * settings, header (running header, DRAFT banner and watermark), footer (Page X of Y), embedded
 * fonts, section properties, and the letterhead at the top of the body. The body's blocks and the
 * notes are written as XML strings (body-xml.ts, footnotes-xml.ts) and spliced in where docx
 * leaves room for them, as the PDF renderer keeps pdfkit for structure but writes its pages.
 *
 * Nothing about the document's subject goes in: title, author and the rest are written into
 * docProps/core.xml per document. What does (the letterhead, the running header, the language,
 * the labels) is the same for many documents, so a skeleton is built once per distinct set of
 * those and kept (a few at most).
 */
import { createHash } from 'node:crypto';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphStyleOptions,
} from 'docx';
import { TextWatermark } from 'docx/watermarks';
import { ENGLISH_RENDER_LABELS, type DocumentMeta, type Letterhead } from '../../model/model.js';
import { safeRunText } from '../../model/plain-text.js';
import { SANS_FAMILY, sansFaces } from '../fonts.js';
import type { ListDefinitions } from './body-xml.js';
import { PAGE, TEXT_WIDTH } from './page.js';
import { FLAG_RED, LINK_BLUE } from './runs-xml.js';
import { entryBytes, readZip, type ZipEntry } from './zip-package.js';

const HEADING_BLUE = '1F3864';
const ORDERED_LIST = 'ordered-list';
/** Our own bullet ("•", as in the PDF): docx's default bullet is a large "●" in LibreOffice. */
const BULLET_LIST = 'bullet-list';

function customParagraphStyles(): IParagraphStyleOptions[] {
  return [
    { id: 'Lead', name: 'Lead', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { size: 24 } },
    { id: 'Meta', name: 'Meta', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { size: 18, color: '555555' } },
    {
      id: 'Urgent', name: 'Urgent', basedOn: 'Normal', next: 'Normal', quickFormat: true,
      run: { bold: true, color: FLAG_RED },
      paragraph: { border: { left: { style: BorderStyle.SINGLE, size: 18, color: FLAG_RED, space: 6 } } },
    },
    { id: 'Small', name: 'Small', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { size: 17 } },
    {
      id: 'Quote', name: 'Quote', basedOn: 'Normal', next: 'Normal', quickFormat: true,
      run: { italics: true }, paragraph: { indent: { left: 567, right: 567 } },
    },
    {
      id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', quickFormat: true,
      run: { size: 26, color: '444444' }, paragraph: { spacing: { after: 240 } },
    },
    {
      // Word's built-in id, so "Footnote Text" in Word's style list controls our notes.
      id: 'FootnoteText', name: 'footnote text', basedOn: 'Normal', quickFormat: true,
      run: { size: 16 }, paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO } },
    },
    {
      id: 'ListParagraph', name: 'List Paragraph', basedOn: 'Normal', quickFormat: true,
      paragraph: { spacing: { after: 60 } },
    },
  ];
}

/** The largest a letterhead logo is drawn, in pixels at 96 dpi (150 × 48 pt, as in the PDF). */
const LOGO_BOX = { width: 200, height: 64 };
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;

/**
 * The sender at the top of the first page: a borderless two-column table (logo | name and
 * contact lines) ruled underneath, so Word and LibreOffice both keep the logo beside the text.
 * The logo's line spacing is stated as "auto": LibreOffice reads the default's bare w:line as a
 * fixed height and cut the logo to one line of text.
 */
function letterheadElements(letterhead: Letterhead): Array<Paragraph | Table> {
  const text = [
    new Paragraph({ spacing: { after: 20 }, children: [new TextRun({ text: safeRunText(letterhead.name), bold: true, size: 26, color: '1F3864' })] }),
    ...letterhead.lines.map((line) => new Paragraph({ spacing: { after: 0 }, children: [new TextRun({ text: safeRunText(line), size: 17, color: '555555' })] })),
  ];
  const rule = new Paragraph({ spacing: { after: 240 }, border: { top: { style: BorderStyle.SINGLE, size: 6, color: '1F3864', space: 1 } }, children: [] });
  const logo = letterhead.logo;
  if (!logo) return [...text, rule];
  const scale = Math.min(LOGO_BOX.height / logo.height, LOGO_BOX.width / logo.width);
  const width = Math.round(logo.width * scale);
  const height = Math.round(logo.height * scale);
  // Twentieths of a point: the logo's column is its width plus a gutter.
  const logoColumn = Math.round(width * 15) + 280;
  const cellBorders = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };
  const image = new ImageRun({ type: logo.contentType === 'image/png' ? 'png' : 'jpg', data: logo.bytes, transformation: { width, height } });
  return [new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [logoColumn, TEXT_WIDTH - logoColumn],
    borders: { ...cellBorders, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows: [new TableRow({
      children: [
        new TableCell({ width: { size: logoColumn, type: WidthType.DXA }, borders: cellBorders, verticalAlign: VerticalAlign.CENTER, margins: { left: 0, right: 0 }, children: [new Paragraph({ spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO }, children: [image] })] }),
        new TableCell({ width: { size: TEXT_WIDTH - logoColumn, type: WidthType.DXA }, borders: cellBorders, verticalAlign: VerticalAlign.CENTER, children: text }),
      ],
    })],
  }), rule];
}

const labelsOf = (meta: SkeletonMeta) => meta.labels ?? ENGLISH_RENDER_LABELS;

function headerParagraphs(meta: SkeletonMeta, font: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  if (meta.draft) {
    paragraphs.push(new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextWatermark({ text: labelsOf(meta).draftStamp, font, color: 'FF9999', opacity: 0.35 }),
        new TextRun({ text: labelsOf(meta).draftBanner, bold: true, color: 'FF0000', size: 20 }),
      ],
    }));
  }
  if (meta.runningHeader !== undefined && meta.runningHeader.trim() !== '') {
    paragraphs.push(new Paragraph({
      alignment: AlignmentType.RIGHT,
      border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: 'A0A0A0', space: 2 } },
      children: [new TextRun({ text: safeRunText(meta.runningHeader), size: 16, color: '555555' })],
    }));
  }
  return paragraphs;
}

function footerParagraph(meta: SkeletonMeta): Paragraph {
  const labels = labelsOf(meta);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ size: 16, color: '555555', children: [labels.pageBefore, PageNumber.CURRENT, labels.pageBetween, PageNumber.TOTAL_PAGES] })],
  });
}

/** What of the document's meta shapes the skeleton: nothing of its title, subject, author or keywords. */
export type SkeletonMeta = Pick<DocumentMeta, 'language' | 'draft' | 'runningHeader' | 'letterhead' | 'labels'>;

/** A part of the skeleton as text, split where the document's own content goes in. */
export interface SplitPart {
  before: string;
  after: string;
}

export interface Skeleton {
  /** The package's parts in docx's order, compressed as docx left them. */
  entries: readonly ZipEntry[];
  /** word/document.xml: the letterhead before, the section properties after. */
  document: SplitPart;
  /** word/footnotes.xml: docx's separator notes before. */
  footnotes: SplitPart;
  /** word/numbering.xml: the definitions and docx's default list before. */
  numbering: SplitPart;
  documentRels: SplitPart;
  /** Absent when docx wrote no relationships part for the notes. */
  footnotesRels: SplitPart | undefined;
  listDefinitions: ListDefinitions;
}

export const PARTS = {
  document: 'word/document.xml',
  footnotes: 'word/footnotes.xml',
  numbering: 'word/numbering.xml',
  documentRels: 'word/_rels/document.xml.rels',
  footnotesRels: 'word/_rels/footnotes.xml.rels',
  core: 'docProps/core.xml',
} as const;

function splitAt(xml: string, marker: string, part: string): SplitPart {
  const at = xml.lastIndexOf(marker);
  if (at < 0) throw new Error(`docx wrote ${part} without ${marker}`);
  return { before: xml.slice(0, at), after: xml.slice(at) };
}

/** A .rels part, split where relationships go; docx closes an empty one as <Relationships …/>. */
function splitRelationships(xml: string, part: string): SplitPart {
  const empty = /<Relationships([^>]*)\/>\s*$/.exec(xml);
  if (empty) return { before: `${xml.slice(0, empty.index)}<Relationships${empty[1]}>`, after: '</Relationships>' };
  return splitAt(xml, '</Relationships>', part);
}

/** The abstract numbering id docx gave the definition whose level 0 reads `levelText`. */
function abstractNumIdOf(numbering: string, levelText: string): number {
  for (const match of numbering.matchAll(/<w:abstractNum w:abstractNumId="(\d+)"[^>]*>(.*?)<\/w:abstractNum>/gs)) {
    if (match[2]!.includes(`<w:lvlText w:val="${levelText}"/>`)) return Number(match[1]);
  }
  throw new Error(`docx wrote no list definition with ${levelText}`);
}

async function buildSkeleton(meta: SkeletonMeta, embedFonts: boolean): Promise<Skeleton> {
  const faces = embedFonts ? sansFaces() : undefined;
  const font = faces ? SANS_FAMILY : 'Arial';
  const document = new Document({
    ...(faces ? { fonts: [{ name: SANS_FAMILY, data: faces.regular, bold: faces.bold, italic: faces.italic, boldItalic: faces.boldItalic }] } : {}),
    features: { updateFields: false },
    styles: {
      default: {
        document: {
          run: { font, size: 21, language: { value: meta.language } },
          paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } },
        },
        title: { run: { font, size: 40, bold: true, color: HEADING_BLUE }, paragraph: { spacing: { after: 120, line: 240, lineRule: LineRuleType.AUTO }, keepNext: true } },
        heading1: { run: { font, size: 30, bold: true, color: '1F3864' }, paragraph: { spacing: { before: 360, after: 120 }, keepNext: true } },
        heading2: { run: { font, size: 25, bold: true, color: '1F3864' }, paragraph: { spacing: { before: 240, after: 100 }, keepNext: true } },
        heading3: { run: { font, size: 22, bold: true, italics: true }, paragraph: { spacing: { before: 200, after: 80 }, keepNext: true } },
        footnoteReference: { run: { superScript: true } },
        hyperlink: { run: { color: LINK_BLUE, underline: {} } },
      },
      paragraphStyles: customParagraphStyles(),
    },
    numbering: {
      config: [{
        reference: ORDERED_LIST,
        levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 567, hanging: 340 } } } }],
      }, {
        reference: BULLET_LIST,
        levels: [{ level: 0, format: LevelFormat.BULLET, text: '\u2022', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 567, hanging: 340 } } } }],
      }],
    },
    footnotes: {},
    sections: [{
      properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, header: 567, footer: 567 } } },
      headers: { default: new Header({ children: headerParagraphs(meta, font) }) },
      footers: { default: new Footer({ children: [footerParagraph(meta)] }) },
      children: meta.letterhead ? letterheadElements(meta.letterhead) : [],
    }],
  });
  const entries = readZip(await Packer.toBuffer(document));
  const text = (name: string): string | undefined => {
    const entry = entries.find((e) => e.name === name);
    return entry === undefined ? undefined : Buffer.from(entryBytes(entry)).toString('utf8');
  };
  const required = (name: string): string => {
    const xml = text(name);
    if (xml === undefined) throw new Error(`docx wrote no ${name}`);
    return xml;
  };
  const numbering = required(PARTS.numbering);
  const footnotesRels = text(PARTS.footnotesRels);
  return {
    entries,
    document: splitAt(required(PARTS.document), '<w:sectPr', PARTS.document),
    footnotes: splitAt(required(PARTS.footnotes), '</w:footnotes>', PARTS.footnotes),
    numbering: splitAt(numbering, '</w:numbering>', PARTS.numbering),
    documentRels: splitRelationships(required(PARTS.documentRels), PARTS.documentRels),
    footnotesRels: footnotesRels === undefined ? undefined : splitRelationships(footnotesRels, PARTS.footnotesRels),
    listDefinitions: { ordered: abstractNumIdOf(numbering, '%1.'), bullet: abstractNumIdOf(numbering, '\u2022') },
  };
}

/** Skeletons kept; documents of one organisation and kind share one. */
const MAX_SKELETONS = 8;
const skeletons = new Map<string, Promise<Skeleton>>();

function skeletonKey(meta: SkeletonMeta, embedFonts: boolean): string {
  const letterhead = meta.letterhead;
  const logo = letterhead?.logo;
  return JSON.stringify([
    embedFonts, meta.language, meta.draft, meta.runningHeader ?? null, meta.labels ?? null,
    letterhead ? [letterhead.name, letterhead.lines, logo ? [logo.contentType, logo.width, logo.height, createHash('sha256').update(logo.bytes).digest('base64')] : null] : null,
  ]);
}

/** The skeleton for this meta, built on first use. */
export function skeletonFor(meta: DocumentMeta, embedFonts: boolean): Promise<Skeleton> {
  const shape: SkeletonMeta = { language: meta.language, draft: meta.draft, runningHeader: meta.runningHeader, letterhead: meta.letterhead, labels: meta.labels };
  const key = skeletonKey(shape, embedFonts);
  let skeleton = skeletons.get(key);
  if (skeleton === undefined) {
    skeleton = buildSkeleton(shape, embedFonts);
    // A failed build is not kept: the next document tries again.
    skeleton.catch(() => skeletons.delete(key));
    if (skeletons.size >= MAX_SKELETONS) skeletons.delete(skeletons.keys().next().value!);
    skeletons.set(key, skeleton);
  } else {
    // Most recently used last, so the oldest unused one goes first.
    skeletons.delete(key);
    skeletons.set(key, skeleton);
  }
  return skeleton;
}
