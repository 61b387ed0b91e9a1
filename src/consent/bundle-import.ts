import { pseudonymProblems } from './pseudonym-check.js';
import type { Bundle } from '../records/bundle.schemas.js';
import { bundleMentionedKeys, validateBundle } from '../records/bundle-validation.js';
import { existingPersonKeys, type Executor } from '../records/records.repository.js';
import { knownIdentities } from './identity-cache.js';
import type { Problem } from '../shared/problems.js';
import { convertBundleNames, type AmbiguousName, type MentionCounts } from './mentions.js';

export type PreparedBundle =
  | { ok: true; bundle: Bundle; mentionsConverted: MentionCounts; ambiguous: Array<AmbiguousName & { path: string }> }
  | { ok: false; problems: Problem[] };

export interface PrepareOptions {
  /**
   * Convert typed names of persons already on record too, not only of the bundle's own persons.
   * Only for a caller who may see identities: for anyone else, a name that turned into a
   * mention would confirm that a guessed name is on record, and under which pseudonym.
   */
  storedNames: boolean;
}

/**
 * A bundle as the import stores it: validated (mentions must name a person of the bundle or one
 * on record), then typed names of known persons converted into mentions, with the count per
 * record. The converted bundle is validated again: a mention is longer than some names, and
 * every field must still fit its limit.
 */
export async function prepareBundleImport(db: Executor, raw: unknown, options: PrepareOptions): Promise<PreparedBundle> {
  const stored = await existingPersonKeys(db, bundleMentionedKeys(raw));
  const checked = validateBundle(raw, { storedPersonKeys: stored });
  if (!checked.ok) return checked;
  // A pseudonym that shares a part of the real name would name the person wherever it is printed.
  const pseudonyms = checked.bundle.persons.flatMap((p, i) => pseudonymProblems({ ...p, nameNative: p.nameNative ?? null }, `/persons/${i}/pseudonym`));
  if (pseudonyms.length > 0) return { ok: false, problems: pseudonyms };
  const identities = options.storedNames ? (await knownIdentities(db)).everyone : [];
  const conversion = convertBundleNames(checked.bundle, identities);
  if (conversion.mentionsConverted.total === 0) {
    return { ok: true, bundle: checked.bundle, mentionsConverted: conversion.mentionsConverted, ambiguous: conversion.ambiguous };
  }
  const again = validateBundle(conversion.bundle, { storedPersonKeys: new Set([...stored, ...identities.map((p) => p.key)]) });
  if (!again.ok) {
    return { ok: false, problems: again.problems.map((p) => ({ ...p, message: `once typed names are converted to mentions: ${p.message}` })) };
  }
  return { ok: true, bundle: again.bundle, mentionsConverted: conversion.mentionsConverted, ambiguous: conversion.ambiguous };
}
