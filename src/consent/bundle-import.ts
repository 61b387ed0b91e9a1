import { pseudonymProblems } from './pseudonym-check.js';
import type { Bundle } from '../records/bundle.schemas.js';
import { bundleMentionedKeys, validateBundle } from '../records/bundle-validation.js';
import { existingPersonKeys, loadPersonsByKeys, type Executor } from '../records/records.repository.js';
import { importBundle, type ImportSummary } from '../records/bundle.service.js';
import type { Db } from '../db/database.js';
import { knownIdentities } from './identity-cache.js';
import { bundleKeyProblems, identityChanged, renameKeysSpelling, type KeyMigration } from './record-keys.js';
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
  let bundle = checked.bundle;
  if (conversion.mentionsConverted.total > 0) {
    const again = validateBundle(conversion.bundle, { storedPersonKeys: new Set([...stored, ...identities.map((p) => p.key)]) });
    if (!again.ok) {
      return { ok: false, problems: again.problems.map((p) => ({ ...p, message: `once typed names are converted to mentions: ${p.message}` })) };
    }
    bundle = again.bundle;
  }
  // No record key may spell a name (record-keys.ts): the API and the staff page refuse alike.
  const keyProblems = await bundleKeyProblems(db, bundle);
  if (keyProblems.length > 0) return { ok: false, problems: keyProblems };
  return { ok: true, bundle, mentionsConverted: conversion.mentionsConverted, ambiguous: conversion.ambiguous };
}

/**
 * Imports a prepared bundle (all or nothing). Keys stored earlier that spell a name the bundle
 * brings — a person added or renamed — are renamed to opaque keys in the import's transaction,
 * as a person written alone renames them. `beforeCommit` runs last in that transaction.
 */
export async function importPreparedBundle(
  db: Db,
  bundle: Bundle,
  beforeCommit?: (trx: Executor, summary: ImportSummary, keysRenamed: KeyMigration[]) => Promise<void>,
): Promise<{ summary: ImportSummary; keysRenamed: KeyMigration[] }> {
  // The persons the bundle adds or renames: only their names can make stored keys spell a name now.
  const stored = new Map((await loadPersonsByKeys(db, bundle.persons.map((p) => p.key))).map((p) => [p.key, p]));
  const named = bundle.persons.filter((p) => identityChanged(p, stored.get(p.key)));
  let keysRenamed: KeyMigration[] = [];
  const summary = await importBundle(db, bundle, async (trx, s) => {
    // Again on a retried import (bundle.service.ts retries a lost race): the last run is the one committed.
    keysRenamed = await renameKeysSpelling(trx, named);
    await beforeCommit?.(trx, s, keysRenamed);
  });
  return { summary, keysRenamed };
}
