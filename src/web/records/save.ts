import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { ConflictError, InvalidInputError } from '../../shared/errors.js';
import { problemsFromZod, type Problem } from '../../shared/problems.js';
import { createRecord, replaceRecord, type AfterSave } from '../../records/records.service.js';
import { type RecordStore } from '../../records/record-stores.repository.js';
import { errorsByField, type Errors } from '../fields.js';

/** Saved: the record's key now, and how many record keys the write renamed (afterSave's count). */
export type SaveResult = { ok: true; key: string; keysRenamed: number } | { ok: false; errors: Errors };

/**
 * Saves what a form sent, through the same schema and the same record service as the API: the
 * schema's problems and the service's (unknown references, a taken key) come back as errors by
 * field. Nothing is written unless everything holds.
 */
export async function saveFromForm<TInput extends { key: string }>(
  db: Db,
  store: RecordStore<TInput, unknown, unknown>,
  mode: 'create' | 'replace',
  schema: z.ZodType,
  input: unknown,
  labels: Record<string, string>,
  /** Called on valid input before saving, e.g. to fill in a derived key. */
  complete?: (valid: TInput) => Promise<TInput>,
  /** Checks a create must pass besides references (a key that spells a name: consent/record-keys.ts). */
  check?: (db: Db, input: TInput) => Promise<Problem[]>,
  /** Checks a replace must pass (a pseudonym that shares a part of the real name). */
  replaceCheck?: (db: Db, input: TInput) => Promise<Problem[]>,
  /** In the write's transaction: renames the record keys that now spell a name it brought; answers how many. */
  renameKeys?: AfterSave<{ key: string }, readonly unknown[]>,
): Promise<SaveResult> {
  const fail = (problems: Problem[]): SaveResult => ({ ok: false, errors: errorsByField(problems, Object.keys(labels), labels) });
  const parsed = schema.safeParse(input, { reportInput: true });
  if (!parsed.success) return fail(problemsFromZod(parsed.error));
  let record = parsed.data as TInput;
  if (complete) record = await complete(record);
  try {
    const written = mode === 'create'
      ? await createRecord(db, store as RecordStore<TInput, { key: string }, unknown>, record, check as never, renameKeys)
      : await replaceRecord(db, store as RecordStore<TInput, { key: string }, unknown>, record, replaceCheck as never, {}, renameKeys);
    return { ok: true, key: written.record.key, keysRenamed: written.after?.length ?? 0 };
  } catch (err) {
    if (err instanceof ConflictError || err instanceof InvalidInputError) {
      return fail(err.problems?.length ? err.problems : [{ path: '', message: err.message }]);
    }
    throw err;
  }
}
