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

/**
 * Folded text and where each of its UTF-16 units came from in the original. Stored as runs: an
 * identity run (units copied one for one, most text) costs nothing per unit; any other unit
 * (decoded escape, NFKD expansion, letter with marks) has its own [start, end).
 */
export class Folded {
  constructor(
    /** The folded text. U+00AD marks a soft hyphen before white space (it may join a word across a line break). */
    readonly text: string,
    private readonly runFolded: Int32Array,
    private readonly runStart: Int32Array,
    /** -1 for an identity run. */
    private readonly runEnd: Int32Array,
  ) {}

  private run(i: number): number {
    let lo = 0;
    let hi = this.runFolded.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.runFolded[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Original offset where folded unit i starts. */
  startOf(i: number): number {
    const r = this.run(i);
    return this.runEnd[r]! < 0 ? this.runStart[r]! + (i - this.runFolded[r]!) : this.runStart[r]!;
  }

  /** Original offset where folded unit i ends. */
  endOf(i: number): number {
    const r = this.run(i);
    return this.runEnd[r]! < 0 ? this.runStart[r]! + (i - this.runFolded[r]!) + 1 : this.runEnd[r]!;
  }
}

export const SOFT_HYPHEN = '\u00AD';

/** The runs of a text that is its own fold: one identity run from 0. */
const IDENTITY_RUN = { runFolded: new Int32Array([0]), runStart: new Int32Array([0]), runEnd: new Int32Array([-1]) };

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

/**
 * The byte of a "%XX" escape at i and the characters it takes, or null. A URL encoded twice
 * ("%25D0%25A0": the "%" itself escaped) is read through: "%25XX" is the escape "%XX".
 */
function escapedByte(text: string, i: number): { byte: number; width: number } | null {
  if (text.charCodeAt(i) !== 0x25 || i + 2 >= text.length) return null;
  // "%25" repeated stands for "%" escaped once more each time: "%2525D0" is "%D0" too.
  let at = i + 1;
  while (text.startsWith('25', at) && at + 3 < text.length && hexValue(text.charCodeAt(at + 2)) >= 0 && hexValue(text.charCodeAt(at + 3)) >= 0) at += 2;
  const hi = hexValue(text.charCodeAt(at));
  const lo = hexValue(text.charCodeAt(at + 1));
  if (hi < 0 || lo < 0) return null;
  return { byte: hi * 16 + lo, width: at + 2 - i };
}

/**
 * The code point that a run of UTF-8 percent-escapes starting at i encodes, and how many
 * characters it used; null when the escape at i does not start a valid sequence (it is then kept
 * as it is).
 */
function decodeEscapes(text: string, i: number): { cp: number; width: number } | null {
  const first = escapedByte(text, i);
  if (first === null) return null;
  const b0 = first.byte;
  if (b0 < 0x80) return { cp: b0, width: first.width };
  const n = b0 >= 0xf0 && b0 <= 0xf4 ? 4 : b0 >= 0xe0 ? (b0 <= 0xef ? 3 : 0) : b0 >= 0xc2 ? 2 : 0;
  if (n === 0) return null;
  let cp = b0 & (n === 2 ? 0x1f : n === 3 ? 0x0f : 0x07);
  let at = i + first.width;
  for (let k = 1; k < n; k++) {
    const next = escapedByte(text, at);
    if (next === null || (next.byte & 0xc0) !== 0x80) return null;
    cp = (cp << 6) | (next.byte & 0x3f);
    at += next.width;
  }
  const min = n === 2 ? 0x80 : n === 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return { cp, width: at - i };
}

class Builder {
  private readonly chunks: string[] = [];
  length = 0;
  private runs = 0;
  private runFolded = new Int32Array(16);
  private runStart = new Int32Array(16);
  private runEnd = new Int32Array(16);
  /** The original letter and marks of the last cluster, to recompose "s" + caron into "š". */
  private lastBase = '';
  private lastBaseAt = -1;

  constructor(private readonly original: string) {}

  private addRun(folded: number, start: number, end: number): void {
    if (this.runs === this.runFolded.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.runFolded = grow(this.runFolded);
      this.runStart = grow(this.runStart);
      this.runEnd = grow(this.runEnd);
    }
    this.runFolded[this.runs] = folded;
    this.runStart[this.runs] = start;
    this.runEnd[this.runs] = end;
    this.runs++;
  }

  /** Original [from, to) copied as it is. */
  copy(from: number, to: number): void {
    const r = this.runs - 1;
    const extends_ = r >= 0 && this.runEnd[r]! < 0 && this.runStart[r]! + (this.length - this.runFolded[r]!) === from;
    if (!extends_) this.addRun(this.length, from, -1);
    this.chunks.push(this.original.slice(from, to));
    this.lastBase = this.original.slice(to - 1, to);
    this.lastBaseAt = this.length + (to - from) - 1;
    this.length += to - from;
  }

  /** Folded units s standing for original [from, to). */
  push(s: string, from: number, to: number, base: string): void {
    if (s.length === 0) {
      this.lastBaseAt = -1;
      return;
    }
    this.addRun(this.length, from, to);
    this.chunks.push(s);
    this.lastBase = base;
    this.lastBaseAt = this.length;
    this.length += s.length;
  }

  /** A combining mark ending at `to`: part of the previous letter, whose original range grows to cover it. */
  mark(cp: number, to: number): void {
    if (this.length === 0) return;
    const at = this.lastBaseAt >= 0 ? this.lastBaseAt : this.length - 1;
    // A letter takes a mark or two; past that, composing could only cost (and grow quadratically).
    if (this.lastBaseAt >= 0 && this.lastBase.length <= 4) {
      this.lastBase += String.fromCodePoint(cp);
      const composed = this.lastBase.normalize('NFC');
      if (KEEP_COMPOSED.has(composed) && at === this.length - 1) {
        // "s" + combining caron is "š": replace the bare letter, the last unit (same length).
        const last = this.chunks.length - 1;
        this.chunks[last] = this.chunks[last]!.slice(0, -1) + composed;
      }
    }
    const r = this.runs - 1;
    if (this.runEnd[r]! < 0) {
      // The letter was copied in an identity run: it becomes a run of its own.
      const start = this.runStart[r]! + (at - this.runFolded[r]!);
      if (this.runFolded[r] === at) this.runEnd[r] = to;
      else this.addRun(at, start, to);
    } else {
      this.runEnd[r] = to;
    }
  }

  done(): Folded {
    if (this.runs === 0) this.addRun(0, 0, -1);
    return new Folded(
      this.chunks.join(''),
      this.runFolded.slice(0, this.runs),
      this.runStart.slice(0, this.runs),
      this.runEnd.slice(0, this.runs),
    );
  }
}

/**
 * Whether soft hyphens (more, and other invisibles, may follow from `at`) stand before white space
 * or a hyphen: a line break may follow. The answer holds for the whole run of invisibles, so it is
 * remembered up to its end (a run of thousands is looked through once, not once per soft hyphen).
 */
function softHyphenLookAhead(text: string): (at: number) => boolean {
  let runEnd = -1;
  let answer = false;
  return (at) => {
    if (at <= runEnd) return answer;
    let k = at;
    while (k < text.length && (text.charCodeAt(k) === 0xad || isDefaultIgnorable(text.codePointAt(k)!))) k++;
    runEnd = k;
    answer = /[ \t\n\r\u00A0\u2028\u2029\-\u2010\u2011]/.test(text[k] ?? '');
    return answer;
  };
}

/**
 * Per UTF-16 unit: 1 when it folds to itself (copied as it is: most ASCII, most Cyrillic), 2 when
 * it needs a closer look (escape, apostrophe, mark, ignorable, NFKD, surrogate), 0 not known yet.
 * Filled as units are met, so a text is folded with one table look-up per unit.
 */
const unitClass = new Uint8Array(0x10000);

function classOf(c: number): number {
  let k = unitClass[c]!;
  if (k === 0) {
    const plain =
      c < 0x80
        ? c !== 0x25 && c !== 0x60
        : !(c >= 0xd800 && c <= 0xdfff) && c !== 0xad && !isDefaultIgnorable(c) && !isMark(c) && foldCodePoint(c) === String.fromCharCode(c);
    k = plain ? 1 : 2;
    unitClass[c] = k;
  }
  return k;
}

/** Folds text for matching (see the module comment), keeping where each folded unit came from. */
export function foldText(text: string): Folded {
  const n = text.length;
  let i = 0;
  // Most text folds to itself: then it is its own fold, one identity run.
  while (i < n && classOf(text.charCodeAt(i)) === 1) i++;
  if (i === n) return new Folded(text, IDENTITY_RUN.runFolded, IDENTITY_RUN.runStart, IDENTITY_RUN.runEnd);
  const b = new Builder(text);
  if (i > 0) b.copy(0, i);
  const softHyphenBeforeBreak = softHyphenLookAhead(text);
  while (i < n) {
    const c = text.charCodeAt(i);
    // Units that fold to themselves (ASCII other than "%" and "`", most letters): copied in runs.
    if (classOf(c) === 1) {
      let j = i + 1;
      while (j < n && classOf(text.charCodeAt(j)) === 1) j++;
      b.copy(i, j);
      i = j;
      continue;
    }
    let cp: number;
    let next: number;
    let decoded = false;
    if (c === 0x25) {
      const escape = decodeEscapes(text, i);
      if (escape === null) {
        b.copy(i, i + 1);
        i++;
        continue;
      }
      cp = escape.cp;
      next = i + escape.width;
      decoded = true;
    } else {
      cp = text.codePointAt(i)!;
      next = i + (cp > 0xffff ? 2 : 1);
    }
    const ch = String.fromCodePoint(cp);
    if (cp === 0xad && softHyphenBeforeBreak(next)) {
      // Kept only before a line break, where it joins a word ("Kurba\u00AD\nnov"); else invisible.
      b.push(SOFT_HYPHEN, i, next, '');
    } else if (cp < 0x80) {
      // "`" or a decoded ASCII escape
      b.push(cp === 0x60 ? "'" : ch, i, next, ch);
    } else if (isDefaultIgnorable(cp)) {
      // dropped: never seen by a reader
    } else if (isMark(cp)) {
      b.mark(cp, next);
    } else {
      const f = foldCodePoint(cp);
      if (f === ch && !decoded) b.copy(i, next);
      else b.push(f, i, next, ch);
    }
    i = next;
  }
  return b.done();
}

/** Joiners and selectors that other scripts and emoji need: kept unless next to a Latin, Cyrillic or Greek letter. */
const CONTEXTUAL = /[\u200C\u200D\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/u;
const IGNORABLE_RUN = /\p{Default_Ignorable_Code_Point}+/gu;
const NEIGHBOUR_LETTER = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u;

/**
 * Text made only of characters that NFC leaves alone, alone and side by side, and that are no
 * default-ignorable code point: Latin up to U+02FF without the soft hyphen (U+00AD), Cyrillic
 * and Kazakh letters without the combining marks (U+0483–U+0489), general punctuation without
 * the invisible and bidi controls (U+2028–U+202E, U+2060–) but with the narrow no-break space
 * (U+202F, French typography), and the euro sign. No combining mark: nothing to compose or
 * reorder. (test/unit/visible-text.test.ts proves every pair of these stays as it is.)
 */
export const ALREADY_VISIBLE = /^[\u0000-\u00AC\u00AE-\u02FF\u0400-\u0482\u048A-\u052F\u2010-\u2027\u202F-\u205E\u20AC]*$/;

/**
 * The text as a reader sees it: NFC, default-ignorable code points removed. Zero-width (non-)joiners
 * and variation selectors stay where they are not next to a Latin, Cyrillic or Greek letter, because
 * Persian, Indic scripts and emoji need them; everywhere else they only hide a name.
 */
export function visibleText(text: string): string {
  // Most record text is Latin, Cyrillic and common punctuation, already visible: one scan says so.
  if (ALREADY_VISIBLE.test(text)) return text;
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
