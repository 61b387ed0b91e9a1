import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors.js';
import type {
  BundleIncident, BundleOrganisation, BundlePerson, BundleRecommendation, BundleSource,
} from './bundle.schemas.js';
import { findDependants, type RecordType } from './dependants.js';
import { toPointer, type Problem } from '../shared/problems.js';
import type {
  IncidentRecord, OrganisationRecord, PersonRecord, RecommendationRecord, SourceRecord,
} from './records.js';
import {
  findIncidentIds, loadIncidents, loadIncidentsByKeys, loadOrganisationsByKeys, loadPersonsByKeys,
  loadRecommendationsByKeys, loadSourcesByKeys, type Executor, type IncidentFilter,
} from './records.repository.js';
import {
  saveCountry, saveIncident, saveOrganisation, savePerson, saveRecommendation, saveSource, type SaveOutcome,
} from './records.writer.js';

/**
 * Single-record operations behind the REST API: create, replace, delete and list each record
 * type by key. One `RecordStore` per type says how; `createRecord`/`replaceRecord`/`deleteRecord`
 * apply the same rules to all five (409 on a taken key or live dependants, 422 on a dangling
 * reference, everything in one transaction).
 */

export interface Page {
  limit: number;
  offset: number;
}

export interface RecordStore<TInput extends { key: string }, TRecord, TFilter> {
  type: RecordType;
  /** Singular noun for messages: "incident 'x' not found". */
  label: string;
  load(db: Executor, key: string): Promise<TRecord | undefined>;
  list(db: Executor, filter: TFilter, page: Page): Promise<{ items: TRecord[]; total: number }>;
  /** References the input makes that do not resolve (unknown keys, duplicates, cycles). */
  referenceProblems(db: Executor, input: TInput): Promise<Problem[]>;
  /** Upserts by key; says whether the row was created, updated or left unchanged. */
  save(db: Executor, input: TInput): Promise<SaveOutcome>;
  remove(db: Executor, key: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Operations shared by every record type

export async function readRecord<TRecord>(db: Executor, store: RecordStore<never, TRecord, unknown>, key: string): Promise<TRecord> {
  const record = await store.load(db, key);
  if (!record) throw recordNotFound(store, key);
  return record;
}

export async function createRecord<TInput extends { key: string }, TRecord>(
  db: Kysely<Database>,
  store: RecordStore<TInput, TRecord, unknown>,
  input: TInput,
): Promise<TRecord> {
  return inTransaction(db, async (trx) => {
    if (await store.load(trx, input.key)) {
      throw new ConflictError(`${store.label} '${input.key}' already exists; use PUT to replace it`, [
        { path: '/key', message: `${store.label} '${input.key}' already exists` },
      ]);
    }
    await assertReferencesResolve(trx, store, input);
    // The check above saw no record, but a concurrent create may have committed since: the save
    // (an upsert) would then report it unchanged or overwrite it. Either way this create lost the
    // race, and the transaction is rolled back.
    if ((await store.save(trx, input)) !== 'created') throw keyTakenConcurrently();
    return loadSaved(trx, store, input.key);
  });
}

/** Full replace of an existing record; creates nothing. Unchanged content keeps its version. */
export async function replaceRecord<TInput extends { key: string }, TRecord>(
  db: Kysely<Database>,
  store: RecordStore<TInput, TRecord, unknown>,
  input: TInput,
): Promise<TRecord> {
  return inTransaction(db, async (trx) => {
    if (!(await store.load(trx, input.key))) throw recordNotFound(store, input.key);
    await assertReferencesResolve(trx, store, input);
    await store.save(trx, input);
    return loadSaved(trx, store, input.key);
  });
}

/** Deletes a record nothing refers to; otherwise 409 listing what still refers to it. */
export async function deleteRecord(
  db: Kysely<Database>,
  store: RecordStore<{ key: string }, unknown, unknown>,
  key: string,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (!(await store.load(trx, key))) throw recordNotFound(store, key);
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
): Promise<void> {
  const problems = await store.referenceProblems(db, input);
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

// ---------------------------------------------------------------------------------------------
// Reference checks

type KeyedTable = 'persons' | 'sources' | 'organisations' | 'incidents';

async function existingKeys(db: Executor, table: KeyedTable, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom(table).select('key').where('key', 'in', [...new Set(keys)]).execute();
  return new Set(rows.map((r) => r.key));
}

/** A list of references: each must exist and appear once. `at(i)` is the pointer path of item i. */
async function keyListProblems(
  db: Executor,
  table: KeyedTable,
  label: string,
  keys: readonly string[],
  at: (index: number) => PropertyKey[],
): Promise<Problem[]> {
  const known = await existingKeys(db, table, keys);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  keys.forEach((key, i) => {
    if (!known.has(key)) problems.push({ path: toPointer(at(i)), message: `unknown ${label} key '${key}'` });
    else if (seen.has(key)) problems.push({ path: toPointer(at(i)), message: `${label} '${key}' is listed twice` });
    seen.add(key);
  });
  return problems;
}

/** followUpOf must name another existing incident, and the chain it starts must not loop back. */
async function followUpProblems(db: Executor, key: string, followUpOf: string): Promise<Problem[]> {
  const at = '/followUpOf';
  if (followUpOf === key) return [{ path: at, message: 'an incident cannot follow up itself' }];
  const chain = [key];
  let current: string | null = followUpOf;
  while (current !== null) {
    if (current === key) return [{ path: at, message: `followUpOf would form a cycle: ${[...chain, key].join(' → ')}` }];
    if (chain.includes(current)) break; // an older loop not involving this incident
    const row = await db.selectFrom('incidents as i')
      .leftJoin('incidents as f', 'f.id', 'i.follow_up_of_id')
      .select('f.key as next').where('i.key', '=', current).executeTakeFirst();
    if (!row) {
      return current === followUpOf ? [{ path: at, message: `unknown incident key '${followUpOf}'` }] : [];
    }
    chain.push(current);
    current = row.next;
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Lists: filtered, counted, ordered by key

/** Escapes LIKE wildcards so that `q` matches literally, and wraps it for a substring match. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

type ListTable = 'persons' | 'sources' | 'organisations' | 'recommendations';

/** Total and one page of keys of a filtered query, then the records for those keys in key order. */
async function pageByKey<TRecord extends { key: string }>(
  query: SelectQueryBuilder<Database, ListTable, object>,
  page: Page,
  load: (keys: string[]) => Promise<TRecord[]>,
): Promise<{ items: TRecord[]; total: number }> {
  const count = await query.select(sql<string>`count(*)`.as('n')).executeTakeFirst();
  const rows = await query.select(sql<string>`key`.as('key')).orderBy(sql`key`).limit(page.limit).offset(page.offset).execute();
  const keys = rows.map((r) => r.key);
  const byKey = new Map((await load(keys)).map((r) => [r.key, r]));
  return { items: keys.flatMap((k) => byKey.get(k) ?? []), total: Number(count?.n ?? 0) };
}

// ---------------------------------------------------------------------------------------------
// Incidents

/** An incident as the API takes it: the bundle record plus its country (name registers a new one). */
export type IncidentInput = BundleIncident & { country: { code: string; name?: string | undefined } };
/** An incident as the API returns it: the country with its name. */
export type IncidentView = Omit<IncidentRecord, 'country'> & { country: { code: string; name: string } };

async function withCountryNames(db: Executor, incidents: IncidentRecord[]): Promise<IncidentView[]> {
  const codes = [...new Set(incidents.map((i) => i.country))];
  const rows = codes.length > 0 ? await db.selectFrom('countries').select(['code', 'name']).where('code', 'in', codes).execute() : [];
  const nameOf = new Map(rows.map((r) => [r.code, r.name]));
  return incidents.map((i) => ({ ...i, country: { code: i.country, name: nameOf.get(i.country) ?? i.country } }));
}

export const incidentStore: RecordStore<IncidentInput, IncidentView, IncidentFilter> = {
  type: 'incidents',
  label: 'incident',
  async load(db, key) {
    const [view] = await withCountryNames(db, await loadIncidentsByKeys(db, [key]));
    return view;
  },
  async list(db, filter, page) {
    const { ids, total } = await findIncidentIds(db, filter, page);
    return { items: await withCountryNames(db, await loadIncidents(db, ids)), total };
  },
  async referenceProblems(db, input) {
    const problems: Problem[] = [];
    const { code, name } = input.country;
    const country = await db.selectFrom('countries').select('code').where('code', '=', code).executeTakeFirst();
    if (!country && name === undefined) {
      problems.push({ path: '/country/code', message: `unknown country '${code}': give country.name as well to register it` });
    }
    if (input.endDate && input.endDate < input.date) {
      problems.push({ path: '/endDate', message: `ends (${input.endDate}) before it starts (${input.date})` });
    }
    problems.push(...(await keyListProblems(db, 'persons', 'person', input.victims, (i) => ['victims', i])));
    problems.push(...(await keyListProblems(db, 'sources', 'source', input.sources.map((s) => s.source), (i) => ['sources', i, 'source'])));
    if (input.followUpOf) problems.push(...(await followUpProblems(db, input.key, input.followUpOf)));
    return problems;
  },
  async save(db, { country, ...incident }) {
    if (country.name !== undefined) await saveCountry(db, country.code, country.name);
    return saveIncident(db, incident, country.code);
  },
  async remove(db, key) {
    // Victim, perpetrator and source links go with it (ON DELETE CASCADE).
    await db.deleteFrom('incidents').where('key', '=', key).execute();
  },
};

// ---------------------------------------------------------------------------------------------
// Persons

export interface PersonFilter {
  /** Searched in name, native name and pseudonym. */
  q?: string | undefined;
}

export const personStore: RecordStore<BundlePerson, PersonRecord, PersonFilter> = {
  type: 'persons',
  label: 'person',
  load: async (db, key) => (await loadPersonsByKeys(db, [key]))[0],
  list(db, filter, page) {
    let query = db.selectFrom('persons');
    if (filter.q) {
      const p = containsPattern(filter.q);
      query = query.where((eb) => eb.or([eb('name', 'ilike', p), eb('name_native', 'ilike', p), eb('pseudonym', 'ilike', p)]));
    }
    return pageByKey(query, page, (keys) => loadPersonsByKeys(db, keys));
  },
  referenceProblems: async () => [],
  // Records created through the API belong to no country; a bundle import may assign one later.
  save: (db, person) => savePerson(db, person, null),
  remove: async (db, key) => void (await db.deleteFrom('persons').where('key', '=', key).execute()),
};

// ---------------------------------------------------------------------------------------------
// Sources

export interface SourceFilter {
  type?: string | undefined;
  confidential?: boolean | undefined;
  /** Searched in title and author. */
  q?: string | undefined;
}

export const sourceStore: RecordStore<BundleSource, SourceRecord, SourceFilter> = {
  type: 'sources',
  label: 'source',
  load: async (db, key) => (await loadSourcesByKeys(db, [key]))[0],
  list(db, filter, page) {
    let query = db.selectFrom('sources');
    if (filter.type) query = query.where('type', '=', filter.type);
    if (filter.confidential !== undefined) query = query.where('confidential', '=', filter.confidential);
    if (filter.q) {
      const p = containsPattern(filter.q);
      query = query.where((eb) => eb.or([eb('title', 'ilike', p), eb('author', 'ilike', p)]));
    }
    return pageByKey(query, page, (keys) => loadSourcesByKeys(db, keys));
  },
  async referenceProblems(db, source) {
    if (!source.organisation) return [];
    const known = await existingKeys(db, 'organisations', [source.organisation]);
    return known.size > 0 ? [] : [{ path: '/organisation', message: `unknown organisation key '${source.organisation}'` }];
  },
  save: (db, source) => saveSource(db, source, null),
  remove: async (db, key) => void (await db.deleteFrom('sources').where('key', '=', key).execute()),
};

// ---------------------------------------------------------------------------------------------
// Organisations

export interface OrganisationFilter {
  /** Searched in name and acronym. */
  q?: string | undefined;
}

export const organisationStore: RecordStore<BundleOrganisation, OrganisationRecord, OrganisationFilter> = {
  type: 'organisations',
  label: 'organisation',
  load: async (db, key) => (await loadOrganisationsByKeys(db, [key]))[0],
  list(db, filter, page) {
    let query = db.selectFrom('organisations');
    if (filter.q) {
      const p = containsPattern(filter.q);
      query = query.where((eb) => eb.or([eb('name', 'ilike', p), eb('acronym', 'ilike', p)]));
    }
    return pageByKey(query, page, (keys) => loadOrganisationsByKeys(db, keys));
  },
  referenceProblems: async () => [],
  save: (db, organisation) => saveOrganisation(db, organisation, null),
  remove: async (db, key) => void (await db.deleteFrom('organisations').where('key', '=', key).execute()),
};

// ---------------------------------------------------------------------------------------------
// Recommendations

export interface RecommendationFilter {
  right?: string | undefined;
  addressee?: string | undefined;
  /** The recommendation's own country, or the country of any incident it refers to. */
  country?: string | undefined;
}

/** The one country all of a recommendation's incidents share, if they do. */
async function countryOfIncidents(db: Executor, keys: readonly string[]): Promise<string | null> {
  if (keys.length === 0) return null;
  const rows = await db.selectFrom('incidents').select('country_code').distinct().where('key', 'in', [...keys]).execute();
  return rows.length === 1 ? rows[0]!.country_code : null;
}

export const recommendationStore: RecordStore<BundleRecommendation, RecommendationRecord, RecommendationFilter> = {
  type: 'recommendations',
  label: 'recommendation',
  load: async (db, key) => (await loadRecommendationsByKeys(db, [key]))[0],
  list(db, filter, page) {
    let query = db.selectFrom('recommendations');
    if (filter.right) query = query.where('right', '=', filter.right);
    if (filter.addressee) query = query.where('addressee', '=', filter.addressee);
    if (filter.country) {
      const country = filter.country;
      query = query.where((eb) => eb.or([
        eb('recommendations.country_code', '=', country),
        eb.exists(
          eb.selectFrom('recommendation_incidents as l')
            .innerJoin('incidents as i', 'i.id', 'l.incident_id')
            .whereRef('l.recommendation_id', '=', 'recommendations.id')
            .where('i.country_code', '=', country)
            .select(sql`1`.as('one')),
        ),
      ]));
    }
    return pageByKey(query, page, (keys) => loadRecommendationsByKeys(db, keys));
  },
  referenceProblems: (db, rec) => keyListProblems(db, 'incidents', 'incident', rec.incidents, (i) => ['incidents', i]),
  // The country is set on creation only (the writer keeps it on update), from the incidents.
  save: async (db, rec) => saveRecommendation(db, rec, await countryOfIncidents(db, rec.incidents)),
  remove: async (db, key) => void (await db.deleteFrom('recommendations').where('key', '=', key).execute()),
};
