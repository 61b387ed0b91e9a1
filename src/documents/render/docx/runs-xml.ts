/**
 * Inlines → WordprocessingML runs, as XML strings: the same elements, in the same order, as the
 * docx library writes for TextRun, FootnoteReferenceRun, ExternalHyperlink and InternalHyperlink.
 */
import type { Inline } from '../../model/model.js';
import { citationNumber, isSafeExternalHref } from '../../model/plain-text.js';
import type { PartContext } from './part-context.js';
import { xmlText } from './xml-escape.js';

export const FLAG_RED = 'C00000';
export const LINK_BLUE = '1F4E9A';

interface RunMarks {
  bold?: boolean | undefined;
  italic?: boolean | undefined;
  underline?: boolean | undefined;
  color?: string;
  highlight?: string;
}

/** Run properties in the schema's order (b, i, color, highlight, u), as docx writes them. */
function runProperties(marks: RunMarks): string {
  let xml = '';
  if (marks.bold) xml += '<w:b/><w:bCs/>';
  if (marks.italic) xml += '<w:i/><w:iCs/>';
  if (marks.color !== undefined) xml += `<w:color w:val="${marks.color}"/>`;
  if (marks.highlight !== undefined) xml += `<w:highlight w:val="${marks.highlight}"/>`;
  if (marks.underline) xml += '<w:u w:val="single"/>';
  return xml === '' ? '' : `<w:rPr>${xml}</w:rPr>`;
}

/** One run of text; `text` is raw (made safe and escaped here). */
export function textRun(text: string, marks: RunMarks = {}): string {
  return `<w:r>${runProperties(marks)}<w:t xml:space="preserve">${xmlText(text)}</w:t></w:r>`;
}

const marksOf = (inline: { bold?: boolean; italic?: boolean; underline?: boolean }): RunMarks =>
  ({ bold: inline.bold, italic: inline.italic, underline: inline.underline });

export const footnoteReference = (number: number): string =>
  `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${number}"/></w:r>`;

/** The runs of some inlines, the content of one paragraph. */
export function runsXml(inlines: readonly Inline[], context: PartContext): string {
  let xml = '';
  for (const inline of inlines) {
    switch (inline.type) {
      case 'text':
        xml += textRun(inline.text, marksOf(inline));
        break;
      case 'break':
        xml += '<w:r><w:br/></w:r>';
        break;
      case 'flag':
        xml += textRun(inline.text, { bold: true, color: FLAG_RED, highlight: 'yellow' });
        break;
      case 'citation':
        if (context.allowFootnotes) xml += footnoteReference(citationNumber(inline));
        break;
      case 'link': {
        const linked = { ...marksOf(inline), underline: true, color: LINK_BLUE };
        if (inline.href.startsWith('#')) {
          const bookmark = context.bookmarks.get(inline.href.slice(1));
          // A link to an anchor the document lacks would be dead: keep its text only.
          xml += bookmark === undefined
            ? textRun(inline.text)
            : `<w:hyperlink w:history="1" w:anchor="${bookmark}">${textRun(inline.text, linked)}</w:hyperlink>`;
        } else if (isSafeExternalHref(inline.href)) {
          const id = context.hyperlinks.idFor(xmlText(inline.href));
          xml += `<w:hyperlink w:history="1" r:id="${id}">${textRun(inline.text, linked)}</w:hyperlink>`;
        } else {
          xml += textRun(inline.text, marksOf(inline));
        }
        break;
      }
    }
  }
  return xml;
}
