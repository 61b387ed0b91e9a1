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
export function shapedSearchText(redactor: TextRedactor, title: string, summary: string): string {
  return searchFold(`${redactor.redact(title)} ${redactor.redact(summary)}`);
}

/**
 * The redactor for callers without identities:read: everybody's names found by `matcher` (one of
 * everybody), mentions rendered as pseudonyms. The event loop's (identity-shaping.ts) and the
 * shaping thread's, which adopts the event loop's index (shared memory), are both made here.
 */
export function everyoneRedactor(everyone: readonly PersonIdentity[], matcher: TextRedactor): TextRedactor {
  return mentionAwareRedactor(matcher, pseudonymResolver(everyone));
}

/** everyoneRedactor in a thread of its own, with the matcher of the index the event loop built. */
export function everyoneRedactorFromIndex(everyone: readonly PersonIdentity[], index: NameIndex): TextRedactor {
  return everyoneRedactor(everyone, NameMatcher.fromIndex(everyone, index));
}
