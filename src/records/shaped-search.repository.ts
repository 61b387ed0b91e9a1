import { sql } from 'kysely';
import { chunks, incidentQuery, type Executor, type IncidentFilter } from './records.repository.js';

/**
 * The rows of incident_shaped_search (migration 2026-12-08-010): each incident's title and
 * summary as a caller without identities:read is shown them, folded, and for the stored title,
 * summary and sources' excerpts whom each names and how each is shown (2026-12-10-010), under the incident's version and the
 * persons' revision they were made at. Made by consent/shaped-incident-search.ts.
 */

export interface UnshapedIncident {
  id: number;
  version: number;
  title: string;
  summary: string;
  /** The excerpts its sources are cited with (shown with the incident). */
  excerpts: string[];
}

/** How many incidents `filter` selects without a current row at this persons revision, counted up to `upTo`. */
export async function countUnshapedIncidents(db: Executor, personsRevision: string, filter: IncidentFilter, upTo: number): Promise<number> {
  const row = await db.selectFrom(unshaped(db, personsRevision, filter).select('incidents.id').limit(upTo).as('stale'))
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * A row's names and shown texts are of what the row says it was made at: written together with
 * it. An instance of a version before 2026-12-10-010, on the same database while another is
 * upgraded, rewrites a row's version, revision and folded text and leaves them as they were:
 * those are then of an older text or persons, and neither read nor taken for current.
 */
const keptOfRow = sql<boolean>`(sh.kept_incident_version = sh.incident_version and sh.kept_persons_revision = sh.persons_revision)`;

/**
 * Incidents (of those `filter` selects) without a whole row for their current version at this
 * persons revision (a row without names of it counts as missing).
 */
const unshaped = (db: Executor, personsRevision: string, filter: IncidentFilter) => incidentQuery(db, filter)
  .where(({ not, exists, selectFrom }) => not(exists(selectFrom('incident_shaped_search as sh')
    .whereRef('sh.incident_id', '=', 'incidents.id')
    .whereRef('sh.incident_version', '=', 'incidents.version')
    .where('sh.persons_revision', '=', personsRevision)
    .where(keptOfRow)
    .select('sh.incident_id'))));

/**
 * Incidents (of those `filter` selects, or all) without a row for their current version at this
 * persons revision, in id order from after `afterId`, at most `limit`.
 */
export async function unshapedIncidents(
  db: Executor, personsRevision: string, filter: IncidentFilter, limit: number, afterId = 0,
): Promise<UnshapedIncident[]> {
  return unshaped(db, personsRevision, filter)
    .where('incidents.id', '>', afterId)
    .select(['incidents.id', 'incidents.version', 'incidents.title', 'incidents.summary'])
    .select(sql<string[]>`coalesce((select json_agg(src.excerpt order by src.position) from incident_sources as src
      where src.incident_id = incidents.id and src.excerpt is not null), '[]')`.as('excerpts'))
    .orderBy('incidents.id')
    .limit(limit)
    .execute();
}

export interface ShapedRow {
  id: number;
  version: number;
  folded: string;
  titleNames: readonly string[];
  summaryNames: readonly string[];
  /** Whom each excerpt names, by its text. */
  excerptNames: Readonly<Record<string, readonly string[]>>;
  titleShown: string;
  summaryShown: string;
  /** Each excerpt as shown without identities:read, by its text. */
  excerptsShown: Readonly<Record<string, string>>;
}

/** Writes shaped rows (one statement), replacing any older row of the same incidents. */
export async function saveShapedIncidents(db: Executor, personsRevision: string, rows: readonly ShapedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('incident_shaped_search')
    .values(rows.map((r) => ({
      incident_id: r.id,
      incident_version: r.version,
      persons_revision: personsRevision,
      folded: r.folded,
      title_names: textArray(r.titleNames),
      summary_names: textArray(r.summaryNames),
      excerpt_names: sql<Record<string, string[]>>`${JSON.stringify(r.excerptNames)}::jsonb`,
      title_shown: r.titleShown,
      summary_shown: r.summaryShown,
      excerpts_shown: sql<Record<string, string>>`${JSON.stringify(r.excerptsShown)}::jsonb`,
      kept_incident_version: r.version,
      kept_persons_revision: personsRevision,
    })))
    .onConflict((oc) => oc.column('incident_id').doUpdateSet((eb) => ({
      incident_version: eb.ref('excluded.incident_version'),
      persons_revision: eb.ref('excluded.persons_revision'),
      folded: eb.ref('excluded.folded'),
      title_names: eb.ref('excluded.title_names'),
      summary_names: eb.ref('excluded.summary_names'),
      excerpt_names: eb.ref('excluded.excerpt_names'),
      title_shown: eb.ref('excluded.title_shown'),
      summary_shown: eb.ref('excluded.summary_shown'),
      excerpts_shown: eb.ref('excluded.excerpts_shown'),
      kept_incident_version: eb.ref('excluded.kept_incident_version'),
      kept_persons_revision: eb.ref('excluded.kept_persons_revision'),
    })))
    .execute();
}

/** A text[] parameter (typed: an empty array would otherwise be unknown). */
const textArray = (keys: readonly string[]) => sql<string[]>`${[...keys]}::text[]`;

/** What is kept of an incident's texts (ShapedRow), with the texts as stored. */
export interface KeptIncidentTexts extends Omit<ShapedRow, 'id' | 'version' | 'folded'> {
  title: string;
  summary: string;
}

/**
 * Of the incidents with these keys, those whose row is current (their version, this persons
 * revision): their stored title and summary, whom each and each excerpt names, and how each is
 * shown without identities:read.
 */
export async function keptIncidentTexts(db: Executor, keys: readonly string[], personsRevision: string): Promise<KeptIncidentTexts[]> {
  const out = [];
  for (const some of chunks(keys)) out.push(...await keptTextsOfSome(db, some, personsRevision));
  return out;
}

async function keptTextsOfSome(db: Executor, keys: readonly string[], personsRevision: string): Promise<KeptIncidentTexts[]> {
  const rows = await db.selectFrom('incidents')
    .innerJoin('incident_shaped_search as sh', (join) => join
      .onRef('sh.incident_id', '=', 'incidents.id')
      .onRef('sh.incident_version', '=', 'incidents.version'))
    .where('incidents.key', 'in', [...keys])
    .where('sh.persons_revision', '=', personsRevision)
    .where(keptOfRow)
    .select([
      'incidents.title', 'incidents.summary', 'sh.title_names', 'sh.summary_names', 'sh.excerpt_names',
      'sh.title_shown', 'sh.summary_shown', 'sh.excerpts_shown',
    ])
    .execute();
  // Written together (keptOfRow): none is null here.
  return rows.map((r) => ({
    title: r.title,
    summary: r.summary,
    titleNames: r.title_names!,
    summaryNames: r.summary_names!,
    excerptNames: r.excerpt_names!,
    titleShown: r.title_shown!,
    summaryShown: r.summary_shown!,
    excerptsShown: r.excerpts_shown!,
  }));
}

/**
 * The incident list's revision now (migration 2026-12-06-010: it moves with every write to
 * incidents or persons), and the one at which every incident last had a current row.
 */
export async function shapedSearchState(db: Executor): Promise<{ revision: string; completeAt: string | null }> {
  const row = await db.selectFrom('incident_shaped_search_state')
    .select(['complete_at', sql<string>`(select revision from incident_list_revision where id = 1)`.as('revision')])
    .where('id', '=', 1)
    .executeTakeFirst();
  return { revision: String(row?.revision ?? 0), completeAt: row?.complete_at == null ? null : String(row.complete_at) };
}

/**
 * Records that every incident had a current row at incident-list revision `at`, unless the
 * revision has moved since (then something was written meanwhile and nothing is recorded).
 */
export async function markShapedSearchComplete(db: Executor, at: string): Promise<void> {
  await db.updateTable('incident_shaped_search_state')
    .set({ complete_at: at })
    .where('id', '=', 1)
    .where(sql<boolean>`(select revision from incident_list_revision where id = 1) = ${at}`)
    .execute();
}

/** Drops the rows of incidents that no longer exist. */
export async function sweepShapedIncidents(db: Executor): Promise<void> {
  await db.deleteFrom('incident_shaped_search')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('incidents').whereRef('incidents.id', '=', 'incident_shaped_search.incident_id').select('incidents.id'))))
    .execute();
}
