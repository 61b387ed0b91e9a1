import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { containsPattern } from '../db/like.js';
import type { Database } from '../db/schema.js';
import { incidentSearchText, personSearchText } from '../db/search-text.js';
import { searchTerms } from '../shared/text/search.js';
import { filterKey, listTotalsOf } from './list-totals.js';
import {
  incidentFromRow, organisationFromRow, personFromRow, recommendationFromRow, sourceFromRow,
} from './mapping.js';
import type {
  IncidentRecord, NamingConsent, OrganisationRecord, PersonIdentity, PersonRecord, RecommendationRecord, SourceRecord,
} from './records.js';

/** Reads of case records. Plain functions taking a db or a transaction first. */
export type Executor = Kysely<Database> | Transaction<Database>;

const CHUNK = 1000;
/** `items` in parts of at most 1,000: statements keep well under the 65,535 parameters a statement may have. */
export function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export interface IncidentFilter {
  country?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  right?: string | undefined;
  violation?: string | undefined;
  urgent?: boolean | undefined;
  /** Free text searched in titles and summaries. */
  q?: string | undefined;
  /**
   * Free text searched in titles and summaries as a caller without identities:read is shown them
   * (incident_shaped_search, made at `personsRevision`): never the stored text.
   */
  shapedQ?: { q: string; personsRevision: string } | undefined;
  /** Incidents of which this person (key) is a victim. */
  person?: string | undefined;
  /** Incidents of which any of these persons (keys) is a victim. */
  persons?: string[] | undefined;
  keys?: string[] | undefined;
  rights?: string[] | undefined;
  /** Only incidents with at least one source. */
  sourcedOnly?: boolean | undefined;
}

export function incidentQuery(db: Executor, f: IncidentFilter) {
  let q = db.selectFrom('incidents');
  if (f.country) q = q.where('incidents.country_code', '=', f.country);
  // An incident belongs to a period when it overlaps it. The range test is what the period index
  // (incidents_period_idx) answers; the exact predicates stay beside it.
  if (f.from || f.to) {
    q = q.where(sql<boolean>`daterange(incidents.date, greatest(incidents.date, coalesce(incidents.end_date, incidents.date)), '[]') && daterange(${f.from ?? null}::date, ${f.to ?? null}::date, '[]')`);
  }
  if (f.from) q = q.where(sql<boolean>`coalesce(incidents.end_date, incidents.date) >= ${f.from}::date`);
  if (f.to) q = q.where('incidents.date', '<=', f.to);
  if (f.right) q = q.where(sql<boolean>`${f.right} = any(incidents.rights)`);
  if (f.rights && f.rights.length > 0) {
    const rights = f.rights;
    q = q.where((eb) => eb.or(rights.map((r) => sql<boolean>`${r} = any(incidents.rights)`)));
  }
  if (f.violation) q = q.where(sql<boolean>`${f.violation} = any(incidents.violations)`);
  if (f.urgent !== undefined) q = q.where('incidents.urgent', '=', f.urgent);
  if (f.q) {
    // Text refers to persons by mention ([[person:KEY]]): a name searched for finds the incidents
    // that mention a person of that name, and those of which they are a victim. (Callers who may
    // not see names never search stored text: consent/pseudonymous-search.ts.)
    // Each branch is answered by an index (trigrams on the folded text; the mentioned keys).
    q = q.where(searchCondition(db, incidentTextContains, f.q, {
      mentions: `mentioned_person_keys(incidents.title || ' ' || incidents.summary)`,
      victimsOf: 'incidents.id',
    }));
  }
  if (f.shapedQ) q = q.where(searchCondition(db, shapedTextContains(f.shapedQ.personsRevision), f.shapedQ.q));
  if (f.sourcedOnly) {
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('incident_sources as src').whereRef('src.incident_id', '=', 'incidents.id').select('src.incident_id')));
  }
  if (f.keys) q = q.where('incidents.key', 'in', f.keys.length > 0 ? f.keys : ['']);
  // A victim filter reads the person's links (incident_victims_person_idx), not every incident.
  if (f.person) q = q.where('incidents.id', 'in', victimIncidents(db, [f.person]));
  if (f.persons) q = q.where('incidents.id', 'in', victimIncidents(db, f.persons.length > 0 ? f.persons : ['']));
  return q;
}

/**
 * Every word of `q` (in one of its forms: shared/text/search.ts) in the folded text, or — with
 * `mentions` — in the names of a person the text mentions, or — with `victimsOf` — in the names
 * of one of the incident's victims. A query without a word matches everything.
 */
export function searchCondition(
  db: Executor,
  foldedText: string | ((forms: readonly string[]) => RawBuilder<boolean>),
  query: string,
  via: { mentions?: string; victimsOf?: string } = {},
): RawBuilder<boolean> {
  const terms = searchTerms(query);
  if (terms.length === 0) return sql<boolean>`true`;
  const words = terms.map((forms) => {
    const branches = typeof foldedText === 'string'
      ? forms.map((form) => sql<boolean>`${sql.raw(foldedText)} like ${containsPattern(form)}`)
      : [foldedText(forms)];
    if (via.mentions) branches.push(sql<boolean>`${sql.raw(via.mentions)} && ${personKeysMatching(db, forms)}`);
    // = any(array(...)): one array, so an index on the id answers it beside the others (a bitmap OR).
    if (via.victimsOf) branches.push(sql<boolean>`${sql.raw(via.victimsOf)} = any(array(${victimsMatching(db, forms)}))`);
    return sql<boolean>`(${sql.join(branches, sql` or `)})`;
  });
  return sql<boolean>`(${sql.join(words, sql` and `)})`;
}

const anyForm = (text: string, forms: readonly string[]) =>
  sql<boolean>`(${sql.join(forms.map((form) => sql`${sql.raw(text)} like ${containsPattern(form)}`), sql` or `)})`;

/**
 * Incidents whose folded title and summary contain one of the forms: read from the stored folded
 * text (incident_search_text, migration 2026-12-05-020), one array of ids so that the primary key
 * answers it beside the other branches, and no row's text is folded again to recheck a match.
 */
const incidentTextContains = (forms: readonly string[]) =>
  sql<boolean>`incidents.id = any(array(select st.incident_id from incident_search_text as st where ${anyForm(incidentSearchText('st'), forms)}))`;

/**
 * Incidents whose shaped, folded title and summary (what a caller without identities:read is
 * shown: migration 2026-12-08-010) contain one of the forms, from the rows made at this persons
 * revision for the incident's current version only.
 */
const shapedTextContains = (personsRevision: string) => (forms: readonly string[]) =>
  sql<boolean>`incidents.id = any(array(select sh.incident_id from incident_shaped_search as sh
    inner join incidents as shi on shi.id = sh.incident_id and shi.version = sh.incident_version
    where sh.persons_revision = ${personsRevision} and ${anyForm('sh.folded', forms)}))`;

/**
 * The keys of persons whose folded names contain one of the forms, as one array (null when
 * none): compared with a record's mentioned keys (`&&`), which an index answers.
 */
function personKeysMatching(db: Executor, forms: readonly string[]) {
  return sql<string[]>`(${db.selectFrom('persons as named')
    .where(anyForm(personSearchText('named'), forms))
    .select(sql<string[]>`array_agg(named.key)`.as('keys'))})`;
}

function victimsMatching(db: Executor, forms: readonly string[]) {
  return db.selectFrom('incident_victims as sv')
    .innerJoin('persons as svp', 'svp.id', 'sv.person_id')
    .where(anyForm(personSearchText('svp'), forms))
    .select('sv.incident_id');
}

function victimIncidents(db: Executor, personKeys: string[]) {
  return db.selectFrom('incident_victims as v')
    .innerJoin('persons as vp', 'vp.id', 'v.person_id')
    .where('vp.key', 'in', personKeys)
    .select('v.incident_id');
}

/** A list's order: a sort key the record type offers, and the direction. */
export interface ListSort { by: string; dir: 'asc' | 'desc' }

/** The incident list's sort keys: the columns each orders by (the id last, so that pages never overlap). */
const INCIDENT_SORTS: Record<string, string[]> = {
  date: ['incidents.date', 'incidents.id'],
  title: ['incidents.title', 'incidents.id'],
  country: ['incidents.country_code', 'incidents.date', 'incidents.id'],
};

/**
 * Where a list page ends, as the values of its order's columns for its last item: the next page
 * starts after it (keyset paging: `after=`). Incidents: [date, id]; the other records: [key].
 */
export type ListPosition = readonly (string | number)[];

/** The list's place of an incident in chronological order (date, then id): what `after` continues from. */
const afterIncident = (after: ListPosition) =>
  sql<boolean>`(incidents.date, incidents.id) > (${String(after[0])}::date, ${Number(after[1])})`;

/**
 * Ids of matching incidents in chronological order, with the total for pagination and, when
 * more follow and the order is the default one, the position the next page continues from.
 * `after` starts the page after a position of that order (no rows walked over, unlike an offset).
 */
export async function findIncidentIds(
  db: Executor,
  filter: IncidentFilter,
  page: { limit?: number; offset?: number; sort?: ListSort | undefined; after?: ListPosition | undefined } = {},
): Promise<{ ids: number[]; total: number; next: ListPosition | null }> {
  if (page.after !== undefined && page.sort !== undefined) throw new Error('a page continues after a position in the default order only');
  // Chronological unless a sort is asked for (the pages: newest first, or by title or country).
  const dir = page.sort?.dir ?? 'asc';
  const by = INCIDENT_SORTS[page.sort?.by ?? 'date'] ?? INCIDENT_SORTS.date!;
  let q = incidentQuery(db, filter).select(['incidents.id', 'incidents.date']);
  if (page.after !== undefined) q = q.where(afterIncident(page.after));
  for (const column of by) q = q.orderBy(sql.ref(column), dir);
  // One row more than the page: whether another page follows, without counting.
  if (page.limit !== undefined) q = q.limit(page.limit + 1);
  if (page.offset && page.after === undefined) q = q.offset(page.offset);
  const paged = (rows: Array<{ id: number; date: string }>) => {
    const more = page.limit !== undefined && rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    const last = shown.at(-1);
    return { ids: shown.map((r) => r.id), next: more && page.sort === undefined && last ? [last.date, last.id] : null };
  };
  // A total is kept per filter and revision (list-totals.ts): counting a text search costs as much
  // as its page when most incidents match, and the whole list's count is ~5 ms of 50,000
  // incidents on each of its pages, where reading the revision is one small round trip.
  // Only a page's: a selection of every match (a bundle's keys) is not asked for twice.
  const key = page.limit === undefined ? null : filterKey(filter);
  // A filter not counted before (most searches: each surname is a new one) counts at once, without
  // first reading the revision it would check a kept total against: one round trip fewer.
  if (key !== null && listTotalsOf(db).has(key)) {
    // The page is read beside the revision, unless a search's page may be walked (decided by its total).
    const mayWalk = !db.isTransaction && filter.q !== undefined && page.sort === undefined;
    const [{ revision, incidents }, read] = await Promise.all([incidentListState(db), mayWalk ? undefined : q.execute()]);
    const known = listTotalsOf(db).get(key, revision);
    if (known !== undefined) {
      // Most incidents match: walking the list's order finds the page in the first rows (see walkedPage).
      const end = (page.after === undefined ? page.offset ?? 0 : 0) + (page.limit ?? Infinity);
      const walk = mayWalk && end <= WALK_PAGE_END && known > 0 && incidents > 0 && end * (incidents / known) <= WALK_ROWS;
      const rows = read ?? (walk ? await walkedPage(db as Kysely<Database>, filter, page) : await q.execute());
      return { ...paged(rows), total: known };
    }
  }
  // Together: one round trip to the database instead of two on every list page. The revision is
  // read by the counting statement itself, so the total is kept under the revision it counted.
  const [totalRow, rows] = await Promise.all([
    incidentQuery(db, filter)
      .select((eb) => [eb.fn.countAll<string>().as('n'), sql<string>`(select revision from incident_list_revision where id = 1)`.as('revision')])
      .executeTakeFirst(),
    q.execute(),
  ]);
  const total = Number(totalRow?.n ?? 0);
  if (key !== null && totalRow?.revision != null) listTotalsOf(db).set(key, String(totalRow.revision), total);
  return { ...paged(rows), total };
}

/**
 * What incident lists read, as a revision (a new value after every statement that wrote it:
 * migration 2026-12-06-010), and how many incidents the planner's statistics count (0: unknown).
 */
async function incidentListState(db: Executor): Promise<{ revision: string; incidents: number }> {
  const row = await db.selectFrom('incident_list_revision')
    .select(['revision', sql<number>`(select reltuples from pg_class where oid = 'incidents'::regclass)`.as('incidents')])
    .where('id', '=', 1)
    .executeTakeFirst();
  return { revision: String(row?.revision ?? 0), incidents: Math.max(0, Number(row?.incidents ?? 0)) };
}

/** Incidents a page of a broad search may read in list order before the usual plan is cheaper. */
const WALK_ROWS = 2000;
/**
 * The last row of a page found by walking: past ~100 the planner no longer walks the joined
 * form (at 50,000 incidents it then scans every fold: ~95 ms, where the usual plan takes ~75).
 */
const WALK_PAGE_END = 100;

/**
 * A page of a search that most incidents match, in chronological order: the incidents read in
 * the order of their (date, id) index, each tested against its stored folded text, until the page
 * is full — a few milliseconds, where finding every match first costs ~60 ms at 50,000 incidents.
 * Taken only when the search's total is known and the page lies within WALK_ROWS rows of the start
 * (a search few incidents match would read them all this way: seconds at 50,000), for the first
 * pages (WALK_PAGE_END). Without parallel workers: starting
 * one costs more than the walk.
 */
async function walkedPage(db: Kysely<Database>, filter: IncidentFilter, page: { limit?: number; offset?: number; after?: ListPosition | undefined }) {
  return db.transaction().execute(async (trx) => {
    await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
    let q = incidentQuery(trx, { ...filter, q: undefined })
      .innerJoin('incident_search_text as st', 'st.incident_id', 'incidents.id')
      .where(searchCondition(trx, incidentSearchText('st'), filter.q!, {
        mentions: `mentioned_person_keys(incidents.title || ' ' || incidents.summary)`,
        victimsOf: 'incidents.id',
      }))
      .select(['incidents.id', 'incidents.date'])
      .orderBy('incidents.date').orderBy('incidents.id')
      .limit(page.limit! + 1);
    if (page.after !== undefined) q = q.where(afterIncident(page.after));
    else if (page.offset) q = q.offset(page.offset);
    return q.execute();
  });
}

/**
 * Ids of every matching incident in chronological order, without a count: what a document's
 * selection needs (every criterion applied in SQL, nothing filtered afterwards).
 */
export async function selectIncidentIds(db: Executor, filter: IncidentFilter): Promise<number[]> {
  const rows = await incidentQuery(db, filter).select('incidents.id').orderBy('incidents.date').orderBy('incidents.id').execute();
  return rows.map((r) => r.id);
}

/** An incident's perpetrator and source link as records hold them, from their rows (both loaders). */
const perpetratorOf = (x: { description: string; state_actor: boolean; state_link: string | null; reason: string | null }) => ({
  description: x.description, stateActor: x.state_actor, stateLink: x.state_link ?? null, reason: x.reason ?? null,
});
const sourceLinkOf = (x: { key: string; credibility: number; locator: string | null; excerpt: string | null }) => ({
  source: x.key, credibility: x.credibility, locator: x.locator, excerpt: x.excerpt,
});

/** An incident's date (YYYY-MM-DD), or null if there is no such incident. */
export async function incidentDate(db: Executor, id: number): Promise<string | null> {
  const row = await db.selectFrom('incidents').select('date').where('id', '=', id).executeTakeFirst();
  return row?.date ?? null;
}

/** Full incident records (with victims, perpetrators, sources, follow-up), in the order of `ids`. */
export async function loadIncidents(db: Executor, ids: readonly number[]): Promise<IncidentRecord[]> {
  if (ids.length === 0) return [];
  const out = new Map<number, IncidentRecord>();
  for (const part of chunks(ids)) {
    const [rows, victims, perpetrators, sources] = await Promise.all([
      db.selectFrom('incidents as i')
        .leftJoin('incidents as f', 'f.id', 'i.follow_up_of_id')
        .selectAll('i')
        .select('f.key as follow_up_key')
        .where('i.id', 'in', part)
        .execute(),
      db.selectFrom('incident_victims as v')
        .innerJoin('persons as p', 'p.id', 'v.person_id')
        .select(['v.incident_id', 'p.key'])
        .where('v.incident_id', 'in', part)
        .orderBy('v.incident_id').orderBy('v.position')
        .execute(),
      db.selectFrom('incident_perpetrators')
        .selectAll()
        .where('incident_id', 'in', part)
        .orderBy('incident_id').orderBy('position')
        .execute(),
      db.selectFrom('incident_sources as l')
        .innerJoin('sources as s', 's.id', 'l.source_id')
        .select(['l.incident_id', 's.key', 'l.credibility', 'l.locator', 'l.excerpt'])
        .where('l.incident_id', 'in', part)
        .orderBy('l.incident_id').orderBy('l.position')
        .execute(),
    ]);
    const group = <T extends { incident_id: number }>(items: T[]) => {
      const m = new Map<number, T[]>();
      for (const it of items) {
        const list = m.get(it.incident_id);
        if (list) list.push(it);
        else m.set(it.incident_id, [it]);
      }
      return m;
    };
    const v = group(victims), p = group(perpetrators), s = group(sources);
    for (const { follow_up_key, ...row } of rows) {
      out.set(
        row.id,
        incidentFromRow(row, {
          followUpOf: follow_up_key,
          victims: (v.get(row.id) ?? []).map((x) => x.key),
          perpetrators: (p.get(row.id) ?? []).map(perpetratorOf),
          sources: (s.get(row.id) ?? []).map(sourceLinkOf),
        }),
      );
    }
  }
  return ids.flatMap((id) => out.get(id) ?? []);
}

/**
 * A list page's incidents (or one incident by key) with their links and country names in ONE statement (the links as JSON
 * arrays per incident): a page is small, and each statement costs the event loop a write, a
 * wake-up of a database process and a read — five of them per page had made a read ~4 ms slower
 * on a machine that also renders. Documents load through `loadIncidents` (many incidents, where
 * the per-row subqueries cost the database more than the separate statements).
 */
export async function loadIncidentPage(
  db: Executor, which: { ids: readonly number[] } | { key: string },
): Promise<{ incidents: IncidentRecord[]; countryNames: Map<string, string> }> {
  const countryNames = new Map<string, string>();
  if ('ids' in which && which.ids.length === 0) return { incidents: [], countryNames };
  const rows = await db.selectFrom('incidents as i')
    .leftJoin('incidents as f', 'f.id', 'i.follow_up_of_id')
    .leftJoin('countries as c', 'c.code', 'i.country_code')
    .selectAll('i')
    .select([
      'f.key as follow_up_key',
      'c.name as country_name',
      sql<string[]>`coalesce((select json_agg(p.key order by v.position) from incident_victims v
        join persons p on p.id = v.person_id where v.incident_id = i.id), '[]')`.as('victim_keys'),
      sql<Array<{ description: string; state_actor: boolean; state_link: string | null; reason: string | null }>>`coalesce((
        select json_agg(json_build_object('description', x.description, 'state_actor', x.state_actor,
          'state_link', x.state_link, 'reason', x.reason) order by x.position)
        from incident_perpetrators x where x.incident_id = i.id), '[]')`.as('perpetrator_rows'),
      sql<Array<{ key: string; credibility: number; locator: string | null; excerpt: string | null }>>`coalesce((
        select json_agg(json_build_object('key', s.key, 'credibility', l.credibility, 'locator', l.locator,
          'excerpt', l.excerpt) order by l.position)
        from incident_sources l join sources s on s.id = l.source_id where l.incident_id = i.id), '[]')`.as('source_rows'),
    ])
    .$call((q) => ('ids' in which ? q.where('i.id', 'in', [...which.ids]) : q.where('i.key', '=', which.key)))
    .execute();
  const byId = new Map<number, IncidentRecord>();
  for (const { follow_up_key, country_name, victim_keys, perpetrator_rows, source_rows, ...row } of rows) {
    if (country_name !== null) countryNames.set(row.country_code, country_name);
    byId.set(row.id, incidentFromRow(row, {
      followUpOf: follow_up_key,
      victims: victim_keys,
      perpetrators: perpetrator_rows.map(perpetratorOf),
      sources: source_rows.map(sourceLinkOf),
    }));
  }
  const incidents = 'ids' in which ? which.ids.flatMap((id) => byId.get(id) ?? []) : [...byId.values()];
  return { incidents, countryNames };
}

export async function loadIncidentsByKeys(db: Executor, keys: readonly string[]): Promise<IncidentRecord[]> {
  if (keys.length === 0) return [];
  const ids: number[] = [];
  for (const part of chunks(keys)) {
    const rows = await db.selectFrom('incidents').select('id').where('key', 'in', part).execute();
    ids.push(...rows.map((r) => r.id));
  }
  return loadIncidents(db, ids);
}

export async function loadPersonsByKeys(db: Executor, keys: readonly string[]): Promise<PersonRecord[]> {
  const out: PersonRecord[] = [];
  for (const part of chunks([...new Set(keys)])) {
    const rows = await db.selectFrom('persons').selectAll().where('key', 'in', part).execute();
    out.push(...rows.map(personFromRow));
  }
  return out;
}

export async function loadSourcesByKeys(db: Executor, keys: readonly string[]): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for (const part of chunks([...new Set(keys)])) {
    const rows = await db.selectFrom('sources as s')
      .leftJoin('organisations as o', 'o.id', 's.organisation_id')
      .selectAll('s')
      .select('o.key as organisation_key')
      .where('s.key', 'in', part)
      .execute();
    const identified = rows.length === 0 ? [] : await db.selectFrom('source_identifies as l')
      .innerJoin('persons as p', 'p.id', 'l.person_id')
      .select(['l.source_id', 'p.key'])
      .where('l.source_id', 'in', rows.map((r) => r.id))
      .orderBy('l.source_id').orderBy('l.position')
      .execute();
    const identifiesOf = new Map<number, string[]>();
    for (const l of identified) identifiesOf.set(l.source_id, [...(identifiesOf.get(l.source_id) ?? []), l.key]);
    out.push(...rows.map(({ organisation_key, ...row }) => sourceFromRow(row, organisation_key, identifiesOf.get(row.id) ?? [])));
  }
  return out;
}

export async function loadOrganisationsByKeys(db: Executor, keys: readonly string[]): Promise<OrganisationRecord[]> {
  const out: OrganisationRecord[] = [];
  for (const part of chunks([...new Set(keys)])) {
    const rows = await db.selectFrom('organisations').selectAll().where('key', 'in', part).execute();
    out.push(...rows.map(organisationFromRow));
  }
  return out;
}

export async function loadRecommendationsByKeys(db: Executor, keys: readonly string[]): Promise<RecommendationRecord[]> {
  const out: RecommendationRecord[] = [];
  for (const part of chunks([...new Set(keys)])) {
    const rows = await db.selectFrom('recommendations').selectAll().where('key', 'in', part).execute();
    out.push(...(await withRecommendationIncidents(db, rows)));
  }
  return out;
}

async function withRecommendationIncidents(
  db: Executor,
  rows: Array<Parameters<typeof recommendationFromRow>[0]>,
): Promise<RecommendationRecord[]> {
  if (rows.length === 0) return [];
  const links = await db.selectFrom('recommendation_incidents as l')
    .innerJoin('incidents as i', 'i.id', 'l.incident_id')
    .select(['l.recommendation_id', 'i.key'])
    .where('l.recommendation_id', 'in', rows.map((r) => r.id))
    .orderBy('l.recommendation_id').orderBy('l.position')
    .execute();
  return rows.map((row) =>
    recommendationFromRow(row, links.filter((l) => l.recommendation_id === row.id).map((l) => l.key)),
  );
}

/**
 * Recommendations about a set of incidents: those linked to any of them, plus the country's
 * recommendations that are linked to no incident at all.
 */
export async function loadRecommendationsFor(
  db: Executor,
  incidentIds: readonly number[],
  country: string | undefined,
): Promise<RecommendationRecord[]> {
  let q = db.selectFrom('recommendations as r').selectAll('r');
  q = q.where((eb) => {
    const linked = incidentIds.length > 0
      ? eb.exists(
          eb.selectFrom('recommendation_incidents as l')
            .whereRef('l.recommendation_id', '=', 'r.id')
            .where('l.incident_id', 'in', [...incidentIds])
            .select(sql`1`.as('one')),
        )
      : sql<boolean>`false`;
    const unlinked = country
      ? eb.and([
          eb('r.country_code', '=', country),
          eb.not(eb.exists(eb.selectFrom('recommendation_incidents as l2').whereRef('l2.recommendation_id', '=', 'r.id').select(sql`1`.as('one')))),
        ])
      : sql<boolean>`false`;
    return eb.or([linked, unlinked]);
  });
  const rows = await q.orderBy('r.id').execute();
  return withRecommendationIncidents(db, rows);
}

/** A country by its ISO code, with the name it was registered under. */
export async function findCountry(db: Executor, code: string): Promise<{ code: string; name: string } | undefined> {
  return db.selectFrom('countries').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

/** Keys of a country's persons, sources or organisations that no incident or source references. */
export async function unreferencedKeys(db: Executor, table: 'persons' | 'sources' | 'organisations', country: string): Promise<string[]> {
  const q = db.selectFrom(`${table} as t` as 'persons as t').select('t.key').where('t.country_code', '=', country);
  const rows = await (table === 'persons'
    ? q.where(({ not, exists, selectFrom }) => not(exists(selectFrom('incident_victims as v').whereRef('v.person_id', '=', 't.id').select('v.person_id'))))
    : table === 'sources'
      ? q.where(({ not, exists, selectFrom }) => not(exists(selectFrom('incident_sources as l').whereRef('l.source_id', '=', 't.id').select('l.source_id'))))
      : q.where(({ not, exists, selectFrom }) => not(exists(selectFrom('sources as s').whereRef('s.organisation_id', '=', 't.id').select('s.id'))))
  ).execute();
  return rows.map((r) => r.key);
}

/** A person's identity as the consent rules read it; former names only where there are some. */
function identityOf(r: { key: string; kind: string; name: string; name_native: string | null; pseudonym: string; former_names: string[] }): PersonIdentity {
  return {
    key: r.key, kind: r.kind as PersonIdentity['kind'], name: r.name, nameNative: r.name_native, pseudonym: r.pseudonym,
    ...(r.former_names.length > 0 ? { formerNames: r.former_names } : {}),
  };
}

/**
 * The identities of persons, in key order (a stable order lets the consent module reuse what it
 * built from the same persons): everybody, or those who did not give `withoutConsent`.
 */
export async function loadPersonIdentities(db: Executor, withoutConsent?: NamingConsent): Promise<PersonIdentity[]> {
  let query = db.selectFrom('persons').select(['key', 'kind', 'name', 'name_native', 'pseudonym', 'former_names']);
  if (withoutConsent) query = query.where(withoutConsent === 'unSubmission' ? 'consent_un_submission' : 'consent_public_naming', '=', false);
  const rows = await query.orderBy('key').execute();
  return rows.map(identityOf);
}

/**
 * The persons table's revision: a new value after every statement that wrote persons, committed
 * with it (a trigger; never a value seen before). One primary-key read, so that caches of
 * identities can check it on every request.
 */
export async function personIdentityRevision(db: Executor): Promise<string> {
  const row = await db.selectFrom('person_identity_revision').select('revision').where('id', '=', 1).executeTakeFirst();
  return String(row?.revision ?? 0);
}

/**
 * The revision of everything the records API answers with (migration 2026-12-07-200): a new value
 * after every statement that wrote one of those tables, committed with it. Read it BEFORE reading
 * an answer: what is then read is at least as new as the revision it is kept under.
 */
export async function recordAnswersRevision(db: Executor): Promise<string> {
  const row = await db.selectFrom('record_answers_revision').select('revision').where('id', '=', 1).executeTakeFirst();
  return String(row?.revision ?? 0);
}

/** Everybody's identity with the consents that decide to whom they may be named, in key order. */
export async function loadPersonIdentitiesWithConsent(db: Executor): Promise<Array<PersonIdentity & { consent: Record<NamingConsent, boolean> }>> {
  const rows = await db.selectFrom('persons')
    .select(['key', 'kind', 'name', 'name_native', 'pseudonym', 'former_names', 'consent_un_submission', 'consent_public_naming'])
    .orderBy('key').execute();
  return rows.map((r) => ({
    ...identityOf(r),
    consent: { unSubmission: r.consent_un_submission, publicNaming: r.consent_public_naming },
  }));
}

/** The current version of a record, by table and key (for audit rows that name what was read or changed). */
export async function recordVersion(
  db: Executor, table: 'incidents' | 'persons' | 'sources' | 'organisations' | 'recommendations', key: string,
): Promise<number | null> {
  const row = await db.selectFrom(table).select('version').where('key', '=', key).executeTakeFirst();
  return row?.version ?? null;
}

/** True when no incident is stored yet (a first start). */
export async function hasNoIncidents(db: Executor): Promise<boolean> {
  return (await db.selectFrom('incidents').select('id').limit(1).executeTakeFirst()) === undefined;
}

/** Which of these person keys are on record (to check mentions against stored persons). */
export async function existingPersonKeys(db: Executor, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom('persons').select('key').where('key', 'in', [...new Set(keys)]).execute();
  return new Set(rows.map((r) => r.key));
}

/**
 * Keys of the sources a caller without identities:read sees only as "Confidential source": the
 * confidential ones and those that identify anybody (`identifies`).
 */
export async function loadWithheldSourceKeys(db: Executor, among?: readonly string[]): Promise<string[]> {
  if (among !== undefined && among.length === 0) return [];
  let query = db.selectFrom('sources as s').select('s.key');
  // Only those an answer may cite: every source of a 50,000-incident database is ~150,000 rows.
  if (among !== undefined) query = query.where('s.key', 'in', [...among]);
  const rows = await query
    .where((eb) => eb.or([
      eb('s.confidential', '=', true),
      eb.exists(eb.selectFrom('source_identifies as l').whereRef('l.source_id', '=', 's.id').select(sql`1`.as('one'))),
    ]))
    .execute();
  return rows.map((r) => r.key);
}

/**
 * The current version, key and title (a person's: their name) of records by id, for telling
 * whether a document's records changed since it was made. A record deleted since is absent.
 */
export async function currentRecordVersions(
  db: Executor, table: 'incidents' | 'persons' | 'sources', ids: readonly number[],
): Promise<Array<{ id: number; key: string; version: number; title: string }>> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  if (table === 'persons') {
    return db.selectFrom('persons').select(['id', 'key', 'version', 'name as title']).where('id', 'in', unique).execute();
  }
  return db.selectFrom(table).select(['id', 'key', 'version', 'title']).where('id', 'in', unique).execute();
}
