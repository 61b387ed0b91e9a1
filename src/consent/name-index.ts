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

/** Bits of `flags` (a node's) and `entryFlags` (a person's at a node). */
export const INITIALS_ONLY = 1;
export const GIVEN_ALONE = 2;

/**
 * Hashed strings, each standing for a run of numbers: entry k is two 32-bit hashes of its string
 * (hashes[2k]: keyHash, by whose unsigned order entries are numbered; hashes[2k + 1]: keyCheck)
 * and values [start[k], start[k + 1]). Those whose keyHash starts with the bits b are
 * [bucketStart[b], bucketStart[b + 1]): about four a bucket, 1 byte an entry, where an
 * open-addressing table at most half full took 8–16.
 */
export interface HashedTable {
  readonly hashes: Int32Array;
  readonly start: Int32Array;
  readonly values: Int32Array;
  readonly bucketStart: Int32Array;
  /** log2 of the number of buckets. */
  readonly bucketBits: number;
}

/** What crosses to a thread: typed arrays on SharedArrayBuffers (shared, not copied) and numbers. */
export interface NameIndex {
  readonly nodes: number;
  readonly maxDepth: number;
  /** Word ids in use are below this. */
  readonly wordCount: number;
  /** Edges of node n: [edgeStart[n], edgeStart[n + 1]), sorted by word id. */
  readonly edgeStart: Int32Array;
  readonly edgeWord: Int32Array;
  readonly edgeNode: Int32Array;
  /** The root's child by word id (-1: none). */
  readonly rootChild: Int32Array;
  /** Persons of node n: [personStart[n], personStart[n + 1]) of personList; empty: no name ends here. */
  readonly personStart: Int32Array;
  readonly personList: Int32Array;
  /** Per entry of personList: how every sequence of that person ending at that node was inserted (bits above). */
  readonly entryFlags: Uint8Array;
  /** Per node: the bits every entry of it has (0 for a node without persons). */
  readonly flags: Uint8Array;
  /** A text word's keys (name-matcher.ts loosened) → the ids of the name words it may be. */
  readonly keys: HashedTable;
  /**
   * A name word's signature (its keys, sorted, joined by NUL: name-matcher.ts wordId) → its id: a
   * patch (patchNameIndex) gives a word already indexed the id it has, as a build would.
   */
  readonly words: HashedTable;
  /**
   * Initials alone (their keys joined by a space) → every individual who has them, indexed or
   * not: the index holds initials alone only where one person has them, which a patch re-decides
   * for the initials of the persons it changes.
   */
  readonly initials: HashedTable;
}

/** The trie as the matcher builds it (name-matcher.ts TrieNode): only what freezing reads. */
export interface BuiltNode {
  next: { entries(): Iterable<[number, BuiltNode]> } | null;
  persons: number[] | null;
  /** Per person of `persons`: the bits every sequence of theirs ending here was inserted with. */
  entryFlags?: number[] | null;
}

/** What the matcher's build hands over besides the trie. */
export interface BuiltTables {
  /** Word signature → word id. */
  words?: ReadonlyMap<string, number>;
  /** Initials signature → persons who have them. */
  initials?: ReadonlyMap<string, readonly number[]>;
}

/** A typed array on a SharedArrayBuffer (posted to a thread, the same memory). */
const shared = <T extends Int32Array | Uint16Array | Uint8Array>(
  Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, length: number,
): T => new Kind(new SharedArrayBuffer(Math.max(1, length) * Kind.BYTES_PER_ELEMENT));

/** A shared copy of `values`. */
function sharedInt32(values: readonly number[]): Int32Array {
  const out = shared(Int32Array, values.length);
  out.set(values);
  return out;
}

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

/** The trie's arrays (NameIndex), empty: for so many nodes, edges, word ids and person entries. */
export function trieArrays(nodes: number, edges: number, words: number, entries: number) {
  return {
    edgeStart: shared(Int32Array, nodes + 1),
    edgeWord: shared(Int32Array, edges),
    edgeNode: shared(Int32Array, edges),
    rootChild: shared(Int32Array, words).fill(-1),
    personStart: shared(Int32Array, nodes + 1),
    personList: shared(Int32Array, entries),
    entryFlags: shared(Uint8Array, entries),
    flags: shared(Uint8Array, nodes),
  };
}

/** Freezes a built trie, its key → word ids map, and (for patching later) its words and initials. */
export function freezeNameIndex(
  root: BuiltNode, idsByKey: ReadonlyMap<string, readonly number[]>, maxDepth: number, tables: BuiltTables = {},
): NameIndex {
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
  for (const id of tables.words?.values() ?? []) if (id >= words) words = id + 1;
  const nodes = order.length;
  const numberOf = new Map<BuiltNode, number>();
  order.forEach((node, n) => numberOf.set(node, n));

  const { edgeStart, edgeWord, edgeNode, rootChild, personStart, personList, entryFlags, flags } = trieArrays(nodes, edges, words, persons);
  let e = 0;
  let p = 0;
  for (let n = 0; n < nodes; n++) {
    const node = order[n]!;
    edgeStart[n] = e;
    personStart[n] = p;
    let all = node.persons !== null && node.persons.length > 0 ? INITIALS_ONLY | GIVEN_ALONE : 0;
    node.persons?.forEach((person, k) => {
      const bits = node.entryFlags?.[k] ?? 0;
      personList[p] = person;
      entryFlags[p++] = bits;
      all &= bits;
    });
    flags[n] = all;
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

  const keys = hashedTable([...idsByKey].map(([key, keyIds]) => ({ hash: keyHash(key), check: keyCheck(key), values: [...keyIds] })));
  const wordTable = hashedTable([...(tables.words ?? [])].map(([signature, id]) => ({ hash: keyHash(signature), check: keyCheck(signature), values: [id] })));
  const initials = hashedTable([...(tables.initials ?? [])].map(([signature, who]) => ({ hash: keyHash(signature), check: keyCheck(signature), values: [...who] })));
  return {
    nodes, maxDepth, wordCount: words, edgeStart, edgeWord, edgeNode, rootChild, personStart, personList, entryFlags, flags,
    keys, words: wordTable, initials,
  };
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

/** The word ids a key stands for, or null. */
export const idsOfKey = (index: NameIndex, key: string, hash: number = keyHash(key)): Int32Array | null => valuesOf(index.keys, key, hash);

/** The values a string stands for in a table, or null. */
export function valuesOf(table: HashedTable, key: string, hash: number = keyHash(key)): Int32Array | null {
  const { bucketStart, hashes } = table;
  const b = bucketOf(hash, table.bucketBits);
  const first = hash | 0;
  let check: number | undefined;
  for (let k = bucketStart[b]!, end = bucketStart[b + 1]!; k < end; k++) {
    if (hashes[2 * k] === first && hashes[2 * k + 1] === (check ??= keyCheck(key))) {
      return table.values.subarray(table.start[k]!, table.start[k + 1]!);
    }
  }
  return null;
}

export interface HashedEntry {
  hash: number;
  check: number;
  values: number[];
}

/** Entries' order: keyHash unsigned, then keyCheck. */
const compareEntries = (aHash: number, aCheck: number, bHash: number, bCheck: number): number =>
  (aHash >>> 0) - (bHash >>> 0) || (aCheck | 0) - (bCheck | 0);

/**
 * The entries in the table's order. Two with both hashes equal become one standing for the
 * values of both: a look-up of either finds all of them (more, never fewer: no name is lost to a
 * collision, however unlikely).
 */
export function hashedKeys(entries: HashedEntry[]): HashedEntry[] {
  entries.sort((a, b) => compareEntries(a.hash, a.check, b.hash, b.check));
  let kept = 0;
  for (const entry of entries) {
    const last = entries[kept - 1];
    if (last !== undefined && last.hash === entry.hash && last.check === entry.check) {
      for (const value of entry.values) if (!last.values.includes(value)) last.values.push(value);
    } else entries[kept++] = entry;
  }
  entries.length = kept;
  return entries;
}

/** A table of these entries. */
export function hashedTable(entries: HashedEntry[]): HashedTable {
  const sorted = hashedKeys(entries);
  const hashes: number[] = [];
  const start: number[] = [];
  const values: number[] = [];
  for (const entry of sorted) {
    hashes.push(entry.hash | 0, entry.check | 0);
    start.push(values.length);
    for (const value of entry.values) values.push(value);
  }
  return tableOf(hashes, start, values);
}

/** Freezes entries already in the table's order (hashes in pairs; start without its final end). */
function tableOf(hashes: number[], start: number[], values: number[]): HashedTable {
  start.push(values.length);
  return withBuckets(sharedInt32(hashes), sharedInt32(start), sharedInt32(values));
}

/**
 * The table with each value mapped (`map`: the new value, or -1 to drop it; an entry left without
 * values is dropped) and `added` entries put in (into an entry of the same hashes, if any): in
 * one pass over its typed arrays, no object per entry (a table of 650,000 keys in ~10 ms).
 */
export function patchedTable(table: HashedTable, map: ((value: number) => number) | null, added: HashedEntry[]): HashedTable {
  const extra = hashedKeys(added);
  let extraValues = 0;
  for (const entry of extra) extraValues += entry.values.length;
  const count = table.start.length - 1;
  const capacity = count + extra.length;
  const hashes = shared(Int32Array, 2 * capacity);
  const start = shared(Int32Array, capacity + 1);
  const values = shared(Int32Array, table.values.length + extraValues);
  let k = 0;
  let v = 0;
  /** Puts one entry: the base's values [from, to) mapped, then `more` not among them. */
  const put = (hash: number, check: number, from: number, to: number, more: readonly number[] | null) => {
    const at = v;
    for (let q = from; q < to; q++) {
      const value = map === null ? table.values[q]! : map(table.values[q]!);
      if (value >= 0) values[v++] = value;
    }
    if (more !== null) {
      for (const value of more) {
        let present = false;
        for (let q = at; q < v && !present; q++) present = values[q] === value;
        if (!present) values[v++] = value;
      }
    }
    if (v === at) return;
    hashes[2 * k] = hash;
    hashes[2 * k + 1] = check;
    start[k++] = at;
  };
  let a = 0;
  let b = 0;
  while (b < count) {
    if (map === null) {
      // Values kept as they are: the entries before the next added one, copied as a block.
      let to = count;
      if (a < extra.length) {
        let lo = b;
        let hi = count;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (compareEntries(table.hashes[2 * mid]!, table.hashes[2 * mid + 1]!, extra[a]!.hash, extra[a]!.check) < 0) lo = mid + 1;
          else hi = mid;
        }
        to = lo;
      }
      if (to > b) {
        hashes.set(table.hashes.subarray(2 * b, 2 * to), 2 * k);
        const from = table.start[b]!;
        values.set(table.values.subarray(from, table.start[to]!), v);
        for (let e = b; e < to; e++) start[k++] = table.start[e]! - from + v;
        v += table.start[to]! - from;
        b = to;
        if (b === count) break;
      }
    }
    const hash = table.hashes[2 * b]!;
    const check = table.hashes[2 * b + 1]!;
    while (a < extra.length && compareEntries(extra[a]!.hash, extra[a]!.check, hash, check) < 0) {
      put(extra[a]!.hash, extra[a]!.check, 0, 0, extra[a]!.values);
      a++;
    }
    const same = a < extra.length && compareEntries(extra[a]!.hash, extra[a]!.check, hash, check) === 0 ? extra[a++]!.values : null;
    put(hash, check, table.start[b]!, table.start[b + 1]!, same);
    b++;
  }
  for (; a < extra.length; a++) put(extra[a]!.hash, extra[a]!.check, 0, 0, extra[a]!.values);
  start[k] = v;
  // Views of the part filled (entries dropped leave the rest unused): still the shared memory.
  return withBuckets(hashes.subarray(0, 2 * k), start.subarray(0, k + 1), values.subarray(0, v));
}

/** The table of entries already in order, with its buckets. */
function withBuckets(hashes: Int32Array, start: Int32Array, values: Int32Array): HashedTable {
  const count = start.length - 1;
  const bits = bucketBitsFor(count);
  const bucketStart = shared(Int32Array, 2 ** bits + 1);
  let bucket = 0;
  for (let k = 0; k < count; k++) {
    const b = bucketOf(hashes[2 * k]! >>> 0, bits);
    while (bucket <= b) bucketStart[bucket++] = k;
  }
  while (bucket < bucketStart.length) bucketStart[bucket++] = count;
  return { hashes, start, values, bucketStart, bucketBits: bits };
}

/** Bits of a bucket number: about four entries a bucket, at least 16 buckets, at most 2^24. */
function bucketBitsFor(count: number): number {
  let bits = 4;
  while (bits < 24 && 2 ** bits * 4 < count) bits++;
  return bits;
}

/** The bucket of an (unsigned) keyHash: its top `bits` bits, so that buckets follow the entries' order. */
const bucketOf = (hash: number, bits: number): number => hash >>> (32 - bits);
