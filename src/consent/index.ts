import { createHash } from 'node:crypto';
import { NameMatcher } from './name-matcher.js';
import type { NameIndex } from './name-index.js';
import type { ProtectedPerson } from './name-variants.js';

/**
 * Name matching for consent: finding protected persons' names in free text, in any spelling,
 * script, case or inflection, to replace them with pseudonyms and to audit finished documents.
 */
export { NameMatcher, NAME_WITHHELD, matcherWork, setReadingsBudget, setWordKeysBudget, type Mention, type MatcherOptions } from './name-matcher.js';
export type { ProtectedPerson } from './name-variants.js';
export type { NameIndex } from './name-index.js';
export { pseudonymSharesNamePart } from './pseudonym-check.js';
export { visibleText } from './fold.js';

/**
 * Matchers by the persons they are built from, shared across requests: building one for
 * thousands of persons costs seconds. The same array (the identity cache's lists, a render
 * thread's lists) finds its matcher without being hashed; another array with the same persons
 * (a transaction's own read of them) by a hash of every field the constructor reads, in order, so
 * a changed record gets a new matcher. Small sets are kept in a short LRU; large ones only while
 * somebody else holds them (the identity cache lets them go with the revision): four of 20,000
 * persons kept here besides were ~0.5 GB of a process that had moved on.
 */
const CACHE_SIZE = 8;
/**
 * Persons a matcher may be built of on the event loop (a few hundred ms), and kept in the LRU by
 * their content; beyond, it is built in a thread (prepareNameMatcher) and kept while held.
 */
export const MATCHER_BUILT_HERE_UP_TO = 2_000;
const small = new Map<string, NameMatcher>();
const large = new Map<string, WeakRef<NameMatcher>>();
const byArray = new WeakMap<readonly ProtectedPerson[], NameMatcher>();

/** What a matcher is built from, as a key: every field the constructor reads, in order. */
const contentKey = (persons: readonly ProtectedPerson[]) => createHash('sha256')
  .update(JSON.stringify(persons.map((p) => [p.key, p.kind, p.name, p.nameNative, p.pseudonym])))
  .digest('base64');

export function nameMatcherFor(persons: readonly ProtectedPerson[]): NameMatcher {
  const same = byArray.get(persons);
  if (same !== undefined) return same;
  const key = contentKey(persons);
  let matcher: NameMatcher | undefined;
  if (persons.length <= MATCHER_BUILT_HERE_UP_TO) {
    matcher = small.get(key);
    if (matcher !== undefined) {
      small.delete(key); // most recently used last
    } else {
      matcher = new NameMatcher(persons);
      if (small.size >= CACHE_SIZE) small.delete(small.keys().next().value!);
    }
    small.set(key, matcher);
  } else {
    matcher = large.get(key)?.deref();
    if (matcher === undefined) {
      matcher = new NameMatcher(persons);
      for (const [k, ref] of large) if (ref.deref() === undefined) large.delete(k);
      large.set(key, new WeakRef(matcher));
    }
  }
  byArray.set(persons, matcher);
  return matcher;
}

/**
 * The matcher of `persons` from an index built elsewhere (`build`: a render thread), so that this
 * thread (the event loop) goes on answering for the seconds a build of thousands of persons
 * takes; built here if that fails (the threads are closing). nameMatcherFor(persons) finds it after.
 */
export async function prepareNameMatcher(
  persons: readonly ProtectedPerson[], build: (persons: readonly ProtectedPerson[]) => Promise<NameIndex>,
): Promise<NameMatcher> {
  const same = byArray.get(persons);
  if (same !== undefined || persons.length <= MATCHER_BUILT_HERE_UP_TO) return same ?? nameMatcherFor(persons);
  let index: NameIndex | null = null;
  try {
    index = await build(persons);
  } catch {
    // built here below
  }
  const meanwhile = byArray.get(persons);
  if (meanwhile !== undefined) return meanwhile;
  if (index === null) return nameMatcherFor(persons);
  const matcher = NameMatcher.fromIndex(persons, index);
  byArray.set(persons, matcher);
  // Found by its content too: a transaction reads the same persons into arrays of its own (a
  // record write checks its key against everybody), and without this built the whole index again
  // on the event loop — ~15 s of 20,000 persons, every request waiting.
  large.set(contentKey(persons), new WeakRef(matcher));
  return matcher;
}

/**
 * The matcher of `protectedPersons` shielded by the individuals of `nameable` (NameMatcher.shieldedBy),
 * kept per pair of lists: both are the same arrays for a persons revision (consent/identity-cache.ts).
 */
const shielded = new WeakMap<readonly ProtectedPerson[], { nameable: readonly ProtectedPerson[]; matcher: NameMatcher; shield: NameMatcher }>();

export function shieldedMatcherFor(protectedPersons: readonly ProtectedPerson[], nameable: readonly ProtectedPerson[]): NameMatcher {
  return shieldedEntry(protectedPersons, nameable)?.matcher ?? nameMatcherFor(protectedPersons);
}

function shieldedEntry(protectedPersons: readonly ProtectedPerson[], nameable: readonly ProtectedPerson[], shieldIndex?: NameIndex) {
  const held = shielded.get(protectedPersons);
  if (held !== undefined && held.nameable === nameable) return held;
  const base = nameMatcherFor(protectedPersons);
  const individuals = nameable.filter((p) => p.kind === 'individual');
  if (individuals.length === 0) return null;
  const shield = shieldIndex !== undefined ? NameMatcher.fromIndex(individuals, shieldIndex) : new NameMatcher(individuals);
  const entry = { nameable, matcher: base.shieldedBy(shield), shield };
  shielded.set(protectedPersons, entry);
  return entry;
}

/**
 * The indexes of a document's matchers (its protected persons', their shield's, and those of
 * `others`, e.g. everybody protected from the public), built here if need be: shared memory, so
 * another thread given them with the same arrays' contents (adoptDocumentMatchers) builds nothing.
 */
export interface DocumentMatcherIndexes {
  protectedIndex: NameIndex;
  shieldIndex: NameIndex | null;
  othersIndex: NameIndex | null;
}

export function documentMatcherIndexes(
  protectedPersons: readonly ProtectedPerson[], nameable: readonly ProtectedPerson[], others: readonly ProtectedPerson[],
): DocumentMatcherIndexes {
  return {
    protectedIndex: nameMatcherFor(protectedPersons).index,
    shieldIndex: shieldedEntry(protectedPersons, nameable)?.shield.index ?? null,
    othersIndex: others.length > 0 ? nameMatcherFor(others).index : null,
  };
}

/**
 * Makes this thread's matchers of these lists from the indexes another thread built of the same
 * lists (documentMatcherIndexes): the same persons in the same order, as posted with them. A list
 * whose matcher is already here keeps it.
 */
export function adoptDocumentMatchers(
  protectedPersons: readonly ProtectedPerson[], nameable: readonly ProtectedPerson[], others: readonly ProtectedPerson[],
  indexes: DocumentMatcherIndexes,
): void {
  if (!byArray.has(protectedPersons)) byArray.set(protectedPersons, NameMatcher.fromIndex(protectedPersons, indexes.protectedIndex));
  if (indexes.shieldIndex !== null) shieldedEntry(protectedPersons, nameable, indexes.shieldIndex);
  if (indexes.othersIndex !== null && !byArray.has(others)) byArray.set(others, NameMatcher.fromIndex(others, indexes.othersIndex));
}
