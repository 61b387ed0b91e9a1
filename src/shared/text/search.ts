import { foldText } from './fold.js';
import { toLatin } from './transliterate.js';

/**
 * Record search (the lists' "q"): folds case, marks and script, and stems English words, so that
 * "Тобылова" finds "Tobylova" and "detained" finds the same records as "detention".
 *
 * The fold is the consent matcher's (fold.ts: marks dropped, ignorables removed) followed by its
 * canonical transliteration (transliterate.ts: Cyrillic and Greek to Latin). Stored text is
 * folded in SQL by `search_fold()`, a function whose tables are generated from this fold, code
 * point by code point (searchFoldSqlTables below; migration 2026-12-04-030), so that the
 * database and this module agree; a test compares them on both PostgreSQL and PGlite.
 *
 * Stemming is done on the query only: each word becomes its stem and the stems of its family
 * ("detained" → detain, detent), and a record matches when its folded text contains one of them.
 * Stored text needs no stemming, so the same trigram index answers every word form.
 */

/** The search fold of any text: lower case, no marks, Latin script. */
export function searchFold(text: string): string {
  return toLatin(foldText(text).text.toLowerCase());
}

const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** At most this many words of a query count (the rest are ignored). */
export const MAX_SEARCH_WORDS = 8;

/**
 * A query as what each word may match: one list of alternatives per word (every word must match,
 * any alternative of it will do). Empty when the query has no word.
 */
export function searchTerms(query: string): string[][] {
  // Words are what white space separates, without the punctuation around them ("Tobylova,");
  // a word of punctuation only ("%") is searched for as it is.
  const words = searchFold(query).split(/\s+/u).map((w) => w.replace(EDGE_PUNCTUATION, '') || w).filter((w) => w !== '');
  const terms: string[][] = [];
  const seen = new Set<string>();
  for (const word of words.slice(0, MAX_SEARCH_WORDS)) {
    const alternatives = wordForms(word);
    const id = alternatives.join('|');
    if (!seen.has(id)) terms.push(alternatives), seen.add(id);
  }
  return terms;
}

/** Whether folded text contains every word of the query (in one of its forms): the SQL test, in memory. */
export function matchesSearch(terms: readonly string[][], text: string): boolean {
  const folded = searchFold(text);
  return terms.every((alternatives) => alternatives.some((a) => folded.includes(a)));
}

// ---------------------------------------------------------------------------------------------
// English stemming (light: inflections and the commonest derivations)

/** Suffixes removed, longest first; the stem keeps at least MIN_STEM letters. */
const SUFFIXES = ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ions', 'ion', 'edly', 'ed', 'es', 's'];
const MIN_STEM = 4;

/**
 * Stems whose derivations change a letter (detain → detention): each group is one family, and a
 * word of any of them finds the others.
 */
const FAMILIES: readonly (readonly string[])[] = [
  ['detain', 'detent'],
  ['retain', 'retent'],
  ['abstain', 'abstent'],
  ['expell', 'expuls'],
  ['compell', 'compuls'],
];
const FAMILY_OF = new Map(FAMILIES.flatMap((family) => family.map((stem) => [stem, family] as const)));

/** The English stem of a folded word ("detained" → "detain"); words of other kinds stay as they are. */
export function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= MIN_STEM) return word;
  let s = word;
  for (const suffix of SUFFIXES) {
    if (s.endsWith(suffix) && s.length - suffix.length >= MIN_STEM - 1) {
      s = s.slice(0, -suffix.length);
      // "ss" is not a plural (harass, process).
      if (suffix === 's' && s.endsWith('s')) s = word;
      break;
    }
  }
  // released/release, tortured/torture: a final e goes too.
  if (s.endsWith('e') && s.length > MIN_STEM) s = s.slice(0, -1);
  return s.length >= MIN_STEM - 1 ? s : word;
}

/** What a query word may match: its stem, and the other stems of its family. */
export function wordForms(word: string): string[] {
  const s = stem(word);
  const family = FAMILY_OF.get(s);
  return family ? [...new Set([s, ...family])].sort() : [s];
}

// ---------------------------------------------------------------------------------------------
// The fold as SQL

/** Code points whose fold can differ from the letter itself: Latin with marks, combining marks, Greek, Cyrillic. */
const FOLDED_RANGES: ReadonlyArray<[number, number]> = [[0xc0, 0x24f], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x52f], [0x1e00, 0x1eff]];

/**
 * The fold as SQL can apply it: `translate(from, to)` for letters folding to one letter or none,
 * then `replace` for each letter folding to several (ж → zh). ASCII is left to lower().
 */
export function searchFoldSqlTables(): { from: string; to: string; deleted: string; replacements: Array<[string, string]> } {
  let from = '';
  let to = '';
  let deleted = '';
  const replacements: Array<[string, string]> = [];
  for (const [lo, hi] of FOLDED_RANGES) {
    for (let cp = lo; cp <= hi; cp++) {
      const ch = String.fromCodePoint(cp);
      if (/\p{Cn}/u.test(ch)) continue;
      const folded = searchFold(ch);
      if (folded === ch) continue;
      if (folded.length === 0) deleted += ch;
      else if (folded.length === 1) (from += ch), (to += folded);
      else replacements.push([ch, folded]);
    }
  }
  return { from, to, deleted, replacements };
}

/** The body of the SQL function search_fold(text): lower(), then the tables above. */
export function searchFoldSqlExpression(argument: string): string {
  const { from, to, deleted, replacements } = searchFoldSqlTables();
  const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
  let expr = `lower(${argument})`;
  for (const [ch, folded] of replacements) expr = `replace(${expr}, ${literal(ch)}, ${literal(folded)})`;
  // translate() drops the letters of `from` that have no counterpart in `to`: the deleted ones go last.
  return `translate(${expr}, ${literal(from + deleted)}, ${literal(to)})`;
}
