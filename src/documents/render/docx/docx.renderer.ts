/**
 * DocumentModel → .docx, with real Word footnotes so that editors at the receiving end
 * (UN desk officers, EU staff) can move text around and the notes follow their claims.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  LevelFormat,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphStyleOptions,
  type ParagraphChild,
} from 'docx';
import { TextWatermark } from 'docx/watermarks';
import { ENGLISH_RENDER_LABELS, type Block, type DocumentMeta, type DocumentModel, type Inline, type Letterhead, type ParagraphStyle } from '../../model/model.js';
import { SANS_FAMILY, sansFaces } from '../fonts.js';
import { citationNumber, isSafeExternalHref, safeRunText } from '../../model/plain-text.js';
import { anchors, citations } from '../../model/walk.js';

export interface DocxOptions {
  /**
   * Embed DejaVu Sans (≈1.3 MB compressed) so Cyrillic/Kazakh text looks the same on every machine.
   * Without it Word substitutes a local font; the text stays Unicode either way.
   */
  embedFonts?: boolean;
}

// A4 in twentieths of a point, with 2 cm margins (~56.7 pt, matching the PDF).
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const FLAG_RED = 'C00000';
const LINK_BLUE = '1F4E9A';
const HEADING_BLUE = '1F3864';
const ORDERED_LIST = 'ordered-list';
/** Our own bullet ("•", as in the PDF): docx's default bullet is a large "●" in LibreOffice. */
const BULLET_LIST = 'bullet-list';
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '808080' } as const;

/** Paragraph styles for the model's paragraph classes; ids are what Word shows in its style list. */
const CUSTOM_STYLE_IDS: Record<Exclude<ParagraphStyle, 'body' | 'title'>, string> = {
  lead: 'Lead',
  meta: 'Meta',
  urgent: 'Urgent',
  small: 'Small',
  quote: 'Quote',
  subtitle: 'Subtitle',
};

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

/**
 * Word bookmark names must start with a letter, hold only letters, digits and "_", and be at
 * most 40 characters; HTML ids are freer. Map each anchor to a unique valid name.
 */
function bookmarkNames(model: DocumentModel): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const anchor of anchors(model)) {
    const base = `a_${anchor.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 36);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    names.set(anchor, name);
  }
  return names;
}

interface RunContext {
  bookmarks: ReadonlyMap<string, string>;
  /** Anchors already bookmarked: a name may be used once, so a repeated id links to its first block. */
  bookmarked: Set<string>;
  /** Footnote references are only valid in the body; notes themselves get plain numbers. */
  allowFootnotes: boolean;
}

function textRuns(text: string, marks: { bold?: boolean; italic?: boolean; underline?: boolean }, extra: object = {}): TextRun[] {
  return [new TextRun({
    text: safeRunText(text),
    ...(marks.bold ? { bold: true } : {}),
    ...(marks.italic ? { italics: true } : {}),
    ...(marks.underline ? { underline: {} } : {}),
    ...extra,
  })];
}

function paragraphChildren(inlines: readonly Inline[], context: RunContext): ParagraphChild[] {
  const children: ParagraphChild[] = [];
  for (const inline of inlines) {
    switch (inline.type) {
      case 'text':
        children.push(...textRuns(inline.text, inline));
        break;
      case 'break':
        children.push(new TextRun({ break: 1 }));
        break;
      case 'flag':
        children.push(new TextRun({ text: safeRunText(inline.text), bold: true, color: FLAG_RED, highlight: 'yellow' }));
        break;
      case 'citation':
        if (context.allowFootnotes) children.push(new FootnoteReferenceRun(citationNumber(inline)));
        break;
      case 'link': {
        const runs = textRuns(inline.text, { ...inline, underline: true }, { color: LINK_BLUE });
        if (inline.href.startsWith('#')) {
          const bookmark = context.bookmarks.get(inline.href.slice(1));
          // A link to an anchor the document lacks would be dead: keep its text only.
          children.push(bookmark === undefined ? new TextRun({ text: safeRunText(inline.text) }) : new InternalHyperlink({ anchor: bookmark, children: runs }));
        } else if (isSafeExternalHref(inline.href)) {
          children.push(new ExternalHyperlink({ link: inline.href, children: runs }));
        } else {
          children.push(...textRuns(inline.text, inline));
        }
        break;
      }
    }
  }
  return children;
}

function withBookmark(anchor: string | undefined, children: ParagraphChild[], context: RunContext): ParagraphChild[] {
  const name = anchor === undefined ? undefined : context.bookmarks.get(anchor);
  if (name === undefined || context.bookmarked.has(name)) return children;
  context.bookmarked.add(name);
  return [new Bookmark({ id: name, children })];
}

const HEADING_LEVELS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

function blockElements(block: Block, context: RunContext, listInstance: () => number): Array<Paragraph | Table> {
  switch (block.type) {
    case 'heading':
      return [new Paragraph({
        heading: HEADING_LEVELS[block.level],
        children: withBookmark(block.anchor, paragraphChildren(block.inlines, context), context),
      })];
    case 'paragraph': {
      const children = withBookmark(block.anchor, paragraphChildren(block.inlines, context), context);
      if (block.style === 'title') return [new Paragraph({ heading: HeadingLevel.TITLE, children })];
      if (block.style === 'body') return [new Paragraph({ children })];
      return [new Paragraph({ style: CUSTOM_STYLE_IDS[block.style], children })];
    }
    case 'list': {
      // Each ordered list is its own numbering instance, so it counts from 1 again.
      const instance = block.ordered ? listInstance() : 0;
      return block.items.map((item) => new Paragraph({
        style: 'ListParagraph',
        children: paragraphChildren(item, context),
        numbering: block.ordered ? { reference: ORDERED_LIST, level: 0, instance } : { reference: BULLET_LIST, level: 0 },
      }));
    }
    case 'table':
      return [tableElement(block, context)];
    case 'page-break':
      return [new Paragraph({ children: [new PageBreak()] })];
  }
}

function tableElement(block: Extract<Block, { type: 'table' }>, context: RunContext): Table {
  const columns = Math.max(1, block.header?.length ?? 0, ...block.rows.map((row) => row.length));
  const columnWidth = Math.floor(TEXT_WIDTH / columns);
  const cell = (inlines: Inline[] | undefined, isHeader: boolean): TableCell => new TableCell({
    width: { size: columnWidth, type: WidthType.DXA },
    ...(isHeader ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E7E6E6' } } : {}),
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [new Paragraph({
      spacing: { after: 0 },
      // Bold on the runs themselves: a paragraph's run properties style only its mark, so Word and
      // LibreOffice drew header cells in plain type where the PDF has them bold.
      children: paragraphChildren(isHeader ? (inlines ?? []).map((i) => (i.type === 'text' || i.type === 'link' ? { ...i, bold: true } : i)) : (inlines ?? []), context),
    })],
  });
  const row = (cells: Inline[][], isHeader: boolean): TableRow => new TableRow({
    tableHeader: isHeader,
    cantSplit: false,
    children: Array.from({ length: columns }, (_, i) => cell(cells[i], isHeader)),
  });
  const rows = [
    ...(block.header === null ? [] : [row(block.header, true)]),
    ...block.rows.map((cells) => row(cells, false)),
  ];
  return new Table({
    width: { size: columnWidth * columns, type: WidthType.DXA },
    columnWidths: Array.from({ length: columns }, () => columnWidth),
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows,
  });
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

function headerParagraphs(meta: DocumentMeta, font: string): Paragraph[] {
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

const labelsOf = (meta: DocumentMeta) => meta.labels ?? ENGLISH_RENDER_LABELS;

function footerParagraph(meta: DocumentMeta): Paragraph {
  const labels = labelsOf(meta);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ size: 16, color: '555555', children: [labels.pageBefore, PageNumber.CURRENT, labels.pageBetween, PageNumber.TOTAL_PAGES] })],
  });
}

function escapeXml(text: string): string {
  return safeRunText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * docx has no option for dc:language, so the core properties part is written here in full,
 * with the same elements docx would write plus the language.
 */
function corePropertiesXml(meta: DocumentMeta, now: Date): string {
  const timestamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    + ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    + ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    + `<dc:title>${escapeXml(meta.title)}</dc:title>`
    + `<dc:subject>${escapeXml(meta.subject)}</dc:subject>`
    + `<dc:creator>${escapeXml(meta.author)}</dc:creator>`
    + `<cp:keywords>${escapeXml(meta.keywords.join(', '))}</cp:keywords>`
    + `<dc:language>${escapeXml(meta.language)}</dc:language>`
    + `<cp:lastModifiedBy>${escapeXml(meta.author)}</cp:lastModifiedBy>`
    + '<cp:revision>1</cp:revision>'
    + `<dcterms:created xsi:type="dcterms:W3CDTF">${timestamp}</dcterms:created>`
    + `<dcterms:modified xsi:type="dcterms:W3CDTF">${timestamp}</dcterms:modified>`
    + '</cp:coreProperties>';
}

function footnotes(model: DocumentModel, context: RunContext): Record<string, { children: Paragraph[] }> {
  const notes: Record<string, { children: Paragraph[] }> = {};
  for (const note of model.notes) {
    const paragraphs = note.paragraphs.length > 0 ? note.paragraphs : [[]];
    notes[String(note.number)] = {
      children: paragraphs.map((inlines, index) => new Paragraph({
        style: 'FootnoteText',
        // Word puts the note number first; a space keeps it off the note's first word.
        children: [...(index === 0 ? [new TextRun(' ')] : []), ...paragraphChildren(inlines, context)],
      })),
    };
  }
  return notes;
}

function assertNotesMatchCitations(model: DocumentModel): void {
  const known = new Set(model.notes.map((note) => note.number));
  for (const inline of citations(model)) {
    if (!known.has(citationNumber(inline))) {
      throw new Error(`Citation ${inline.noteNumber} (incident "${inline.incidentKey}") has no note`);
    }
  }
}

export async function renderDocx(model: DocumentModel, options: DocxOptions = {}): Promise<Buffer> {
  const embedFonts = options.embedFonts ?? true;
  assertNotesMatchCitations(model);
  const bookmarks = bookmarkNames(model);
  const bodyContext: RunContext = { bookmarks, bookmarked: new Set(), allowFootnotes: true };
  let orderedLists = 0;
  const children = [
    ...(model.meta.letterhead ? letterheadElements(model.meta.letterhead) : []),
    ...model.blocks.flatMap((block) => blockElements(block, bodyContext, () => ++orderedLists)),
  ];
  const language = model.meta.language;
  const faces = embedFonts ? sansFaces() : undefined;
  const font = faces ? SANS_FAMILY : 'Arial';

  const document = new Document({
    title: safeRunText(model.meta.title),
    subject: safeRunText(model.meta.subject),
    creator: safeRunText(model.meta.author),
    lastModifiedBy: safeRunText(model.meta.author),
    keywords: safeRunText(model.meta.keywords.join(', ')),
    ...(faces ? { fonts: [{ name: SANS_FAMILY, data: faces.regular, bold: faces.bold, italic: faces.italic, boldItalic: faces.boldItalic }] } : {}),
    features: { updateFields: false },
    styles: {
      default: {
        document: {
          run: { font, size: 21, language: { value: language } },
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
    footnotes: footnotes(model, { bookmarks, bookmarked: new Set(), allowFootnotes: false }),
    sections: [{
      properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, header: 567, footer: 567 } } },
      headers: { default: new Header({ children: headerParagraphs(model.meta, font) }) },
      footers: { default: new Footer({ children: [footerParagraph(model.meta)] }) },
      children,
    }],
  });
  return Packer.toBuffer(document, false, [{ path: 'docProps/core.xml', data: corePropertiesXml(model.meta, new Date()) }]);
}
