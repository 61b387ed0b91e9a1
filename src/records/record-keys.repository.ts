import { sql } from 'kysely';
import type { Executor } from './records.repository.js';

/**
 * Record keys as identifiers other systems see: opaque keys for new records, renaming a key that
 * spelled a name, and the aliases that keep an old key resolving (for callers who may see names;
 * the edge decides who that is and passes `aliases: true` down).
 */

/** The record types whose keys are checked and may be renamed to opaque ones: all five. */
export type AliasedTable = 'persons' | 'sources' | 'incidents' | 'organisations' | 'recommendations';
export const ALIASED_TABLES: readonly AliasedTable[] = ['persons', 'sources', 'incidents', 'organisations', 'recommendations'];

/** The next free `<prefix>-<nnnn>` key ("p-kz-0007"): one more than the highest number in use. */
export async function nextOpaqueKey(db: Executor, table: AliasedTable, prefix: string, avoid: (key: string) => boolean = () => false): Promise<string> {
  const rows = await db.selectFrom(table).select('key').where('key', 'like', `${prefix}-%`).execute();
  const pattern = new RegExp(`^${prefix.replace(/[^a-z0-9-]/g, '')}-(\\d{4,})$`);
  let highest = 0;
  for (const { key } of rows) {
    const m = pattern.exec(key);
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  const taken = new Set(rows.map((r) => r.key));
  for (let n = highest + 1; ; n++) {
    const candidate = `${prefix}-${String(n).padStart(4, '0')}`;
    if (!taken.has(candidate) && !avoid(candidate)) return candidate;
  }
}

/**
 * Every key of the five tables with its record's country (lower case; null when it has none),
 * table by table in id order: one round trip, as every person write reads them all (five queries
 * were most of the renaming's cost on 1,000 incidents).
 */
export async function allRecordKeys(db: Executor): Promise<Array<{ table: AliasedTable; key: string; country: string | null }>> {
  const selects = ALIASED_TABLES.map((table, i) => sql`select ${sql.lit(i)} as t, id, key, country_code from ${sql.table(table)}`);
  const { rows } = await sql<{ t: number; key: string; country_code: string | null }>`${sql.join(selects, sql` union all `)} order by t, id`.execute(db);
  return rows.map((r) => ({ table: ALIASED_TABLES[r.t]!, key: r.key, country: r.country_code ? r.country_code.trim().toLowerCase() : null }));
}

/**
 * Renames a record's key and keeps the old one as an alias. Links use ids, so nothing else
 * changes; aliases that pointed to the old key now point to the new one.
 */
export async function renameRecordKey(db: Executor, table: AliasedTable, from: string, to: string): Promise<void> {
  await db.updateTable(table).set({ key: to }).where('key', '=', from).execute();
  await db.updateTable('record_key_aliases').set({ key: to }).where('record_type', '=', table).where('key', '=', from).execute();
  await db.insertInto('record_key_aliases').values({ record_type: table, alias: from, key: to })
    .onConflict((oc) => oc.columns(['record_type', 'alias']).doUpdateSet({ key: to }))
    .execute();
}

/** The current key an old key stands for, if it is an alias. */
export async function resolveKeyAlias(db: Executor, table: string, alias: string): Promise<string | undefined> {
  const row = await db.selectFrom('record_key_aliases').select('key').where('record_type', '=', table).where('alias', '=', alias).executeTakeFirst();
  return row?.key;
}

/** Keys with each alias replaced by the key it stands for (unknown keys are kept as given). */
export async function resolveKeyAliases(db: Executor, table: string, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db.selectFrom('record_key_aliases').select(['alias', 'key']).where('record_type', '=', table).where('alias', 'in', [...new Set(keys)]).execute();
  const current = new Map(rows.map((r) => [r.alias, r.key]));
  return keys.map((k) => current.get(k) ?? k);
}
