/**
 * The document's blocks → the content of word/document.xml's <w:body>, as XML strings: headings,
 * styled paragraphs, lists (numbered as docx numbers them), tables, page breaks, bookmarks.
 */
import type { Block, Inline, ParagraphStyle } from '../../model/model.js';
import type { ListNumbering, PartContext } from './part-context.js';
import { TEXT_WIDTH } from './page.js';
import { runsXml } from './runs-xml.js';
import type { XmlBytes } from './xml-bytes.js';

/** Paragraph styles for the model's paragraph classes; ids are what Word shows in its style list (package-skeleton.ts defines them). */
const CUSTOM_STYLE_IDS: Record<Exclude<ParagraphStyle, 'body' | 'title'>, string> = {
  lead: 'Lead',
  meta: 'Meta',
  urgent: 'Urgent',
  small: 'Small',
  quote: 'Quote',
  subtitle: 'Subtitle',
};

/** The abstract numbering ids docx gave the document's two list definitions. */
export interface ListDefinitions {
  ordered: number;
  bullet: number;
}

export interface BodyContext extends PartContext {
  lists: ListNumbering;
  listDefinitions: ListDefinitions;
  /** Ordered lists so far: each is its own numbering instance, so it counts from 1 again. */
  orderedLists: number;
}

function paragraph(properties: string, content: string): string {
  if (properties === '' && content === '') return '<w:p/>';
  return `<w:p>${properties === '' ? '' : `<w:pPr>${properties}</w:pPr>`}${content}</w:p>`;
}

const styled = (styleId: string): string => `<w:pStyle w:val="${styleId}"/>`;

/** The runs of a block, inside a bookmark when the block is the first with its anchor. */
function anchoredRuns(anchor: string | undefined, inlines: readonly Inline[], context: BodyContext): string {
  const runs = runsXml(inlines, context);
  const name = anchor === undefined ? undefined : context.bookmarks.get(anchor);
  if (name === undefined || context.bookmarked.has(name)) return runs;
  context.bookmarked.add(name);
  const id = context.nextBookmarkId();
  return `<w:bookmarkStart w:name="${name}" w:id="${id}"/>${runs}<w:bookmarkEnd w:id="${id}"/>`;
}

function paragraphStyleId(style: ParagraphStyle): string | undefined {
  if (style === 'body') return undefined;
  return style === 'title' ? 'Title' : CUSTOM_STYLE_IDS[style];
}

const TABLE_BORDER = 'w:val="single" w:color="808080" w:sz="4"';
const CELL_MARGINS = '<w:tcMar><w:top w:type="dxa" w:w="40"/><w:left w:type="dxa" w:w="80"/><w:bottom w:type="dxa" w:w="40"/><w:right w:type="dxa" w:w="80"/></w:tcMar>';
const HEADER_SHADING = '<w:shd w:fill="E7E6E6" w:color="auto" w:val="clear"/>';

function tableXml(block: Extract<Block, { type: 'table' }>, context: BodyContext): string {
  const columns = Math.max(1, block.header?.length ?? 0, ...block.rows.map((row) => row.length));
  const columnWidth = Math.floor(TEXT_WIDTH / columns);
  const cell = (inlines: Inline[] | undefined, isHeader: boolean): string => {
    // Bold on the runs themselves: a paragraph's run properties style only its mark, so Word and
    // LibreOffice drew header cells in plain type where the PDF has them bold.
    const content = isHeader ? (inlines ?? []).map((i) => (i.type === 'text' || i.type === 'link' ? { ...i, bold: true } : i)) : (inlines ?? []);
    return `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${columnWidth}"/>${isHeader ? HEADER_SHADING : ''}${CELL_MARGINS}</w:tcPr>`
      + `${paragraph('<w:spacing w:after="0"/>', runsXml(content, context))}</w:tc>`;
  };
  const row = (cells: Inline[][], isHeader: boolean): string => {
    let xml = `<w:tr><w:trPr><w:cantSplit w:val="off"/>${isHeader ? '<w:tblHeader/>' : '<w:tblHeader w:val="off"/>'}</w:trPr>`;
    for (let i = 0; i < columns; i++) xml += cell(cells[i], isHeader);
    return `${xml}</w:tr>`;
  };
  let xml = `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${columnWidth * columns}"/><w:tblBorders>`
    + `<w:top ${TABLE_BORDER}/><w:left ${TABLE_BORDER}/><w:bottom ${TABLE_BORDER}/><w:right ${TABLE_BORDER}/><w:insideH ${TABLE_BORDER}/><w:insideV ${TABLE_BORDER}/>`
    + '</w:tblBorders></w:tblPr><w:tblGrid>';
  for (let i = 0; i < columns; i++) xml += `<w:gridCol w:w="${columnWidth}"/>`;
  xml += '</w:tblGrid>';
  if (block.header !== null) xml += row(block.header, true);
  for (const cells of block.rows) xml += row(cells, false);
  return `${xml}</w:tbl>`;
}

function listXml(block: Extract<Block, { type: 'list' }>, context: BodyContext): string {
  const numId = block.ordered
    ? context.lists.numIdFor(`ordered-${++context.orderedLists}`, context.listDefinitions.ordered)
    : context.lists.numIdFor('bullet', context.listDefinitions.bullet);
  const properties = `${styled('ListParagraph')}<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr>`;
  let xml = '';
  for (const item of block.items) xml += paragraph(properties, runsXml(item, context));
  return xml;
}

export function blockXml(block: Block, context: BodyContext): string {
  switch (block.type) {
    case 'heading':
      return paragraph(styled(`Heading${block.level}`), anchoredRuns(block.anchor, block.inlines, context));
    case 'paragraph': {
      const styleId = paragraphStyleId(block.style);
      return paragraph(styleId === undefined ? '' : styled(styleId), anchoredRuns(block.anchor, block.inlines, context));
    }
    case 'list':
      return listXml(block, context);
    case 'table':
      return tableXml(block, context);
    case 'page-break':
      return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';
  }
}

/** The blocks, in order: what goes into <w:body> after the letterhead and before the section properties. */
export function bodyXml(blocks: readonly Block[], context: BodyContext, out: XmlBytes): void {
  for (const block of blocks) out.write(blockXml(block, context));
}
