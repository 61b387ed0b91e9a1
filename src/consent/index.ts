import { createHash } from 'node:crypto';
import { changedCount, numbersByKey, PATCH_UP_TO, patchNameIndex, personChange, type PersonChange } from './name-index-patch.js';
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
  .update(JSON.stringify(persons.map((p) => [p.key, p.kind, p.name, p.nameNative, p.pseudonym, p.formerNames ?? []])))
  .digest('base64');

/**
 * Indexes of many persons made lately, each with its persons, to make the next index of nearly the
 * same persons from (name-index-patch.ts): a persons revision changes a few persons of 20,000, and a
 * patch takes ~0.1 s where a build takes ~18 s. An index made by patching takes its base's place
 * (the base's persons are a revision gone), so what is held here is, in the steady state, the
 * indexes in use anyway; a built one is added, the oldest going past PATCH_BASES.
 */
interface PatchBase {
  persons: readonly ProtectedPerson[];
  index: NameIndex;
  /** Patches since this line's last build: dead nodes (names taken out) stay until a build. */
  patches: number;
  /** The persons' numbers by key, once a list was compared with them (numbersByKey). */
  byKey?: ReadonlyMap<string, number> | null;
}
const PATCH_BASES = 8;
/** Fewer persons than this are built (in milliseconds) rather than patched. */
const PATCHED_FROM = 100;
/** A line of patches this long is built afresh instead. */
const PATCHES_BEFORE_BUILD = 1_000;
const patchBases: PatchBase[] = [];

/**
 * The persons of a base as they were when its index was made: a copy, so that a caller changing
 * its array or a person in it later cannot make a patch start from persons the index is not of.
 */
const asMade = (persons: readonly ProtectedPerson[]): readonly ProtectedPerson[] => persons.map((p) => ({ ...p }));

/** Keeps a built index as a base to patch from. */
function rememberBuilt(persons: readonly ProtectedPerson[], index: NameIndex): void {
  if (persons.length < PATCHED_FROM || patchBases.some((b) => b.index === index)) return;
  patchBases.unshift({ persons: asMade(persons), index, patches: 0 });
  if (patchBases.length > PATCH_BASES) patchBases.pop();
}

/** The index of `persons` patched from the nearest base, or null (none near enough: build it). */
export function patchedIndexOf(persons: readonly ProtectedPerson[]): NameIndex | null {
  if (persons.length < PATCHED_FROM) return null;
  let best: { base: PatchBase; change: PersonChange } | null = null;
  for (const base of patchBases) {
    if (base.patches >= PATCHES_BEFORE_BUILD || Math.abs(base.persons.length - persons.length) > PATCH_UP_TO) continue;
    const change = personChange(base.persons, persons, PATCH_UP_TO, (base.byKey ??= numbersByKey(base.persons)));
    if (change !== null && (best === null || changedCount(change) < changedCount(best.change))) best = { base, change };
  }
  if (best === null) return null;
  const { base, change } = best;
  const index = patchNameIndex(base.index, base.persons, persons, {}, change);
  if (index === null) return null;
  patchBases.splice(patchBases.indexOf(base), 1);
  patchBases.unshift({ persons: asMade(persons), index, patches: index === base.index ? base.patches : base.patches + 1 });
  return index;
}

/** The most persons a matcher built on this thread (not patched, not adopted) was made of: tests check a path builds none large. */
export const builtHere = { largest: 0 };

/** A matcher of `persons`: patched from a base if one is near, built here otherwise. */
function madeHere(persons: readonly ProtectedPerson[]): NameMatcher {
  const patched = patchedIndexOf(persons);
  if (patched !== null) return NameMatcher.fromIndex(persons, patched);
  const built = new NameMatcher(persons);
  builtHere.largest = Math.max(builtHere.largest, persons.length);
  rememberBuilt(persons, built.index);
  return built;
}

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
      matcher = madeHere(persons);
      if (small.size >= CACHE_SIZE) small.delete(small.keys().next().value!);
    }
    small.set(key, matcher);
  } else {
    matcher = large.get(key)?.deref();
    if (matcher === undefined) {
      matcher = madeHere(persons);
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
  // Nearly the persons of an index made lately (a revision that changed a few): patched here, at once.
  let index: NameIndex | null = patchedIndexOf(persons);
  if (index === null) {
    try {
      index = await build(persons);
      rememberBuilt(persons, index);
    } catch {
      // built here below
    }
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
  const shield = shieldIndex !== undefined ? NameMatcher.fromIndex(individuals, shieldIndex) : madeHere(individuals);
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

/** The persons a document's shield is made of (shieldedEntry): the nameable individuals. */
const individualsOf = (nameable: readonly ProtectedPerson[]) => nameable.filter((p) => p.kind === 'individual');

/** A document's indexes, those in `made` as they are, the others built here. */
export function documentMatcherIndexes(
  protectedPersons: readonly ProtectedPerson[], nameable: readonly ProtectedPerson[], others: readonly ProtectedPerson[],
  made: Partial<DocumentMatcherIndexes> = {},
): DocumentMatcherIndexes {
  const individuals = individualsOf(nameable);
  return {
    protectedIndex: made.protectedIndex ?? nameMatcherFor(protectedPersons).index,
    shieldIndex: made.shieldIndex !== undefined ? made.shieldIndex : individuals.length > 0 ? nameMatcherFor(individuals).index : null,
    othersIndex: made.othersIndex !== undefined ? made.othersIndex : others.length > 0 ? nameMatcherFor(others).index : null,
  };
}

/**
 * A document's indexes that can be made at once (documentMatcherIndexes' lists): each patched from
 * an index of nearly the same persons made lately (the same persons: that index), or built here if
 * small. Those missing need a build (in a thread: seconds at thousands of persons); a document of
 * one audience then builds only what the other audience's did not make already (the UN's persons
 * protected from the public are the public documents' protected persons).
 */
export function patchedDocumentIndexes(
  protectedPersons: readonly ProtectedPerson[], nameable: readonly ProtectedPerson[], others: readonly ProtectedPerson[],
): Partial<DocumentMatcherIndexes> {
  const made: Partial<DocumentMatcherIndexes> = {};
  const madeOf = (persons: readonly ProtectedPerson[]) => (persons.length < PATCHED_FROM ? new NameMatcher(persons).index : patchedIndexOf(persons));
  const protectedIndex = madeOf(protectedPersons);
  if (protectedIndex !== null) made.protectedIndex = protectedIndex;
  const individuals = individualsOf(nameable);
  const shieldIndex = individuals.length === 0 ? null : madeOf(individuals);
  if (shieldIndex !== null || individuals.length === 0) made.shieldIndex = shieldIndex;
  const othersIndex = others.length === 0 ? null : madeOf(others);
  if (othersIndex !== null || others.length === 0) made.othersIndex = othersIndex;
  return made;
}

/** Whether every index of a document is made (patchedDocumentIndexes). */
export const allMade = (made: Partial<DocumentMatcherIndexes>): made is DocumentMatcherIndexes =>
  made.protectedIndex !== undefined && made.shieldIndex !== undefined && made.othersIndex !== undefined;

/** Keeps a document's indexes built in a thread as bases to patch the next revision's from. */
export function rememberDocumentIndexes(
  protectedPersons: readonly ProtectedPerson[], nameable: readonly ProtectedPerson[], others: readonly ProtectedPerson[],
  indexes: DocumentMatcherIndexes,
): void {
  rememberBuilt(protectedPersons, indexes.protectedIndex);
  if (indexes.shieldIndex !== null) rememberBuilt(individualsOf(nameable), indexes.shieldIndex);
  if (indexes.othersIndex !== null) rememberBuilt(others, indexes.othersIndex);
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
