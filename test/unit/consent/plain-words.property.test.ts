import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText } from '../../../src/consent/fold.js';
import { NameMatcher } from '../../../src/consent/index.js';
import { ENTRY, Initial, plainWords, tokenize, wordOf, type Token } from '../../../src/consent/tokenize.js';
import { ALL, FARRUKH, SHAVKAT } from './persons.js';

/**
 * The matcher reads a text's words as ids (tokenize.ts: plainWords) and makes tokens only of
 * the words it knows (issue 12: no string or object per word). It must find exactly what
 * reading every token of `tokenize` found: the same words at the same places, the same readings
 * (initials, commas), the same numbers, the same streams of words cut at case changes.
 */

const PIECES = [
  ...'aAbBkKoOrRsSzZ', ...'абвгдеёжзийклмнАБВЕЁЖЗИЙКМНәғқңөұүһіӘҒ', ...'áÁéİıšŠ', '𝐑', '𝐚', 'ﬁ',
  '\u0301', "'", '`', 'ʻ', '’', '\u00AD', '\u200B', '\u2063', '-', '\u2010', '\n', '\r\n', ' ', '  ', '\t', '\u00A0', '.', ',', '_',
  '@', '/', '(', ...'0123456789', '%', '%D0%A0', '%ZZ', '\uD800', '😀',
];
const NAMES = [...new Set(ALL.flatMap((p) => [p.name, p.nameNative ?? '']).flatMap((n) => n.split(/\s+/)).filter((w) => w.length > 0))];
const WORDS = [...NAMES, 'Rahimova', 'Rakhimov', 'Raximov', 'Рахимовтардың', 'YusupovKomil', 'RAHIMOVKomil', 'NGOs', 'KazTAG', 'umarov1987',
  'F.R.', 'F. R.', 'Sh.', 'Rаhimov', 'the Rahimovs’', 'Kurba-\nnov', 'Kurba\u00AD\nnov', 'To-\n\'xtayev', 'of', 'group', 'Blogger F'];

const texts = fc.array(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...PIECES) }, { weight: 3, arbitrary: fc.constantFrom(...WORDS) }), { maxLength: 40 })
  .map((parts) => parts.join(''));

const plain = (t: Token) => ({ text: t.text, start: t.start, end: t.end, initial: t.initial, afterComma: t.afterComma, n: t.n });

/** Tokens of plainWords' entries: the words (n >= 0), and the cut stream (cutN >= 0) when a word is cut. */
function tokensOfEntries(folded: string): { words: ReturnType<typeof plain>[]; cut: ReturnType<typeof plain>[] | null } | null {
  const read = plainWords(folded);
  if (read === null) return null;
  const words: ReturnType<typeof plain>[] = [];
  const cut: ReturnType<typeof plain>[] = [];
  for (let e = 0; e < read.count; e++) {
    const [start, end, id, n, cutN] = read.entries.subarray(e * ENTRY, e * ENTRY + ENTRY);
    const { text, initial, afterComma } = wordOf(id!);
    expect(text).toBe(folded.slice(start, end));
    // The reading keeps the comma only where an initial can use it; tokens have it everywhere.
    const comma = initial === Initial.None ? plain(tokenize(folded).words.find((w) => w.start === start) ?? ({ afterComma: false } as Token)).afterComma : afterComma;
    const token = { text, start: start!, end: end!, initial, afterComma: comma, n: 0 };
    if (n! >= 0) words.push({ ...token, n: n! });
    if (cutN! >= 0) cut.push({ ...token, n: cutN! });
  }
  return { words, cut: read.cut ? cut : null };
}

function sameAsTokenize(text: string): void {
  const folded = foldText(text).text;
  const fast = tokensOfEntries(folded);
  const all = tokenize(folded);
  if (fast === null) {
    // Only a word joined across a line break (or a soft hyphen) is read by tokenize alone.
    expect(/[-\u2010\u2011\u00AD]/.test(folded)).toBe(true);
    return;
  }
  expect(fast.words).toEqual(all.words.map(plain));
  if (fast.cut === null) expect(all.streams).toEqual([]);
  else for (const stream of all.streams) expect(stream.map(plain)).toEqual(fast.cut);
}

/**
 * The same text with a word joined across a line break after a paragraph break and a full stop (no join reaches back over it): the matcher
 * then reads it through `tokenize` (every token), and no name can reach across the paragraph.
 */
const readEveryToken = (text: string) => `${text}\n\n. zq-\nzq`;

describe('the matcher reads words as ids and finds what reading every token found', () => {
  it('plainWords gives tokenize\'s words, readings, numbers and cut stream', () => {
    fc.assert(fc.property(texts, sameAsTokenize), { numRuns: 3000 });
  });

  it('on any string of any code units too', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), sameAsTokenize), { numRuns: 2000 });
  });

  it('finds the same names at the same places as the reading of every token', () => {
    const matcher = new NameMatcher(ALL);
    const shielded = new NameMatcher(ALL).shieldedBy(new NameMatcher([{ ...FARRUKH, key: 'p-other', name: 'Farrukh Rahimov Jr' }]));
    fc.assert(fc.property(texts, (text) => {
      for (const m of [matcher, shielded]) {
        const fast = m.findMentions(text);
        const full = m.findMentions(readEveryToken(text)).filter((s) => s.end <= text.length);
        expect(fast).toEqual(full);
        expect(m.redact(readEveryToken(text))).toBe(`${m.redact(text)}\n\n. zq-\nzq`);
      }
    }), { numRuns: 2000 });
  });

  it('a text with more distinct words than the table of word ids holds is still read whole', () => {
    // 250,000 distinct junk words (the table holds 200,000: it is emptied midway), names at both ends.
    const junk: string[] = [];
    for (let k = 0; k < 250_000; k++) junk.push(`xz${String(k).replace(/[0-9]/g, (d) => 'bcdfghjklm'[Number(d)]!)}`);
    const text = `Farrukh Rahimov ${junk.join(' ')} Rakhimov`;
    const m = new NameMatcher(ALL);
    const found = m.findMentions(text);
    expect(found.map((s) => s.text)).toEqual(['Farrukh Rahimov', 'Rakhimov']);
    expect(found[1]!.start).toBe(text.length - 'Rakhimov'.length);
    // And shorter texts read afterwards are read as before.
    expect(m.redact('Farrukh Rahimov, F.R.')).toBe('Blogger F, Blogger F.');
  });

  it('examples: camelCase and cut words, initials after commas, names in every script', () => {
    const m = new NameMatcher([...ALL, SHAVKAT]);
    for (const text of [
      'YusupovKomil and RAHIMOVKomil met KazTAG', 'Rahimov, F. Karimov; Sh. Rustamov', 'Рахимовтардың үйі', 'the NGOs’ statement on FarrukhRahimov',
      'Фаррух Рахимов, Farrukh Rakhimov and F.R.', WORDS.join(' '),
    ]) {
      sameAsTokenize(text);
      expect(m.findMentions(text)).toEqual(m.findMentions(readEveryToken(text)).filter((s) => s.end <= text.length));
      expect(m.findMentions(text).length).toBeGreaterThan(0);
    }
  });
});
