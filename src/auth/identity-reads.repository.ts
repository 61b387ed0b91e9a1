import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** What identity-read auditing reads besides the answer itself (identity-reads.ts). */

/** Keys of the persons a stored document prints by name (its provenance says who was named). */
export async function namedPersonsOfDocument(db: Db, id: string): Promise<string[]> {
  // Document ids are UUIDs; anything else names no document (and must not reach the uuid cast).
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return [];
  const row = await sql<{ persons: unknown }>`
    select provenance -> 'records' -> 'persons' as persons from documents where id = ${id}`.execute(db);
  const persons = row.rows[0]?.persons;
  if (!Array.isArray(persons)) return [];
  return persons
    .filter((p): p is { key: string; named: boolean } => typeof p === 'object' && p !== null && (p as { named?: unknown }).named === true)
    .map((p) => p.key)
    .filter((k) => typeof k === 'string');
}

/** Keys of the persons an intervention is about (a reply to it is about them). */
export async function personsOfIntervention(db: Db, id: string): Promise<string[]> {
  if (!/^\d{1,9}$/.test(id)) return [];
  const row = await db.selectFrom('interventions').select('person_keys').where('id', '=', Number(id)).executeTakeFirst();
  return Array.isArray(row?.person_keys) ? row.person_keys.filter((k): k is string => typeof k === 'string') : [];
}
