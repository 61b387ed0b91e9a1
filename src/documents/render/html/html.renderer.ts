import Handlebars from 'handlebars';
import type { Composition } from '../../compose/compose.js';
import type { Inline } from '../../model/model.js';
import { stripControlCharacters } from '../../model/plain-text.js';

const escape = Handlebars.escapeExpression;

/**
 * The composition as an HTML page fragment for the browser preview: each citation a numbered,
 * hoverable marker naming its sources, pseudonyms marked, notes listed at the end.
 */
export function previewHtml(composition: Composition): string {
  const notes = composition.model.notes;
  let n = 0;
  // The template emits citations in exactly this form (the cite helper); keys are [a-z0-9-].
  // Record text may carry control characters (U+000B…): dropped here as the renderers drop them.
  const body = stripControlCharacters(composition.html).replace(/<cite data-incident="([a-z0-9-]+)"><\/cite>/g, () => {
    const note = notes[n++];
    if (!note) return '';
    const sources = note.paragraphs.slice(1).map(inlineText).join(' | ');
    return `<sup class="citation"><a href="#note-${note.number}" id="cite-${note.number}" title="${escape(sources)}" data-note="${note.number}">[${note.number}]</a></sup>`;
  });
  const list = notes
    .map((note) => `<li id="note-${note.number}">${note.paragraphs.map((p) => `<span class="note-line">${inlineHtml(p)}</span>`).join(' ')} <a href="#cite-${note.number}" class="back" aria-label="Back to the text">↩</a></li>`)
    .join('\n');
  return `<article class="document-preview${composition.model.meta.draft ? ' draft' : ''}">\n${body}\n<section class="notes"><h2>Notes</h2><ol>\n${list}\n</ol></section></article>`;
}

function inlineText(inlines: Inline[]): string {
  return inlines.map((i) => (i.type === 'text' || i.type === 'flag' || i.type === 'link' ? i.text : '')).join('');
}

function inlineHtml(inlines: Inline[]): string {
  return inlines
    .map((i) => {
      if (i.type === 'text') return i.italic ? `<em>${escape(i.text)}</em>` : escape(i.text);
      if (i.type === 'flag') return `<mark class="flag">${escape(i.text)}</mark>`;
      if (i.type === 'link') return /^https?:/i.test(i.href) ? `<a href="${escape(i.href)}" rel="noreferrer noopener">${escape(i.text)}</a>` : escape(i.text);
      return '';
    })
    .join('');
}
