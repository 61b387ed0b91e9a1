import { foldText } from './fold.js';
import { toLatin } from './transliterate.js';

/**
 * Record search (the lists' "q"): folds case, marks and script, and stems English words, so that
 * "Тобылова" finds "Tobylova" and "detained" finds the same records as "detention".
 *
 * The fold is the consent matcher's (fold.ts: marks dropped, ignorables removed) followed by its
 * canonical transliteration (transliterate.ts: Cyrillic and Greek to Latin). Stored text is
 * folded in SQL by `search_fold()`, a function whose tables are generated from this fold, code
 * point by code point (searchFoldSqlTables below; migrations 2026-12-04-030 and 2026-12-09-010),
 * so that the database and this module agree; a test compares them, every code point, on both
 * PostgreSQL and PGlite. An incident's folded text written by the service itself is folded here
 * (records-write.repository.ts); the trigger folds it in SQL for any other writer.
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

/**
 * Code points whose fold can differ from the letter itself: Latin with marks, combining marks,
 * Greek, Cyrillic; and the apostrophes, spaces and invisible characters of names as typed — the
 * grave accent, ´, modifier letters (the Uzbek ʻ of Gʻafurov), ‘ ’, no-break and thin spaces, the
 * soft hyphen, zero-width characters (added by migration 2026-12-09-010: before, "Gʻafurov" as
 * stored did not fold to the "g'afurov" that a search for it, in any spelling, looks for).
 */
const FOLDED_RANGES: ReadonlyArray<[number, number]> = [
  [0x60, 0x60], [0xa0, 0xbf], [0xc0, 0x24f], [0x2b0, 0x2ff], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x52f],
  [0x1e00, 0x1eff], [0x1f00, 0x1fff], [0x2000, 0x206f],
];

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

/**
 * The characters most record text is made of, commonest first: English and Russian letters after
 * lower(), then punctuation and digits. See searchFoldSqlExpression.
 */
const COMMON_FIRST = ' etaoinsrhldcumfpgwybvkxjqzоеаинтсрвлкмдпуыгзбйэ.,-0123456789()\'"/:;';

/**
 * The body of the SQL function search_fold(text): lower(), then the tables above.
 *
 * PostgreSQL's translate() looks each character of the text up in `from` from its start, so its
 * cost is the text's length times the place the character is found at: the whole of `from` (~970
 * letters) for every character that does not fold, every ASCII letter among them — about 8 ms for
 * an incident's 1,500 letters, the most of a bundle import's time (issue 18). So the commonest
 * characters come first: those that fold with their fold, those that do not mapped to themselves
 * (translate then leaves them as they are, as before). The result is the same, character for
 * character (test/integration/db/record-search.test.ts compares every code point).
 */
export function searchFoldSqlExpression(argument: string): string {
  const { from, to, deleted, replacements } = searchFoldSqlTables();
  const toChars = [...to];
  const foldOf = new Map([...from].map((ch, i) => [ch, toChars[i]!]));
  const untouched = (ch: string) => !deleted.includes(ch) && !replacements.some(([r]) => r === ch);
  const common = [...COMMON_FIRST].filter(untouched);
  const pairs: Array<[string, string]> = [
    ...common.map((ch): [string, string] => [ch, foldOf.get(ch) ?? ch]),
    ...[...foldOf].filter(([ch]) => !common.includes(ch)),
  ];
  const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
  let expr = `lower(${argument})`;
  for (const [ch, folded] of replacements) expr = `replace(${expr}, ${literal(ch)}, ${literal(folded)})`;
  // translate() drops the letters of `from` that have no counterpart in `to`: the deleted ones go last.
  const fromText = pairs.map(([ch]) => ch).join('') + deleted;
  const full = `translate(${expr}, ${literal(fromText)}, ${literal(pairs.map(([, folded]) => folded).join(''))})`;
  // Text of ASCII alone (most English record text) needs lower() and the few ASCII characters
  // that fold (the grave accent): ~0.03 ms for 1,500 letters where the tables take ~0.7.
  let ascii = `lower(${argument})`;
  for (const [ch, folded] of foldOf) if (ch < '\x80') ascii = `replace(${ascii}, ${literal(ch)}, ${literal(folded)})`;
  for (const ch of deleted) if (ch < '\x80') ascii = `replace(${ascii}, ${literal(ch)}, '')`;
  return `case when ${argument} !~ '[^\\x01-\\x7f]' then ${ascii} else ${full} end`;
}
