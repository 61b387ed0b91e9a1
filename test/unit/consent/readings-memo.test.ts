import { describe, expect, it } from 'vitest';
import { NameMatcher, forgetReadings, readingsHeld } from '../../../src/consent/name-matcher.js';
import { ReadingsMemo } from '../../../src/consent/readings-memo.js';
import { nameAmbiguityFinder } from '../../../src/consent/name-ambiguity.js';
import type { ProtectedPerson } from '../../../src/consent/name-variants.js';

const RUSTAM: ProtectedPerson = { key: 'p-1', kind: 'individual', name: 'Rustam Rahimov', nameNative: 'Рустам Рахимов', pseudonym: 'Blogger F' };
const AIGERIM: ProtectedPerson = { key: 'p-2', kind: 'individual', name: 'Aigerim Saparova', nameNative: null, pseudonym: 'Witness A' };
const AIGERIM_RAHIMOVA: ProtectedPerson = { key: 'p-3', kind: 'individual', name: 'Aigerim Rahimova', nameNative: null, pseudonym: 'Witness B' };

describe('what matchers found in a text, remembered across compositions', () => {
  it('never answers one matcher with what another found in the same text', () => {
    forgetReadings();
    const text = 'Police detained Rahimov at his home; Saparova was questioned.';
    const others = new NameMatcher([AIGERIM]);
    const rustams = new NameMatcher([RUSTAM]);
    // Read first by a matcher that knows only Aigerim: Rahimov is nobody to it.
    expect(others.redact(text)).toBe('Police detained Rahimov at his home; Witness A was questioned.');
    // The same text (another string object with the same characters) to Rustam's matcher.
    const again = [...text].join('');
    expect(rustams.redact(again)).toBe('Police detained Blogger F at his home; Saparova was questioned.');
    expect(rustams.findLeaks(text)).toEqual(['Rahimov']);
    expect(others.findLeaks(text)).toEqual(['Saparova']);
  });

  it('tells a shielded matcher apart from the matcher it shields', () => {
    forgetReadings();
    const text = 'Aigerim Rahimova spoke to the press.';
    const protectedRustam = new NameMatcher([RUSTAM]);
    // Unshielded, "Rahimova" is Rustam's relative's form of his surname: withheld.
    expect(protectedRustam.redact(text)).toBe('Aigerim Blogger F spoke to the press.');
    // Shielded by Aigerim Rahimova, who may be named, her full name is hers.
    const shielded = protectedRustam.shieldedBy(new NameMatcher([AIGERIM_RAHIMOVA]));
    expect(shielded.redact(text)).toBe(text);
    expect(protectedRustam.redact(text)).toBe('Aigerim Blogger F spoke to the press.');
  });

  it('answers a text read before without reading it again, and forgets on request', () => {
    forgetReadings();
    const matcher = new NameMatcher([RUSTAM]);
    const text = 'Рахимов был задержан в Алматы.';
    expect(matcher.redact(text)).toBe('Blogger F был задержан в Алматы.');
    expect(readingsHeld().texts).toBe(1);
    expect(matcher.redact([...text].join(''))).toBe('Blogger F был задержан в Алматы.');
    expect(readingsHeld().texts).toBe(1);
    forgetReadings();
    expect(readingsHeld()).toEqual({ texts: 0, chars: 0 });
  });

  it('does not remember identifiers checked whole (record keys): a key check reads each once', () => {
    forgetReadings();
    const matcher = new NameMatcher([RUSTAM]);
    expect(matcher.namesSomebody('kz-2020-07-01-rahimov-fined')).toBe(true);
    expect(matcher.namesSomebody('kz-2020-07-01-i-0042')).toBe(false);
    expect(readingsHeld().texts).toBe(0);
  });
});

describe('what matchers said of a text, remembered across compositions', () => {
  it('says each copy’s own words for a text another copy redacted before', () => {
    forgetReadings();
    const text = 'Rahimov was detained; Rahimov was fined.';
    const matcher = new NameMatcher([RUSTAM]);
    expect(matcher.redact(text)).toBe('Blogger F was detained; Blogger F was fined.');
    const withheld = matcher.withPseudonyms(() => '[name withheld]');
    expect(withheld.redact(text)).toBe('[name withheld] was detained; [name withheld] was fined.');
    expect(matcher.redact([...text].join(''))).toBe('Blogger F was detained; Blogger F was fined.');
  });

  it('answers identifiers checked before, and forgets them with the readings', () => {
    forgetReadings();
    const matcher = new NameMatcher([RUSTAM]);
    expect(matcher.namesSomebody('https://example.org/rahimov-fined')).toBe(true);
    expect(matcher.namesSomebody('https://example.org/rahimov-fined')).toBe(true);
    expect(matcher.namesSomebody('https://example.org/court-fined')).toBe(false);
    forgetReadings();
    expect(matcher.namesSomebody('https://example.org/rahimov-fined')).toBe(true);
  });

  it('an ambiguity finder answers for its own nameable persons, not another’s', () => {
    forgetReadings();
    const protectedPersons = [RUSTAM];
    const others: ProtectedPerson[] = [];
    const text = 'Rahimov was questioned.';
    // A consenting Aigerim Rahimova beside the protected Rustam: "Rahimov" may be either.
    const withHer = nameAmbiguityFinder([AIGERIM_RAHIMOVA], protectedPersons, others);
    expect(withHer.find(text).map((s) => s.keys)).toEqual([['p-3', 'p-1']]);
    // The same protected list, another document naming only Aigerim Saparova: nothing mixed.
    expect(nameAmbiguityFinder([AIGERIM], protectedPersons, others).find(text)).toEqual([]);
    expect(nameAmbiguityFinder([AIGERIM_RAHIMOVA], protectedPersons, others).find([...text].join('')).map((s) => s.text)).toEqual(['Rahimov']);
  });
});

describe('ReadingsMemo', () => {
  it('keeps each reader’s answer apart and lets the oldest texts go past its budget', () => {
    const memo = new ReadingsMemo<string>(40);
    memo.set('aaaaaaaaaa', 1, 'one');
    memo.set('aaaaaaaaaa', 2, 'two');
    expect(memo.get('aaaaaaaaaa', 1)).toBe('one');
    expect(memo.get('aaaaaaaaaa', 2)).toBe('two');
    expect(memo.get('aaaaaaaaaa', 3)).toBeUndefined();
    memo.set('bbbbbbbbbb', 1, 'b');
    memo.set('cccccccccc', 1, 'c');
    memo.set('dddddddddd', 1, 'd');
    memo.set('eeeeeeeeee', 1, 'e'); // 50 characters > 40: down to 30, the oldest first
    expect(memo.get('aaaaaaaaaa', 1)).toBeUndefined();
    expect(memo.get('bbbbbbbbbb', 1)).toBeUndefined();
    expect(memo.get('eeeeeeeeee', 1)).toBe('e');
    expect(memo.size).toEqual({ texts: 3, chars: 30 });
    memo.set('x'.repeat(11), 1, 'too long'); // over a quarter of the budget: not kept
    expect(memo.get('x'.repeat(11), 1)).toBeUndefined();
  });

  it('holds less from the moment it is made smaller (the event loop’s memo when render threads compose)', () => {
    const memo = new ReadingsMemo<string>(100);
    for (const c of 'abcdefgh') memo.set(c.repeat(10), 1, c);
    expect(memo.size).toEqual({ texts: 8, chars: 80 });
    memo.resize(30);
    expect(memo.size).toEqual({ texts: 3, chars: 30 });
    expect(memo.get('aaaaaaaaaa', 1)).toBeUndefined();
    expect(memo.get('hhhhhhhhhh', 1)).toBe('h');
    memo.set('i'.repeat(10), 1, 'i'); // 40 > 30: the oldest go
    expect(memo.size.chars).toBeLessThanOrEqual(30);
  });
});
