import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors.js';
import { findDependants } from './dependants.repository.js';
import type { RecordStore } from './record-stores.repository.js';
import type { Executor } from './records.repository.js';
import { resolveKeyAlias } from './record-keys.repository.js';
import type { Problem } from '../shared/problems.js';

/**
 * Single-record operations behind the REST API: create, replace, delete and list each record
 * type by key. One `RecordStore` per type says how; `createRecord`/`replaceRecord`/`deleteRecord`
 * apply the same rules to all five (a conflict on a taken key or live dependants, invalid input on
 * a dangling reference, everything in one transaction).
 */

// ---------------------------------------------------------------------------------------------
// Operations shared by every record type

/**
 * A record by key. With `aliases` (the edge passes it for callers who may see names), an old key
 * that was replaced by an opaque one (record_key_aliases) resolves to the record too.
 */
export async function readRecord<TRecord>(
  db: Executor,
  store: RecordStore<never, TRecord, unknown>,
  key: string,
  options: { aliases?: boolean } = {},
): Promise<TRecord> {
  const found = await findByKeyOrAlias(db, store, key, options);
  if (!found) throw recordNotFound(store, key);
  return found.record;
}

/** The record a key (or, with `aliases`, an old key) stands for, with its current key. */
async function findByKeyOrAlias<TRecord>(
  db: Executor,
  store: RecordStore<never, TRecord, unknown>,
  key: string,
  options: { aliases?: boolean },
): Promise<{ key: string; record: TRecord } | undefined> {
  const record = await store.load(db, key);
  if (record) return { key, record };
  if (!options.aliases) return undefined;
  const current = await resolveKeyAlias(db, store.type, key);
  const aliased = current === undefined ? undefined : await store.load(db, current);
  return aliased ? { key: current!, record: aliased } : undefined;
}

/** Checks a create runs besides the references (e.g. that the key spells no name: consent/record-keys.ts). */
export type CreateCheck<TInput> = (db: Executor, input: TInput) => Promise<Problem[]>;

/**
 * Work that belongs to the write's transaction, run once the record is saved, with what was saved
 * and, on a replace, the record as it was (a person's write renames the keys that now spell the
 * person's name: consent/record-keys.ts). It may rename the record's own key; the record is then
 * answered under its new key.
 */
export type AfterSave<TInput, TAfter> = (trx: Executor, saved: TInput, before: unknown) => Promise<TAfter>;

/** A written record as it is now, with what `afterSave` answered (undefined without one). */
export interface Written<TRecord, TAfter> {
  record: TRecord;
  after: TAfter | undefined;
}

export async function createRecord<TInput extends { key: string }, TRecord, TAfter = never>(
  db: Kysely<Database>,
  store: RecordStore<TInput, TRecord, unknown>,
  input: TInput,
  check?: CreateCheck<TInput>,
  afterSave?: AfterSave<TInput, TAfter>,
): Promise<Written<TRecord, TAfter>> {
  return inTransaction(db, async (trx) => {
    if (await store.load(trx, input.key)) {
      throw new ConflictError(`${store.label} '${input.key}' already exists; use PUT to replace it`, [
        { path: '/key', message: `${store.label} '${input.key}' already exists` },
      ]);
    }
    await assertReferencesResolve(trx, store, input, check);
    // The check above saw no record, but a concurrent create may have committed since: the save
    // (an upsert) would then report it unchanged or overwrite it. Either way this create lost the
    // race, and the transaction is rolled back.
    if ((await store.save(trx, input)) !== 'created') throw keyTakenConcurrently();
    return finishWrite(trx, store, input, undefined, afterSave);
  });
}

/** Full replace of an existing record; creates nothing. Unchanged content keeps its version. */
export async function replaceRecord<TInput extends { key: string }, TRecord, TAfter = never>(
  db: Kysely<Database>,
  store: RecordStore<TInput, TRecord, unknown>,
  input: TInput,
  check?: CreateCheck<TInput>,
  options: { aliases?: boolean } = {},
  afterSave?: AfterSave<TInput, TAfter>,
): Promise<Written<TRecord, TAfter>> {
  return inTransaction(db, async (trx) => {
    // An old key replaces the record it now stands for; the record keeps its opaque key.
    const found = await findByKeyOrAlias(trx, store as RecordStore<never, unknown, unknown>, input.key, options);
    if (!found) throw recordNotFound(store, input.key);
    const current = { ...input, key: found.key };
    await assertReferencesResolve(trx, store, current, check);
    await store.save(trx, current);
    return finishWrite(trx, store, current, found.record as TRecord, afterSave);
  });
}

/** The saved record, after `afterSave` ran; under the key it has now (afterSave may have renamed it). */
async function finishWrite<TInput extends { key: string }, TRecord, TAfter>(
  trx: Executor,
  store: RecordStore<TInput, TRecord, unknown>,
  saved: TInput,
  before: TRecord | undefined,
  afterSave: AfterSave<TInput, TAfter> | undefined,
): Promise<Written<TRecord, TAfter>> {
  const after = afterSave ? await afterSave(trx, saved, before) : undefined;
  const record = (await store.load(trx, saved.key)) ?? (afterSave ? await store.load(trx, (await resolveKeyAlias(trx, store.type, saved.key)) ?? saved.key) : undefined);
  if (record === undefined) throw new Error(`${store.label} '${saved.key}' vanished after saving`);
  return { record, after };
}

/**
 * One text field of a record rewritten by `edit`, read and written in one transaction (a typed
 * name made a mention from the preview). `edit` answers null when the field no longer says what
 * the caller saw: nothing is written (409). References are checked as on any replace;
 * `beforeCommit` runs inside the transaction (the audit row).
 */
export async function editRecordText<TInput extends { key: string }, TRecord extends { meta: { version: number } }>(
  db: Kysely<Database>,
  store: RecordStore<TInput, TRecord, unknown>,
  key: string,
  path: readonly PropertyKey[],
  edit: (text: string) => string | null,
  beforeCommit?: (trx: Executor, saved: TRecord) => Promise<void>,
): Promise<TRecord> {
  return inTransaction(db, async (trx) => {
    const record = await store.load(trx, key);
    if (!record) throw recordNotFound(store, key);
    const { meta: _meta, ...input } = structuredClone(record) as TRecord & Record<string, unknown>;
    const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined), input);
    const last = path[path.length - 1]!;
    const text = parent && typeof parent === 'object' ? (parent as Record<PropertyKey, unknown>)[last] : undefined;
    const changed = typeof text === 'string' ? edit(text) : null;
    if (changed === null) throw new ConflictError(`The ${store.label} '${key}' changed since it was shown; nothing was written.`);
    (parent as Record<PropertyKey, unknown>)[last] = changed;
    await assertReferencesResolve(trx, store, input as unknown as TInput);
    await store.save(trx, input as unknown as TInput);
    const saved = await loadSaved(trx, store, key);
    await beforeCommit?.(trx, saved);
    return saved;
  });
}

/** Deletes a record nothing refers to; otherwise 409 listing what still refers to it. */
export async function deleteRecord(
  db: Kysely<Database>,
  store: RecordStore<{ key: string }, unknown, unknown>,
  given: string,
  options: { aliases?: boolean } = {},
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const found = await findByKeyOrAlias(trx, store as RecordStore<never, unknown, unknown>, given, options);
    if (!found) throw recordNotFound(store, given);
    const { key } = found;
    const dependants = await findDependants(trx, store.type, key);
    if (dependants.length > 0) {
      throw new ConflictError(
        `${store.label} '${key}' is still referred to by ${dependants.length} record(s); change or delete them first. Nothing was deleted.`,
        dependants,
      );
    }
    await store.remove(trx, key);
  });
}

async function assertReferencesResolve<TInput extends { key: string }>(
  db: Executor,
  store: RecordStore<TInput, unknown, unknown>,
  input: TInput,
  check?: CreateCheck<TInput>,
): Promise<void> {
  const problems = [...(check ? await check(db, input) : []), ...(await store.referenceProblems(db, input))];
  if (problems.length > 0) {
    throw new InvalidInputError(`The ${store.label} has ${problems.length} problem(s); nothing was written.`, problems);
  }
}

async function loadSaved<TRecord>(db: Executor, store: RecordStore<never, TRecord, unknown>, key: string): Promise<TRecord> {
  const record = await store.load(db, key);
  if (!record) throw new Error(`${store.label} '${key}' vanished after saving`);
  return record;
}

const keyTakenConcurrently = () => new ConflictError('The key was taken by a concurrent request; nothing was written.');

/**
 * Runs `work` in a transaction. Checks run inside it, but a concurrent request can still take a
 * key or add a reference between check and write: the database's constraint then decides, and
 * the client hears 409 rather than 500.
 */
async function inTransaction<T>(db: Kysely<Database>, work: (trx: Executor) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === '23505') throw keyTakenConcurrently();
    if (code === '23503') throw new ConflictError('A referenced record changed during the request; nothing was written. Retry.');
    // Class 22 (data exception): a value the schema let through but the column cannot hold,
    // e.g. the date 0000-01-01. Our SQL is fixed, so the value came from the client.
    if (typeof code === 'string' && code.startsWith('22')) {
      const message = `a value cannot be stored: ${(err as Error).message}`;
      throw new InvalidInputError(`The record has 1 problem(s); nothing was written.`, [{ path: '', message }]);
    }
    throw err;
  }
}

const recordNotFound = (store: { label: string }, key: string) =>
  new NotFoundError(`${store.label.charAt(0).toUpperCase()}${store.label.slice(1)} '${key}'`);

