/**
 * DocumentModel → the HTML fragment of the browser preview, drawn from the same finished model
 * (citations numbered, consent applied) as the DOCX and PDF, so the three cannot disagree.
 *
 * Each citation is a numbered, hoverable marker naming its sources and linking to its note;
 * pseudonyms and UNSOURCED flags are marked; the notes are listed at the end, each linking back,
 * with the staff-only line (gradings) marked as internal: the DOCX and PDF never print it.
 * Every string from the model is escaped here; nothing of the template's HTML passes through.
 */
import type { Block, DocumentModel, Inline, Letterhead, Note, ParagraphStyle } from '../../model/model.js';
import { citationNumber, isSafeExternalHref, plainText, stripControlCharacters } from '../../model/plain-text.js';
import { anchors } from '../../model/walk.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };

/** Text for HTML content or a quoted attribute: control characters dropped (as the renderers drop them), markup escaped. */
function escape(text: string): string {
  return stripControlCharacters(text).replace(/[&<>"'`=]/g, (c) => ESCAPES[c]!);
}

const PSEUDONYM_TITLE = 'Pseudonym: consent does not cover this audience';
const INTERNAL_TITLE = 'Internal assessment: shown to staff, never printed in the DOCX or PDF';

interface Context {
  /** Notes by number, for the markers' titles. */
  notes: ReadonlyMap<number, Note>;
  /** Anchors the document has: a `#…` link to any other would be dead and is shown as text. */
  anchors: ReadonlySet<string>;
  /** Citations become markers in the body; inside notes there are none. */
  markers: boolean;
}

function marked(html: string, inline: { bold?: boolean; italic?: boolean; underline?: boolean; pseudonym?: boolean }): string {
  // The pseudonym mark innermost, so its dagger (CSS ::after) takes the text's weight and slant.
  let out = inline.pseudonym ? `<span class="pseudonym" title="${escape(PSEUDONYM_TITLE)}">${html}</span>` : html;
  if (inline.underline) out = `<u>${out}</u>`;
  if (inline.italic) out = `<em>${out}</em>`;
  if (inline.bold) out = `<strong>${out}</strong>`;
  return out;
}

/** What hovering a marker shows: the note's text, and its internal line. */
function sourcesTitle(note: Note | undefined): string {
  return note === undefined ? '' : [...note.paragraphs.map(plainText), ...(note.internal ? [note.internal] : [])].join(' | ');
}

function inlineHtml(inline: Inline, context: Context): string {
  switch (inline.type) {
    case 'text':
      return marked(escape(inline.text), inline);
    case 'break':
      return '<br>';
    case 'flag':
      return `<mark class="flag">${escape(inline.text)}</mark>`;
    case 'link': {
      const text = escape(inline.text);
      if (isSafeExternalHref(inline.href)) return marked(`<a href="${escape(inline.href)}" rel="noreferrer noopener">${text}</a>`, inline);
      if (inline.href.startsWith('#') && context.anchors.has(inline.href.slice(1))) return marked(`<a href="${escape(inline.href)}">${text}</a>`, inline);
      return marked(text, inline); // dead or unsafe link: its text only, as in the DOCX and PDF
    }
    case 'citation': {
      if (!context.markers) return '';
      const n = citationNumber(inline);
      return `<sup class="citation"><a href="#note-${n}" id="cite-${n}" title="${escape(sourcesTitle(context.notes.get(n)))}" data-note="${n}">[${n}]</a></sup>`;
    }
  }
}

function inlinesHtml(inlines: readonly Inline[], context: Context): string {
  let html = '';
  for (const inline of inlines) html += inlineHtml(inline, context);
  return html;
}

const idAttribute = (anchor: string | undefined): string => (anchor === undefined ? '' : ` id="${escape(anchor)}"`);
const styleClass = (style: ParagraphStyle): string => (style === 'body' ? '' : ` class="${style}"`);

function blockHtml(block: Block, context: Context): string {
  switch (block.type) {
    case 'heading':
      return `<h${block.level}${idAttribute(block.anchor)}>${inlinesHtml(block.inlines, context)}</h${block.level}>`;
    case 'paragraph':
      return `<p${styleClass(block.style)}${idAttribute(block.anchor)}>${inlinesHtml(block.inlines, context)}</p>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>\n${block.items.map((item) => `<li>${inlinesHtml(item, context)}</li>\n`).join('')}</${tag}>`;
    }
    case 'table': {
      const columns = Math.max(1, block.header?.length ?? 0, ...block.rows.map((row) => row.length));
      const row = (cells: readonly Inline[][], tag: 'th' | 'td'): string =>
        `<tr>${Array.from({ length: columns }, (_, i) => `<${tag}>${inlinesHtml(cells[i] ?? [], context)}</${tag}>`).join('')}</tr>`;
      const head = block.header === null ? '' : `<thead>${row(block.header, 'th')}</thead>`;
      return `<table>${head}<tbody>\n${block.rows.map((cells) => `${row(cells, 'td')}\n`).join('')}</tbody></table>`;
    }
    case 'page-break':
      return '<hr class="page-break">';
  }
}

function noteHtml(note: Note, context: Context): string {
  const lines = note.paragraphs.map((inlines) => `<span class="note-line">${inlinesHtml(inlines, context)}</span>`).join(' ');
  const internal = note.internal ? ` <span class="note-internal" title="${escape(INTERNAL_TITLE)}">${escape(note.internal)}</span>` : '';
  return `<li id="note-${note.number}">${lines}${internal} <a href="#cite-${note.number}" class="back" aria-label="Back to the text">↩</a></li>`;
}

/** The finished model as the preview's HTML fragment: the document, then its notes. */
/** The sender's letterhead, as the first page of the PDF and DOCX shows it. The logo goes inline (data: URL): the preview is one fragment. */
function letterheadHtml(letterhead: Letterhead): string {
  const logo = letterhead.logo;
  const image = logo
    ? `<img class="letterhead-logo" alt="" width="${logo.width}" height="${logo.height}" src="data:${logo.contentType};base64,${Buffer.from(logo.bytes).toString('base64')}">`
    : '';
  const lines = letterhead.lines.map((line) => `<span class="letterhead-line">${escape(line)}</span>`).join('');
  return `<header class="letterhead">${image}<div class="letterhead-text"><strong class="letterhead-name">${escape(letterhead.name)}</strong>${lines}</div></header>\n`;
}

export function renderHtml(model: DocumentModel): string {
  const known = new Set(anchors(model));
  const notes = new Map(model.notes.map((note) => [note.number, note]));
  const body: Context = { notes, anchors: known, markers: true };
  const noteContext: Context = { ...body, markers: false };
  const blocks = model.blocks.map((block) => blockHtml(block, body)).join('\n');
  const list = model.notes.map((note) => noteHtml(note, noteContext)).join('\n');
  const letterhead = model.meta.letterhead ? letterheadHtml(model.meta.letterhead) : '';
  return `<article class="document-preview${model.meta.draft ? ' draft' : ''}">\n${letterhead}${blocks}\n`
    + `<section class="notes"><h2>Notes</h2><ol>\n${list}\n</ol></section></article>`;
}
