import { describe, expect, it } from 'vitest';
import { ageOn, initialsOf, victimProfile } from '../../../src/consent/victim-profile.js';
import { personView, redactorFor } from '../../../src/consent/consent.js';
import type { PersonRecord } from '../../../src/records/records.js';

/** What a document may print of a victim besides the name (issue 13, point 3). */
const meta = { id: 1, version: 1, createdAt: '', updatedAt: '' };
const person = (consent: Partial<PersonRecord['consent']>, over: Partial<PersonRecord> = {}): PersonRecord => ({
  key: 'p-kz-0900', kind: 'individual', name: 'Aigerim Nurlanovna Seitkali', nameNative: null, pseudonym: 'Journalist J', sex: 'female',
  birthYear: null, age: { years: 34, asOf: '2018-03-13' }, nationality: 'Uzbek', occupation: 'journalist', affiliation: null,
  whereabouts: { status: 'in-custody', place: 'pre-trial detention centre No. 1, Almaty', asOf: '2018-03-20' }, risk: 'high',
  consent: { unSubmission: false, publicNaming: false, stateTransmission: false, unPublicReport: false, ...consent }, meta, ...over,
});

describe('victimProfile', () => {
  it('gives everything recorded for a victim named to the audience', () => {
    const p = victimProfile(person({ unSubmission: true }), true, '2024-01-02');
    expect(p).toMatchObject({
      age: { years: 34, asOf: '2018-03-13' }, ageRange: null, nationality: 'Uzbek',
      whereabouts: { status: 'in-custody', place: 'pre-trial detention centre No. 1, Almaty', asOf: '2018-03-20', placeWithheld: false },
    });
  });

  it('gives a pseudonymised victim only what cannot single them out: an age range, the status and its month, no place, no nationality', () => {
    // A recorded age stays as recorded: the range does not drift with the document's date.
    const p = victimProfile(person({}), false, '2030-06-01');
    expect(p.age).toBeNull();
    expect(p.birthYear).toBeNull();
    expect(p.nationality).toBeNull();
    expect(p.ageRange).toBe('thirties');
    expect(p.whereabouts).toEqual({ status: 'in-custody', place: null, asOf: '2018-03', placeWithheld: true });
    expect(JSON.stringify(p)).not.toContain('Almaty');
  });

  it('calls a child a minor and nothing more', () => {
    expect(victimProfile(person({}, { age: null, birthYear: 2003 }), false, '2018-06-01').ageRange).toBe('minor');
  });

  it('decides how the public communications report refers to the person: name, initials (the default), or pseudonym', () => {
    expect(victimProfile(person({ unSubmission: true, unPublicReport: true }), true, '2024-01-02').publicReport).toEqual({ as: 'name', initials: null });
    expect(victimProfile(person({ unSubmission: true }), true, '2024-01-02').publicReport).toEqual({ as: 'initials', initials: 'A. N. S.' });
    expect(victimProfile(person({}), false, '2024-01-02').publicReport).toEqual({ as: 'pseudonym', initials: null });
  });

  it('reaches templates through personView, with free text redacted', () => {
    const other = { key: 'p-kz-0901', kind: 'individual' as const, name: 'Dana Zhaksybekova', nameNative: null, pseudonym: 'Witness W' };
    const view = personView(person({ unSubmission: true }, {
      whereabouts: { status: 'in-hiding', place: 'with Dana Zhaksybekova', asOf: null },
    }), 'un', redactorFor([other]), '2024-01-02');
    expect(view.profile.whereabouts?.place).toBe('with Witness W');
  });
});

describe('helpers', () => {
  it('initials keep hyphenated parts', () => {
    expect(initialsOf('Jean-Paul Ömer')).toBe('J.-P. Ö.');
  });
  it('age on a date, from a recorded age or a birth year', () => {
    expect(ageOn({ age: { years: 34, asOf: '2018-03-13' }, birthYear: null }, '2020-03-12')).toBe(35);
    expect(ageOn({ age: null, birthYear: 1980 }, '2018-01-01')).toBe(38);
    expect(ageOn({ age: null, birthYear: null }, '2018-01-01')).toBeNull();
  });
});
