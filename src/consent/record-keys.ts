import type { Db } from '../db/database.js';
import { loadPersonIdentitiesWithConsent, personIdentityRevision, type Executor } from '../records/records.repository.js';
import type { PersonIdentity } from '../records/records.js';
import {
  allRecordKeys, nextOpaqueKey, renameRecordKey, type AliasedTable,
} from '../records/record-keys.repository.js';
import type { Problem } from '../shared/problems.js';
import { Redactor, redactorFor } from './consent.js';
import { numbersSharedWithName } from './pseudonym-check.js';
import { knownIdentities } from './identity-cache.js';

/**
 * Record keys must not spell a person's name. A key is an identifier: it travels in URLs, logs,
 * exports, provenance and to API callers who may not see names ("p-akmaral-tobylova" beside
 * "Activist A" names her; so does an incident key "kz-2018-03-15-ashim-detained"). The keys of
 * all five record types are checked against everybody on record (a caller without
 * identities:read may see nobody's name) and the persons of the same request. Nor may a person's
 * key carry a number of their own name ("g-389" for Initiative group 389).
 */

const PREFIX: Record<AliasedTable, string> = { persons: 'p', sources: 's', incidents: 'i', organisations: 'o', recommendations: 'r' };

/** Why a key is refused. It names no one: it says that the key spells a name, never whose. */
export const NAME_KEY_MESSAGE = 'spells a person\'s name; keys travel where names must not (URLs, exports, callers without identities:read): use an opaque key such as \'p-kz-0042\'';

/** What a key check needs of a matcher. */
export interface KeyChecker {
  namesSomebody(identifier: string): boolean;
}

/**
 * Everybody on record plus the persons about to be written (their own names count too). The
 * matcher of everybody on record is built once per persons revision (identity-cache.ts); the
 * incoming persons get a small one of their own, so that a write does not rebuild the whole
 * index. A key is refused when either finds a name (a stored person's former name included).
 */
export async function nameKeyRedactor(db: Executor, incoming: readonly PersonIdentity[] = []): Promise<KeyChecker> {
  const known = await knownIdentities(db);
  const stored = known.derived('everyone-matcher', (k) => redactorFor(k.everyone));
  if (incoming.length === 0) return stored;
  const added = new Redactor([...incoming]);
  return { namesSomebody: (identifier) => stored.namesSomebody(identifier) || added.namesSomebody(identifier) };
}

/** Why a person's key is refused when it carries a number of the person's own name. */
export const NUMBER_KEY_MESSAGE = 'carries a number of the person\'s name ("g-389" for Initiative group 389 says which group it is): use an opaque key such as \'p-kz-0042\'';

/** The keys of persons that carry a number of their own name, as problems at `path`. */
function numberKeyProblems(persons: ReadonlyArray<{ key: string; name: string; nameNative?: string | null | undefined; path: string }>): Problem[] {
  return persons.filter((p) => numbersSharedWithName(p.key, p).length > 0).map(({ key, path }) => ({ path, message: `the key '${key}' ${NUMBER_KEY_MESSAGE}` }));
}

/** One problem per key that spells a name; `path` is where the key was given. */
export function nameKeyProblems(redactor: KeyChecker, keys: ReadonlyArray<{ key: string; path: string }>): Problem[] {
  return keys.filter(({ key }) => redactor.namesSomebody(key)).map(({ key, path }) => ({ path, message: `the key '${key}' ${NAME_KEY_MESSAGE}` }));
}

/** A new record of any type: its key must not spell a name (a new person's own, or anybody's on record). */
export async function recordKeyProblems(
  db: Db,
  table: AliasedTable,
  input: { key: string } & Partial<Pick<PersonIdentity, 'kind' | 'name' | 'nameNative' | 'pseudonym'>>,
): Promise<Problem[]> {
  const incoming = table === 'persons' && typeof input.name === 'string'
    ? [{ key: input.key, kind: input.kind ?? 'individual', name: input.name, nameNative: input.nameNative ?? null, pseudonym: input.pseudonym ?? '' }]
    : [];
  return [
    ...nameKeyProblems(await nameKeyRedactor(db, incoming), [{ key: input.key, path: '/key' }]),
    ...numberKeyProblems(incoming.map((p) => ({ ...p, path: '/key' }))),
  ];
}

/**
 * Every record key of a bundle that spells a name, with where it is: `keys` as bundle-checks.ts
 * lists them, each saying whether it spells a name of the bundle's own persons; the names of
 * everybody on record are read here. Then the persons' keys that carry a number of their name.
 */
export async function bundleKeyProblems(
  db: Db,
  bundle: { persons: ReadonlyArray<{ key: string; name: string; nameNative?: string | null | undefined }> },
  keys: ReadonlyArray<{ key: string; path: string; namesIncoming: boolean }>,
): Promise<Problem[]> {
  const stored = await nameKeyRedactor(db);
  const incoming = new Set(keys.filter((k) => k.namesIncoming).map((k) => k.key));
  return [
    ...nameKeyProblems({ namesSomebody: (key) => incoming.has(key) || stored.namesSomebody(key) }, keys),
    ...numberKeyProblems(bundle.persons.map((p, i) => ({ ...p, path: `/persons/${i}/key` }))),
  ];
}

export interface KeyMigration {
  table: AliasedTable;
  from: string;
  to: string;
}

/**
 * Renames every record key that spells somebody's name to an opaque one (`p-<country>-<nnnn>`
 * for persons; s, i, o, r for sources, incidents, organisations, recommendations; `xx` for
 * records without a country), keeping the
 * old key as an alias. Idempotent: a renamed key spells nothing, so a second run changes nothing.
 * Run at start-up (after the demo data) and by `npm run migrate-keys`. A service, not a
 * migration: it needs the consent matcher, which changes, and migrations stay frozen.
 */
export async function migrateNameKeys(db: Db): Promise<KeyMigration[]> {
  // Everybody's matcher is built before the transaction (seconds at 20,000 persons: a session idle
  // in a transaction that long is ended by the server) and stays for the requests that follow.
  const known = await knownIdentities(db);
  const everyone = known.derived('everyone-matcher', (k) => redactorFor(k.everyone));
  return db.transaction().execute(async (trx) => {
    // Persons written meanwhile: read again inside, as they are now.
    const current = (await personIdentityRevision(trx)) === known.revision;
    const redactor = current ? everyone : await nameKeyRedactor(trx);
    return renameIdentifyingKeys(trx, redactor, current ? known.everyone : await loadPersonIdentitiesWithConsent(trx));
  });
}

/**
 * The one renaming of keys that identify somebody: every key `redactor` finds a name in, then
 * each of `persons`' keys that carries a number of their own name (as renamed by the first step:
 * an opaque key given there may carry it too).
 */
async function renameIdentifyingKeys(
  trx: Executor, redactor: KeyChecker, persons: ReadonlyArray<{ key: string; name: string; nameNative?: string | null | undefined }>,
): Promise<KeyMigration[]> {
  const renamed = await renameKeysNaming(trx, redactor);
  const to = new Map(renamed.filter((r) => r.table === 'persons').map((r) => [r.from, r.to]));
  return [...renamed, ...(await renamePersonKeysWithNumbers(trx, persons.map((p) => ({ ...p, key: to.get(p.key) ?? p.key }))))];
}

/** Persons' keys that carry a number of their own name, renamed to opaque ones (the old key an alias). */
async function renamePersonKeysWithNumbers(trx: Executor, persons: ReadonlyArray<{ key: string; name: string; nameNative?: string | null | undefined }>): Promise<KeyMigration[]> {
  const done: KeyMigration[] = [];
  const carrying = new Map(persons.filter((p) => numbersSharedWithName(p.key, p).length > 0).map((p) => [p.key, p]));
  if (carrying.size === 0) return done;
  for (const { table, key, country } of await allRecordKeys(trx)) {
    const person = table === 'persons' ? carrying.get(key) : undefined;
    if (person === undefined) continue;
    // The new key must not carry the number either ("p-kz-0389" after p-kz-0388).
    const to = await nextOpaqueKey(trx, table, `${PREFIX[table]}-${country ?? 'xx'}`, (k) => numbersSharedWithName(k, person).length > 0);
    await renameRecordKey(trx, table, key, to);
    done.push({ table, from: key, to });
  }
  return done;
}

/**
 * Inside a person write's transaction (API, staff form, bundle import): every record key that
 * spells the written persons' names is renamed as `migrateNameKeys` renames it. A key written
 * before the person existed ("kz-2020-07-01-ashim-fined", then Ashim Temirov added) would
 * otherwise spell the name in URLs, exports and logs until the next start. Keys that spell
 * somebody else were renamed when that person was written; only these persons' matcher is built
 * (`checker`: one built already over these persons, or over more, as a bundle import's is).
 */
export async function renameKeysSpelling(trx: Executor, persons: ReadonlyArray<WrittenPerson>, checker?: KeyChecker): Promise<KeyMigration[]> {
  if (persons.length === 0) return [];
  const names = checker ?? new Redactor(persons.map(writtenIdentity));
  return renameIdentifyingKeys(trx, names, persons);
}

/** A person as a write brings it (the API's body, a bundle's person: the native name may be absent). */
type WrittenPerson = Omit<PersonIdentity, 'nameNative'> & { nameNative?: string | null | undefined };

/** A written person as the name matchers read one. */
export const writtenIdentity = (p: WrittenPerson): PersonIdentity =>
  ({ key: p.key, kind: p.kind, name: p.name, nameNative: p.nameNative ?? null, pseudonym: p.pseudonym });

/**
 * A person's write (API or staff form): renames the keys that spell the person's name when the
 * name is new — a new person, or a replace that changed the name, native name or kind. A replace
 * that leaves them as they were renames nothing: the keys spelling them went when they were written.
 */
export async function renameKeysForPersonWrite(trx: Executor, person: WrittenPerson, before: unknown): Promise<KeyMigration[]> {
  return identityChanged(person, before) ? renameKeysSpelling(trx, [person]) : [];
}

/** Whether a written person names somebody `before` (the stored person, or nothing) did not. */
export function identityChanged(person: WrittenPerson, before: unknown): boolean {
  if (typeof before !== 'object' || before === null) return true;
  const was = before as Partial<WrittenPerson>;
  return was.name !== person.name || (was.nameNative ?? null) !== (person.nameNative ?? null) || was.kind !== person.kind;
}

/** The one renaming: every key of the five tables that `redactor` finds a name in. */
async function renameKeysNaming(trx: Executor, redactor: KeyChecker): Promise<KeyMigration[]> {
  const done: KeyMigration[] = [];
  for (const { table, key, country } of await allRecordKeys(trx)) {
    if (!redactor.namesSomebody(key)) continue;
    const to = await nextOpaqueKey(trx, table, `${PREFIX[table]}-${country ?? 'xx'}`);
    await renameRecordKey(trx, table, key, to);
    done.push({ table, from: key, to });
  }
  return done;
}
