import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import type {
  BundleIncident, BundleOrganisation, BundlePerson, BundleRecommendation, BundleSource,
} from './bundle.schemas.js';
import {
  chunks, loadIncidentsByKeys, loadOrganisationsByKeys, loadPersonsByKeys, loadRecommendationsByKeys,
  loadSourcesByKeys, type Executor,
} from './records.repository.js';
import { stripMeta } from './records.js';
import { searchFold } from '../shared/text/search.js';
import {
  canonicalIncident, canonicalOrganisation, canonicalPerson, canonicalRecommendation, canonicalSource, type SourceInput,
} from './canonical.js';

/**
 * Writes of case records, shared by the bundle import and the REST API. Each `save*` upserts by
 * key and bumps `version` only when something really changed, so re-posting a bundle is a no-op.
 */

export type SaveOutcome = 'created' | 'updated' | 'unchanged';
const bump = { version: sql<number>`version + 1`, updated_at: sql<Date>`now()` };

export async function saveCountry(db: Executor, code: string, name: string): Promise<SaveOutcome> {
  const existing = await db.selectFrom('countries').selectAll().where('code', '=', code).executeTakeFirst();
  if (!existing) {
    await db.insertInto('countries').values({ code, name }).execute();
    return 'created';
  }
  if (existing.name === name) return 'unchanged';
  await db.updateTable('countries').set({ name, ...bump }).where('code', '=', code).execute();
  return 'updated';
}

/**
 * The save* functions below take many records of a kind at once, as a bundle import brings them:
 * one read of those stored, one insert per 1,000 new ones, an update for each changed one. One
 * statement a record made a 1,000-incident import ~10 round trips an incident (issue 18: 25 s);
 * the single-record forms (the REST API) are the same code with a list of one.
 */

export async function saveOrganisation(db: Executor, org: BundleOrganisation, country: string | null): Promise<SaveOutcome> {
  return (await saveOrganisations(db, [org], country))[0]!;
}

export async function saveOrganisations(db: Executor, orgs: readonly BundleOrganisation[], country: string | null): Promise<SaveOutcome[]> {
  const all = orgs.map(canonicalOrganisation);
  const valuesOf = (c: (typeof all)[number]) => ({
    key: c.key, name: c.name, acronym: c.acronym,
    contact_email: c.contact?.email ?? null, contact_address: c.contact?.address ?? null,
  });
  const stored = byKey(await loadOrganisationsByKeys(db, all.map((c) => c.key)));
  const outcomes = outcomesOf(all, stored, (existing, c) => isDeepStrictEqual(canonicalOrganisation(stripMeta(existing)), c));
  for (const part of chunks(all.filter((_, i) => outcomes[i] === 'created'))) {
    await db.insertInto('organisations').values(part.map((c) => ({ ...valuesOf(c), country_code: country }))).execute();
  }
  for (const c of all.filter((_, i) => outcomes[i] === 'updated')) {
    await db.updateTable('organisations').set({ ...valuesOf(c), ...bump }).where('key', '=', c.key).execute();
  }
  return outcomes;
}

export async function savePerson(db: Executor, person: BundlePerson, country: string | null): Promise<SaveOutcome> {
  return (await savePersons(db, [person], country))[0]!;
}

export async function savePersons(db: Executor, persons: readonly BundlePerson[], country: string | null): Promise<SaveOutcome[]> {
  const all = persons.map(canonicalPerson);
  const valuesOf = (c: (typeof all)[number]) => ({
    key: c.key, kind: c.kind, name: c.name, name_native: c.nameNative, pseudonym: c.pseudonym,
    sex: c.sex, birth_year: c.birthYear, occupation: c.occupation, affiliation: c.affiliation,
    consent_un_submission: c.consent.unSubmission, consent_public_naming: c.consent.publicNaming,
    consent_state_transmission: c.consent.stateTransmission, risk: c.risk,
    age_years: c.age?.years ?? null, age_as_of: c.age?.asOf ?? null, nationality: c.nationality,
    whereabouts_status: c.whereabouts?.status ?? null, whereabouts_place: c.whereabouts?.place ?? null,
    whereabouts_as_of: c.whereabouts?.asOf ?? null, consent_un_public_report: c.consent.unPublicReport,
    translations: JSON.stringify(c.translations ?? {}),
  });
  const stored = byKey(await loadPersonsByKeys(db, all.map((c) => c.key)));
  const outcomes = outcomesOf(all, stored, (existing, c) => isDeepStrictEqual(canonicalPerson(stripMeta(existing)), c));
  for (const part of chunks(all.filter((_, i) => outcomes[i] === 'created'))) {
    await db.insertInto('persons').values(part.map((c) => ({ ...valuesOf(c), country_code: country }))).execute();
  }
  for (const c of all.filter((_, i) => outcomes[i] === 'updated')) {
    await db.updateTable('persons').set({ ...valuesOf(c), ...bump }).where('key', '=', c.key).execute();
  }
  return outcomes;
}

export async function saveSource(db: Executor, source: SourceInput, country: string | null): Promise<SaveOutcome> {
  return (await saveSources(db, [source], country))[0]!;
}

export async function saveSources(db: Executor, sources: readonly SourceInput[], country: string | null): Promise<SaveOutcome[]> {
  const all = sources.map(canonicalSource);
  const organisationIds = await idsByKey(db, 'organisations', all.flatMap((c) => (c.organisation ? [c.organisation] : [])));
  const valuesOf = (c: (typeof all)[number]) => ({
    key: c.key, type: c.type, title: c.title, author: c.author,
    organisation_id: c.organisation ? mustGet(organisationIds, c.organisation, 'organisation') : null, date: c.date,
    url: c.url, reliability: c.reliability, confidential: c.confidential, reference: c.reference,
  });
  const stored = byKey(await loadSourcesByKeys(db, all.map((c) => c.key)));
  const outcomes = outcomesOf(all, stored, (existing, c) => isDeepStrictEqual(canonicalSource(stripMeta(existing)), c));
  const written: Array<{ id: number; identifies: readonly string[] }> = [];
  for (const part of chunks(all.filter((_, i) => outcomes[i] === 'created'))) {
    const rows = await db.insertInto('sources').values(part.map((c) => ({ ...valuesOf(c), country_code: country }))).returning(['id', 'key']).execute();
    const idOf = new Map(rows.map((r) => [r.key, r.id]));
    written.push(...part.map((c) => ({ id: mustGet(idOf, c.key, 'source'), identifies: c.identifies })));
  }
  const updated = all.filter((_, i) => outcomes[i] === 'updated').map((c) => ({ c, id: stored.get(c.key)!.meta.id }));
  for (const { c, id } of updated) {
    await db.updateTable('sources').set({ ...valuesOf(c), ...bump }).where('id', '=', id).execute();
    written.push({ id, identifies: c.identifies });
  }
  for (const part of chunks(updated.map(({ id }) => id))) {
    await db.deleteFrom('source_identifies').where('source_id', 'in', part).execute();
  }
  await insertSourceIdentifies(db, written);
  return outcomes;
}

/** The persons each source identifies; they must exist (callers validate references first). */
async function insertSourceIdentifies(db: Executor, sources: ReadonlyArray<{ id: number; identifies: readonly string[] }>): Promise<void> {
  const personIds = await idsByKey(db, 'persons', sources.flatMap((s) => s.identifies));
  const rows = sources.flatMap((s) => s.identifies.map((key, position) => ({ source_id: s.id, person_id: mustGet(personIds, key, 'person'), position })));
  for (const part of chunks(rows)) await db.insertInto('source_identifies').values(part).execute();
}

/**
 * Saves an incident and its links. Its victims, sources and follow-up must already exist:
 * callers validate references first (the bundle validator, or the API's 422 checks).
 */
export async function saveIncident(db: Executor, incident: BundleIncident, country: string): Promise<SaveOutcome> {
  return (await saveIncidents(db, [incident], country))[0]!;
}

/**
 * Saves incidents and their links. Each one's victims and sources must already exist, and the
 * incident it follows up must exist or be among `incidents` (written first: new incidents are
 * inserted in rounds, those whose follow-up target has an id first).
 */
export async function saveIncidents(db: Executor, incidents: readonly BundleIncident[], country: string): Promise<SaveOutcome[]> {
  const all = incidents.map(canonicalIncident);
  const stored = byKey(await loadIncidentsByKeys(db, all.map((c) => c.key)));
  const outcomes = outcomesOf(all, stored, (existing, c) => existing.country === country && isDeepStrictEqual(canonicalIncident(stripMeta(existing)), c));
  const created = all.filter((_, i) => outcomes[i] === 'created');
  const updated = all.filter((_, i) => outcomes[i] === 'updated');
  const idOf = new Map([...stored.values()].map((i) => [i.key, i.meta.id]));
  const newKeys = new Set(created.map((c) => c.key));
  const elsewhere = all.flatMap((c) => (c.followUpOf && !idOf.has(c.followUpOf) && !newKeys.has(c.followUpOf) ? [c.followUpOf] : []));
  for (const [key, id] of await idsByKey(db, 'incidents', elsewhere)) idOf.set(key, id);
  const valuesOf = (c: (typeof all)[number]) => ({
    key: c.key, country_code: country, title: c.title, date: c.date, date_accuracy: c.dateAccuracy,
    end_date: c.endDate, place: c.location.place, region: c.location.region, rights: c.rights,
    violations: c.violations, summary: c.summary, legal_basis: c.legalBasis, status: c.status,
    urgent: c.urgent, follow_up_of_id: c.followUpOf ? mustGet(idOf, c.followUpOf, 'incident') : null,
    // JSON text: node-postgres would send a JS array as a PostgreSQL array, not as JSON.
    domestic_remedies: c.domesticRemedies === null ? null : JSON.stringify(c.domesticRemedies),
    international_procedures: JSON.stringify(c.internationalProcedures),
    translations: JSON.stringify(c.translations ?? {}),
  });

  // Their folded search text is written below, folded in memory (the fold every search query
  // gets), not by the trigger in SQL (migration 2026-12-09-010: ~16 ms an incident on PGlite).
  const foldHere = db.isTransaction && created.length + updated.length > 0;
  if (foldHere) await sql`select set_config('advocacy.search_text_by', 'app', true)`.execute(db);

  // New incidents in rounds: each round those whose follow-up target has an id by now.
  let waiting = created;
  while (waiting.length > 0) {
    const ready = waiting.filter((c) => !c.followUpOf || idOf.has(c.followUpOf));
    if (ready.length === 0) throw new Error(`incidents ${waiting.map((c) => c.key).join(', ')} follow each other up in a circle`);
    for (const part of chunks(ready)) {
      const rows = await db.insertInto('incidents').values(part.map(valuesOf)).returning(['id', 'key']).execute();
      for (const r of rows) idOf.set(r.key, r.id);
    }
    waiting = waiting.filter((c) => !idOf.has(c.key));
  }
  const updatedIds = updated.map((c) => mustGet(idOf, c.key, 'incident'));
  for (const [i, c] of updated.entries()) await db.updateTable('incidents').set({ ...valuesOf(c), ...bump }).where('id', '=', updatedIds[i]!).execute();
  for (const part of chunks(updatedIds)) {
    await db.deleteFrom('incident_victims').where('incident_id', 'in', part).execute();
    await db.deleteFrom('incident_perpetrators').where('incident_id', 'in', part).execute();
    await db.deleteFrom('incident_sources').where('incident_id', 'in', part).execute();
  }
  const written = [...created, ...updated].map((c) => ({ id: mustGet(idOf, c.key, 'incident'), c }));
  await insertIncidentLinks(db, written);
  if (foldHere) {
    for (const part of chunks(written)) {
      await db.insertInto('incident_search_text')
        .values(part.map(({ id, c }) => ({ incident_id: id, folded: searchFold(`${c.title} ${c.summary}`) })))
        .onConflict((oc) => oc.column('incident_id').doUpdateSet({ folded: (eb) => eb.ref('excluded.folded') }))
        .execute();
    }
    await sql`select set_config('advocacy.search_text_by', '', true)`.execute(db);
  }
  return outcomes;
}

async function insertIncidentLinks(db: Executor, incidents: ReadonlyArray<{ id: number; c: ReturnType<typeof canonicalIncident> }>) {
  const personIds = await idsByKey(db, 'persons', incidents.flatMap(({ c }) => c.victims));
  const sourceIds = await idsByKey(db, 'sources', incidents.flatMap(({ c }) => c.sources.map((s) => s.source)));
  const victims = incidents.flatMap(({ id, c }) => c.victims.map((key, position) => ({ incident_id: id, person_id: mustGet(personIds, key, 'person'), position })));
  const perpetrators = incidents.flatMap(({ id, c }) => c.perpetrators.map((p, position) => ({
    incident_id: id, position, description: p.description, state_actor: p.stateActor, state_link: p.stateLink, reason: p.reason,
  })));
  const sources = incidents.flatMap(({ id, c }) => c.sources.map((s, position) => ({
    incident_id: id, source_id: mustGet(sourceIds, s.source, 'source'), position,
    credibility: s.credibility, locator: s.locator, excerpt: s.excerpt,
  })));
  for (const part of chunks(victims)) await db.insertInto('incident_victims').values(part).execute();
  for (const part of chunks(perpetrators)) await db.insertInto('incident_perpetrators').values(part).execute();
  for (const part of chunks(sources)) await db.insertInto('incident_sources').values(part).execute();
}

export async function saveRecommendation(db: Executor, rec: BundleRecommendation, country: string | null): Promise<SaveOutcome> {
  const c = canonicalRecommendation(rec);
  const [existing] = await loadRecommendationsByKeys(db, [c.key]);
  if (existing && isDeepStrictEqual(canonicalRecommendation(stripMeta(existing)), c)) return 'unchanged';
  const values = { key: c.key, right: c.right, addressee: c.addressee, text: c.text, translations: JSON.stringify(c.translations ?? {}) };
  let id: number;
  if (!existing) {
    id = (await db.insertInto('recommendations').values({ ...values, country_code: country }).returning('id').executeTakeFirstOrThrow()).id;
  } else {
    id = existing.meta.id;
    await db.updateTable('recommendations').set({ ...values, ...bump }).where('id', '=', id).execute();
    await db.deleteFrom('recommendation_incidents').where('recommendation_id', '=', id).execute();
  }
  if (c.incidents.length > 0) {
    const incidents = await db.selectFrom('incidents').select(['id', 'key']).where('key', 'in', c.incidents).execute();
    const idOf = new Map(incidents.map((i) => [i.key, i.id]));
    await db.insertInto('recommendation_incidents')
      .values(c.incidents.map((key, position) => ({ recommendation_id: id, incident_id: mustGet(idOf, key, 'incident'), position })))
      .execute();
  }
  return existing ? 'updated' : 'created';
}

const byKey = <T extends { key: string }>(records: readonly T[]) => new Map(records.map((r) => [r.key, r]));

/** Each record new (not stored), unchanged (`same` as stored) or updated. */
const outcomesOf = <C extends { key: string }, S>(all: readonly C[], stored: ReadonlyMap<string, S>, same: (existing: S, c: C) => boolean): SaveOutcome[] =>
  all.map((c) => {
    const existing = stored.get(c.key);
    if (existing === undefined) return 'created';
    return same(existing, c) ? 'unchanged' : 'updated';
  });

/** The ids of the records of `table` under `keys` (one statement per 1,000 keys). */
async function idsByKey(db: Executor, table: 'organisations' | 'persons' | 'sources' | 'incidents', keys: readonly string[]): Promise<Map<string, number>> {
  const idOf = new Map<string, number>();
  for (const part of chunks([...new Set(keys)])) {
    for (const row of await db.selectFrom(table).select(['id', 'key']).where('key', 'in', part).execute()) idOf.set(row.key, row.id);
  }
  return idOf;
}

function mustGet(map: Map<string, number>, key: string, what: string): number {
  const id = map.get(key);
  if (id === undefined) throw new Error(`${what} '${key}' does not exist`);
  return id;
}
