import { sql, type SelectQueryBuilder } from 'kysely';
import { containsPattern } from '../db/like.js';
import type { Database } from '../db/schema.js';
import { personSearchText, sourceSearchText } from '../db/search-text.js';
import { toPointer, type Problem } from '../shared/problems.js';
import type {
  BundleIncident, BundleOrganisation, BundlePerson, BundleRecommendation, BundleSource,
} from './bundle.schemas.js';
import type { RecordType } from './dependants.repository.js';
import { recordMentionedKeys, recordMentionProblems, type FreeTextCollection } from './mention-syntax.js';
import { sourceRuleProblems } from './record-rules.js';
import type {
  IncidentRecord, OrganisationRecord, PersonRecord, RecommendationRecord, SourceRecord,
} from './records.js';
import {
  findIncidentIds, loadIncidentPage, loadOrganisationsByKeys, loadPersonsByKeys,
  loadRecommendationsByKeys, loadSourcesByKeys, searchCondition, type Executor, type IncidentFilter, type ListPosition, type ListSort,
} from './records.repository.js';
import {
  saveCountry, saveIncident, saveOrganisation, savePerson, saveRecommendation, saveSource, type SaveOutcome,
} from './records-write.repository.js';

/**
 * How each record type is loaded, listed, checked, saved and removed: one `RecordStore` per type,
 * all SQL. records.service.ts applies the same rules to all five through this interface.
 */

export interface Page {
  limit: number;
  /** Rows skipped before the page; not read when `after` is given. */
  offset: number;
  /** The order (the pages' sortable columns); without it, each type's usual order (the API's). */
  sort?: ListSort | undefined;
  /** The page starts after this position of the usual order (a previous page's `next`); never with `sort`. */
  after?: ListPosition | undefined;
}

/**
 * One page of a list: its records, how many match in all (every page together) and, when another
 * page follows in the usual order, the position it continues from (null: the last page, or a page
 * in another order).
 */
export interface ListPage<TRecord> {
  items: TRecord[];
  total: number;
  next: ListPosition | null;
}

export interface RecordStore<TInput extends { key: string }, TRecord, TFilter> {
  type: RecordType;
  /** Singular noun for messages: "incident 'x' not found". */
  label: string;
  load(db: Executor, key: string): Promise<TRecord | undefined>;
  list(db: Executor, filter: TFilter, page: Page): Promise<ListPage<TRecord>>;
  /** References the input makes that do not resolve (unknown keys, duplicates, cycles). */
  referenceProblems(db: Executor, input: TInput): Promise<Problem[]>;
  /** Upserts by key; says whether the row was created, updated or left unchanged. */
  save(db: Executor, input: TInput): Promise<SaveOutcome>;
  remove(db: Executor, key: string): Promise<void>;
}

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

/** Mentions in the record's free text must name persons on record (or the person being saved). */
async function mentionProblems(db: Executor, collection: FreeTextCollection, input: unknown, selfKey?: string): Promise<Problem[]> {
  const keys = recordMentionedKeys(collection, input);
  if (keys.length === 0) return [];
  const known = await existingKeys(db, 'persons', keys);
  if (selfKey !== undefined) known.add(selfKey);
  return recordMentionProblems(collection, input, (k) => known.has(k));
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

type ListTable = 'persons' | 'sources' | 'organisations' | 'recommendations';

/**
 * Total and one page of keys of a filtered query, then the records for those keys in that order:
 * by key, unless the page asks for one of `sorts` (each a list of columns; the key comes last so
 * that pages never overlap). In key order a page may start after a key (`after`: [key]).
 */
async function pageByKey<TRecord extends { key: string }>(
  query: SelectQueryBuilder<Database, ListTable, object>,
  page: Page,
  load: (keys: string[]) => Promise<TRecord[]>,
  sorts: Record<string, string[]> = {},
): Promise<ListPage<TRecord>> {
  if (page.after !== undefined && page.sort !== undefined) throw new Error('a page continues after a position in the default order only');
  const columns = [...(page.sort ? sorts[page.sort.by] ?? [] : []), 'key'];
  const dir = page.sort?.dir ?? 'asc';
  let ordered = query.select(sql<string>`key`.as('key'));
  if (page.after !== undefined) ordered = ordered.where(sql<boolean>`key > ${String(page.after[0])}`);
  for (const column of columns) ordered = ordered.orderBy(sql.raw(`${column} ${dir} nulls last`));
  // One row more than the page: whether another page follows. Together with the count: one round
  // trip to the database fewer on every page (each waits its turn on a busy machine; the count
  // alone is ~5 ms of 20,000 persons).
  const [count, rows] = await Promise.all([
    query.select(sql<string>`count(*)`.as('n')).executeTakeFirst(),
    (page.after === undefined ? ordered.offset(page.offset) : ordered).limit(page.limit + 1).execute(),
  ]);
  const keys = rows.slice(0, page.limit).map((r) => r.key);
  const byKey = new Map((await load(keys)).map((r) => [r.key, r]));
  const more = rows.length > page.limit && page.sort === undefined;
  return { items: keys.flatMap((k) => byKey.get(k) ?? []), total: Number(count?.n ?? 0), next: more ? [keys.at(-1)!] : null };
}

/** Which of `keys` the database sorts after `key`, as it orders a list by key (its collation, not JavaScript's). */
export async function keysSortedAfter(db: Executor, keys: readonly string[], key: string): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await sql<{ k: string }>`select k from unnest(${[...keys]}::text[]) as k where k > ${key}`.execute(db);
  return new Set(rows.rows.map((r) => r.k));
}

// ---------------------------------------------------------------------------------------------
// Incidents

/** An incident as the API takes it: the bundle record plus its country (name registers a new one). */
export type IncidentInput = BundleIncident & { country: { code: string; name?: string | undefined } };
/** An incident as the API returns it: the country with its name. */
export type IncidentWithCountry = Omit<IncidentRecord, 'country'> & { country: { code: string; name: string } };

/** Incidents (a list page, or one by key) with their countries' names, in one statement (records.repository: loadIncidentPage). */
async function incidentsWithCountryNames(db: Executor, which: Parameters<typeof loadIncidentPage>[1]): Promise<IncidentWithCountry[]> {
  const { incidents, countryNames } = await loadIncidentPage(db, which);
  return incidents.map((i) => ({ ...i, country: { code: i.country, name: countryNames.get(i.country) ?? i.country } }));
}

export const incidentStore: RecordStore<IncidentInput, IncidentWithCountry, IncidentFilter> = {
  type: 'incidents',
  label: 'incident',
  async load(db, key) {
    const [view] = await incidentsWithCountryNames(db, { key });
    return view;
  },
  async list(db, filter, page) {
    const { ids, total, next } = await findIncidentIds(db, filter, page);
    return { items: await incidentsWithCountryNames(db, { ids }), total, next };
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
    problems.push(...(await mentionProblems(db, 'incidents', input)));
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
  /** Searched in the pseudonym alone: all a caller without identities:read is shown of a name. */
  pseudonymQ?: string | undefined;
}

export const personStore: RecordStore<BundlePerson, PersonRecord, PersonFilter> = {
  type: 'persons',
  label: 'person',
  load: async (db, key) => (await loadPersonsByKeys(db, [key]))[0],
  list(db, filter, page) {
    let query = db.selectFrom('persons');
    if (filter.q) {
      query = query.where(searchCondition(db, personSearchText('persons'), filter.q));
    }
    if (filter.pseudonymQ) query = query.where(searchCondition(db, 'persons.pseudonym_folded', filter.pseudonymQ));
    return pageByKey(query, page, (keys) => loadPersonsByKeys(db, keys), {
      newest: ['id'], name: ['name'], pseudonym: ['pseudonym'], kind: ['kind'],
    });
  },
  referenceProblems: (db, person) => mentionProblems(db, 'persons', person, person.key),
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
      // A name searched for also finds the sources that mention a person of that name.
      query = query.where(searchCondition(db, sourceSearchText('sources'), filter.q, {
        mentions: `mentioned_person_keys(sources.title || ' ' || coalesce(sources.author, ''))`,
      }));
    }
    return pageByKey(query, page, (keys) => loadSourcesByKeys(db, keys), {
      newest: ['id'], date: ['date', 'id'], title: ['title'], type: ['type'], author: ['author'], reliability: ['reliability'],
    });
  },
  async referenceProblems(db, source) {
    const problems = [
      ...sourceRuleProblems(source),
      ...(await mentionProblems(db, 'sources', source)),
      ...(await keyListProblems(db, 'persons', 'person', source.identifies ?? [], (i) => ['identifies', i])),
    ];
    if (!source.organisation) return problems;
    const known = await existingKeys(db, 'organisations', [source.organisation]);
    if (known.size === 0) problems.unshift({ path: '/organisation', message: `unknown organisation key '${source.organisation}'` });
    return problems;
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
    return pageByKey(query, page, (keys) => loadRecommendationsByKeys(db, keys), {
      newest: ['id'], right: ['"right"'], addressee: ['addressee'],
    });
  },
  referenceProblems: async (db, rec) => [
    ...(await keyListProblems(db, 'incidents', 'incident', rec.incidents, (i) => ['incidents', i])),
    ...(await mentionProblems(db, 'recommendations', rec)),
  ],
  // The country is set on creation only (the writer keeps it on update), from the incidents.
  save: async (db, rec) => saveRecommendation(db, rec, await countryOfIncidents(db, rec.incidents)),
  remove: async (db, key) => void (await db.deleteFrom('recommendations').where('key', '=', key).execute()),
};
