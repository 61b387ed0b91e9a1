import {
  childOf, GIVEN_ALONE, INITIALS_ONLY, keyCheck, keyHash, patchedTable, trieArrays, valuesOf, type HashedEntry, type NameIndex,
} from './name-index.js';
import {
  initialsSignature, initialsWords, loosened, personInitials, personInsertions, wordSignature,
} from './name-matcher.js';
import type { ProtectedPerson, VariantOptions } from './name-variants.js';

/**
 * A name index of other persons made from one already built (name-index.ts), changed only where
 * persons differ: in one pass over its arrays, where a build of 20,000 persons takes ~18 s of
 * name variants, phonetic keys and trie objects. A person created, renamed or deleted gets a new
 * index in tens of milliseconds, so nothing that shows or shapes names waits for a build.
 *
 * The patched index finds what a build of the new persons finds — the same spans naming the same
 * persons (test/unit/consent/name-index-patch.property.test.ts compares the two on generated
 * persons, changes and texts):
 * - every person whose indexed fields (kind, name, native name) changed is taken out and put in
 *   again as a new person, with the sequences a build makes of them (personInsertions: one rule);
 * - a word already indexed keeps its id (the words table), a new one gets the next;
 * - a node's bits are those every remaining entry has, as a build decides them;
 * - initials alone stay indexed only where one person has them: the initials of every person
 *   taken out or put in are decided again against every holder (the initials table);
 * - what is left of a person taken out is nodes and keys that lead to no person: a walk through
 *   them finds nothing, as a build without them finds nothing.
 */

/** Persons changed (taken out or put in) beyond which a build is made instead. */
export const PATCH_UP_TO = 500;

/** Whether two persons' fields the index is built from are the same (a pseudonym or consent is not in it). */
const sameIndexedFields = (a: ProtectedPerson, b: ProtectedPerson): boolean =>
  a.kind === b.kind && a.name === b.name && (a.nameNative ?? null) === (b.nameNative ?? null);

/** How base persons map to the new ones; null: beyond PATCH_UP_TO, or keys not unique. */
export interface PersonChange {
  /** Per base person, their number among the new persons, or -1 (taken out). */
  readonly map: Int32Array;
  /** New persons put in (numbers among the new persons). */
  readonly added: readonly number[];
  /** Base persons taken out. */
  readonly removed: readonly number[];
}

/** Base persons' numbers by key (null: two share a key). Kept with a base to compare many lists against it. */
export function numbersByKey(persons: readonly ProtectedPerson[]): ReadonlyMap<string, number> | null {
  const byKey = new Map<string, number>();
  persons.forEach((p, i) => byKey.set(p.key, i));
  return byKey.size === persons.length ? byKey : null;
}

export function personChange(
  base: readonly ProtectedPerson[], persons: readonly ProtectedPerson[], upTo = PATCH_UP_TO, byKey = numbersByKey(base),
): PersonChange | null {
  if (byKey === null) return null;
  const map = new Int32Array(base.length).fill(-1);
  const added: number[] = [];
  const keys = new Set<string>();
  for (let i = 0; i < persons.length; i++) {
    const p = persons[i]!;
    if (keys.has(p.key)) return null;
    keys.add(p.key);
    const old = byKey.get(p.key);
    if (old !== undefined && sameIndexedFields(base[old]!, p)) map[old] = i;
    else if (added.push(i) > upTo) return null;
  }
  const removed: number[] = [];
  for (let old = 0; old < base.length; old++) if (map[old] === -1 && removed.push(old) + added.length > upTo) return null;
  return { map, added, removed };
}

/** Persons a change takes out or puts in. */
export const changedCount = (change: PersonChange): number => change.added.length + change.removed.length;

/** Whether a change leaves every person where they were: the base index serves as it is. */
export const unchanged = (change: PersonChange): boolean =>
  change.added.length === 0 && change.removed.length === 0 && change.map.every((to, from) => to === from);

interface Insertion {
  words: Set<string>[];
  person: number;
  flags: number;
}

const ALL_BITS = INITIALS_ONLY | GIVEN_ALONE;

/**
 * The index of `persons` made from `index`, the index of `basePersons` built or patched with the
 * same options; null when too many persons changed (build instead).
 */
export function patchNameIndex(
  index: NameIndex, basePersons: readonly ProtectedPerson[], persons: readonly ProtectedPerson[], options: VariantOptions = {},
  change: PersonChange | null = personChange(basePersons, persons),
): NameIndex | null {
  if (change === null) return null;
  if (unchanged(change)) return index;
  const { map, added, removed } = change;

  // What the new persons are looked for as, and the initials alone they have.
  const insertions: Insertion[] = [];
  const addedInitials = new Map<string, { keys: string[]; persons: number[] }>();
  for (const person of added) {
    for (const keys of personInsertions(persons[person]!, options, (words, flags) => insertions.push({ words, person, flags }))) {
      const signature = initialsSignature(keys);
      const entry = addedInitials.get(signature);
      if (entry === undefined) addedInitials.set(signature, { keys, persons: [person] });
      else if (entry.persons.at(-1) !== person) entry.persons.push(person);
    }
  }

  // Initials alone of everybody changed, decided again: indexed where exactly one person has them.
  const affected = new Map<string, string[]>();
  for (const [signature, { keys }] of addedInitials) affected.set(signature, keys);
  for (const old of removed) for (const keys of personInitials(basePersons[old]!)) affected.set(initialsSignature(keys), keys);
  /** Entries of kept persons to drop: per node, base person numbers. */
  const dropped = new Map<number, Set<number>>();
  for (const [signature, keys] of affected) {
    const before = valuesOf(index.initials, signature) ?? new Int32Array(0);
    const holders = new Set<number>();
    for (const old of before) if (map[old]! >= 0) holders.add(map[old]!);
    for (const person of addedInitials.get(signature)?.persons ?? []) holders.add(person);
    const wasIndexed = before.length === 1 ? before[0]! : -1;
    const nowIndexed = holders.size === 1 ? [...holders][0]! : -1;
    const keptAsIs = wasIndexed >= 0 && map[wasIndexed]! >= 0 && map[wasIndexed] === nowIndexed;
    if (wasIndexed >= 0 && map[wasIndexed]! >= 0 && !keptAsIs) {
      const node = walk(index, initialsWords(keys));
      if (node >= 0) {
        const set = dropped.get(node) ?? new Set<number>();
        set.add(wasIndexed);
        dropped.set(node, set);
      }
    }
    if (nowIndexed >= 0 && !keptAsIs) insertions.push({ words: initialsWords(keys), person: nowIndexed, flags: INITIALS_ONLY });
  }

  // Word ids: a word indexed before keeps its id; a new one takes the next.
  const newWords = new Map<string, number>();
  const wordEntries: HashedEntry[] = [];
  const keyEntries: HashedEntry[] = [];
  let wordCount = index.wordCount;
  const wordId = (keys: Set<string>): number => {
    const signature = wordSignature(keys);
    let id = newWords.get(signature);
    if (id !== undefined) return id;
    const known = valuesOf(index.words, signature);
    if (known !== null) {
      id = known[0]!;
    } else {
      id = wordCount++;
      wordEntries.push({ hash: keyHash(signature), check: keyCheck(signature), values: [id] });
    }
    newWords.set(signature, id);
    // The word's keys lead to its id even if it is known: were a new word's signature taken for
    // another's (both hashes equal, one chance in ~2^64), its own keys still find it (as in a
    // build, a collision finds more, never less). Keys it has already add nothing (patchedTable).
    for (const key of new Set([...keys].map(loosened))) keyEntries.push({ hash: keyHash(key), check: keyCheck(key), values: [id] });
    return id;
  };

  // The insertions walk the base trie, adding nodes (numbered after its own) and edges where it has none.
  const baseNodes = index.nodes;
  let nodes = baseNodes;
  let maxDepth = index.maxDepth;
  const newEdges = new Map<number, Map<number, number>>();
  const newEntries = new Map<number, Map<number, number>>();
  for (const { words, person, flags } of insertions) {
    let node = 0;
    for (const keys of words) {
      const id = wordId(keys);
      let child = node < baseNodes ? childOf(index, node, id) : -1;
      if (child === -1) {
        let edges = newEdges.get(node);
        child = edges?.get(id) ?? -1;
        if (child === -1) {
          child = nodes++;
          if (edges === undefined) newEdges.set(node, (edges = new Map()));
          edges.set(id, child);
        }
      }
      node = child;
    }
    let entries = newEntries.get(node);
    if (entries === undefined) newEntries.set(node, (entries = new Map()));
    entries.set(person, (entries.get(person) ?? ALL_BITS) & flags);
    if (words.length > maxDepth) maxDepth = words.length;
  }

  // The arrays, in one pass over the base's. Nodes with something added or dropped are marked:
  // the others (nearly all) are copied without a look-up.
  const touched = new Uint8Array(nodes);
  for (const n of newEdges.keys()) touched[n] = 1;
  for (const n of newEntries.keys()) touched[n] = 1;
  for (const n of dropped.keys()) touched[n] = 1;
  let extraEdges = 0;
  for (const edges of newEdges.values()) extraEdges += edges.size;
  let extraEntries = 0;
  for (const entries of newEntries.values()) extraEntries += entries.size;
  // Entries are counted with those dropped: the arrays end a little past the last entry in use.
  const { edgeStart, edgeWord, edgeNode, rootChild, personStart, personList, entryFlags, flags } = trieArrays(
    nodes, index.edgeStart[baseNodes]! + extraEdges, Math.max(wordCount, index.rootChild.length), index.personStart[baseNodes]! + extraEntries,
  );
  rootChild.set(index.rootChild);
  let e = 0;
  let q = 0;
  for (let n = 0; n < nodes; n++) {
    edgeStart[n] = e;
    const mark = touched[n] === 1;
    const extra = mark ? newEdges.get(n) : undefined;
    const sorted = extra === undefined ? null : [...extra].sort((a, b) => a[0] - b[0]);
    let x = 0;
    if (n < baseNodes) {
      for (let b = index.edgeStart[n]!, end = index.edgeStart[n + 1]!; b < end; b++) {
        const word = index.edgeWord[b]!;
        while (sorted !== null && x < sorted.length && sorted[x]![0] < word) e = putEdge(edgeWord, edgeNode, e, sorted[x++]!);
        edgeWord[e] = word;
        edgeNode[e++] = index.edgeNode[b]!;
      }
    }
    while (sorted !== null && x < sorted.length) e = putEdge(edgeWord, edgeNode, e, sorted[x++]!);
    if (n === 0 && sorted !== null) for (const [word, child] of sorted) rootChild[word] = child;

    personStart[n] = q;
    const adding = mark ? newEntries.get(n) : undefined;
    const drop = mark ? dropped.get(n) : undefined;
    let all = ALL_BITS;
    if (n < baseNodes) {
      for (let b = index.personStart[n]!, end = index.personStart[n + 1]!; b < end; b++) {
        const old = index.personList[b]!;
        const person = map[old]!;
        if (person < 0 || drop?.has(old)) continue;
        let bits = index.entryFlags[b]!;
        const more = adding?.get(person);
        if (more !== undefined) {
          bits &= more;
          adding!.delete(person);
        }
        personList[q] = person;
        entryFlags[q++] = bits;
        all &= bits;
      }
    }
    if (adding !== undefined) {
      for (const [person, bits] of [...adding].sort((a, b) => a[0] - b[0])) {
        personList[q] = person;
        entryFlags[q++] = bits;
        all &= bits;
      }
    }
    flags[n] = q > personStart[n]! ? all : 0;
  }
  edgeStart[nodes] = e;
  personStart[nodes] = q;

  const addedInitialEntries: HashedEntry[] = [...addedInitials].map(([signature, entry]) => ({
    hash: keyHash(signature), check: keyCheck(signature), values: entry.persons,
  }));
  return {
    nodes, maxDepth, wordCount, edgeStart, edgeWord, edgeNode, rootChild, personStart, personList, entryFlags, flags,
    keys: keyEntries.length === 0 ? index.keys : patchedTable(index.keys, null, keyEntries),
    words: wordEntries.length === 0 ? index.words : patchedTable(index.words, null, wordEntries),
    initials: patchedTable(index.initials, (old) => map[old]!, addedInitialEntries),
  };
}

/** The node a sequence of words leads to in the index, or -1. */
function walk(index: NameIndex, words: Set<string>[]): number {
  let node = 0;
  for (const keys of words) {
    const id = valuesOf(index.words, wordSignature(keys));
    if (id === null) return -1;
    node = childOf(index, node, id[0]!);
    if (node === -1) return -1;
  }
  return node;
}

function putEdge(edgeWord: Int32Array, edgeNode: Int32Array, e: number, [word, child]: [number, number]): number {
  edgeWord[e] = word;
  edgeNode[e] = child;
  return e + 1;
}

