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

/** One run of text with these properties (runProperties' XML); `text` is raw (made safe and escaped here). */
const run = (properties: string, text: string): string => `<w:r>${properties}<w:t xml:space="preserve">${xmlText(text)}</w:t></w:r>`;

/** One run of text; `text` is raw (made safe and escaped here). */
export function textRun(text: string, marks: RunMarks = {}): string {
  return run(runProperties(marks), text);
}

/*
 * The few property sets a model's runs can have, written once: bold, italic and underline in
 * every combination, for text and for links (underlined, link blue), and the flag's. Tens of
 * thousands of runs in a large document otherwise each build their marks and properties anew.
 */
const markBits = (inline: { bold?: boolean; italic?: boolean; underline?: boolean }): number =>
  (inline.bold ? 1 : 0) | (inline.italic ? 2 : 0) | (inline.underline ? 4 : 0);
const bitsMarks = (bits: number): RunMarks => ({ bold: (bits & 1) !== 0, italic: (bits & 2) !== 0, underline: (bits & 4) !== 0 });
const TEXT_PROPERTIES = Array.from({ length: 8 }, (_, bits) => runProperties(bitsMarks(bits)));
const LINK_PROPERTIES = Array.from({ length: 8 }, (_, bits) => runProperties({ ...bitsMarks(bits), underline: true, color: LINK_BLUE }));
const FLAG_PROPERTIES = runProperties({ bold: true, color: FLAG_RED, highlight: 'yellow' });

export const footnoteReference = (number: number): string =>
  `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${number}"/></w:r>`;

/** The runs of some inlines, the content of one paragraph. */
export function runsXml(inlines: readonly Inline[], context: PartContext): string {
  let xml = '';
  for (const inline of inlines) {
    switch (inline.type) {
      case 'text':
        xml += run(TEXT_PROPERTIES[markBits(inline)]!, inline.text);
        break;
      case 'break':
        xml += '<w:r><w:br/></w:r>';
        break;
      case 'flag':
        xml += run(FLAG_PROPERTIES, inline.text);
        break;
      case 'citation':
        if (context.allowFootnotes) xml += footnoteReference(citationNumber(inline));
        break;
      case 'link': {
        const bits = markBits(inline);
        if (inline.href.startsWith('#')) {
          const bookmark = context.bookmarks.get(inline.href.slice(1));
          // A link to an anchor the document lacks would be dead: keep its text only.
          xml += bookmark === undefined
            ? run(TEXT_PROPERTIES[0]!, inline.text)
            : `<w:hyperlink w:history="1" w:anchor="${bookmark}">${run(LINK_PROPERTIES[bits]!, inline.text)}</w:hyperlink>`;
        } else if (isSafeExternalHref(inline.href)) {
          const id = context.hyperlinks.idFor(xmlText(inline.href));
          xml += `<w:hyperlink w:history="1" r:id="${id}">${run(LINK_PROPERTIES[bits]!, inline.text)}</w:hyperlink>`;
        } else {
          xml += run(TEXT_PROPERTIES[bits]!, inline.text);
        }
        break;
      }
    }
  }
  return xml;
}
