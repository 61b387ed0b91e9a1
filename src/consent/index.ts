import { createHash } from 'node:crypto';
import { NameMatcher } from './name-matcher.js';
import type { ProtectedPerson } from './name-variants.js';

/**
 * Name matching for consent: finding protected persons' names in free text, in any spelling,
 * script, case or inflection, to replace them with pseudonyms and to audit finished documents.
 */
export { NameMatcher, NAME_WITHHELD, matcherWork, type Mention, type MatcherOptions } from './name-matcher.js';
export type { ProtectedPerson } from './name-variants.js';
export { pseudonymSharesNamePart } from './pseudonym-check.js';
export { visibleText } from './fold.js';

/**
 * Matchers by the persons they are built from, shared across requests: building one for
 * hundreds of persons costs more than matching a document. The key covers every field the
 * constructor reads, in order, so a changed record gets a new matcher. The same array (the
 * identity cache's lists, a render thread's lists) finds its matcher without being hashed again.
 */
const CACHE_SIZE = 4;
const matchers = new Map<string, NameMatcher>();
const byArray = new WeakMap<readonly ProtectedPerson[], NameMatcher>();

export function nameMatcherFor(persons: readonly ProtectedPerson[]): NameMatcher {
  const same = byArray.get(persons);
  if (same !== undefined) return same;
  const key = createHash('sha256')
    .update(JSON.stringify(persons.map((p) => [p.key, p.kind, p.name, p.nameNative, p.pseudonym])))
    .digest('base64');
  let matcher = matchers.get(key);
  if (matcher !== undefined) {
    matchers.delete(key); // most recently used last
  } else {
    matcher = new NameMatcher(persons);
    if (matchers.size >= CACHE_SIZE) matchers.delete(matchers.keys().next().value!);
  }
  matchers.set(key, matcher);
  byArray.set(persons, matcher);
  return matcher;
}
