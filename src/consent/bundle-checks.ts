import type { Bundle } from '../records/bundle.schemas.js';
import { validateBundle } from '../records/bundle-validation.js';
import { ALIASED_TABLES } from '../records/record-keys.repository.js';
import type { PersonIdentity } from '../records/records.js';
import type { Problem } from '../shared/problems.js';
import { Redactor } from './consent.js';
import { convertBundleNames, type AmbiguousName, type MentionCounts } from './mentions.js';
import { pseudonymProblems } from './pseudonym-check.js';
import { writtenIdentity } from './record-keys.js';
import type { NameIndex } from './name-index.js';

/**
 * The part of preparing a bundle import that reads no database, only the bundle and what the
 * caller read before: validation, the pseudonym rule, typed names turned into mentions, and
 * which record keys spell a name of the bundle's own persons. All of it is CPU work that grows
 * with the bundle (6,300 incidents: ~20 s, the most of it building name matchers), so a large
 * bundle runs it in a thread of its own (bundle-checks-thread.ts), where it holds no request up.
 */
export interface BundleCheckInput {
  raw: unknown;
  /** Persons on record that the bundle's mentions may name. */
  storedPersonKeys: readonly string[];
  /** Persons on record whose typed names become mentions too (none for a caller who may not see names). */
  identities: readonly PersonIdentity[];
}

export type BundleCheckOutcome =
  | { ok: false; problems: Problem[] }
  | {
    ok: true; bundle: Bundle; mentionsConverted: MentionCounts; ambiguous: Array<AmbiguousName & { path: string }>;
    /** Every record key, where it was given, and whether it spells a name of the bundle's own persons. */
    keys: Array<{ key: string; path: string; namesIncoming: boolean }>;
    /** The index of that key checker (shared memory): the import adopts it to rename stored keys (bundle-import.ts). */
    personsIndex: NameIndex;
  };

/** The bundle's persons as its key checker reads them, in the bundle's order (an index is tied to it). */
export const keyCheckPersons = (bundle: Pick<Bundle, 'persons'>): PersonIdentity[] =>
  bundle.persons.map(writtenIdentity);

export function checkBundle({ raw, storedPersonKeys, identities }: BundleCheckInput): BundleCheckOutcome {
  const stored = new Set(storedPersonKeys);
  const checked = validateBundle(raw, { storedPersonKeys: stored });
  if (!checked.ok) return checked;
  // A pseudonym that shares a part of the real name would name the person wherever it is printed.
  const pseudonyms = checked.bundle.persons.flatMap((p, i) => pseudonymProblems({ ...p, nameNative: p.nameNative ?? null }, `/persons/${i}/pseudonym`));
  if (pseudonyms.length > 0) return { ok: false, problems: pseudonyms };
  const conversion = convertBundleNames(checked.bundle, identities);
  let bundle = checked.bundle;
  if (conversion.mentionsConverted.total > 0) {
    const again = validateBundle(conversion.bundle, { storedPersonKeys: new Set([...stored, ...identities.map((p) => p.key)]) });
    if (!again.ok) {
      return { ok: false, problems: again.problems.map((p) => ({ ...p, message: `once typed names are converted to mentions: ${p.message}` })) };
    }
    bundle = again.bundle;
  }
  // The bundle's own persons' names in its keys; everybody on record is the caller's to check.
  const incoming = new Redactor(keyCheckPersons(bundle));
  const keys = ALIASED_TABLES.flatMap((table) => bundle[table]
    .map((r, i) => ({ key: r.key, path: `/${table}/${i}/key`, namesIncoming: incoming.namesSomebody(r.key) })));
  return { ok: true, bundle, mentionsConverted: conversion.mentionsConverted, ambiguous: conversion.ambiguous, keys, personsIndex: incoming.index };
}
