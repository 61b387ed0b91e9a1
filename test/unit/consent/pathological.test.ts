import { describe, expect, it } from 'vitest';
import { NameMatcher, pseudonymSharesNamePart, type ProtectedPerson } from '../../../src/consent/index.js';
import { FARRUKH, SHAVKAT } from './persons.js';

/**
 * Pathological input (ReDoS guard): the matcher has no backtracking regex per name, so time grows
 * with the input, not with its shape. Each case runs at two sizes, 8x apart; the larger must not
 * cost disproportionately more (a quadratic step would cost ~64x, a linear one ~8x). The bounds are
 * loose, and each time the best of three: the machine may be busy.
 */
const A16: ProtectedPerson = { key: 'p-a', kind: 'individual', name: 'аааа'.repeat(16), nameNative: null, pseudonym: 'A' };
const matcher = new NameMatcher([A16, FARRUKH, SHAVKAT]);

function cost(make: (n: number) => string, n: number): number {
  const text = make(n);
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    matcher.redact(text);
    matcher.findMentions(text);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const CASES: [string, (n: number) => string][] = [
  ['one long word of а', (n) => 'а'.repeat(n)],
  ['а separated by spaces', (n) => 'а '.repeat(n)],
  ['the 64-letter name repeated', (n) => `${'аааа'.repeat(16)} `.repeat(n / 65)],
  ['the name with letters missing, repeated', (n) => `${'аааа'.repeat(15)}ааа `.repeat(n / 64)],
  ['a surname with endings repeated in one word', (n) => `Рахимов${'тар'.repeat(n / 3)}`],
  ['a surname with endings, many words', (n) => 'Рахимовтардыңтардың '.repeat(n / 20)],
  ['given name, then separators', (n) => `Farrukh${' ,'.repeat(n / 2)}Rahimov`],
  ['given names repeated', (n) => 'Shavkat Karimovich '.repeat(n / 19)],
  ['initials repeated', (n) => 'F. K. R. S. '.repeat(n / 12)],
  ['percent signs', (n) => '%'.repeat(n)],
  ['broken percent-escapes', (n) => '%D0%'.repeat(n / 4)],
  ['valid percent-escapes', (n) => '%D0%A0%D0%B0'.repeat(n / 12)],
  ['invisible characters', (n) => `Ra${'\u200B\u00AD\u2063'.repeat(n / 3)}himov`],
  ['combining marks on one letter', (n) => `Ra${'\u0301'.repeat(n)}himov`],
  ['hyphen line breaks', (n) => `Kurba${'-\n'.repeat(n / 2)}nov`],
  ['soft hyphens and line breaks in one word', (n) => `a${'\u00AD\nb'.repeat(n / 3)}`],
  ['camelCase run', (n) => 'aB'.repeat(n / 2)],
  ['camelCase names glued', (n) => 'FarrukhRahimov'.repeat(n / 14)],
  ['apostrophes', (n) => "a'".repeat(n / 2)],
  ['homoglyph-mixed words', (n) => 'Rахimоv '.repeat(n / 8)],
];

describe('pathological input finishes in time proportional to its length', () => {
  it.each(CASES)('%s', (_label, make) => {
    cost(make, 2_000); // warm up
    const small = Math.max(cost(make, 10_000), 5);
    const large = cost(make, 80_000);
    expect(large).toBeLessThan(10_000);
    expect(large / small).toBeLessThan(32);
  });

  it('a name of "аааа" x 16 is found and the 10,000-letter word is not it', () => {
    expect(matcher.findMentions('а'.repeat(10_000))).toEqual([]);
    expect(matcher.findMentions(`x ${'аааа'.repeat(16)} y`).map((m) => m.personKeys)).toEqual([['p-a']]);
  });

  it('building and checking a pathological name', () => {
    const t0 = performance.now();
    const long: ProtectedPerson = { key: 'p-l', kind: 'individual', name: Array(50).fill('Rahimov').join(' '), nameNative: 'а'.repeat(5_000), pseudonym: 'L' };
    expect(pseudonymSharesNamePart(long)).toBeNull();
    new NameMatcher([long]).redact('Rahimov '.repeat(1_000));
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
