/**
 * Text helpers both renderers share. Models may come from sources other than html-to-model,
 * so renderers re-check text: one stray control character makes a DOCX unreadable.
 */
import type { Inline } from './model.js';

// Invalid in XML 1.0 and meaningless in PDF text: C0 controls except tab/newline/CR, DEL,
// the non-characters U+FFFE/U+FFFF and unpaired surrogates.
const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cheap first look: any control character or any surrogate at all (most text has neither). */
const MAYBE_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF\uD800-\uDFFF]/;

export function stripControlCharacters(text: string): string {
  // The full pattern looks around every surrogate; on plain text a single test decides.
  return MAYBE_UNSAFE.test(text) ? text.replace(UNSAFE_CHARS, '') : text;
}

/** Renderer-safe text for one run: no control characters, tabs and CR/LF as plain spaces. */
export function safeRunText(text: string): string {
  const safe = stripControlCharacters(text);
  return /[\t\r\n]/.test(safe) ? safe.replace(/[\t\r\n]/g, ' ') : safe;
}

/** Whatever plainText has to strip or collapse: controls (tab, CR, LF included), surrogates, two spaces. */
const NEEDS_CLEANING = /[\u0000-\u001F\u007F\uFFFE\uFFFF\uD800-\uDFFF]| {2}/;

/** The visible text of some inlines, e.g. for a PDF outline entry. Citations and breaks add nothing. */
export function plainText(inlines: readonly Inline[]): string {
  let text = '';
  for (const inline of inlines) {
    if (inline.type === 'text' || inline.type === 'link' || inline.type === 'flag') text += inline.text;
    else if (inline.type === 'break') text += ' ';
  }
  // Most runs have nothing to strip or collapse: one test says so (what the steps below look for).
  if (!NEEDS_CLEANING.test(text)) return text.trim();
  const safe = safeRunText(text);
  return (safe.includes('  ') ? safe.replace(/ {2,}/g, ' ') : safe).trim();
}

/** A citation's note number; a citation without one was never resolved, and would point nowhere. */
export function citationNumber(inline: Extract<Inline, { type: 'citation' }>): number {
  if (inline.noteNumber === undefined) {
    throw new Error(`Citation of incident "${inline.incidentKey}" has no note number: run resolveCitations first`);
  }
  return inline.noteNumber;
}

/**
 * Renderers link out only to web and mail addresses; anything else (javascript:, file:, data:)
 * is shown as text. html-to-model already filters, but models can come from elsewhere.
 */
export function isSafeExternalHref(href: string): boolean {
  return /^(https?:|mailto:)/i.test(href) && !/[\u0000-\u0020\u007F]/.test(href);
}
