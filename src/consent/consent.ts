import type { NamingConsent, PersonIdentity, PersonRecord } from '../records/records.js';
import { NameMatcher, nameMatcherFor, shieldedMatcherFor } from './index.js';
import { victimProfile, type VictimProfile } from './victim-profile.js';
export { victimProfile, initialsOf, type VictimProfile } from './victim-profile.js';

/**
 * The consent rules: who may be named to which audience, and the Redactor that replaces protected
 * names in free text. Every redaction and every leak audit (documents, previews, provenance, API
 * responses to callers without identities:read) uses this module; the context builders apply it
 * to every person-derived string before a template sees it.
 */

/** Who will read the document: the UN mandate holders (confidential), or the public. */
export type Audience = 'un' | 'public';

/** The consent that covers naming a person to an audience. */
export const namingConsentFor = (audience: Audience): NamingConsent => (audience === 'un' ? 'unSubmission' : 'publicNaming');

export function mayName(person: Pick<PersonRecord, 'consent'>, audience: Audience): boolean {
  return person.consent[namingConsentFor(audience)];
}

export type ProtectedPerson = PersonIdentity;

/**
 * What free-text shaping needs of a Redactor: the Redactor itself, or one that renders mentions
 * first (consent/mentions.ts, mentionAwareRedactor).
 */
export interface TextRedactor {
  redact(text: string): string;
  redact(text: string | null): string | null;
  /** Whether an identifier (key, URL, file name) spells a protected name. */
  namesSomebody(identifier: string): boolean;
  /** The protected names a text contains as typed (mentions aside): must be empty where it is shown. */
  findLeaks(text: string): string[];
}

/** What a template may show of a person. */
export interface PersonView {
  key: string;
  /** The real name when consent covers the audience, the pseudonym otherwise. */
  displayName: string;
  /** The native-script name, only when the person may be named. */
  nativeName: string | null;
  named: boolean;
  /** The person knows the UN will transmit the case to the State. */
  transmit: boolean;
  kind: PersonRecord['kind'];
  sex: PersonRecord['sex'];
  occupation: string | null;
  affiliation: string | null;
  risk: PersonRecord['risk'];
  /** Age, nationality, whereabouts and the public-report naming, as far as the audience may see them. */
  profile: VictimProfile;
}

/**
 * The Redactor every redaction and every leak audit uses is the name matcher (name-matcher.ts):
 * one normalising token matcher for documents, previews, provenance and API responses alike.
 * `redactorFor` shares one per set of protected persons across requests.
 */
export const Redactor = NameMatcher;
export type Redactor = NameMatcher;
export const redactorFor = nameMatcherFor;
/** The Redactor of a document: its protected persons, with the longer names of those it may name read as theirs. */
export const documentRedactorFor = shieldedMatcherFor;
export { visibleText } from './fold.js';

const words = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().match(/\p{L}{2,}/gu) ?? [];

/** Whether an occupation says no more than the role word(s) of a pseudonym ("journalist" for "Journalist Z"). */
export function repeatsRole(pseudonym: string, occupation: string | null): boolean {
  if (!occupation) return false;
  const role = new Set(words(pseudonym));
  const said = words(occupation);
  return said.length > 0 && said.every((w) => role.has(w) || role.has(w.replace(/s$/, '')));
}

export function personView(person: PersonRecord, audience: Audience, redactor: TextRedactor, onDate = new Date().toISOString().slice(0, 10)): PersonView {
  const named = mayName(person, audience);
  const profile = victimProfile(person, named, onDate);
  const place = profile.whereabouts?.place ?? null;
  return {
    key: person.key,
    displayName: named ? person.name : person.pseudonym,
    nativeName: named ? person.nameNative : null,
    named,
    transmit: person.consent.stateTransmission,
    kind: person.kind,
    // "unknown" says nothing a reader can use ("Group B, unknown"): leave it out.
    sex: person.sex === 'unknown' ? null : person.sex,
    // Occupations and affiliations are free text too, and may name somebody else. An occupation
    // that only repeats the pseudonym's role ("Journalist Z, journalist") is left out.
    occupation: named || !repeatsRole(person.pseudonym, person.occupation) ? redactor.redact(person.occupation) : null,
    affiliation: redactor.redact(person.affiliation),
    risk: person.risk,
    profile: {
      ...profile,
      nationality: redactor.redact(profile.nationality),
      whereabouts: profile.whereabouts ? { ...profile.whereabouts, place: redactor.redact(place) } : null,
    },
  };
}
