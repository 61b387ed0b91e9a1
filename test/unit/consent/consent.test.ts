import { describe, expect, it } from 'vitest';
import { mayName, personView, Redactor, redactorFor, visibleText, type ProtectedPerson } from '../../../src/consent/consent.js';
import type { PersonRecord } from '../../../src/records/records.js';

/** The consent stage on its own: who may be named, and free text with protected names replaced. */

const RUSLAN: ProtectedPerson = { key: 'p-ruslan', kind: 'individual', name: 'Ruslan Ashimov', nameNative: 'Руслан Әшімов', pseudonym: 'Blogger C' };
const GULNARA: ProtectedPerson = { key: 'p-gulnara', kind: 'individual', name: 'Gulnara Tobylova', nameNative: 'Гульнара Тобылова', pseudonym: 'Witness D' };
const RESIDENTS: ProtectedPerson = { key: 'p-residents', kind: 'group', name: 'Residents of Kok-Tobe street', nameNative: null, pseudonym: 'Group E' };
const redactor = new Redactor([RUSLAN, GULNARA, RESIDENTS]);

describe('Redactor', () => {
  it('replaces full names, surnames alone and possessives', () => {
    expect(redactor.redact("Ruslan Ashimov's flat was searched; Ashimov was questioned.")).toBe("Blogger C's flat was searched; Blogger C was questioned.");
  });

  it('replaces native-script names and their Russian and Kazakh case endings, first names too', () => {
    expect(redactor.redact('Соседи Гульнары Тобыловой оштрафованы')).toBe('Соседи Witness D оштрафованы');
    expect(redactor.redact('«Руслан Әшімов» said')).toBe('«Blogger C» said');
  });

  it('sees through invisible characters pasted inside a name', () => {
    expect(redactor.redact('A leaflet named Ash\u00ADimov and Ruslan\u200BAshimov.')).toBe('A leaflet named Blogger C and Blogger C.');
    expect(visibleText('Ash\u00ADimov')).toBe('Ashimov');
  });

  it('does not match inside a longer word, and leaves a group\'s words alone unless the whole name is there', () => {
    expect(redactor.redact('Ashimovsky and the residents met.')).toBe('Ashimovsky and the residents met.');
    expect(redactor.redact('Residents of Kok-Tobe street gathered.')).toBe('Group E gathered.');
  });

  it('withholds a surname two protected people share', () => {
    const twins = new Redactor([RUSLAN, { ...GULNARA, name: 'Aigul Ashimova', nameNative: null }, { key: 'p-3', kind: 'individual', name: 'Marat Ashimov', nameNative: null, pseudonym: 'Editor F' }]);
    expect(twins.redact('Ashimov spoke.')).toBe('[name withheld] spoke.');
    expect(twins.redact('Marat Ashimov spoke.')).toBe('Editor F spoke.');
  });

  it('reports leaks by name and by pseudonym, and keeps null as null', () => {
    expect(redactor.findLeaks('Nothing here; but Тобыловой is.')).toEqual(['Тобыловой']);
    expect(redactor.leakedPseudonyms('Ruslan Ashimov and Gulnara Tobylova')).toEqual(['Blogger C', 'Witness D']);
    expect(redactor.redact(null)).toBeNull();
  });

  it('is shared while the protected persons stay the same, and rebuilt when one changes', () => {
    const first = redactorFor([RUSLAN, GULNARA]);
    expect(redactorFor([RUSLAN, GULNARA])).toBe(first);
    expect(redactorFor([RUSLAN, { ...GULNARA, pseudonym: 'Witness Z' }])).not.toBe(first);
  });
});

describe('who may be named', () => {
  const person: PersonRecord = {
    key: 'p-asel', kind: 'individual', name: 'Asel Kasymova', nameNative: 'Әсел Қасымова', pseudonym: 'Activist A', sex: 'unknown',
    birthYear: null, occupation: 'friend of Ruslan Ashimov', affiliation: null, risk: 'high',
    consent: { unSubmission: true, publicNaming: false, stateTransmission: false, unPublicReport: false },
    age: null, nationality: null, whereabouts: null,
    meta: { id: 1, version: 1, createdAt: '', updatedAt: '' },
  };

  it('follows the consent given for the audience', () => {
    expect(mayName(person, 'un')).toBe(true);
    expect(mayName(person, 'public')).toBe(false);
  });

  it('shows the pseudonym and no native name where consent is missing, and redacts free-text fields', () => {
    expect(personView(person, 'public', redactor)).toEqual({
      key: 'p-asel', displayName: 'Activist A', nativeName: null, named: false, transmit: false, kind: 'individual',
      sex: null, occupation: 'friend of Blogger C', affiliation: null, risk: 'high',
      profile: { birthYear: null, age: null, ageRange: null, nationality: null, whereabouts: null, publicReport: { as: 'pseudonym', initials: null } },
    });
    expect(personView(person, 'un', redactor)).toMatchObject({ displayName: 'Asel Kasymova', nativeName: 'Әсел Қасымова', named: true });
  });

  it('leaves out an occupation that only repeats the pseudonym\'s role ("Journalist Z, journalist"), not one that says more', () => {
    const journalist = { ...person, pseudonym: 'Journalist Z', occupation: 'Journalists' };
    expect(personView(journalist, 'public', redactor).occupation).toBeNull();
    expect(personView(journalist, 'un', redactor).occupation).toBe('Journalists');
    expect(personView({ ...journalist, occupation: 'investigative journalist' }, 'public', redactor).occupation).toBe('investigative journalist');
  });
});
