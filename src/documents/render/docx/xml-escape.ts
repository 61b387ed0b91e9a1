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

/** A run's text (or an attribute value) as XML: made safe for a run, then escaped. */
export function xmlText(text: string): string {
  return escapeMarkup(safeRunText(text));
}
