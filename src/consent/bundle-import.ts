import type { Bundle } from '../records/bundle.schemas.js';
import { bundleMentionedKeys } from '../records/bundle-validation.js';
import { checkBundleAside } from './bundle-checks-thread.js';
import { keyCheckPersons } from './bundle-checks.js';
import { Redactor } from './consent.js';
import type { NameIndex } from './name-index.js';
import { existingPersonKeys, loadPersonsByKeys, type Executor } from '../records/records.repository.js';
import { importBundle, type ImportSummary } from '../records/bundle.service.js';
import type { Db } from '../db/database.js';
import { knownIdentities } from './identity-cache.js';
import { bundleKeyProblems, identityChanged, renameKeysSpelling, type KeyMigration } from './record-keys.js';
import type { Problem } from '../shared/problems.js';
import type { AmbiguousName, MentionCounts } from './mentions.js';

export type PreparedBundle =
  | {
    ok: true; bundle: Bundle; mentionsConverted: MentionCounts; ambiguous: Array<AmbiguousName & { path: string }>;
    /** The index of a name matcher over the bundle's persons (bundle-checks.ts keyCheckPersons), built by the checks. */
    personsIndex: NameIndex;
  }
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
 * every field must still fit its limit. The checks run in a thread of their own for a large
 * bundle (bundle-checks-thread.ts); the database is read here, before and after.
 */
export async function prepareBundleImport(db: Executor, raw: unknown, options: PrepareOptions): Promise<PreparedBundle> {
  const stored = await existingPersonKeys(db, bundleMentionedKeys(raw));
  const identities = options.storedNames ? (await knownIdentities(db)).everyone : [];
  const checked = await checkBundleAside({ raw, storedPersonKeys: [...stored], identities });
  if (!checked.ok) return checked;
  const { bundle } = checked;
  // No record key may spell a name (record-keys.ts): the API and the staff page refuse alike.
  const keyProblems = await bundleKeyProblems(db, bundle, checked.keys);
  if (keyProblems.length > 0) return { ok: false, problems: keyProblems };
  return { ok: true, bundle, mentionsConverted: checked.mentionsConverted, ambiguous: checked.ambiguous, personsIndex: checked.personsIndex };
}

/**
 * Imports a prepared bundle (all or nothing). Keys stored earlier that spell a name the bundle
 * brings — a person added or renamed — are renamed to opaque keys in the import's transaction,
 * as a person written alone renames them. `beforeCommit` runs last in that transaction.
 *
 * The keys are read with the matcher the checks built over the bundle's persons (adopted from
 * its index, not built again: 4,410 persons took ~4 s of the event loop, inside the transaction).
 * It reads all of the bundle's persons, not only those added or renamed: a key spelling an
 * unchanged person's name could only be left over from before the rule, and goes too.
 */
export async function importPreparedBundle(
  db: Db,
  prepared: { bundle: Bundle; personsIndex: NameIndex },
  beforeCommit?: (trx: Executor, summary: ImportSummary, keysRenamed: KeyMigration[]) => Promise<void>,
): Promise<{ summary: ImportSummary; keysRenamed: KeyMigration[] }> {
  const { bundle } = prepared;
  // The persons the bundle adds or renames: only their names can make stored keys spell a name now.
  const stored = new Map((await loadPersonsByKeys(db, bundle.persons.map((p) => p.key))).map((p) => [p.key, p]));
  const named = bundle.persons.filter((p) => identityChanged(p, stored.get(p.key)));
  const checker = named.length > 0 ? Redactor.fromIndex(keyCheckPersons(bundle), prepared.personsIndex) : null;
  let keysRenamed: KeyMigration[] = [];
  const summary = await importBundle(db, bundle, async (trx, s) => {
    // Again on a retried import (bundle.service.ts retries a lost race): the last run is the one committed.
    keysRenamed = checker ? await renameKeysSpelling(trx, named, checker) : [];
    await beforeCommit?.(trx, s, keysRenamed);
  });
  return { summary, keysRenamed };
}
