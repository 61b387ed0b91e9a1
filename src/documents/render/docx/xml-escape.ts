/**
 * Text and attribute values for the XML the DOCX writer builds as strings. The text first
 * loses what XML 1.0 forbids and what a Word run cannot hold (safeRunText: control characters,
 * non-characters, unpaired surrogates; tabs and line breaks as spaces), so one stray character
 * in a record cannot make the document unreadable.
 */
import { safeRunText } from '../../model/plain-text.js';

const MARKUP = /[&<>"']/;
const MARKUP_ALL = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes markup characters only; the caller vouches the characters themselves are valid XML. */
export function escapeMarkup(value: string): string {
  return MARKUP.test(value) ? value.replace(MARKUP_ALL, (c) => ENTITIES[c]!) : value;
}

/**
 * Everything either step below changes: C0 controls (tab, CR and LF included), DEL, the two
 * non-characters, any surrogate, and the markup characters. Most runs hold none of them, and one
 * scan says so where the two steps take three.
 */
const MAY_CHANGE = /[\u0000-\u001F\u007F\uFFFE\uFFFF\uD800-\uDFFF&<>"']/;

/** A run's text (or an attribute value) as XML: made safe for a run, then escaped. */
export function xmlText(text: string): string {
  return MAY_CHANGE.test(text) ? escapeMarkup(safeRunText(text)) : text;
}
