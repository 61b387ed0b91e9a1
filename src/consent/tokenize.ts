import { detached } from '../shared/text/detached.js';
import { SOFT_HYPHEN } from './fold.js';

/**
 * Words of folded text (fold.ts). A word is a run of letters; it ends at anything else (digits,
 * punctuation, space), so "umarov1987", "yusupov_komil" and "komil.yusupov@example.org" give
 * their names as words. Inside a word:
 *  - an apostrophe between letters stays (O'ktam, Rahimov's), the key drops it later;
 *  - a hyphen or soft hyphen followed by a line break joins the two halves ("Kurba-\nnov");
 *  - a soft hyphen alone is skipped.
 * Each word is also cut where its case says a new word starts ("YusupovKomil", "RAHIMOVKomil")
 * and where a line-break join was (a soft hyphen may stand between two words): the cut words are
 * other token streams, matched separately, so that a word in random case ("rAhImOv") or a
 * hyphenated one is still read whole too.
 */

export const Initial = {
  None: 0,
  /** One capital letter, or a letter with a full stop: may stand for a first name (F. Rahimov). */
  May: 1,
  /** A capital letter with a full stop right before or after: F.R., F. R. */
  Dotted: 2,
} as const;
export type Initial = (typeof Initial)[keyof typeof Initial];

export interface Token {
  /** Letters of the word, and apostrophes between them; case kept. */
  text: string;
  /** Folded offsets [start, end) of its first and after its last letter. */
  start: number;
  end: number;
  initial: Initial;
  /** A comma before it (only spaces between): "Rahimov, F. Karimov" gives F. to Karimov. */
  afterComma: boolean;
  /** Its position in its stream: tokens next to each other have consecutive numbers. */
  n: number;
}

export interface Tokens {
  words: Token[];
  /**
   * The other readings of the same words: cut at case changes or not, and at no line-break join,
   * at soft-hyphen joins or at every join. Only the streams where some word has such a cut (none,
   * in most text).
   */
  streams: Token[][];
}

/** A second token stream: the words, some cut in parts. Materialised at its first cut. */
class Stream {
  tokens: Token[] | null = null;
  private count = 0;

  constructor(
    private readonly folded: string,
    private readonly keep: (token: Token) => boolean,
  ) {}

  /**
   * One word, cut at `cuts` (offsets in its text), or whole. `pieces` maps offsets in the text to
   * folded offsets: [offset in text, folded offset] where each piece of a joined word starts.
   */
  add(word: Token, kept: boolean, words: Token[], cuts: number[] | null, pieces: [number, number][] | null): void {
    if (cuts === null || pieces === null) {
      if (this.tokens !== null && kept) this.tokens.push({ ...word, n: this.count });
      this.count++;
      return;
    }
    // Until the first cut, this stream is the word stream: same tokens, same numbers.
    if (this.tokens === null) {
      this.tokens = words.filter((w) => w !== word).map((w) => ({ ...w }));
      this.count = word.n;
    }
    // Offsets come in increasing order: walk the pieces once.
    let p = 0;
    const foldedAt = (k: number) => {
      while (p + 1 < pieces.length && pieces[p + 1]![0] <= k) p++;
      return pieces[p]![1] + (k - pieces[p]![0]);
    };
    let from = 0;
    for (const k of [...cuts, word.text.length]) {
      const part = word.text.slice(from, k);
      const start = foldedAt(from);
      const end = k === word.text.length ? word.end : foldedAt(k - 1) + 1;
      const token: Token = {
        text: part, start, end, initial: initialOf(this.folded, part, start, end),
        afterComma: commaBefore(this.folded, start), n: this.count++,
      };
      if (this.keep(token)) this.tokens.push(token);
      from = k;
    }
  }
}

const LETTER = /\p{L}/u;
const letterCache = new Map<number, boolean>();
/** Per BMP code point: 1 a letter, 2 not, 0 not known yet (filled as code points are met). */
const letterTable = new Uint8Array(0x10000);

function isLetterCode(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  if (cp < 0x10000) {
    let k = letterTable[cp]!;
    if (k === 0) letterTable[cp] = k = LETTER.test(String.fromCharCode(cp)) ? 1 : 2;
    return k === 1;
  }
  let v = letterCache.get(cp);
  if (v === undefined) {
    v = LETTER.test(String.fromCodePoint(cp));
    letterCache.set(cp, v);
  }
  return v;
}

/** Whether the code point at i of s is a letter, and the width it takes (0: not a letter). */
function letterAt(s: string, i: number): number {
  const u = s.charCodeAt(i);
  if (u < 0x80) return (u | 0x20) >= 0x61 && (u | 0x20) <= 0x7a ? 1 : 0;
  if (u < 0xd800 || u > 0xdfff) {
    let k = letterTable[u]!;
    if (k === 0) letterTable[u] = k = LETTER.test(String.fromCharCode(u)) ? 1 : 2;
    return k === 1 ? 1 : 0;
  }
  const cp = s.codePointAt(i)!;
  return isLetterCode(cp) ? (cp > 0xffff ? 2 : 1) : 0;
}

const isNewline = (c: number) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029 || c === 0x85;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x0b || c === 0x0c;
const isHyphen = (c: number) => c === 0x2d || c === 0x2010 || c === 0x2011;

/** Digraph initials as Uzbek and Russian texts write them: "Sh. Rustamov". */
const DIGRAPH_INITIALS = new Set(['sh', 'ch', 'zh', 'kh', 'ts', 'yu', 'ya', 'ye', 'yo', 'gh', 'dj']);

/**
 * If a hyphen or soft hyphen at i is followed by a line break (spaces around it allowed) and then
 * a letter — or by one space and a small letter — the index of that letter; otherwise -1.
 */
function lineBreakJoin(text: string, i: number): number {
  let j = i + 1;
  let newline = false;
  // A short window: a wrapped word has a few spaces of indentation at most.
  const limit = Math.min(text.length, i + 16);
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (isNewline(c)) newline = true;
    else if (!isSpace(c) && !isHyphen(c) && text[j] !== SOFT_HYPHEN) break;
    j++;
  }
  if (j >= text.length) return -1;
  // A line break that text copied out of a PDF turned into a space: "Rahi- mov" (one space, a
  // small letter after it, a letter before the hyphen). Also read cut, as every join is.
  if (!newline) {
    const small = text[j]!;
    return j === i + 2 && isSpace(text.charCodeAt(i + 1)) && isHyphen(text.charCodeAt(i)) && i > 0 && isLetterCode(text.codePointAt(i - 1)!)
      && small !== small.toUpperCase() && small === small.toLowerCase() ? j : -1;
  }
  // The word goes on with a letter, or an apostrophe and a letter (To-\n'xtayev).
  const k = text.charCodeAt(j) === 0x27 ? j + 1 : j;
  return k < text.length && isLetterCode(text.codePointAt(k)!) ? j : -1;
}

/**
 * A hyphen or soft hyphen at i that joins the word to letters after it: a line-break join, or soft
 * hyphens not before a line break (invisible: fold.ts drops most of them). The index of the
 * letter the word goes on with, or -1.
 */
function joinAt(folded: string, i: number): number {
  let joined = lineBreakJoin(folded, i);
  if (joined < 0 && folded[i] === SOFT_HYPHEN) {
    let k = i;
    while (k < folded.length && folded[k] === SOFT_HYPHEN) k++;
    if (k < folded.length && isLetterCode(folded.codePointAt(k)!)) joined = k;
  }
  return joined;
}

/** An apostrophe at i inside a word: a letter follows, or a line-break join (To'-\nxtayev). */
function apostropheInWord(folded: string, i: number): boolean {
  if (folded.charCodeAt(i) !== 0x27 || i + 1 >= folded.length) return false;
  const after = folded.charCodeAt(i + 1);
  const joins = isHyphen(after) || folded[i + 1] === SOFT_HYPHEN ? lineBreakJoin(folded, i + 1) >= 0 : false;
  return joins || isLetterCode(folded.codePointAt(i + 1)!);
}

/**
 * Case of each UTF-16 unit read alone: bit 1 upper (it changes when lower-cased), bit 2 lower (it
 * changes when upper-cased), bit 4 known. Filled as units are met.
 */
const caseTable = new Uint8Array(0x10000);

function caseBits(u: number): number {
  let k = caseTable[u]!;
  if (k === 0) {
    const ch = String.fromCharCode(u);
    k = 4 | (ch !== ch.toLowerCase() ? 1 : 0) | (ch !== ch.toUpperCase() ? 2 : 0);
    caseTable[u] = k;
  }
  return k;
}

const isUpper = (ch: string) => (caseBits(ch.charCodeAt(0)) & 1) !== 0;
const isLower = (ch: string) => (caseBits(ch.charCodeAt(0)) & 2) !== 0;

function commaBefore(folded: string, start: number): boolean {
  let k = start - 1;
  while (k >= 0 && isSpace(folded.charCodeAt(k))) k--;
  return k >= 0 && folded.charCodeAt(k) === 0x2c;
}

function initialOf(folded: string, word: string, start: number, end: number): Initial {
  const letters = word.length;
  if (letters > 2 || word.includes("'")) return Initial.None;
  if (letters === 2 && !(DIGRAPH_INITIALS.has(word.toLowerCase()) && isUpper(word[0]!) && isLower(word[1]!))) {
    return Initial.None;
  }
  const dotAfter = folded.charCodeAt(end) === 0x2e;
  const dotBefore = start > 0 && folded.charCodeAt(start - 1) === 0x2e;
  const capital = isUpper(word[0]!);
  if (capital && (dotAfter || dotBefore)) return Initial.Dotted;
  return capital || dotAfter ? Initial.May : Initial.None;
}

/** Upper (1) or lower (-1) case of the code unit at k (ASCII fast). */
function caseAt(text: string, k: number): -1 | 0 | 1 {
  const c = text.charCodeAt(k);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? 1 : c >= 0x61 && c <= 0x7a ? -1 : 0;
  const bits = caseBits(c);
  return (bits & 1) !== 0 ? 1 : (bits & 2) !== 0 ? -1 : 0;
}

/**
 * Offsets in a word's text where its case says a new word starts: aB (camelCase), ABc (an
 * upper-case word before a capitalised one).
 */
function caseCuts(text: string): number[] | null {
  let cuts: number[] | null = null;
  let prev = caseAt(text, 0);
  for (let k = 1; k < text.length; k++) {
    const cur = caseAt(text, k);
    if (cur === 1 && (prev === -1 || (prev === 1 && k + 1 < text.length && caseAt(text, k + 1) === -1))) (cuts ??= []).push(k);
    prev = cur;
  }
  return cuts;
}

/**
 * The words of folded text, and their other readings. Only tokens that `keep` accepts are returned (a matcher
 * keeps the words that may be part of a name); their positions say which were next to each other.
 */
export function tokenize(folded: string, keep: (token: Token) => boolean = () => true): Tokens {
  const words: Token[] = [];
  // [cut at case changes, cut at joins: none, soft-hyphen ones, all]
  const streams = ([[true, 'none'], [false, 'soft'], [true, 'soft'], [false, 'all'], [true, 'all']] as const).map(
    ([caseCut, joins]) => ({ caseCut, joins, stream: new Stream(folded, keep) }),
  );
  let wordCount = 0;
  /** Streams that have cut a word (the others are still the word stream). */
  let cutStreams = 0;
  const n = folded.length;
  let i = 0;
  while (i < n) {
    if (letterAt(folded, i) === 0) {
      i++;
      continue;
    }
    // A word from i: letters, inner apostrophes, joined line breaks. Its text is the folded text
    // in pieces, cut where a join skipped something; `pieces` maps text offsets back.
    const start = i;
    let text = '';
    let pieceStart = i;
    /** [offset in text, folded offset] where each piece after the first starts. */
    let pieces: [number, number][] | null = null;
    /** Offsets in the text where a soft hyphen joined two pieces. */
    let softJoins: number[] | null = null;
    while (i < n) {
      const unit = folded.charCodeAt(i);
      const width = letterAt(folded, i);
      if (width > 0) {
        i += width;
        continue;
      }
      if (apostropheInWord(folded, i)) {
        i++;
        continue;
      }
      if (isHyphen(unit) || folded[i] === SOFT_HYPHEN) {
        const joined = joinAt(folded, i);
        if (joined >= 0) {
          text += folded.slice(pieceStart, i);
          (pieces ??= []).push([text.length, joined]);
          if (folded.slice(i, joined).includes(SOFT_HYPHEN)) (softJoins ??= []).push(text.length);
          i = pieceStart = joined;
          continue;
        }
      }
      break;
    }
    const end = i;
    text = pieces === null ? folded.slice(start, end) : text + folded.slice(pieceStart, end);
    const word: Token = {
      text, start, end, initial: text.length <= 2 ? initialOf(folded, text, start, end) : Initial.None,
      afterComma: commaBefore(folded, start), n: wordCount++,
    };
    const kept = keep(word);
    if (kept) words.push(word);
    const caseCut = text.length > 1 ? caseCuts(text) : null;
    if (caseCut === null && pieces === null) {
      // A stream not cut yet is the word stream (its numbers are the words'): only cut ones take the word.
      if (cutStreams > 0) for (const { stream } of streams) if (stream.tokens !== null) stream.add(word, kept, words, null, null);
      continue;
    }
    const all: [number, number][] = [[0, start], ...(pieces ?? [])];
    const allJoins = pieces?.map(([k]) => k).filter((k) => k > 0 && k < text.length) ?? [];
    const soft = softJoins?.filter((k) => k > 0 && k < text.length) ?? [];
    for (const { caseCut: byCase, joins, stream } of streams) {
      // "Rahimova\u00AD\nFarrukh" may be two words: some streams cut at soft-hyphen joins, or at every join.
      const cuts = [...(byCase ? caseCut ?? [] : []), ...(joins === 'soft' ? soft : joins === 'all' ? allJoins : [])];
      if (cuts.length === 0) {
        if (stream.tokens !== null) stream.add(word, kept, words, null, null);
        continue;
      }
      if (stream.tokens === null) cutStreams++;
      stream.add(word, kept, words, [...new Set(cuts)].sort((x, y) => x - y), all);
    }
  }
  return { words, streams: streams.map((s) => s.stream.tokens).filter((t): t is Token[] => t !== null) };
}

/** Whether a word's [start, end) of folded text has a case change where caseCuts would cut it. */
function hasCaseCut(folded: string, start: number, end: number): boolean {
  let prev = caseAt(folded, start);
  for (let k = start + 1; k < end; k++) {
    const cur = caseAt(folded, k);
    if (cur === 1 && (prev === -1 || (prev === 1 && k + 1 < end && caseAt(folded, k + 1) === -1))) return true;
    prev = cur;
  }
  return false;
}

const DIGRAPH_CODES = new Set([...DIGRAPH_INITIALS].map((d) => (d.charCodeAt(0) << 8) | d.charCodeAt(1)));

/** initialOf for the word folded.slice(start, end), without making that string when it is ASCII. */
export function initialAt(folded: string, start: number, end: number): Initial {
  const length = end - start;
  if (length > 2) return Initial.None;
  const c0 = folded.charCodeAt(start);
  const c1 = length === 2 ? folded.charCodeAt(start + 1) : 0;
  if (c0 >= 0x80 || c1 >= 0x80 || c1 === 0x27) return initialOf(folded, folded.slice(start, end), start, end);
  const capital = c0 >= 0x41 && c0 <= 0x5a;
  // Two letters: only a digraph initial, capital then small ("Sh."), is one.
  if (length === 2 && !(capital && c1 >= 0x61 && c1 <= 0x7a && DIGRAPH_CODES.has(((c0 | 0x20) << 8) | c1))) return Initial.None;
  const dotAfter = folded.charCodeAt(end) === 0x2e;
  const dotBefore = start > 0 && folded.charCodeAt(start - 1) === 0x2e;
  if (capital && (dotAfter || dotBefore)) return Initial.Dotted;
  return capital || dotAfter ? Initial.May : Initial.None;
}

export { commaBefore };

/** The reading of a word that look-ups depend on: 0, or its initial and whether a comma stands before it. */
const readingOf = (initial: Initial, afterComma: boolean) => (initial === Initial.None ? 0 : initial * 2 + (afterComma ? 1 : 0));

function hashRange(s: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let k = start; k < end; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return h;
}

/**
 * Distinct words (with the reading initialAt gives them) as numbers, for the whole process: a
 * text's words become ids once, and each matcher remembers per id what the word is to it (an
 * array look-up per word and matcher, no string). Open addressing, linear probing. Emptied when
 * full: `epoch` then changes and ids given before mean nothing.
 */
class WordIds {
  epoch = 0;
  /**
   * Per slot, side by side (one cache line for a probe): the word's hash, and its id and reading
   * packed (`id * 8 + reading`; -1: empty). The words' letters are in one array (`letters`, the
   * word `id` at `starts[id]` up to `starts[id + 1]`), compared there without reading a string.
   */
  private table = new Int32Array(2 << 12).fill(-1);
  private mask = (1 << 12) - 1;
  private letters = new Uint16Array(1 << 16);
  private starts = new Int32Array(1 << 12);
  private texts: string[] = [];
  private readingOf: number[] = [];

  constructor(private readonly limit: number) {}

  text(id: number): string {
    return this.texts[id]!;
  }

  reading(id: number): number {
    return this.readingOf[id]!;
  }

  /** The id of folded[start, end) read as `reading`; `hash` is hashRange of it. */
  id(folded: string, start: number, end: number, hash: number, reading: number): number {
    const h = (Math.imul(hash ^ (reading + 1), 0x9e3779b1) ^ (hash >>> 13)) | 0;
    const length = end - start;
    const { table, mask, letters, starts } = this;
    let slot = h & mask;
    for (;;) {
      const packed = table[2 * slot + 1]!;
      if (packed < 0) break;
      if (table[2 * slot] === h && (packed & 7) === reading) {
        const id = packed >> 3;
        const from = starts[id]!;
        if (starts[id + 1]! - from === length) {
          let k = 0;
          while (k < length && letters[from + k] === folded.charCodeAt(start + k)) k++;
          if (k === length) return id;
        }
      }
      slot = (slot + 1) & mask;
    }
    const id = this.texts.length;
    if (id >= this.limit) {
      this.epoch++;
      this.texts = [];
      this.readingOf = [];
      this.table = new Int32Array(2 << 12).fill(-1);
      this.mask = (1 << 12) - 1;
      return this.id(folded, start, end, hash, reading);
    }
    if (2 * (id + 1) > mask + 1) {
      this.resize((mask + 1) * 2);
      return this.id(folded, start, end, hash, reading);
    }
    // The letters, and where the next word's start (room for both first).
    const from = starts[id]!;
    if (from + length > letters.length) this.letters = grown(letters, from + length);
    if (id + 2 > starts.length) this.starts = grown(starts, id + 2);
    for (let k = 0; k < length; k++) this.letters[from + k] = folded.charCodeAt(start + k);
    this.starts[id + 1] = from + length;
    // A copy of its own: a slice would keep the whole text it came from alive.
    this.texts.push(detached(folded.slice(start, end)));
    this.readingOf.push(reading);
    table[2 * slot] = h;
    table[2 * slot + 1] = id * 8 + reading;
    return id;
  }

  /** A table of `capacity` slots holding the ids held now. */
  private resize(capacity: number): void {
    const old = this.table;
    const table = new Int32Array(2 * capacity).fill(-1);
    const mask = capacity - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1]! < 0) continue;
      let slot = old[k]! & mask;
      while (table[2 * slot + 1]! >= 0) slot = (slot + 1) & mask;
      table[2 * slot] = old[k]!;
      table[2 * slot + 1] = old[k + 1]!;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** A copy of `array` with room for at least `length` entries. */
function grown<T extends Uint16Array | Int32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(length, 2 * array.length));
  bigger.set(array);
  return bigger;
}

/** How many word ids an epoch gives (ids are below it). */
export const WORD_IDS = 200_000;
const WORDS = new WordIds(WORD_IDS);

/** The epoch of the word ids (they mean nothing in another). */
export const wordEpoch = (): number => WORDS.epoch;

/** A word's text and reading, by its id. */
export function wordOf(id: number): { text: string; initial: Initial; afterComma: boolean } {
  const reading = WORDS.reading(id);
  return { text: WORDS.text(id), initial: (reading >> 1) as Initial, afterComma: (reading & 1) === 1 };
}

/**
 * What `tokenize` reads of a folded text, as numbers: per entry (ENTRY ints each) its
 * [start, end) in the folded text, its word id (wordOf), its number in tokenize's words (-1 for a
 * part of a cut word) and its number in the stream of words cut at case changes (-1 for a word
 * that is cut: its parts stand there instead). Entries are in text order, a cut word before its
 * parts. Made once per text and shared by every matcher that reads it.
 *
 * When there is such a list (plainWords returns null for a text with a word joined across a
 * line break or soft hyphen: tokenize reads those in pieces and in several streams),
 * `tokenize` gives exactly: words = the entries with n >= 0, in order, with these offsets and
 * the text and reading of their id; and no other stream when no word is cut, or else the stream
 * of the entries with cutN >= 0 (three copies of it, whose spans are the same).
 */
export interface PlainWords {
  entries: Int32Array;
  count: number;
  /** Some word is cut at a case change (there is a cut stream). */
  cut: boolean;
  epoch: number;
}
export const ENTRY = 5;

/** Entries of a text as they are written: grown when full. */
class EntryWriter {
  count = 0;
  constructor(public entries: Int32Array) {}

  add(start: number, end: number, id: number, n: number, cutN: number): void {
    const at = this.count * ENTRY;
    if (at + ENTRY > this.entries.length) {
      const bigger = new Int32Array(this.entries.length * 2);
      bigger.set(this.entries);
      this.entries = bigger;
    }
    const entries = this.entries;
    entries[at] = start;
    entries[at + 1] = end;
    entries[at + 2] = id;
    entries[at + 3] = n;
    entries[at + 4] = cutN;
    this.count++;
  }
}

function idOf(folded: string, start: number, end: number, hash: number): number {
  const initial = end - start > 2 ? Initial.None : initialAt(folded, start, end);
  return WORDS.id(folded, start, end, hash, readingOf(initial, initial !== Initial.None && commaBefore(folded, start)));
}

/**
 * The entries of a folded text (see PlainWords), written into `buffer` (or a bigger array when it
 * is too small: the result's `entries`); null for a text with a word joined across a line break,
 * or with more distinct words than the table of ids holds (tokenize reads such texts).
 */
export function plainWords(folded: string, buffer: Int32Array = new Int32Array(64), again = false): PlainWords | null {
  const length = folded.length;
  const out = new EntryWriter(buffer);
  const epoch = WORDS.epoch;
  let n = 0;
  /** Numbers in the cut stream: the words' until the first cut, then one per part. */
  let cutN = 0;
  let cut = false;
  let i = 0;
  while (i < length) {
    const first = folded.charCodeAt(i);
    if (first < 0x80 ? !((first | 0x20) >= 0x61 && (first | 0x20) <= 0x7a) : letterAt(folded, i) === 0) {
      i++;
      continue;
    }
    const start = i;
    let hash = 0x811c9dc5 | 0;
    /** A unit after the first that may be upper case: only then can a case change cut the word. */
    let capitalInside = false;
    while (i < length) {
      const unit = folded.charCodeAt(i);
      if (unit < 0x80) {
        if ((unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a) {
          if (unit <= 0x5a && i > start) capitalInside = true;
          hash = Math.imul(hash ^ unit, 0x01000193);
          i++;
          continue;
        }
      } else {
        const width = letterAt(folded, i);
        if (width > 0) {
          if (i > start && width === 1 && (caseBits(unit) & 1) !== 0) capitalInside = true;
          hash = Math.imul(hash ^ unit, 0x01000193);
          if (width === 2) hash = Math.imul(hash ^ folded.charCodeAt(i + 1), 0x01000193);
          i += width;
          continue;
        }
      }
      if (apostropheInWord(folded, i)) {
        hash = Math.imul(hash ^ unit, 0x01000193);
        i++;
        continue;
      }
      if ((isHyphen(unit) || unit === 0xad) && joinAt(folded, i) >= 0) return null;
      break;
    }
    if (capitalInside && i - start > 1 && hasCaseCut(folded, start, i)) {
      cut = true;
      out.add(start, i, idOf(folded, start, i, hash), n++, -1);
      let from = start;
      for (const k of caseCuts(folded.slice(start, i))!) {
        out.add(from, start + k, idOf(folded, from, start + k, hashRange(folded, from, start + k)), -1, cutN++);
        from = start + k;
      }
      out.add(from, i, idOf(folded, from, i, hashRange(folded, from, i)), -1, cutN++);
    } else {
      out.add(start, i, idOf(folded, start, i, hash), n++, cutN++);
    }
  }
  // The ids were given in one epoch (a table emptied midway would mix two); a text with more
  // distinct words than the table holds is read by tokenize instead.
  if (WORDS.epoch !== epoch) return again ? null : plainWords(folded, out.entries, true);
  return { entries: out.entries, count: out.count, cut, epoch };
}
