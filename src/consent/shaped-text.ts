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
 * The redactor for callers without identities:read (everybody protected, mentions as
 * pseudonyms) in a thread of its own, adopting the index the event loop built (shared memory).
 */
export function everyoneRedactorFromIndex(everyone: readonly PersonIdentity[], index: NameIndex): TextRedactor {
  return mentionAwareRedactor(NameMatcher.fromIndex(everyone, index), pseudonymResolver(everyone));
}
