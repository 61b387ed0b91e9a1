import { describe, expect, it } from 'vitest';
import { NameMatcher, type ProtectedPerson } from '../../../src/consent/index.js';

/**
 * Initials and a patronymic written right after a protected name are part of it: replaced with
 * it, the pseudonym had a letter of the name beside it ("Witness C R.") or the father's name
 * ("Witness C Rakhimovich Witness C").
 */
const RUSTAM: ProtectedPerson = { key: 'p-1', kind: 'individual', name: 'Rustam Rahimov', nameNative: 'Рустам Рахимов', pseudonym: 'Witness C' };
const GROUP: ProtectedPerson = { key: 'g-1', kind: 'group', name: 'Sayram Youth Initiative', nameNative: null, pseudonym: 'Group D' };
const matcher = new NameMatcher([RUSTAM, GROUP]);

describe('a protected name with initials or a patronymic after it', () => {
  it.each([
    ['Rustam R. was detained.', 'Witness C. was detained.'],
    ['Rustam R was detained.', 'Witness C was detained.'],
    ['Рустам Р. задержан.', 'Witness C. задержан.'],
    ['Rahimov R.R. was held.', 'Witness C. was held.'],
    ['Rahimov R. R. was held.', 'Witness C. was held.'],
    ['Rahimov, R. was held.', 'Witness C. was held.'],
    ['Rahimov Rustam R. was held.', 'Witness C. was held.'],
    ['Rahimov Rustam Rakhimovich was held.', 'Witness C was held.'],
    ['Rustam Rakhimovich Rahimov was held.', 'Witness C was held.'],
    ['Рахимов Рустам Рахимович задержан.', 'Witness C задержан.'],
    ['Рустам Рахимович Рахимов задержан.', 'Witness C задержан.'],
    ['Rahimov Rustam Karim o‘g‘li was held.', 'Witness C was held.'],
    ['Rahimov Rustam Karim ugli was held.', 'Witness C was held.'],
  ])('%s', (text, shown) => {
    expect(matcher.redact(text)).toBe(shown);
    expect(matcher.findLeaks(shown)).toEqual([]);
  });

  it('leaves what is not his: another initial, another person after him, the full stop, a lower-case word, a group', () => {
    expect(matcher.redact('Rahimov A. Petrov was there.')).toBe('Witness C A. Petrov was there.');
    expect(matcher.redact('Police questioned Rahimov. Rahimovich Street was closed.')).toBe('Police questioned Witness C. Rahimovich Street was closed.');
    expect(matcher.redact('I saw Rahimov. Then I left.')).toBe('I saw Witness C. Then I left.');
    expect(matcher.redact('Rahimov ovich')).toBe('Witness C ovich');
    expect(matcher.redact('Sayram Youth Initiative Petrovich')).toBe('Group D Petrovich');
  });
});
