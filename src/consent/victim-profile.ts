import type { PersonRecord } from '../records/records.js';

/**
 * What a document may say about a victim besides the name (the OHCHR questionnaire's fields), and
 * how the UN's public communications report may refer to them. Decided here, with the naming
 * rule, because details identify as surely as a name: a pseudonym next to an exact age, a
 * nationality that is rare in the country and the cell a person is held in names them to anyone
 * who knows the case — the Government first, to whom the UN transmits the communication.
 *
 * Named victim (consent covers the audience): birth year, age as recorded, nationality,
 * whereabouts with the place. Pseudonymised victim: sex, an age range ("in her thirties"; "a
 * minor" under 18), occupation (as before), the whereabouts status and its month without the
 * place; nationality and exact age or birth year are left out.
 */
export interface VictimProfile {
  birthYear: number | null;
  age: { years: number; asOf: string } | null;
  /** For a pseudonymised person only: the decade of life at `asOf`, e.g. "thirties"; "minor" under 18. */
  ageRange: string | null;
  nationality: string | null;
  /** `asOf` is a day (YYYY-MM-DD) for a named person, a month (YYYY-MM) for a pseudonymised one. */
  whereabouts: { status: NonNullable<PersonRecord['whereabouts']>['status']; place: string | null; asOf: string | null; placeWithheld: boolean } | null;
  /** How the UN's public communications report may refer to the person. */
  publicReport: { as: 'name' | 'initials' | 'pseudonym'; initials: string | null };
}

const DECADES = ['', 'teens', 'twenties', 'thirties', 'forties', 'fifties', 'sixties', 'seventies', 'eighties', 'nineties'];

/** Age in whole years on `onDate` (ISO), from the recorded age or the birth year; null when neither is known. */
export function ageOn(person: Pick<PersonRecord, 'age' | 'birthYear'>, onDate: string): number | null {
  if (person.age) return person.age.years + yearsBetween(person.age.asOf, onDate);
  if (person.birthYear !== null) return Number(onDate.slice(0, 4)) - person.birthYear;
  return null;
}

function yearsBetween(from: string, to: string): number {
  let years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  if (to.slice(5) < from.slice(5)) years -= 1;
  return Math.max(0, years);
}

function ageRange(age: number | null): string | null {
  if (age === null || age < 0) return null;
  if (age < 18) return 'minor';
  return DECADES[Math.min(9, Math.floor(age / 10))] || null;
}

/** "Akmaral Tobylova" → "A. T."; hyphenated parts keep their hyphen ("Jean-Paul" → "J.-P."). */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w))
    .map((w) => w.split('-').map((part) => `${[...part.replace(/^\P{L}+/u, '')][0]?.toUpperCase() ?? ''}.`).join('-'))
    .join(' ');
}

/**
 * The profile a document may print. `named`: the person's consent covers the audience (the same
 * decision as the name: consent.ts, mayName). `onDate`: the document's date (ISO), for age ranges.
 */
export function victimProfile(person: PersonRecord, named: boolean, onDate: string): VictimProfile {
  const w = person.whereabouts;
  const individual = person.kind === 'individual';
  const publicReport: VictimProfile['publicReport'] = !named
    ? { as: 'pseudonym', initials: null }
    : person.consent.unPublicReport || !individual
      ? { as: 'name', initials: null }
      : { as: 'initials', initials: initialsOf(person.name) };
  if (named) {
    return {
      birthYear: person.birthYear,
      age: person.age ? { years: person.age.years, asOf: person.age.asOf } : null,
      ageRange: null,
      nationality: person.nationality ?? null,
      whereabouts: w ? { status: w.status, place: w.place ?? null, asOf: w.asOf ?? null, placeWithheld: false } : null,
      publicReport,
    };
  }
  return {
    birthYear: null,
    age: null,
    // A recorded age is taken as recorded (the document stays the same whenever it is made); a birth year, on the document's date.
    ageRange: individual ? ageRange(person.age ? person.age.years : ageOn(person, onDate)) : null,
    nationality: null,
    // The month is kept (when the status was last known matters to the Working Group), the place never.
    whereabouts: w ? { status: w.status, place: null, asOf: w.asOf ? w.asOf.slice(0, 7) : null, placeWithheld: Boolean(w.place) } : null,
    publicReport,
  };
}
