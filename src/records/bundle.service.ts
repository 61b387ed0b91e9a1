import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Bundle } from './bundle.schemas.js';
import {
  canonicalIncident, canonicalOrganisation, canonicalPerson, canonicalRecommendation, canonicalSource,
} from './canonical.js';
import {
  findCountry, findIncidentIds, incidentDate, loadIncidents, loadOrganisationsByKeys, loadPersonsByKeys,
  loadRecommendationsFor, loadSourcesByKeys, unreferencedKeys, type Executor,
} from './records.repository.js';
import { bundleIntervention, interventionsForIncidents, saveIntervention } from './interventions.repository.js';
import {
  saveCountry, saveIncidents, saveOrganisations, savePersons, saveRecommendation, saveSources,
  type SaveOutcome,
} from './records-write.repository.js';

export type Tally = Record<SaveOutcome, number>;
export interface ImportSummary {
  countries: Tally;
  organisations: Tally;
  persons: Tally;
  sources: Tally;
  incidents: Tally;
  recommendations: Tally;
  interventions: Tally;
}

const emptyTally = (): Tally => ({ created: 0, updated: 0, unchanged: 0 });

/**
 * Upserts a validated bundle in one transaction: every record lands, or none does.
 * `beforeCommit` runs last inside that transaction (the idempotency record commits with the write).
 */
export async function importBundle(
  db: Kysely<Database>,
  bundle: Bundle,
  beforeCommit?: (trx: Kysely<Database>, summary: ImportSummary) => Promise<void>,
): Promise<ImportSummary> {
  // Two imports that bring the same new record at once both see it missing and both insert it;
  // the loser's transaction fails on the unique key (or, crossing, deadlocks). Run it again: it
  // then finds the winner's record and upserts over it, as if the imports had come one by one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await importOnce(db, bundle, beforeCommit);
    } catch (err) {
      if (attempt < 4 && CONCURRENT_WRITE_CODES.has((err as { code?: string }).code ?? '')) continue;
      throw err;
    }
  }
}

/** unique_violation, deadlock_detected, serialization_failure */
const CONCURRENT_WRITE_CODES = new Set(['23505', '40P01', '40001']);

async function importOnce(
  db: Kysely<Database>,
  bundle: Bundle,
  beforeCommit?: (trx: Kysely<Database>, summary: ImportSummary) => Promise<void>,
): Promise<ImportSummary> {
  return db.transaction().execute(async (trx) => {
    const summary: ImportSummary = {
      countries: emptyTally(), organisations: emptyTally(), persons: emptyTally(),
      sources: emptyTally(), incidents: emptyTally(), recommendations: emptyTally(), interventions: emptyTally(),
    };
    const country = bundle.country.code;
    summary.countries[await saveCountry(trx, country, bundle.country.name)]++;
    const tally = (into: Tally, outcomes: SaveOutcome[]) => outcomes.forEach((o) => into[o]++);
    tally(summary.organisations, await saveOrganisations(trx, bundle.organisations, country));
    tally(summary.persons, await savePersons(trx, bundle.persons, country));
    tally(summary.sources, await saveSources(trx, bundle.sources, country));
    tally(summary.incidents, await saveIncidents(trx, bundle.incidents, country));
    for (const r of bundle.recommendations) summary.recommendations[await saveRecommendation(trx, r, country)]++;
    for (const iv of bundle.interventions) summary.interventions[await saveIntervention(trx, iv, country)]++;
    await beforeCommit?.(trx, summary);
    return summary;
  });
}

export interface ExportQuery {
  country: string;
  from: string;
  to: string;
}

/** What an export gives: the bundle, or why not (no such country; a period of more incidents than `maxIncidents`). */
export type ExportOutcome =
  | { kind: 'bundle'; bundle: Bundle }
  | { kind: 'unknown-country' }
  | {
    kind: 'too-many'; incidents: number; maxIncidents: number;
    /** A `to` that keeps the period's first maxIncidents or fewer, and the date the rest starts on (null: more than that began by `from`). */
    shorter: { to: string; restFrom: string } | null;
  };

/**
 * The records of one country and period as a bundle: its incidents, everything they reference,
 * the recommendations about them, and the country's records that nothing references.
 */
export async function exportBundle(db: Executor, query: ExportQuery, maxIncidents: number): Promise<ExportOutcome> {
  const country = await findCountry(db, query.country);
  if (!country) return { kind: 'unknown-country' };
  const { ids } = await findIncidentIds(db, { country: query.country, from: query.from, to: query.to });
  if (ids.length > maxIncidents) {
    // The day before the first incident that does not fit ends a period that does (null: more than fit began by `from`, still going on then).
    const firstLeftOut = await incidentDate(db, ids[maxIncidents]!);
    const shorter = firstLeftOut !== null && firstLeftOut > query.from ? { to: dayBefore(firstLeftOut), restFrom: firstLeftOut } : null;
    return { kind: 'too-many', incidents: ids.length, maxIncidents, shorter };
  }
  const incidents = await loadIncidents(db, ids);
  const recommendations = await loadRecommendationsFor(db, ids, query.country);

  // Interventions about these incidents; an incident of theirs outside the period comes along (it resolves on re-import).
  const interventions = (await interventionsForIncidents(db, query.country, incidents.map((i) => i.key))).map(bundleIntervention);
  const inBundle = new Set(incidents.map((i) => i.key));
  const outside = [...new Set(interventions.flatMap((iv) => iv.incidents))].filter((k) => !inBundle.has(k));
  if (outside.length > 0) incidents.push(...(await loadIncidents(db, (await findIncidentIds(db, { keys: outside })).ids)));
  const personKeys = new Set(incidents.flatMap((i) => i.victims));
  for (const iv of interventions) for (const key of iv.persons) personKeys.add(key);
  const sourceKeys = new Set(incidents.flatMap((i) => i.sources.map((s) => s.source)));
  for (const table of ['persons', 'sources'] as const) {
    for (const key of await unreferencedKeys(db, table, query.country)) (table === 'persons' ? personKeys : sourceKeys).add(key);
  }
  const sources = await loadSourcesByKeys(db, [...sourceKeys]);
  // The persons a source identifies come along, so that the bundle resolves on re-import.
  for (const s of sources) for (const key of s.identifies) personKeys.add(key);
  const persons = await loadPersonsByKeys(db, [...personKeys]);
  const orgKeys = new Set(sources.flatMap((s) => (s.organisation ? [s.organisation] : [])));
  for (const key of await unreferencedKeys(db, 'organisations', query.country)) orgKeys.add(key);
  const organisations = await loadOrganisationsByKeys(db, [...orgKeys]);

  // A follow-up may point to an incident outside the period: bring it along so the bundle resolves.
  const present = new Set(incidents.map((i) => i.key));
  const missing = incidents.flatMap((i) => (i.followUpOf && !present.has(i.followUpOf) ? [i.followUpOf] : []));
  if (missing.length > 0) {
    const extra = await findIncidentIds(db, { keys: missing });
    incidents.unshift(...(await loadIncidents(db, extra.ids)));
  }

  const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const bundle: Bundle = {
    bundleVersion: 1,
    country: { code: country.code, name: country.name },
    period: { from: query.from, to: query.to },
    organisations: organisations.sort(byKey).map(canonicalOrganisation),
    persons: persons.sort(byKey).map(canonicalPerson),
    sources: sources.sort(byKey).map(canonicalSource),
    incidents: incidents.map(canonicalIncident),
    recommendations: recommendations.map(canonicalRecommendation),
    interventions,
  };
  return { kind: 'bundle', bundle };
}

/** YYYY-MM-DD of the day before `date` (YYYY-MM-DD). */
const dayBefore = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

