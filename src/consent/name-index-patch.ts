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
  a.kind === b.kind && a.name === b.name && (a.nameNative ?? null) === (b.nameNative ?? null)
  && (a.formerNames ?? []).join('\u0000') === (b.formerNames ?? []).join('\u0000');

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
  const { insertions, initials } = insertionsOf(persons, change.added, options);
  const dropped = initialsDecidedAgain(index, basePersons, change, initials, insertions);
  const grown = grownTrie(index, insertions);
  const trie = copiedTrie(index, change.map, grown, dropped);
  const addedInitials: HashedEntry[] = [...initials].map(([signature, entry]) => ({ hash: keyHash(signature), check: keyCheck(signature), values: entry.persons }));
  return {
    ...trie, nodes: grown.nodes, maxDepth: grown.maxDepth, wordCount: grown.wordCount,
    keys: grown.keyEntries.length === 0 ? index.keys : patchedTable(index.keys, null, grown.keyEntries),
    words: grown.wordEntries.length === 0 ? index.words : patchedTable(index.words, null, grown.wordEntries),
    initials: patchedTable(index.initials, (old) => change.map[old]!, addedInitials),
  };
}

type InitialsHeld = Map<string, { keys: string[]; persons: number[] }>;

/** What the persons put in are looked for as (personInsertions: a build's rule), and the initials alone they have. */
function insertionsOf(persons: readonly ProtectedPerson[], added: readonly number[], options: VariantOptions) {
  const insertions: Insertion[] = [];
  const initials: InitialsHeld = new Map();
  for (const person of added) {
    for (const keys of personInsertions(persons[person]!, options, (words, flags) => insertions.push({ words, person, flags }))) {
      const signature = initialsSignature(keys);
      const entry = initials.get(signature);
      if (entry === undefined) initials.set(signature, { keys, persons: [person] });
      else if (entry.persons.at(-1) !== person) entry.persons.push(person);
    }
  }
  return { insertions, initials };
}

/**
 * Initials alone of everybody changed, decided again against every holder: indexed where exactly
 * one person has them. Adds to `insertions` the initials that became one kept person's; returns
 * the entries of kept persons whose initials stopped being theirs alone (per node, base numbers).
 */
function initialsDecidedAgain(
  index: NameIndex, basePersons: readonly ProtectedPerson[], { map, removed }: PersonChange, initials: InitialsHeld, insertions: Insertion[],
): Map<number, Set<number>> {
  const affected = new Map<string, string[]>();
  for (const [signature, { keys }] of initials) affected.set(signature, keys);
  for (const old of removed) for (const keys of personInitials(basePersons[old]!)) affected.set(initialsSignature(keys), keys);
  const dropped = new Map<number, Set<number>>();
  for (const [signature, keys] of affected) {
    const before = valuesOf(index.initials, signature) ?? new Int32Array(0);
    const holders = new Set<number>();
    for (const old of before) if (map[old]! >= 0) holders.add(map[old]!);
    for (const person of initials.get(signature)?.persons ?? []) holders.add(person);
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
  return dropped;
}

/** What the insertions add to the trie: nodes (numbered after the base's), edges, entries, words and keys. */
interface Grown {
  nodes: number;
  maxDepth: number;
  wordCount: number;
  newEdges: Map<number, Map<number, number>>;
  /** Per node, person → bits. */
  newEntries: Map<number, Map<number, number>>;
  wordEntries: HashedEntry[];
  keyEntries: HashedEntry[];
}

/** The insertions walked into the base trie: existing nodes reused, nodes and edges added where it has none. */
function grownTrie(index: NameIndex, insertions: readonly Insertion[]): Grown {
  const grown: Grown = {
    nodes: index.nodes, maxDepth: index.maxDepth, wordCount: index.wordCount, newEdges: new Map(), newEntries: new Map(), wordEntries: [], keyEntries: [],
  };
  const ids = new Map<string, number>();
  // A word indexed before keeps its id; a new one takes the next.
  const wordId = (keys: Set<string>): number => {
    const signature = wordSignature(keys);
    let id = ids.get(signature);
    if (id !== undefined) return id;
    const known = valuesOf(index.words, signature);
    if (known !== null) {
      id = known[0]!;
    } else {
      id = grown.wordCount++;
      grown.wordEntries.push({ hash: keyHash(signature), check: keyCheck(signature), values: [id] });
    }
    ids.set(signature, id);
    // The word's keys lead to its id even if it is known: were a new word's signature taken for
    // another's (both hashes equal, one chance in ~2^64), its own keys still find it (as in a
    // build, a collision finds more, never less). Keys it has already add nothing (patchedTable).
    for (const key of new Set([...keys].map(loosened))) grown.keyEntries.push({ hash: keyHash(key), check: keyCheck(key), values: [id] });
    return id;
  };
  for (const { words, person, flags } of insertions) {
    let node = 0;
    for (const keys of words) {
      const id = wordId(keys);
      let child = node < index.nodes ? childOf(index, node, id) : -1;
      if (child === -1) {
        let edges = grown.newEdges.get(node);
        child = edges?.get(id) ?? -1;
        if (child === -1) {
          child = grown.nodes++;
          if (edges === undefined) grown.newEdges.set(node, (edges = new Map()));
          edges.set(id, child);
        }
      }
      node = child;
    }
    let entries = grown.newEntries.get(node);
    if (entries === undefined) grown.newEntries.set(node, (entries = new Map()));
    entries.set(person, (entries.get(person) ?? ALL_BITS) & flags);
    if (words.length > grown.maxDepth) grown.maxDepth = words.length;
  }
  return grown;
}

/**
 * The trie's arrays, in one pass over the base's: edges merged in word order, entries mapped to
 * the new persons' numbers (those taken out and `dropped` left out, those added put in), each
 * node's bits those all its entries have.
 */
function copiedTrie(index: NameIndex, map: Int32Array, grown: Grown, dropped: Map<number, Set<number>>) {
  const { nodes, newEdges, newEntries } = grown;
  const baseNodes = index.nodes;
  // Nodes with something added or dropped are marked: the others (nearly all) are copied without a look-up.
  const touched = new Uint8Array(nodes);
  for (const n of newEdges.keys()) touched[n] = 1;
  for (const n of newEntries.keys()) touched[n] = 1;
  for (const n of dropped.keys()) touched[n] = 1;
  let extraEdges = 0;
  for (const edges of newEdges.values()) extraEdges += edges.size;
  let extraEntries = 0;
  for (const entries of newEntries.values()) extraEntries += entries.size;
  // Entries are counted with those dropped: the arrays end a little past the last entry in use.
  const trie = trieArrays(
    nodes, index.edgeStart[baseNodes]! + extraEdges, Math.max(grown.wordCount, index.rootChild.length), index.personStart[baseNodes]! + extraEntries,
  );
  const { edgeStart, edgeWord, edgeNode, rootChild, personStart, personList, entryFlags, flags } = trie;
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
    const adding = mark ? new Map(newEntries.get(n)) : null;
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
    if (adding !== null) {
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
  return trie;
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

