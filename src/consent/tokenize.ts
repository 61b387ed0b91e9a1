import { SOFT_HYPHEN } from './fold.js';

/**
 * Words of folded text (fold.ts). A word is a run of letters; it ends at anything else (digits,
 * punctuation, space), so "umarov1987", "yusupov_komil" and "komil.yusupov@example.org" give
 * their names as words. Inside a word:
 *  - an apostrophe between letters stays (O'ktam, Rahimov's), the key drops it later;
 *  - a hyphen or soft hyphen followed by a line break joins the two halves ("Kurba-\nnov");
 *  - a soft hyphen alone is skipped.
 * Each word is also cut where its case says a new word starts ("YusupovKomil", "RAHIMOVKomil"):
 * those segments are a second token stream, matched separately, so that a word in random case
 * ("rAhImOv") is still read whole.
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
  /** Its position in the word stream and in the segment stream (-1: not in that stream). */
  word: number;
  segment: number;
}

export interface Tokens {
  words: Token[];
  /** The words cut at case changes; null when no word has one (most text). */
  segments: Token[] | null;
}

const LETTER = /\p{L}/u;
const letterCache = new Map<number, boolean>();

function isLetterCode(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  let v = letterCache.get(cp);
  if (v === undefined) {
    v = LETTER.test(String.fromCodePoint(cp));
    letterCache.set(cp, v);
  }
  return v;
}

const isNewline = (c: number) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029 || c === 0x85;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x0b || c === 0x0c;
const isHyphen = (c: number) => c === 0x2d || c === 0x2010 || c === 0x2011;

/** Digraph initials as Uzbek and Russian texts write them: "Sh. Rustamov". */
const DIGRAPH_INITIALS = new Set(['sh', 'ch', 'zh', 'kh', 'ts', 'yu', 'ya', 'ye', 'yo', 'gh', 'dj']);

/**
 * If a hyphen or soft hyphen at i is followed by a line break (spaces around it allowed) and then
 * a letter, the index of that letter; otherwise -1.
 */
function lineBreakJoin(text: string, i: number): number {
  let j = i + 1;
  let newline = false;
  // A short window: a wrapped word has a few spaces of indentation at most.
  const limit = Math.min(text.length, i + 16);
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (isNewline(c)) newline = true;
    else if (!isSpace(c) && text[j] !== SOFT_HYPHEN) break;
    j++;
  }
  return newline && j < text.length && isLetterCode(text.codePointAt(j)!) ? j : -1;
}

const isUpper = (ch: string) => ch !== ch.toLowerCase();
const isLower = (ch: string) => ch !== ch.toUpperCase();

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
  const ch = text[k]!;
  return isUpper(ch) ? 1 : isLower(ch) ? -1 : 0;
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
 * The words and segments of folded text. Only tokens that `keep` accepts are returned (a matcher
 * keeps the words that may be part of a name); their positions say which were next to each other.
 */
export function tokenize(folded: string, keep: (token: Token) => boolean = () => true): Tokens {
  const words: Token[] = [];
  let segments: Token[] | null = null;
  let wordCount = 0;
  let segmentCount = 0;
  const n = folded.length;
  let i = 0;
  while (i < n) {
    const u = folded.charCodeAt(i);
    if (u < 0x80 ? (u | 0x20) < 0x61 || (u | 0x20) > 0x7a : !isLetterCode(folded.codePointAt(i)!)) {
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
    while (i < n) {
      const unit = folded.charCodeAt(i);
      if (unit < 0x80 ? (unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a : isLetterCode(folded.codePointAt(i)!)) {
        i += unit >= 0xd800 && unit <= 0xdbff ? 2 : 1;
        continue;
      }
      if (unit === 0x27 && i + 1 < n && isLetterCode(folded.codePointAt(i + 1)!)) {
        i++;
        continue;
      }
      if (isHyphen(unit) || folded[i] === SOFT_HYPHEN) {
        let joined = lineBreakJoin(folded, i);
        if (joined < 0 && folded[i] === SOFT_HYPHEN && i + 1 < n && isLetterCode(folded.codePointAt(i + 1)!)) joined = i + 1;
        if (joined >= 0) {
          text += folded.slice(pieceStart, i);
          (pieces ??= []).push([text.length, joined]);
          i = pieceStart = joined;
          continue;
        }
      }
      break;
    }
    const end = i;
    text += folded.slice(pieceStart, end);
    const cuts = text.length > 1 ? caseCuts(text) : null;
    const word: Token = {
      text, start, end, initial: text.length <= 2 ? initialOf(folded, text, start, end) : Initial.None,
      afterComma: commaBefore(folded, start), word: wordCount++, segment: cuts === null ? segmentCount++ : -1,
    };
    const kept = keep(word);
    if (kept) words.push(word);
    if (cuts !== null) {
      // Cuts come in order: walk the pieces once.
      const all: [number, number][] = [[0, start], ...(pieces ?? [])];
      let p = 0;
      const foldedAt = (k: number) => {
        while (p + 1 < all.length && all[p + 1]![0] <= k) p++;
        return all[p]![1] + (k - all[p]![0]);
      };
      segments ??= words.filter((w) => w.segment >= 0);
      let from = 0;
      for (const k of [...cuts, text.length]) {
        const part = text.slice(from, k);
        const segStart = foldedAt(from);
        const segEnd = k === text.length ? end : foldedAt(k - 1) + 1;
        const segment: Token = {
          text: part, start: segStart, end: segEnd, initial: initialOf(folded, part, segStart, segEnd),
          afterComma: commaBefore(folded, segStart), word: -1, segment: segmentCount++,
        };
        if (keep(segment)) segments.push(segment);
        from = k;
      }
    } else if (segments !== null && kept) {
      segments.push(word);
    }
  }
  return { words, segments };
}
