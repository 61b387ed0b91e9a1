import type { PersonIdentity } from '../records/records.js';
import { searchFold } from '../shared/text/search.js';
import type { TextRedactor } from './consent.js';
import { mentionAwareRedactor, pseudonymResolver } from './mentions.js';
import type { NameIndex } from './name-index.js';
import { NameMatcher } from './name-matcher.js';

/**
 * An incident's title and summary as a caller without identities:read is shown them, folded for
 * search: the shaped fields joined by a space, as pseudonymous-search.ts matches them in memory.
 */
const foldShown = (titleShown: string, summaryShown: string) => searchFold(`${titleShown} ${summaryShown}`);

/**
 * The keys of the persons a text may name, found by everybody's matcher: any person's name, full
 * or in part, in any script (a span that may be either of two persons gives both). The one rule
 * of "whom does this text show" — the identity-read audit's (auth/name-scan.ts), and the one kept
 * beside each incident's shaped row, which that audit reads instead of matching again.
 */
export function namedKeys(everybody: Pick<NameMatcher, 'findMentions'>, text: string): string[] {
  if (text.length === 0) return [];
  return [...new Set(everybody.findMentions(text).flatMap((m) => m.personKeys))];
}

/** What is kept of an incident per persons revision (migrations 2026-12-08-010, 2026-12-10-010). */
export interface ShapedIncident {
  /** The title and summary as shown without identities:read, folded (foldShown). */
  folded: string;
  /** Whom the stored title names (namedKeys). */
  titleNames: string[];
  /** Whom the stored summary names (namedKeys). */
  summaryNames: string[];
  /** Whom each of its sources' excerpts names (namedKeys), by the excerpt's text. */
  excerptNames: Record<string, string[]>;
  /** The title as shown without identities:read (`redactor`). */
  titleShown: string;
  /** The summary as shown without identities:read. */
  summaryShown: string;
  /** Each excerpt as shown without identities:read, by the excerpt's text. */
  excerptsShown: Record<string, string>;
}

/** What is shaped of an incident: its title, its summary, and the excerpts its sources are cited with. */
export interface IncidentTexts {
  title: string;
  summary: string;
  excerpts: readonly string[];
}

/**
 * An incident's kept text: `redactor` (everyoneRedactor) shapes it for callers without
 * identities:read, `everybody` finds whom it names.
 */
export function shapeIncident(redactor: TextRedactor, everybody: Pick<NameMatcher, 'findMentions'>, { title, summary, excerpts }: IncidentTexts): ShapedIncident {
  const titleShown = redactor.redact(title);
  const summaryShown = redactor.redact(summary);
  return {
    folded: foldShown(titleShown, summaryShown),
    titleNames: namedKeys(everybody, title),
    summaryNames: namedKeys(everybody, summary),
    excerptNames: Object.fromEntries(excerpts.map((excerpt) => [excerpt, namedKeys(everybody, excerpt)])),
    titleShown,
    summaryShown,
    excerptsShown: Object.fromEntries(excerpts.map((excerpt) => [excerpt, redactor.redact(excerpt)])),
  };
}

/**
 * The redactor for callers without identities:read: everybody's names found by `matcher` (one of
 * everybody), mentions rendered as pseudonyms. The event loop's (identity-shaping.ts) and the
 * shaping thread's, which adopts the event loop's index (shared memory), are both made here.
 */
export function everyoneRedactor(everyone: readonly PersonIdentity[], matcher: TextRedactor): TextRedactor {
  return mentionAwareRedactor(matcher, pseudonymResolver(everyone));
}

/** In a thread of its own: everybody's matcher from the index the event loop built, and its redactor. */
export function everyoneShaperFromIndex(everyone: readonly PersonIdentity[], index: NameIndex): { redactor: TextRedactor; everybody: NameMatcher } {
  const everybody = NameMatcher.fromIndex(everyone, index);
  return { redactor: everyoneRedactor(everyone, everybody), everybody };
}
