import { describe, expect, it } from 'vitest';
import { nameAmbiguityFinder, typedTextMayName, withholdingAmbiguities, withMentionAt } from '../../../src/consent/name-ambiguity.js';
import { nameMatcherFor, type ProtectedPerson } from '../../../src/consent/index.js';
import { ALL, FARRUKH } from './persons.js';

/** A consenting wife and her protected husband, who share a surname (fictional). */
const WIFE: ProtectedPerson = { key: 'p-wife', kind: 'individual', name: 'Aigerim Abenova', nameNative: 'Айгерим Абенова', pseudonym: 'Activist W' };
const HUSBAND: ProtectedPerson = { key: 'p-husband', kind: 'individual', name: 'Marat Abenov', nameNative: 'Марат Абенов', pseudonym: 'Journalist H' };

const finder = nameAmbiguityFinder([WIFE], [HUSBAND, ...ALL]);
const found = (text: string) => finder.find(text).map((s) => ({ text: s.text, keys: [...s.keys].sort(), occurrence: s.occurrence }));

describe('nameAmbiguityFinder: typed names that may be a nameable or a protected person', () => {
  it('finds a shared surname, its family plural and its native spelling, with every candidate', () => {
    expect(found('Police searched the Abenovs’ flat; Abenov was not at home; Abenov left.')).toEqual([
      { text: 'Abenovs', keys: ['p-husband', 'p-wife'], occurrence: 1 },
      { text: 'Abenov', keys: ['p-husband', 'p-wife'], occurrence: 1 }, // "Abenov" inside "Abenovs" is no occurrence
      { text: 'Abenov', keys: ['p-husband', 'p-wife'], occurrence: 2 },
    ]);
    expect(found('Задержан Абенов.')).toEqual([{ text: 'Абенов', keys: ['p-husband', 'p-wife'], occurrence: 1 }]);
  });

  it('gives offsets in the stored text, mentions included, and reads nothing inside a mention', () => {
    const text = '[[person:p-wife]] said Abenov left.';
    const [span] = finder.find(text);
    expect(text.slice(span!.start, span!.end)).toBe('Abenov');
    expect(finder.find('[[person:p-wife]] and [[person:p-husband]]')).toEqual([]);
  });

  it('is not ambiguous when the full name says who it is, or when only protected persons fit', () => {
    expect(found('Aigerim Abenova was detained.')).toEqual([]); // her own full name: printable
    expect(found('Marat Abenov was detained.')).toEqual([]); // his: redaction replaces it
    expect(found('Farrukh Rahimov was detained.')).toEqual([]); // protected only
    expect(found('Nothing about anybody.')).toEqual([]);
  });

  it('finds nothing when the document may name nobody, or protects nobody', () => {
    expect(nameAmbiguityFinder([], [HUSBAND]).find('Abenov')).toEqual([]);
    expect(nameAmbiguityFinder([WIFE], []).find('Abenov')).toEqual([]);
    // A consenting group's descriptive name is not a candidate.
    expect(nameAmbiguityFinder([{ ...WIFE, kind: 'group', name: 'Abenov family' }], [HUSBAND]).find('Abenov')).toEqual([]);
  });

  it('only a mixed span counts, whatever else the protected set holds', () => {
    const f = nameAmbiguityFinder([{ ...FARRUKH, key: 'p-named', pseudonym: 'Blogger N' }], [HUSBAND, { ...FARRUKH, key: 'p-brother', name: 'Bakhtiyor Rahimov', nameNative: null }]);
    expect(f.find('Rahimov spoke; Abenov did not.').map((s) => s.text)).toEqual(['Rahimov']);
  });
});

describe('withMentionAt: the chosen person replaces the span', () => {
  const span = (text: string, typed: string, from = 0) => ({ start: text.indexOf(typed, from), end: text.indexOf(typed, from) + typed.length, text: typed });

  it('replaces the span with the mention', () => {
    const text = 'Abenov was not at home.';
    expect(withMentionAt(text, span(text, 'Abenov'), 'p-wife')).toBe('[[person:p-wife]] was not at home.');
  });

  it('turns a family plural into the person chosen, possessive kept', () => {
    const text = 'Police searched the Abenovs’ flat.';
    expect(withMentionAt(text, span(text, 'Abenovs'), 'p-wife')).toBe('Police searched [[person:p-wife]]’s flat.');
    const plain = 'They questioned the Abenovs at home.';
    expect(withMentionAt(plain, span(plain, 'Abenovs'), 'p-husband')).toBe('They questioned [[person:p-husband]] at home.');
  });

  it('refuses (null) when the text no longer says there what was shown', () => {
    const text = 'Abenov was not at home.';
    expect(withMentionAt('Someone was not at home.', span(text, 'Abenov'), 'p-wife')).toBeNull();
    expect(withMentionAt(text, { start: 0, end: 6, text: 'Abenova' }, 'p-wife')).toBeNull();
    expect(withMentionAt(text, { start: 20, end: 40, text: 'home.' }, 'p-wife')).toBeNull();
    const mention = '[[person:p-abenov]]';
    expect(withMentionAt(mention, { start: 11, end: 17, text: 'abenov' }, 'p-wife')).toBeNull();
  });
});

describe('typedTextMayName: a choice must be one of the candidates', () => {
  it('accepts either spouse for the shared surname, nobody else', () => {
    expect(typedTextMayName('Abenovs', WIFE)).toBe(true);
    expect(typedTextMayName('Abenov', HUSBAND)).toBe(true);
    expect(typedTextMayName('Abenov', FARRUKH)).toBe(false);
    expect(typedTextMayName('Abenov was', HUSBAND)).toBe(false);
  });
});

describe('withholdingAmbiguities: an ambiguous name prints as "[name withheld]", never as one of the pseudonyms', () => {
  const redactor = withholdingAmbiguities(nameMatcherFor([HUSBAND, ...ALL]), finder);
  it('withholds the shared surname and still redacts the protected names around it', () => {
    expect(redactor.redact('Abenov and Farrukh Rahimov were questioned; the Abenovs’ flat was searched.'))
      .toBe('[name withheld] and Blogger F were questioned; the [name withheld]’s flat was searched.');
    expect(redactor.redact('Marat Abenov was questioned.')).toBe('Journalist H was questioned.');
    expect(redactor.redact(null)).toBeNull();
  });
});
