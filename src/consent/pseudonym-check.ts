import { foldText } from './fold.js';
import { NameMatcher } from './name-matcher.js';
import { phoneticKey } from './phonetic-key.js';
import { tokenize } from './tokenize.js';
import type { ProtectedPerson } from './name-variants.js';

/**
 * Words a group's or an organisation's name shares with its pseudonym without giving anything
 * away ("Tengdik Tenants' Association" → "Tenants' group F").
 */
const GENERIC_WORDS = new Set(
  [
    'of', 'the', 'and', 'for', 'in', 'on', 'a', 'an', 'group', 'groups', 'association', 'union', 'committee',
    'council', 'movement', 'party', 'society', 'centre', 'center', 'foundation', 'network', 'coalition',
    'residents', 'tenants', 'workers', 'neighbours', 'neighbors', 'family', 'families', 'community', 'village',
    'street', 'district', 'region', 'city', 'school', 'church', 'mosque', 'club', 'team', 'initiative',
    'organisation', 'organization', 'ngo', 'trade', 'students', 'journalists', 'lawyers', 'activists',
    'defenders', 'human', 'rights', 'women', 'youth', 'members', 'cooperative', 'farmers',
  ].map(phoneticKey),
);

/**
 * Why a person's pseudonym must be refused, or null when it is fine. A pseudonym that shares a
 * word with the real name (in any spelling, script, case or ending) would give the name away, and
 * the leak audit would find the name in every document that uses the pseudonym. The reason quotes
 * the pseudonym only, never the real name: it may end up in a log.
 */
export function pseudonymSharesNamePart(person: ProtectedPerson): string | null {
  const pseudonym = person.pseudonym.trim();
  if (pseudonym.length === 0) return 'the pseudonym is empty';
  const individual = person.kind === 'individual';
  // Every word of the name alone, and short stems too: "Ali's" shares "Ali" with "Ali Karimov".
  const matcher = new NameMatcher([person], { everyWordAlone: true, shortStemsAlone: true });
  for (const mention of matcher.findMentions(pseudonym)) {
    const words = tokenize(foldText(mention.text).text).words;
    // A lone initial ("Blogger F" for Farida) is not a name part.
    if (words.length === 1 && [...words[0]!.text].length < 2) continue;
    if (!individual && words.every((w) => GENERIC_WORDS.has(phoneticKey(w.text)))) continue;
    return `the pseudonym's "${mention.text}" reads as part of the real name`;
  }
  return null;
}

/** The pseudonym rule as problems of a person record (API, staff forms, bundle import), at `path`. */
export function pseudonymProblems(
  person: Omit<ProtectedPerson, 'nameNative'> & { nameNative?: string | null | undefined },
  path = '/pseudonym',
): Array<{ path: string; message: string }> {
  // Any kind: "Group 389" for Initiative group 389 says which group it is.
  const numbers = pseudonymSharesNumbers({ ...person, nameNative: person.nameNative ?? null });
  if (numbers !== null) return [{ path, message: `the pseudonym must not carry a number of the person's name: ${numbers}` }];
  // Words, individuals only: a group's or an organisation's name is a description ("Kazakhstan's legal
  // profession"), and a pseudonym may share its common words ("The legal profession").
  if (person.kind !== 'individual') return [];
  const reason = pseudonymSharesNamePart({ ...person, nameNative: person.nameNative ?? null });
  return reason === null ? [] : [{ path, message: `the pseudonym must not share a part of the person's name: ${reason}` }];
}

/**
 * Why a pseudonym gives away a name's number ("Group 389" for "Initiative group 389"), or null.
 * The matcher takes a name's numbers into what it replaces; a pseudonym that prints them again
 * says whose it is. The reason quotes the pseudonym's digits only.
 */
export function pseudonymSharesNumbers(person: ProtectedPerson): string | null {
  const shared = numbersSharedWithName(person.pseudonym, person);
  return shared.length === 0 ? null : `the pseudonym's "${shared[0]}" is a number of the real name`;
}

/** Digit runs of a text, leading zeros dropped ("No. 0389" is 389). */
const digitRuns = (text: string | null | undefined): string[] =>
  text?.normalize('NFKC').match(/\p{Nd}+/gu)?.map((run) => run.replace(/^0+(?=\d)/, '')) ?? [];

/**
 * The numbers of a person's name (or native name) that `text` carries too: a pseudonym "Group
 * 389" or a record key "g-389" for Initiative group 389 says which group it is.
 */
export function numbersSharedWithName(text: string, person: { name: string; nameNative?: string | null | undefined }): string[] {
  const ofName = new Set([...digitRuns(person.name), ...digitRuns(person.nameNative)]);
  return ofName.size === 0 ? [] : digitRuns(text).filter((run) => ofName.has(run));
}
