import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText } from '../../../src/consent/fold.js';
import { tokenize, type Token } from '../../../src/consent/tokenize.js';
import { foldText as oracleFold } from './oracle/fold-oracle.js';
import { tokenize as oracleTokenize } from './oracle/tokenize-oracle.js';

/**
 * The fold and the tokenizer were rewritten for speed (issue 12: tables instead of per-character
 * case tests and regexes). The matcher must keep matching everything it matched, so both must
 * give exactly what the old ones gave (kept in ./oracle/ as they were) on any text, including the
 * shapes names are disguised with.
 */

const PIECES = [
  // Latin, Cyrillic (Russian, Kazakh, Uzbek, Tajik), Greek
  ...'aAbBkKoOrRsSzZyYhHiIlLxX', ...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕЁЖЗИЙКМНОРСТУХЧШЩЭЮЯ',
  ...'әғқңөұүһіӘҒҚҢӨҰҮҺІўқғҳҷӣӯЎҲҶӢӮ', ...'ΑΒΗΚΜΝΟΡΤΧαο',
  // accents, dotted and dotless i, composed letters kept, ligatures, fullwidth, mathematical (astral)
  ...'áÁéëäÄóÓüÜİıšŠžčşçćøØß', 'ﬁ', 'Ｒ', 'ａ', '𝐑', '𝐚', '𝓐',
  // combining marks
  '\u0301', '\u030C', '\u0306', '\u0308', '\u0327',
  // apostrophes and primes
  "'", '`', '´', 'ʻ', 'ʼ', '’', '‘', '′', '＇', 'ʹ',
  // invisible and default-ignorable code points
  '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\u2063', '\u034F', '\uFE0F', '\u{E0041}', '\u180E', '\uFEFF',
  // hyphens, line breaks, spaces, punctuation
  '-', '\u2010', '\u2011', '\n', '\r\n', '\u2028', ' ', '  ', '\t', '\u00A0', '.', ',', '_', '@', '/', ':', '(', ')',
  // digits glued, percent signs and escapes (valid, double-encoded, broken)
  ...'0123456789', '%', '%D0%A0', '%d0%b0', '%25D0%25A0', '%D0', '%E2%80%99', '%41', '%ZZ', '%C0%AF',
  // lone surrogates, an emoji
  '\uD800', '\uDC00', '😀',
];

/** Whole words that make hyphenated breaks, camelCase and initials likely. */
const WORDS = ['Rahimov', 'Рахимов', 'Kurba-\nnov', 'Kurba\u00AD\nnov', "O'ktam", 'To-\n\'xtayev', 'YusupovKomil', 'RAHIMOVKomil',
  'umarov1987', 'F.R.', 'F. R.', 'Sh.', 'Жұмабаевтар', 'Сейтованың', 'Rаhimov', 'Rahimova\u00AD\nFarrukh', 'rAhImOv', 'Abenovs’', 'Rahi- mov', 'pre- and', 'x- Y'];

const texts = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.constantFrom(...WORDS) }), { maxLength: 40 })
  .map((parts) => parts.join(''));

const plain = (tokens: Token[]) => tokens.map((t) => ({ ...t }));

function sameFold(text: string): void {
  const now = foldText(text);
  const before = oracleFold(text);
  expect(now.text).toBe(before.text);
  for (let i = 0; i < now.text.length; i++) {
    expect([now.startOf(i), now.endOf(i)], `unit ${i} of ${JSON.stringify(text)}`).toEqual([before.startOf(i), before.endOf(i)]);
  }
}

function sameTokens(folded: string, keep?: (t: Token) => boolean): void {
  const now = tokenize(folded, keep);
  const before = oracleTokenize(folded, keep as never);
  expect(plain(now.words)).toEqual(plain(before.words as Token[]));
  expect(now.streams.map(plain)).toEqual(before.streams.map((s) => plain(s as Token[])));
}

describe('the fast fold and tokenizer read text exactly as the old ones did', () => {
  it('fold: the same text and the same map back to the original', () => {
    fc.assert(fc.property(texts, sameFold), { numRuns: 3000 });
  });

  it('tokens: the same words and the same other readings, all kept or some', () => {
    fc.assert(fc.property(texts, (text) => {
      const folded = foldText(text).text;
      sameTokens(folded);
      sameTokens(folded, (t) => t.text.length % 3 !== 1);
    }), { numRuns: 3000 });
  });

  it('on any string of any code units too', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
      sameFold(text);
      sameTokens(foldText(text).text);
    }), { numRuns: 2000 });
  });

  it('examples the oracle and the new code must agree on', () => {
    for (const text of [...WORDS, WORDS.join(' '), 'Ra\u200Bh\u00E1\u0301m\u{E0041}', 'S\u030Cukurov у\u0306збек', '%D0%A0%%ZZ%D0x%e2%80%99%41', '']) {
      sameFold(text);
      sameTokens(foldText(text).text);
    }
  });
});
