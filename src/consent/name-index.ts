/**
 * A name matcher's index once built (name-matcher.ts), frozen into flat arrays: the trie as
 * numbered nodes with their edges and persons in runs, and the phonetic keys in an
 * open-addressing hash table. At 20,000 persons the trie of objects and Maps was ~70 MB and the
 * key Map ~50 MB in every thread that built it; frozen it is ~15 MB, and it lives in
 * SharedArrayBuffers, so a copy posted to a render thread is the same memory, not a second one
 * (and not a second build of seconds).
 *
 * A key is held as two 32-bit hashes of its characters, not the characters: 8 bytes a key instead
 * of ~26 (characters a byte each, their offsets, a width flag: 17 MB of everybody's 40 MB at
 * 20,000 synthetic persons, and of each document's indexes again). Two different keys are taken
 * for each other only when both hashes agree (one chance in ~2^64 a comparison): a word then
 * looks like a name word, which can only over-redact or make the audit ask; a name's own key
 * always finds itself, so no name is missed for it.
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
  /** Key k's two hashes: keyHash at 2k, keyCheck at 2k + 1. */
  readonly keyHashes: Int32Array;
  /** Key k's word ids: [idStart[k], idStart[k + 1]) of ids. */
  readonly idStart: Int32Array;
  readonly ids: Int32Array;
  /**
   * The keys are numbered in the order of their keyHash (unsigned); those whose hash starts with
   * the bits b are [bucketStart[b], bucketStart[b + 1]). About four keys a bucket: 1 byte a key,
   * where an open-addressing table at most half full took 8–16.
   */
  readonly bucketStart: Int32Array;
  /** log2 of the number of buckets. */
  readonly bucketBits: number;
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

/** FNV-1a over the UTF-16 code units: places a key in the table. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A second hash of another construction (a multiply-rotate over the code units, seeded by the
 * length, then MurmurHash3's finaliser): keys that share their FNV hash still differ here.
 */
export function keyCheck(key: string): number {
  let h = Math.imul(0x9e3779b9 ^ key.length, 0x85ebca6b);
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0xcc9e2d51);
    h = (h << 15) | (h >>> 17);
    h = Math.imul(h, 0x1b873593);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
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

  // The keys: two hashes each, in the order of the first, ids in runs, buckets by the first's top bits.
  const entries = hashedKeys([...idsByKey].map(([key, keyIds]) => ({ hash: keyHash(key), check: keyCheck(key), keyIds: [...keyIds] })));
  let idCount = 0;
  for (const entry of entries) idCount += entry.keyIds.length;
  const keys = entries.length;
  const keyHashes = shared(Int32Array, 2 * keys);
  const idStart = shared(Int32Array, keys + 1);
  const ids = shared(Int32Array, idCount);
  const bits = bucketBitsFor(keys);
  const bucketStart = shared(Int32Array, 2 ** bits + 1);
  let i = 0;
  let bucket = 0;
  entries.forEach((entry, k) => {
    const b = bucketOf(entry.hash, bits);
    while (bucket <= b) bucketStart[bucket++] = k;
    keyHashes[2 * k] = entry.hash;
    keyHashes[2 * k + 1] = entry.check;
    idStart[k] = i;
    for (const id of entry.keyIds) ids[i++] = id;
  });
  while (bucket < bucketStart.length) bucketStart[bucket++] = keys;
  idStart[keys] = i;
  return { nodes, maxDepth, edgeStart, edgeWord, edgeNode, rootChild, personStart, personList, flags, keyHashes, idStart, ids, bucketStart, bucketBits: bits };
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
  const { bucketStart, keyHashes } = index;
  const b = bucketOf(hash, index.bucketBits);
  const first = hash | 0;
  let check: number | undefined;
  for (let k = bucketStart[b]!, end = bucketStart[b + 1]!; k < end; k++) {
    if (keyHashes[2 * k] === first && keyHashes[2 * k + 1] === (check ??= keyCheck(key))) {
      return index.ids.subarray(index.idStart[k]!, index.idStart[k + 1]!);
    }
  }
  return null;
}

export interface HashedKey {
  hash: number;
  check: number;
  keyIds: number[];
}

/**
 * The keys in the order of their hashes. Two with both hashes equal become one standing for the
 * ids of both: a look-up of either finds all of them (more, never fewer: no name is lost to a
 * collision, however unlikely).
 */
export function hashedKeys(entries: HashedKey[]): HashedKey[] {
  entries.sort((a, b) => a.hash - b.hash || a.check - b.check);
  let kept = 0;
  for (const entry of entries) {
    const last = entries[kept - 1];
    if (last !== undefined && last.hash === entry.hash && last.check === entry.check) {
      for (const id of entry.keyIds) if (!last.keyIds.includes(id)) last.keyIds.push(id);
    } else entries[kept++] = entry;
  }
  entries.length = kept;
  return entries;
}

/** Bits of a bucket number: about four keys a bucket, at least 16 buckets, at most 2^24. */
function bucketBitsFor(keys: number): number {
  let bits = 4;
  while (bits < 24 && 2 ** bits * 4 < keys) bits++;
  return bits;
}

/** The bucket of an (unsigned) keyHash: its top `bits` bits, so that buckets follow the keys' order. */
const bucketOf = (hash: number, bits: number): number => hash >>> (32 - bits);

/** Whether `value` is a NameIndex as posted from another thread (shape only: it was made by freezeNameIndex). */
export const isNameIndex = (value: unknown): value is NameIndex =>
  typeof value === 'object' && value !== null && (value as NameIndex).bucketStart instanceof Int32Array && (value as NameIndex).keyHashes instanceof Int32Array;

/** Rough bytes held (for the bench and tests' sanity). */
export const nameIndexBytes = (index: NameIndex): number =>
  [index.edgeStart, index.edgeWord, index.edgeNode, index.rootChild, index.personStart, index.personList, index.flags, index.keyHashes, index.idStart, index.ids, index.bucketStart]
    .reduce((n, a) => n + a.byteLength, 0);
