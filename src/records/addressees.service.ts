import type { Db } from '../db/database.js';
import { NotFoundError } from '../shared/errors.js';
import type { Addressee, AddresseeInput } from './addressees.schemas.js';
import { deleteAddressee, getAddressee, insertAddressee, updateAddressee } from './addressees.repository.js';

/** The address book's rules: a missing id is NotFound; nothing else refers to an addressee (appeals copy what they print). */

export async function readAddressee(db: Db, id: number): Promise<Addressee> {
  const found = await getAddressee(db, id);
  if (!found) throw new NotFoundError(`Addressee ${id}`);
  return found;
}

export const createAddressee = (db: Db, input: AddresseeInput): Promise<Addressee> => insertAddressee(db, input);

export async function replaceAddressee(db: Db, id: number, input: AddresseeInput): Promise<Addressee> {
  const saved = await updateAddressee(db, id, input);
  if (!saved) throw new NotFoundError(`Addressee ${id}`);
  return saved;
}

export async function removeAddressee(db: Db, id: number): Promise<void> {
  if (!(await deleteAddressee(db, id))) throw new NotFoundError(`Addressee ${id}`);
}
