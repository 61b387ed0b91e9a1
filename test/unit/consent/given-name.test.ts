import { describe, expect, it } from 'vitest';
import { givenNameSpellings, givenNameText, givenNameWord, nameWords } from '../../../src/consent/name-variants.js';
import { syntheticBundle } from '../../../bench/synthetic.js';
import * as fixtures from './persons.js';

/**
 * The matcher finds a first name beside a surname ("Rustik Rahimov") from each person's first-name
 * spellings. It now reads the first name from the name's folded words without making every word's
 * spellings (20,000 persons: 3.9 s → 0.3 s); what it reads must be exactly what reading every
 * word gave.
 */
const names = [
  ...Object.values(fixtures).flatMap((p) => (typeof p === 'object' && p !== null && 'name' in p ? [p.name, p.nameNative] : [])),
  ...(syntheticBundle(3000).persons as Array<{ name: string; nameNative?: string | null }>).flatMap((p) => [p.name, p.nameNative ?? null]),
  'Rustamov Shavkat Karimovich', 'Rustamov Shavkat', 'Karimov', "O'ktam", 'Zhumabayeva Gulnara', 'Tobylova Akmaral Serikovna',
  'İlyas Äbilov', 'Ms. Ayşe Rahimova', 'Абенұлы Нұрлан', 'Сейтова Айгерім Бекқызы', 'K. Rahimov',
].filter((n): n is string => typeof n === 'string' && n.length > 0);

describe('the first name of a person', () => {
  it('is the word reading every word of the name chose, with the same spellings', () => {
    expect(names.length).toBeGreaterThan(3000);
    for (const name of names) {
      const reference = givenNameWord(nameWords(name));
      expect(givenNameText(name), name).toBe(reference?.text ?? null);
      if (reference) expect(givenNameSpellings(reference.text), name).toEqual(reference.spellings);
    }
  });

  it('is none for a name of one word, and the second word of a name written surname first', () => {
    expect(givenNameText('Karimov')).toBeNull();
    expect(givenNameText('Rustamov Shavkat Karimovich')).toBe(nameWords('Shavkat')[0]!.text);
    expect(givenNameText('Shavkat Karimovich Rustamov')).toBe(nameWords('Shavkat')[0]!.text);
  });
});
