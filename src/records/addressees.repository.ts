import type { AddresseeRow } from '../db/tables/appeals.table.js';
import type { Addressee, AddresseeInput } from './addressees.schemas.js';
import type { Executor } from './records.repository.js';

/** The address book's SQL. */

function toAddressee(row: AddresseeRow): Addressee {
  return {
    id: row.id,
    country: row.country_code,
    title: row.title,
    name: row.name,
    postalAddress: row.postal_address,
    email: row.email,
    fax: row.fax,
    salutation: row.salutation,
    language: row.language,
    meta: { version: row.version, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() },
  };
}

function columns(input: AddresseeInput) {
  return {
    country_code: input.country,
    title: input.title,
    name: input.name ?? null,
    postal_address: input.postalAddress ?? null,
    email: input.email ?? null,
    fax: input.fax ?? null,
    salutation: input.salutation ?? null,
    language: input.language ?? null,
  };
}

export async function listAddressees(
  db: Executor,
  filter: { country?: string | undefined },
  page: { limit: number; offset: number },
): Promise<{ items: Addressee[]; total: number }> {
  let q = db.selectFrom('addressees');
  if (filter.country) q = q.where('country_code', '=', filter.country);
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('country_code').orderBy('id').limit(page.limit).offset(page.offset).execute();
  return { items: rows.map(toAddressee), total: Number(total.n) };
}

export async function getAddressee(db: Executor, id: number): Promise<Addressee | undefined> {
  const row = await db.selectFrom('addressees').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAddressee(row) : undefined;
}

/** The addressees with these ids, in the order asked; unknown ids are left out. */
export async function getAddressees(db: Executor, ids: readonly number[]): Promise<Addressee[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('addressees').selectAll().where('id', 'in', [...new Set(ids)]).execute();
  const byId = new Map(rows.map((r) => [r.id, toAddressee(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function insertAddressee(db: Executor, input: AddresseeInput): Promise<Addressee> {
  const row = await db.insertInto('addressees').values(columns(input)).returningAll().executeTakeFirstOrThrow();
  return toAddressee(row);
}

/** Replaces every field; the version rises only when something changed. Undefined: no such id. */
export async function updateAddressee(db: Executor, id: number, input: AddresseeInput): Promise<Addressee | undefined> {
  const current = await getAddressee(db, id);
  if (!current) return undefined;
  const next = columns(input);
  const same = next.country_code === current.country && next.title === current.title && next.name === current.name
    && next.postal_address === current.postalAddress && next.email === current.email && next.fax === current.fax
    && next.salutation === current.salutation && next.language === current.language;
  if (same) return current;
  const row = await db.updateTable('addressees')
    .set((eb) => ({ ...next, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id).returningAll().executeTakeFirst();
  return row ? toAddressee(row) : undefined;
}

export async function deleteAddressee(db: Executor, id: number): Promise<boolean> {
  const result = await db.deleteFrom('addressees').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Countries that have addressees, for the pick lists. */
export async function addresseeCountries(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('addressees').select('country_code').distinct().orderBy('country_code').execute();
  return rows.map((r) => r.country_code);
}
