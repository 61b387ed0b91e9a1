/**
 * The model's notes → <w:footnote> elements of word/footnotes.xml, as XML strings, numbered as
 * the body's references are. Word puts the note's number (footnoteRef) at the start of its first
 * paragraph; a space keeps it off the note's first word.
 */
import type { Note } from '../../model/model.js';
import type { PartContext } from './part-context.js';
import { runsXml } from './runs-xml.js';
import type { XmlBytes } from './xml-bytes.js';

const NOTE_PARAGRAPH = '<w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>';
const NOTE_NUMBER = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>';

/** `context` must not allow footnotes: a note cannot cite. */
export function footnotesXml(notes: readonly Note[], context: PartContext, out: XmlBytes): void {
  for (const note of notes) {
    let xml = `<w:footnote w:id="${note.number}">`;
    const paragraphs = note.paragraphs.length > 0 ? note.paragraphs : [[]];
    paragraphs.forEach((inlines, index) => {
      xml += `<w:p>${NOTE_PARAGRAPH}${index === 0 ? NOTE_NUMBER : ''}${runsXml(inlines, context)}</w:p>`;
    });
    out.write(`${xml}</w:footnote>`);
  }
}
