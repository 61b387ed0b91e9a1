import { prefixPattern } from '../db/like.js';
import type { Db } from '../db/database.js';

/**
 * Small reads the staff pages need that the record services do not offer: counts, choices for
 * selects (key and label only), free keys for new records.
 */

const MAX_CHOICES = 2000;

export async function recordCounts(db: Db): Promise<Record<'incidents' | 'persons' | 'sources' | 'recommendations' | 'documents', number>> {
  const count = async (table: 'incidents' | 'persons' | 'sources' | 'recommendations' | 'documents') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const [incidents, persons, sources, recommendations, documents] = await Promise.all([
    count('incidents'), count('persons'), count('sources'), count('recommendations'), count('documents'),
  ]);
  return { incidents, persons, sources, recommendations, documents };
}

export async function countries(db: Db): Promise<Array<{ code: string; name: string }>> {
  return db.selectFrom('countries').select(['code', 'name']).orderBy('name').execute();
}

/** Every person as "Name (pseudonym)", for victim and subject pickers. */
export async function personChoices(db: Db): Promise<Array<{ key: string; name: string; pseudonym: string }>> {
  return db.selectFrom('persons').select(['key', 'name', 'pseudonym']).orderBy('name').limit(MAX_CHOICES).execute();
}

export async function sourceChoices(db: Db): Promise<Array<{ key: string; title: string; reliability: string; confidential: boolean }>> {
  return db.selectFrom('sources').select(['key', 'title', 'reliability', 'confidential']).orderBy('title').limit(MAX_CHOICES).execute();
}

export async function incidentChoices(db: Db): Promise<Array<{ key: string; title: string; date: string; country_code: string; unsourced: boolean }>> {
  const rows = await db.selectFrom('incidents as i')
    .select(['i.key', 'i.title', 'i.date', 'i.country_code'])
    .select((eb) => eb.not(eb.exists(eb.selectFrom('incident_sources as l').whereRef('l.incident_id', '=', 'i.id').select('l.incident_id'))).as('unsourced'))
    .orderBy('i.date').orderBy('i.key').limit(MAX_CHOICES).execute();
  return rows.map((r) => ({ ...r, unsourced: Boolean(r.unsourced) }));
}

export async function organisationChoices(db: Db): Promise<Array<{ key: string; name: string }>> {
  return db.selectFrom('organisations').select(['key', 'name']).orderBy('name').limit(MAX_CHOICES).execute();
}

export async function incidentsById(db: Db, ids: readonly number[]): Promise<Array<{ id: number; key: string; title: string }>> {
  if (ids.length === 0) return [];
  return db.selectFrom('incidents').select(['id', 'key', 'title']).where('id', 'in', [...ids]).execute();
}

/** Keys that already exist among `keys` in a table, to pick a free key for a new record. */
export async function takenKeys(db: Db, table: 'incidents' | 'persons' | 'sources' | 'recommendations', prefix: string): Promise<Set<string>> {
  const rows = await db.selectFrom(table).select('key').where('key', 'like', prefixPattern(prefix)).execute();
  return new Set(rows.map((r) => r.key));
}

/** `base`, or `base-2`, `base-3`… whichever is free. */
export async function freeKey(db: Db, table: 'incidents' | 'persons' | 'sources' | 'recommendations', base: string): Promise<string> {
  const taken = await takenKeys(db, table, base);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 76)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
