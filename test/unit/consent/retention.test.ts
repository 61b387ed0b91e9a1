import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { NameMatcher, forgetReadings } from '../../../src/consent/name-matcher.js';
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
