/**
 * DocumentModel → .docx, with real Word footnotes so that editors at the receiving end
 * (UN desk officers, EU staff) can move text around and the notes follow their claims.
 *
 * The docx library builds the package's structure once per letterhead/header shape
 * (package-skeleton.ts); the body and the notes — nearly all of a document's size and all of its
 * cost when built as docx objects — are written as XML strings (body-xml.ts, footnotes-xml.ts)
 * and spliced in, and the package is zipped with Node's zlib (zip-package.ts).
 */
import type { DocumentMeta, DocumentModel } from '../../model/model.js';
import { citationNumber, safeRunText } from '../../model/plain-text.js';
import { anchors, citations } from '../../model/walk.js';
import { bodyXml, type BodyContext } from './body-xml.js';
import { footnotesXml } from './footnotes-xml.js';
import { PARTS, skeletonFor, type SplitPart } from './package-skeleton.js';
import { Hyperlinks, ListNumbering } from './part-context.js';
import { deflatedEntry, writeZip, type ZipEntry } from './zip-package.js';
import { escapeMarkup } from './xml-escape.js';
import { XmlBytes } from './xml-bytes.js';

export interface DocxOptions {
  /**
   * Embed DejaVu Sans (≈1.3 MB compressed) so Cyrillic/Kazakh text looks the same on every machine.
   * Without it Word substitutes a local font; the text stays Unicode either way.
   */
  embedFonts?: boolean;
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

const escapeXml = (text: string): string => escapeMarkup(safeRunText(text));

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

function assertNotesMatchCitations(model: DocumentModel): void {
  const known = new Set(model.notes.map((note) => note.number));
  for (const inline of citations(model)) {
    if (!known.has(citationNumber(inline))) {
      throw new Error(`Citation ${inline.noteNumber} (incident "${inline.incidentKey}") has no note`);
    }
  }
}

const spliced = (part: SplitPart, content: string): string => part.before + content + part.after;

export async function renderDocx(model: DocumentModel, options: DocxOptions = {}): Promise<Buffer> {
  assertNotesMatchCitations(model);
  const skeleton = await skeletonFor(model.meta, options.embedFonts ?? true);
  const bookmarks = bookmarkNames(model);
  let bookmarkIds = 0;
  const nextBookmarkId = () => ++bookmarkIds;
  const body: BodyContext = {
    bookmarks, bookmarked: new Set(), allowFootnotes: true, hyperlinks: new Hyperlinks(), nextBookmarkId,
    lists: new ListNumbering(), listDefinitions: skeleton.listDefinitions, orderedLists: 0,
  };
  const notes = { bookmarks, bookmarked: new Set<string>(), allowFootnotes: false, hyperlinks: new Hyperlinks(), nextBookmarkId };
  const documentXml = new XmlBytes();
  documentXml.write(skeleton.document.before);
  bodyXml(model.blocks, body, documentXml);
  documentXml.write(skeleton.document.after);
  const footnotes = new XmlBytes();
  footnotes.write(skeleton.footnotes.before);
  footnotesXml(model.notes, notes, footnotes);
  footnotes.write(skeleton.footnotes.after);
  const noteLinks = notes.hyperlinks.xml();

  // The written parts, deflated together; every other part as docx compressed it.
  const written = new Map<string, Promise<ZipEntry>>([
    [PARTS.document, deflatedEntry(PARTS.document, documentXml.bytes())],
    [PARTS.footnotes, deflatedEntry(PARTS.footnotes, footnotes.bytes())],
    [PARTS.numbering, deflatedEntry(PARTS.numbering, spliced(skeleton.numbering, body.lists.xml()))],
    [PARTS.documentRels, deflatedEntry(PARTS.documentRels, spliced(skeleton.documentRels, body.hyperlinks.xml()))],
    [PARTS.core, deflatedEntry(PARTS.core, corePropertiesXml(model.meta, new Date()))],
  ]);
  if (skeleton.footnotesRels !== undefined) {
    written.set(PARTS.footnotesRels, deflatedEntry(PARTS.footnotesRels, spliced(skeleton.footnotesRels, noteLinks)));
  } else if (noteLinks !== '') {
    written.set(PARTS.footnotesRels, deflatedEntry(PARTS.footnotesRels, `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${noteLinks}</Relationships>`));
  }
  // In docx's order; a written part docx had no place for goes at the end.
  const inSkeleton = new Set(skeleton.entries.map((entry) => entry.name));
  const entries = await Promise.all([
    ...skeleton.entries.map((entry) => written.get(entry.name) ?? entry),
    ...[...written].filter(([name]) => !inSkeleton.has(name)).map(([, entry]) => entry),
  ]);
  return writeZip(entries);
}
