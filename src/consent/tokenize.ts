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

export function tokenize(folded: string): Tokens {
  const words: Token[] = [];
  let segments: Token[] | null = null;
  const n = folded.length;
  let i = 0;
  while (i < n) {
    const cp = folded.codePointAt(i)!;
    if (!isLetterCode(cp)) {
      i++;
      continue;
    }
    // A word from i: letters, inner apostrophes, joined line breaks.
    let text = '';
    const start = i;
    let end = i;
    /** Offsets in `text` and folded offsets where a case change starts a new segment. */
    const cuts: [number, number][] = [];
    /** Folded offset of each character of `text`. */
    const at: number[] = [];
    while (i < n) {
      const c = folded.codePointAt(i)!;
      if (isLetterCode(c)) {
        const ch = String.fromCodePoint(c);
        const len = ch.length;
        text += ch;
        for (let k = 0; k < len; k++) at.push(i + k);
        i += len;
        end = i;
        continue;
      }
      const unit = folded.charCodeAt(i);
      if (unit === 0x27 && i + 1 < n && isLetterCode(folded.codePointAt(i + 1)!) && text.length > 0) {
        text += "'";
        at.push(i);
        i++;
        continue;
      }
      if (isHyphen(unit) || folded[i] === SOFT_HYPHEN) {
        const joined = lineBreakJoin(folded, i);
        if (joined >= 0) {
          i = joined;
          continue;
        }
        if (folded[i] === SOFT_HYPHEN && i + 1 < n && isLetterCode(folded.codePointAt(i + 1)!)) {
          i++;
          continue;
        }
      }
      break;
    }
    // Case changes: aB (camelCase), ABc (an upper-case word before a capitalised one).
    for (let k = 1; k < text.length; k++) {
      const prev = text[k - 1]!;
      const cur = text[k]!;
      const next = text[k + 1];
      if (!isUpper(cur)) continue;
      if (isLower(prev) || (isUpper(prev) && next !== undefined && isLower(next))) cuts.push([k, at[k]!]);
    }
    words.push({ text, start, end, initial: initialOf(folded, text, start, end), afterComma: commaBefore(folded, start) });
    if (cuts.length > 0) {
      segments ??= words.slice(0, -1).map((w) => ({ ...w }));
      let from = 0;
      let fromAt = start;
      for (const [k, pos] of [...cuts, [text.length, end] as [number, number]]) {
        const part = text.slice(from, k);
        const segEnd = k === text.length ? end : at[k - 1]! + 1;
        segments.push({
          text: part, start: fromAt, end: segEnd, initial: initialOf(folded, part, fromAt, segEnd), afterComma: commaBefore(folded, fromAt),
        });
        from = k;
        fromAt = pos;
      }
    } else if (segments !== null) {
      segments.push({ ...words[words.length - 1]! });
    }
  }
  return { words, segments };
}
