import { describe, expect, it } from 'vitest';
import { NameMatcher, type ProtectedPerson } from '../../../src/consent/index.js';

/**
 * Spellings of a protected name that reached documents and answers without identities:read as
 * typed (an adversarial probe of the service, round 2): the Kazakh қ/Q for х, the press ending
 * -off, the Uzbek and Tajik -jon, a Kazakh -ұлы surname standing alone, and a word hyphenated
 * across a line break that a PDF copy turned into a space.
 */
const persons: ProtectedPerson[] = [
  { key: 'p-1', kind: 'individual', name: 'Rustam Rahimov', nameNative: 'Рустам Рахимов', pseudonym: 'Witness C' },
  { key: 'p-2', kind: 'individual', name: 'Dilnoza Yusupova', nameNative: 'Дилноза Юсупова', pseudonym: 'Witness D' },
  { key: 'p-3', kind: 'individual', name: 'Serik Zhumabayev', nameNative: 'Серік Жұмабаев', pseudonym: 'Witness E' },
  { key: 'p-4', kind: 'individual', name: 'Marat Abenov', nameNative: 'Марат Абенов', pseudonym: 'Witness F' },
];
const matcher = new NameMatcher(persons);

describe('other spellings of a protected name', () => {
  it.each([
    ['Рақымов was held.', 'Witness C was held.'],
    ['Raqymov was held.', 'Witness C was held.'],
    ['Rahimoff was held.', 'Witness C was held.'],
    ['Yusupoff and her lawyer', 'Witness D and her lawyer'],
    ['Rustamjon was held.', 'Witness C was held.'],
    ['Рустамжон задержан.', 'Witness C задержан.'],
    ['Dilnozajon spoke.', 'Witness D spoke.'],
    ['Жұмабайұлы was held.', 'Witness E was held.'],
    ['Jumabaiuly was held.', 'Witness E was held.'],
    ['Abenuly said so.', 'Witness F said so.'],
    ['Әбенұлы said so.', 'Witness F said so.'],
    ['Rahi- mov was held.', 'Witness C was held.'],
  ])('%s', (text, shown) => {
    expect(matcher.redact(text)).toBe(shown);
  });

  it('in record keys too', () => {
    for (const key of ['kz-2018-raqymov-fined', 'kz-2018-rahimoff-fined', 'kz-2018-rustamjon-fined', 'kz-2018-jumabaiuly']) {
      expect(matcher.namesSomebody(key), key).toBe(true);
    }
  });

  it('leaves words that only look like them', () => {
    for (const text of ['Qazaqstan police', 'the kickoff meeting', 'Iraq and Qatar', 'pre- and post-war', 'Rahi- Mov']) {
      expect(matcher.redact(text), text).toBe(text);
    }
  });
});
