/**
 * A name matcher's index once built (name-matcher.ts), frozen into flat arrays: the trie as
 * numbered nodes with their edges and persons in runs, and the phonetic keys in an
 * open-addressing hash table. At 20,000 persons the trie of objects and Maps was ~70 MB and the
 * key Map ~50 MB in every thread that built it; frozen it is ~15 MB, and it lives in
 * SharedArrayBuffers, so a copy posted to a render thread is the same memory, not a second one
 * (and not a second build of seconds).
 *
 * The keys' characters are bytes: a key whose characters all fit one (Latin, as nearly every key
 * is once transliterated) takes one byte each, any other two (low byte first, marked in keyWide).
 * As UTF-16 they were the largest part of an index (19 MB of everybody's 44 MB at 20,000
 * synthetic persons, three such indexes held by a service after the volume bench's run).
 *
 * Node 0 is the root; a node's children are edges sorted by word id (the root's, tens of
 * thousands, are also held in a table by word id).
 */

/** Bits of `flags`. */
export const INITIALS_ONLY = 1;
export const GIVEN_ALONE = 2;

/** What crosses to a thread: typed arrays on SharedArrayBuffers (shared, not copied) and numbers. */
export interface NameIndex {
  readonly nodes: number;
  readonly maxDepth: number;
  /** Edges of node n: [edgeStart[n], edgeStart[n + 1]), sorted by word id. */
  readonly edgeStart: Int32Array;
  readonly edgeWord: Int32Array;
  readonly edgeNode: Int32Array;
  /** The root's child by word id (-1: none). */
  readonly rootChild: Int32Array;
  /** Persons of node n: [personStart[n], personStart[n + 1]) of personList; empty: no name ends here. */
  readonly personStart: Int32Array;
  readonly personList: Int32Array;
  readonly flags: Uint8Array;
  /**
   * Key k's characters: bytes [keyStart[k], keyStart[k + 1]) of keyChars, one per character, or
   * two (low, high) when keyWide[k] is 1 (a character past U+00FF).
   */
  readonly keyChars: Uint8Array;
  readonly keyStart: Int32Array;
  readonly keyWide: Uint8Array;
  /** Key k's word ids: [idStart[k], idStart[k + 1]) of ids. */
  readonly idStart: Int32Array;
  readonly ids: Int32Array;
  /** Open addressing by the key's hash: key number + 1, 0 empty. */
  readonly slots: Int32Array;
}

/** The trie as the matcher builds it (name-matcher.ts TrieNode): only what freezing reads. */
export interface BuiltNode {
  next: { entries(): Iterable<[number, BuiltNode]> } | null;
  persons: number[] | null;
  initialsOnly?: boolean;
  givenAlone?: boolean;
}

const shared = <T extends Int32Array | Uint16Array | Uint8Array>(
  Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, length: number,
): T => new Kind(new SharedArrayBuffer(Math.max(1, length) * Kind.BYTES_PER_ELEMENT));

export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Freezes a built trie and its key → word ids map. */
export function freezeNameIndex(root: BuiltNode, idsByKey: ReadonlyMap<string, readonly number[]>, maxDepth: number): NameIndex {
  // Number the nodes breadth first (the root is 0), counting edges and persons.
  const order: BuiltNode[] = [root];
  let edges = 0;
  let persons = 0;
  let words = 0;
  for (let n = 0; n < order.length; n++) {
    const node = order[n]!;
    persons += node.persons?.length ?? 0;
    if (node.next === null) continue;
    for (const [word, child] of node.next.entries()) {
      order.push(child);
      edges++;
      if (word >= words) words = word + 1;
    }
  }
  for (const ids of idsByKey.values()) for (const id of ids) if (id >= words) words = id + 1;
  const nodes = order.length;
  const numberOf = new Map<BuiltNode, number>();
  order.forEach((node, n) => numberOf.set(node, n));

  const edgeStart = shared(Int32Array, nodes + 1);
  const edgeWord = shared(Int32Array, edges);
  const edgeNode = shared(Int32Array, edges);
  const rootChild = shared(Int32Array, words).fill(-1);
  const personStart = shared(Int32Array, nodes + 1);
  const personList = shared(Int32Array, persons);
  const flags = shared(Uint8Array, nodes);
  let e = 0;
  let p = 0;
  for (let n = 0; n < nodes; n++) {
    const node = order[n]!;
    edgeStart[n] = e;
    personStart[n] = p;
    for (const person of node.persons ?? []) personList[p++] = person;
    flags[n] = (node.initialsOnly ? INITIALS_ONLY : 0) | (node.givenAlone ? GIVEN_ALONE : 0);
    if (node.next === null) continue;
    const children = [...node.next.entries()].sort((a, b) => a[0] - b[0]);
    for (const [word, child] of children) {
      edgeWord[e] = word;
      edgeNode[e] = numberOf.get(child)!;
      if (n === 0) rootChild[word] = edgeNode[e]!;
      e++;
    }
  }
  edgeStart[nodes] = e;
  personStart[nodes] = p;

  // The keys: characters in one array, ids in runs, a table at most half full.
  let bytes = 0;
  let idCount = 0;
  for (const [key, ids] of idsByKey) {
    bytes += isNarrow(key) ? key.length : 2 * key.length;
    idCount += ids.length;
  }
  const keys = idsByKey.size;
  const keyChars = shared(Uint8Array, bytes);
  const keyStart = shared(Int32Array, keys + 1);
  const keyWide = shared(Uint8Array, keys);
  const idStart = shared(Int32Array, keys + 1);
  const ids = shared(Int32Array, idCount);
  let size = 16;
  while (size < keys * 2) size *= 2;
  const slots = shared(Int32Array, size);
  let k = 0;
  let c = 0;
  let i = 0;
  for (const [key, keyIds] of idsByKey) {
    keyStart[k] = c;
    idStart[k] = i;
    if (isNarrow(key)) {
      for (let j = 0; j < key.length; j++) keyChars[c++] = key.charCodeAt(j);
    } else {
      keyWide[k] = 1;
      for (let j = 0; j < key.length; j++) {
        const code = key.charCodeAt(j);
        keyChars[c++] = code & 0xff;
        keyChars[c++] = code >>> 8;
      }
    }
    for (const id of keyIds) ids[i++] = id;
    let slot = keyHash(key) & (size - 1);
    while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
    slots[slot] = k + 1;
    k++;
  }
  keyStart[keys] = c;
  idStart[keys] = i;
  return { nodes, maxDepth, edgeStart, edgeWord, edgeNode, rootChild, personStart, personList, flags, keyChars, keyStart, keyWide, idStart, ids, slots };
}

/** Whether every character of `key` fits in a byte (U+0000–U+00FF). */
function isNarrow(key: string): boolean {
  for (let j = 0; j < key.length; j++) if (key.charCodeAt(j) > 0xff) return false;
  return true;
}

/** Whether stored key k is `key`, character for character. */
function keyIs(index: NameIndex, k: number, key: string): boolean {
  const { keyChars, keyStart } = index;
  const from = keyStart[k]!;
  const bytes = keyStart[k + 1]! - from;
  if (index.keyWide[k] === 0) {
    if (bytes !== key.length) return false;
    for (let j = 0; j < key.length; j++) if (keyChars[from + j] !== key.charCodeAt(j)) return false;
    return true;
  }
  if (bytes !== 2 * key.length) return false;
  for (let j = 0; j < key.length; j++) {
    if ((keyChars[from + 2 * j]! | (keyChars[from + 2 * j + 1]! << 8)) !== key.charCodeAt(j)) return false;
  }
  return true;
}

/** The child of `node` by word id, or -1. */
export function childOf(index: NameIndex, node: number, word: number): number {
  if (node === 0) return word < index.rootChild.length ? index.rootChild[word]! : -1;
  let lo = index.edgeStart[node]!;
  let hi = index.edgeStart[node + 1]! - 1;
  const edgeWord = index.edgeWord;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const w = edgeWord[mid]!;
    if (w === word) return index.edgeNode[mid]!;
    if (w < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export const hasChildren = (index: NameIndex, node: number): boolean => index.edgeStart[node + 1]! > index.edgeStart[node]!;

/** The persons whose names end at `node` (empty: none). */
export const personsAt = (index: NameIndex, node: number): Int32Array =>
  index.personList.subarray(index.personStart[node]!, index.personStart[node + 1]!);

/** The children of `node`. */
export function* childrenOf(index: NameIndex, node: number): Iterable<number> {
  for (let e = index.edgeStart[node]!; e < index.edgeStart[node + 1]!; e++) yield index.edgeNode[e]!;
}

/** The word ids a key stands for (empty: none). */
export function idsOfKey(index: NameIndex, key: string, hash: number = keyHash(key)): Int32Array | null {
  const { slots } = index;
  const mask = slots.length - 1;
  let slot = hash & mask;
  for (;;) {
    const entry = slots[slot]!;
    if (entry === 0) return null;
    const k = entry - 1;
    if (keyIs(index, k, key)) return index.ids.subarray(index.idStart[k]!, index.idStart[k + 1]!);
    slot = (slot + 1) & mask;
  }
}

/** Whether `value` is a NameIndex as posted from another thread (shape only: it was made by freezeNameIndex). */
export const isNameIndex = (value: unknown): value is NameIndex =>
  typeof value === 'object' && value !== null && (value as NameIndex).slots instanceof Int32Array && (value as NameIndex).keyChars instanceof Uint8Array && (value as NameIndex).keyWide instanceof Uint8Array;

/** Rough bytes held (for the bench and tests' sanity). */
export const nameIndexBytes = (index: NameIndex): number =>
  [index.edgeStart, index.edgeWord, index.edgeNode, index.rootChild, index.personStart, index.personList, index.flags, index.keyChars, index.keyStart, index.keyWide, index.idStart, index.ids, index.slots]
    .reduce((n, a) => n + a.byteLength, 0);
