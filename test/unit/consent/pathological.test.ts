import { describe, expect, it } from 'vitest';
import { matcherWork, NameMatcher, pseudonymSharesNamePart, type ProtectedPerson } from '../../../src/consent/index.js';
import { initialsOnly, nameWords } from '../../../src/consent/name-variants.js';
import { FARRUKH, SHAVKAT } from './persons.js';

/**
 * Pathological input (ReDoS guard): the matcher has no backtracking regex per name, so its work
 * grows with the input, not with its shape. Each case runs at two sizes, 8x apart; the larger
 * must not cost disproportionately more (a quadratic step would cost ~64x, a linear one ~8x).
 * The cost is the matcher's own count of its work (characters folded, words looked up, trie
 * states visited), not a clock: the machine may be busy, the count is the same every time.
 */
const A16: ProtectedPerson = { key: 'p-a', kind: 'individual', name: 'аааа'.repeat(16), nameNative: null, pseudonym: 'A' };
/** A name with a number: the matcher reads the digits and "No." around its words. */
const GROUP5: ProtectedPerson = { key: 'g-5', kind: 'group', name: 'Initiative group 5', nameNative: null, pseudonym: 'Group E' };
const matcher = new NameMatcher([A16, FARRUKH, SHAVKAT, GROUP5]);

function cost(make: (n: number) => string, n: number): number {
  const text = make(n);
  // A fresh matcher each time: words remembered from an earlier run would make the larger one cheap.
  const fresh = new NameMatcher([A16, FARRUKH, SHAVKAT, GROUP5]);
  const before = matcherWork.steps;
  fresh.redact(text);
  fresh.findMentions(text);
  return matcherWork.steps - before;
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
  ['a name with numbers, then one long number', (n) => `Initiative group ${'5'.repeat(n - 17)}`],
  ['a name with numbers, repeated with numbers between', (n) => 'Initiative group 5, 5 '.repeat(n / 22)],
  ['a name with numbers and words that say "number", repeated', (n) => 'Initiative group No. No. 5 № '.repeat(n / 30)],
  ['numbers and ordinals around a name, repeated', (n) => '5th 5 Initiative group 5th 5 '.repeat(n / 30)],
];

describe('pathological input finishes in time proportional to its length', () => {
  it.each(CASES)('%s', (_label, make) => {
    const small = cost(make, 10_000);
    const large = cost(make, 80_000);
    expect(small).toBeGreaterThan(0);
    expect(large / small).toBeLessThan(10);
    // And in absolute terms: a bounded number of steps per character.
    expect(large).toBeLessThan(80_000 * 20);
  });

  it('a name of "аааа" x 16 is found and the 10,000-letter word is not it', () => {
    expect(matcher.findMentions('а'.repeat(10_000))).toEqual([]);
    expect(matcher.findMentions(`x ${'аааа'.repeat(16)} y`).map((m) => m.personKeys)).toEqual([['p-a']]);
  });

  it('a name of many words adds a bounded number of initials sequences, not one per combination (2^words)', () => {
    // 60 words of "аааа" (300 characters): each initial reads as Cyrillic or Latin, so every
    // combination would be 2^60 sequences; building the matcher used to run out of memory at 30.
    const name = Array(60).fill('аааа').join(' ');
    expect(initialsOnly(nameWords(name)).length).toBeLessThanOrEqual(64);
    expect(initialsOnly(nameWords('Shavkat Karimovich Rustamov')).length).toBeGreaterThan(0);
    const matcher = new NameMatcher([{ key: 'p-w', kind: 'individual', name, nameNative: name, pseudonym: 'W' }]);
    expect(matcher.findMentions(`x ${name} y`).map((m) => m.personKeys)).toEqual([['p-w']]);
  });

  it('a name of more words than a scan follows is still found, and whole when the words go on', () => {
    const group: ProtectedPerson = {
      key: 'p-g', kind: 'group', pseudonym: 'Group G', nameNative: null,
      name: 'Residents of the two blocks on Abai street in Kok Tobe who wrote the open letter to the akim in March',
    };
    const m = new NameMatcher([group]);
    expect(group.name.split(' ').length).toBe(21);
    expect(m.redact(`The ${group.name} were fined.`)).toBe('The Group G were fined.');
    // Its first 16 words name the group too (a scan follows no name further unless they match).
    expect(m.redact(`The ${group.name.split(' ').slice(0, 16).join(' ')} were fined.`)).toBe('The Group G were fined.');
  });

  it('a name of one-letter words glued to digits ("%D0%" repeated) costs linear work, not name × text', () => {
    // The name at its 300-character maximum is 75 words "D"; each start of the text used to walk
    // them all (its numbers never agree), ~75 steps per word of text.
    const costFor = (nameChars: number, textChars: number) => {
      const name = '%D0%'.repeat(nameChars / 4);
      const m = new NameMatcher([{ key: 'p-d', kind: 'individual', name, nameNative: name, pseudonym: 'D' }]);
      const before = matcherWork.steps;
      m.redact('%D0%'.repeat(textChars / 4));
      return matcherWork.steps - before;
    };
    const small = costFor(300 / 8, 10_000 / 8);
    const large = costFor(300, 10_000);
    expect(large).toBeLessThanOrEqual(10 * small);
  });

  it('building and checking a pathological name', () => {
    const long: ProtectedPerson = { key: 'p-l', kind: 'individual', name: Array(50).fill('Rahimov').join(' '), nameNative: 'а'.repeat(5_000), pseudonym: 'L' };
    expect(pseudonymSharesNamePart(long)).toBeNull();
    const before = matcherWork.steps;
    new NameMatcher([long]).redact('Rahimov '.repeat(1_000));
    expect(matcherWork.steps - before).toBeLessThan(8_000 * 20);
  });
});

describe('a given name many persons share', () => {
  // Synthetic surnames, all different: "Ab", "Ac", … in letters only.
  const surname = (i: number) => `Ka${[...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}ova`;
  const persons = (n: number): ProtectedPerson[] => Array.from({ length: n }, (_, i) => ({
    key: `p-e${i}`, kind: 'individual', name: `Erlan ${surname(i)}`, nameNative: null, pseudonym: `Person ${i}`,
  }));
  const text = 'Erlan was detained. Later Erlan said that Erlan Kabova had been searched. '.repeat(4);

  it('costs work in proportion to the persons it may name, not their square', () => {
    // Every "Erlan" may name each of them: the scan gathers them once per word. Gathering them
    // checked each against all gathered before it (~n²/2 per word: 20,000 synthetic persons, ~2 ms
    // of a fresh summary, most of a list page's time at 50,000 incidents).
    const cost = (n: number) => {
      const m = new NameMatcher(persons(n));
      const before = matcherWork.steps;
      const found = m.findMentions(text);
      expect(found.some((f) => f.personKeys.length === n)).toBe(true);
      return matcherWork.steps - before;
    };
    const small = cost(400);
    const large = cost(3_200);
    expect(large / small).toBeLessThan(10);
    expect(large).toBeLessThan(3_200 * 12 * 4);
  });

  it('names every one of them once, and the one whose full name is written alone', () => {
    const m = new NameMatcher(persons(300));
    const [first, , full] = m.findMentions(text);
    expect(first!.personKeys).toHaveLength(300);
    expect(new Set(first!.personKeys).size).toBe(300);
    expect(full!.text).toBe('Erlan Kabova');
    // (and those whose surnames read alike: the matcher reads spellings loosely)
    expect(full!.personKeys).toContain(`p-e${persons(300).findIndex((p) => p.name === 'Erlan Kabova')}`);
    expect(full!.personKeys.length).toBeLessThan(10);
  });
});
