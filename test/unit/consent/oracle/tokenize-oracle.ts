// The tokenizer as it was before the scan path was made faster (issue 12): kept as the oracle of
// tokenize.property.test.ts. Do not change it.
import { SOFT_HYPHEN } from './fold-oracle.js';

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
    this.tokens ??= words.filter((w) => w !== word).map((w) => ({ ...w }));
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
    else if (!isSpace(c) && !isHyphen(c) && text[j] !== SOFT_HYPHEN) break;
    j++;
  }
  if (j >= text.length) return -1;
  // Session 21: a line break a PDF copy turned into a space ("Rahi- mov": one space, a small letter
  // after it, a letter before the hyphen) joins too — the rule changed, so the oracle with it.
  if (!newline) {
    const small = text[j]!;
    return j === i + 2 && isSpace(text.charCodeAt(i + 1)) && isHyphen(text.charCodeAt(i)) && i > 0 && isLetterCode(text.codePointAt(i - 1)!)
      && small !== small.toUpperCase() && small === small.toLowerCase() ? j : -1;
  }
  // The word goes on with a letter, or an apostrophe and a letter (To-\n'xtayev).
  const k = text.charCodeAt(j) === 0x27 ? j + 1 : j;
  return k < text.length && isLetterCode(text.codePointAt(k)!) ? j : -1;
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
    /** Offsets in the text where a soft hyphen joined two pieces. */
    let softJoins: number[] | null = null;
    while (i < n) {
      const unit = folded.charCodeAt(i);
      if (unit < 0x80 ? (unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a : isLetterCode(folded.codePointAt(i)!)) {
        i += unit >= 0xd800 && unit <= 0xdbff ? 2 : 1;
        continue;
      }
      // An apostrophe inside the word: a letter follows, or a line-break join (To'-\nxtayev).
      if (unit === 0x27 && i + 1 < n) {
        const after = folded.charCodeAt(i + 1);
        const joins = isHyphen(after) || folded[i + 1] === SOFT_HYPHEN ? lineBreakJoin(folded, i + 1) >= 0 : false;
        if (joins || isLetterCode(folded.codePointAt(i + 1)!)) {
          i++;
          continue;
        }
      }
      if (isHyphen(unit) || folded[i] === SOFT_HYPHEN) {
        let joined = lineBreakJoin(folded, i);
        if (joined < 0 && folded[i] === SOFT_HYPHEN) {
          // Soft hyphens not before a line break are invisible (fold.ts drops most of them).
          let k = i;
          while (k < n && folded[k] === SOFT_HYPHEN) k++;
          if (k < n && isLetterCode(folded.codePointAt(k)!)) joined = k;
        }
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
    text += folded.slice(pieceStart, end);
    const word: Token = {
      text, start, end, initial: text.length <= 2 ? initialOf(folded, text, start, end) : Initial.None,
      afterComma: commaBefore(folded, start), n: wordCount++,
    };
    const kept = keep(word);
    if (kept) words.push(word);
    const caseCut = text.length > 1 ? caseCuts(text) : null;
    if (caseCut === null && pieces === null) {
      for (const { stream } of streams) stream.add(word, kept, words, null, null);
      continue;
    }
    const all: [number, number][] = [[0, start], ...(pieces ?? [])];
    const allJoins = pieces?.map(([k]) => k).filter((k) => k > 0 && k < text.length) ?? [];
    const soft = softJoins?.filter((k) => k > 0 && k < text.length) ?? [];
    for (const { caseCut: byCase, joins, stream } of streams) {
      // "Rahimova\u00AD\nFarrukh" may be two words: some streams cut at soft-hyphen joins, or at every join.
      const cuts = [...(byCase ? caseCut ?? [] : []), ...(joins === 'soft' ? soft : joins === 'all' ? allJoins : [])];
      stream.add(word, kept, words, cuts.length === 0 ? null : [...new Set(cuts)].sort((x, y) => x - y), all);
    }
  }
  return { words, streams: streams.map((s) => s.stream.tokens).filter((t): t is Token[] => t !== null) };
}
