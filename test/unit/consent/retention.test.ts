import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { NameMatcher, forgetReadings, setWordKeysBudget } from '../../../src/consent/name-matcher.js';
import type { ProtectedPerson } from '../../../src/consent/name-variants.js';
import { collectGarbage } from '../../../src/documents/workers/thread-settle.js';

const RUSTAM: ProtectedPerson = { key: 'p-1', kind: 'individual', name: 'Rustam Rahimov', nameNative: 'Рустам Рахимов', pseudonym: 'Blogger F' };

/** A long Cyrillic text (two bytes a character: ~0.5 MB) naming Rahimov, a long word after him. */
function report(i: number): string {
  const word = `Abdurakhmonovich${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
  return `${'Отчёт о задержании. '.repeat(12_000)}${i}: Rahimov ${word} was detained.`;
}

describe('what the matchers remember keeps no text alive', () => {
  it('reading 40 half-megabyte texts and forgetting them gives their memory back', () => {
    const matcher = new NameMatcher([RUSTAM]);
    // The word beside the surname is looked at as a possible first name ("Rahimov Rustik") and
    // remembered (givenNameReadings): as a slice of the text, it kept the whole text alive.
    expect(matcher.redact(report(0)).endsWith(': Blogger F Abdurakhmonovichaa was detained.')).toBe(true);
    forgetReadings();
    collectGarbage();
    const before = getHeapStatistics().used_heap_size;
    for (let i = 1; i <= 40; i++) matcher.redact(report(i));
    // The readings memo holds texts by design (bounded); the last few texts folded stay too (4).
    forgetReadings();
    for (let i = 0; i < 4; i++) matcher.redact(`short text ${i}`);
    collectGarbage();
    const grown = getHeapStatistics().used_heap_size - before;
    // Forty texts are ~19 MB: kept, the heap grows by that much.
    expect(grown).toBeLessThan(4 * 1024 * 1024);
  });
});

/** A number in letters (a word of letters reads as a possible name: it has phonetic keys). */
const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));

/** `n` persons with distinct two-word names (the synthetic volume's shape, small). */
function persons(n: number): ProtectedPerson[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `p-${i}`, kind: 'individual', name: `Person${i.toString(36)} Surname${(i * 7).toString(36)}`,
    nameNative: null, pseudonym: `Witness ${i}`, occupation: 'journalist', affiliation: 'Independent newspaper of the region',
  }) as ProtectedPerson);
}

describe('the event loop\'s budgets keep what matching needs, not copies', () => {
  it('a withholding copy of a matcher (withPseudonyms) says its own words without copying the persons', () => {
    const matcher = new NameMatcher(persons(5_000));
    collectGarbage();
    const before = getHeapStatistics().used_heap_size;
    // Ten copies held at once: what one costs is their growth over ten, and the heap's own noise
    // (a CI run once saw ~180 KB of it around a single copy) is divided by ten too.
    const copies = Array.from({ length: 10 }, () => matcher.withPseudonyms(() => '[withheld]'));
    collectGarbage();
    // One copy's own words are a pointer a person (~40 KB here). A copy of each person was
    // ~0.1 KB here (~500 KB a copy; ~0.4 KB with the service's persons: 8 MB at 20,000).
    expect((getHeapStatistics().used_heap_size - before) / copies.length).toBeLessThan(150 * 1024);
    const withheld = copies[9]!;
    const text = `Person${(5).toString(36)} Surname${(35).toString(36)} was detained.`;
    expect(withheld.redact(text)).toBe('[withheld] was detained.');
    expect(matcher.redact(text)).toBe('Witness 5 was detained.');
  });

  it('a small word-keys budget reads every text as the default does, and holds less', () => {
    const texts = (word: string, n = 150) => Array.from({ length: n }, (_, t) =>
      `${Array.from({ length: 200 }, (_, w) => `${word}${letters(t * 200 + w)}`).join(' ')} Person${(t % 50).toString(36)} Surname${((t % 50) * 7).toString(36)}.`);
    // 30,000 distinct words each time, read by a new matcher: what the reading leaves behind.
    const read = (word: string, n?: number) => {
      const matcher = new NameMatcher(persons(50));
      forgetReadings();
      collectGarbage();
      const before = getHeapStatistics().used_heap_size;
      const out = texts(word, n).map((t) => matcher.redact(t).replaceAll(word, 'w'));
      forgetReadings();
      collectGarbage();
      return { out, grown: getHeapStatistics().used_heap_size - before };
    };
    // 70,000 words first: the process's word ids (tokenize.ts) then have room for the next 60,000
    // and grow their table during neither of the two measured.
    read('warm', 350);
    const byDefault = read('vord');
    setWordKeysBudget(4_096);
    try {
      const budgeted = read('term');
      expect(budgeted.out).toEqual(byDefault.out);
      // The default keeps ~0.2 KB of keys per word: 30,000 words ~6 MB.
      expect(budgeted.grown).toBeLessThan(byDefault.grown - 3 * 1024 * 1024);
    } finally {
      setWordKeysBudget(60_000);
    }
  });
});
