/**
 * Folding of text for name matching, with a map back to the original offsets.
 *
 * The same fold runs over a protected person's name and over the text searched, so anything that
 * makes two strings look or read the same to a person must make them the same here:
 *  - percent-escapes are decoded ("%D0%A0" is "Р" in a URL), leniently, one escape at a time;
 *  - default-ignorable code points (soft hyphen, zero-width and bidi controls, variation selectors,
 *    tag characters…) are dropped: a reader never sees them;
 *  - compatibility forms are unfolded (NFKD: fullwidth, mathematical bold, ligatures) and combining
 *    marks dropped (Rahmónov = Rahmonov, Äbilov = Abilov), except on the few letters whose mark
 *    makes them another letter in some spelling (š = sh, ž = zh, č = ch, ş = sh, ў = o', й, ё);
 *  - every apostrophe-like character becomes "'" (NFKD would turn "´" into a space).
 * Case is kept: the tokenizer needs it for camelCase and initials; keys lower-case later.
 */

export interface Folded {
  /** The folded text. U+00AD marks where a soft hyphen was (it may join a word across a line break). */
  text: string;
  /** Offset in the original text where folded code unit i comes from: [start[i], end[i]). */
  start: Int32Array;
  end: Int32Array;
}

export const SOFT_HYPHEN = '\u00AD';

/** Letters kept composed: their mark makes them a digraph in other spellings. */
const KEEP_COMPOSED = new Set([...'šžčşçŝĉẑǰўйёŠŽČŞÇŜĈẐЎЙЁ']);

/** Apostrophes and letter-apostrophes of the Uzbek Latin alphabet (oʻ, gʻ), primes used for ь/ъ. */
const APOSTROPHES = new Set([...'\'`´ʹʺʻʼʽˈ‘’‛′＇']);

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const MARK = /\p{M}/u;

const foldCache = new Map<number, string>();
const ignorableCache = new Map<number, boolean>();

export function isDefaultIgnorable(cp: number): boolean {
  if (cp < 0xad) return false;
  let v = ignorableCache.get(cp);
  if (v === undefined) {
    v = DEFAULT_IGNORABLE.test(String.fromCodePoint(cp));
    ignorableCache.set(cp, v);
  }
  return v;
}

function isMark(cp: number): boolean {
  return cp >= 0x300 && MARK.test(String.fromCodePoint(cp));
}

/** The fold of one non-ASCII, non-ignorable, non-mark code point. */
function foldCodePoint(cp: number): string {
  let f = foldCache.get(cp);
  if (f !== undefined) return f;
  const ch = String.fromCodePoint(cp);
  if (APOSTROPHES.has(ch)) f = "'";
  else if (KEEP_COMPOSED.has(ch)) f = ch;
  else {
    f = '';
    for (const d of ch.normalize('NFKD')) {
      const dcp = d.codePointAt(0)!;
      if (isMark(dcp) || isDefaultIgnorable(dcp)) continue;
      f += APOSTROPHES.has(d) ? "'" : d;
    }
  }
  if (foldCache.size < 20_000) foldCache.set(cp, f);
  return f;
}

const hexValue = (c: number): number =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;

/** The byte of a "%XX" escape at i, or -1. */
function escapedByte(text: string, i: number): number {
  if (text.charCodeAt(i) !== 0x25 || i + 2 >= text.length) return -1;
  const hi = hexValue(text.charCodeAt(i + 1));
  const lo = hexValue(text.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/**
 * The code point that a run of UTF-8 percent-escapes starting at i encodes, and how many escapes
 * it used; null when the escape at i does not start a valid sequence (it is then kept as it is).
 */
function decodeEscapes(text: string, i: number): { cp: number; escapes: number } | null {
  const b0 = escapedByte(text, i);
  if (b0 < 0) return null;
  if (b0 < 0x80) return { cp: b0, escapes: 1 };
  const n = b0 >= 0xf0 && b0 <= 0xf4 ? 4 : b0 >= 0xe0 ? (b0 <= 0xef ? 3 : 0) : b0 >= 0xc2 ? 2 : 0;
  if (n === 0) return null;
  let cp = b0 & (n === 2 ? 0x1f : n === 3 ? 0x0f : 0x07);
  for (let k = 1; k < n; k++) {
    const b = escapedByte(text, i + 3 * k);
    if (b < 0 || (b & 0xc0) !== 0x80) return null;
    cp = (cp << 6) | (b & 0x3f);
  }
  const min = n === 2 ? 0x80 : n === 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return { cp, escapes: n };
}

class Builder {
  text: string[] = [];
  start: Int32Array;
  end: Int32Array;
  length = 0;
  /** The original letter and marks of the last cluster, to recompose "s" + caron into "š". */
  lastBase = '';
  lastBaseAt = -1;
  lastBaseLength = 0;

  constructor(capacity: number) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }

  reserve(need: number): void {
    if (this.length + need <= this.start.length) return;
    const size = Math.max(this.start.length * 2, this.length + need + 16);
    const start = new Int32Array(size);
    const end = new Int32Array(size);
    start.set(this.start.subarray(0, this.length));
    end.set(this.end.subarray(0, this.length));
    this.start = start;
    this.end = end;
  }

  push(s: string, from: number, to: number): void {
    this.reserve(s.length);
    for (let k = 0; k < s.length; k++) {
      this.start[this.length] = from;
      this.end[this.length] = to;
      this.length++;
    }
    this.text.push(s);
  }

  /** A combining mark: part of the previous letter (its original range grows to cover it). */
  mark(cp: number, to: number): void {
    if (this.length === 0) return;
    if (this.lastBaseAt >= 0) {
      this.lastBase += String.fromCodePoint(cp);
      const composed = this.lastBase.normalize('NFC');
      if (KEEP_COMPOSED.has(composed) && this.lastBaseLength === 1 && this.lastBaseAt === this.length - 1) {
        // "s" + combining caron is "š": replace the bare letter, the last unit pushed (same length).
        const last = this.text.length - 1;
        this.text[last] = this.text[last]!.slice(0, -1) + composed;
      }
    }
    for (let k = this.lastBaseAt >= 0 ? this.lastBaseAt : this.length - 1; k < this.length; k++) this.end[k] = to;
  }

  base(original: string, at: number, length: number): void {
    this.lastBase = original;
    this.lastBaseAt = at;
    this.lastBaseLength = length;
  }
}

/** Folds text for matching (see the module comment), keeping where each folded unit came from. */
export function foldText(text: string): Folded {
  const b = new Builder(text.length + 16);
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // ASCII other than "%", "'" and "`": copied as it is, in runs.
    if (c < 0x80 && c !== 0x25 && c !== 0x60) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d >= 0x80 || d === 0x25 || d === 0x60) break;
        j++;
      }
      b.reserve(j - i);
      for (let k = i; k < j; k++) {
        b.start[b.length] = k;
        b.end[b.length] = k + 1;
        b.length++;
      }
      b.text.push(text.slice(i, j));
      // The last letter of the run may take a combining mark next.
      b.base(text[j - 1]!, b.length - 1, 1);
      i = j;
      continue;
    }
    let cp: number;
    let next: number;
    if (c === 0x25) {
      const decoded = decodeEscapes(text, i);
      if (decoded === null) {
        b.push('%', i, i + 1);
        b.base('%', b.length - 1, 1);
        i++;
        continue;
      }
      cp = decoded.cp;
      next = i + 3 * decoded.escapes;
    } else {
      cp = text.codePointAt(i)!;
      next = i + (cp > 0xffff ? 2 : 1);
    }
    if (cp === 0xad) {
      b.push(SOFT_HYPHEN, i, next);
      b.base('', -1, 0);
    } else if (cp < 0x80) {
      const ch = cp === 0x60 ? "'" : String.fromCharCode(cp);
      b.push(ch, i, next);
      b.base(String.fromCharCode(cp), b.length - 1, 1);
    } else if (isDefaultIgnorable(cp)) {
      // dropped: never seen by a reader
    } else if (isMark(cp)) {
      b.mark(cp, next);
    } else {
      const f = foldCodePoint(cp);
      const at = b.length;
      if (f.length > 0) b.push(f, i, next);
      b.base(String.fromCodePoint(cp), f.length > 0 ? at : -1, f.length);
    }
    i = next;
  }
  return { text: b.text.join(''), start: b.start.subarray(0, b.length), end: b.end.subarray(0, b.length) };
}

/**
 * The original offsets of the folded range [from, to): from where its first unit came from to where
 * its last unit ends.
 */
export function originalRange(folded: Folded, from: number, to: number): [number, number] {
  return [folded.start[from]!, folded.end[to - 1]!];
}

/** Joiners and selectors that other scripts and emoji need: kept unless next to a Latin, Cyrillic or Greek letter. */
const CONTEXTUAL = /[\u200C\u200D\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/u;
const IGNORABLE_RUN = /\p{Default_Ignorable_Code_Point}+/gu;
const NEIGHBOUR_LETTER = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u;

/**
 * The text as a reader sees it: NFC, default-ignorable code points removed. Zero-width (non-)joiners
 * and variation selectors stay where they are not next to a Latin, Cyrillic or Greek letter, because
 * Persian, Indic scripts and emoji need them; everywhere else they only hide a name.
 */
export function visibleText(text: string): string {
  const normal = text.normalize('NFC');
  IGNORABLE_RUN.lastIndex = 0;
  if (!IGNORABLE_RUN.test(normal)) return normal;
  IGNORABLE_RUN.lastIndex = 0;
  return normal.replace(IGNORABLE_RUN, (run, offset: number) => {
    let kept = '';
    const before = String.fromCodePoint(normal.codePointAt(Math.max(0, offset - 1)) ?? 0x20);
    const afterCp = normal.codePointAt(offset + run.length);
    const after = afterCp === undefined ? ' ' : String.fromCodePoint(afterCp);
    const besideLetter = NEIGHBOUR_LETTER.test(before) || NEIGHBOUR_LETTER.test(after);
    if (besideLetter) return '';
    for (const ch of run) if (CONTEXTUAL.test(ch)) kept += ch;
    return kept;
  });
}
