import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import type {
  BundleIncident, BundleOrganisation, BundlePerson, BundleRecommendation, BundleSource,
} from './bundle.schemas.js';
import {
  loadIncidentsByKeys, loadOrganisationsByKeys, loadPersonsByKeys, loadRecommendationsByKeys,
  loadSourcesByKeys, type Executor,
} from './records.repository.js';
import { stripMeta } from './records.js';
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

export async function saveOrganisation(db: Executor, org: BundleOrganisation, country: string | null): Promise<SaveOutcome> {
  const c = canonicalOrganisation(org);
  const values = {
    key: c.key, name: c.name, acronym: c.acronym,
    contact_email: c.contact?.email ?? null, contact_address: c.contact?.address ?? null,
  };
  const [existing] = await loadOrganisationsByKeys(db, [c.key]);
  if (!existing) {
    await db.insertInto('organisations').values({ ...values, country_code: country }).execute();
    return 'created';
  }
  if (isDeepStrictEqual(canonicalOrganisation(stripMeta(existing)), c)) return 'unchanged';
  await db.updateTable('organisations').set({ ...values, ...bump }).where('key', '=', c.key).execute();
  return 'updated';
}

export async function savePerson(db: Executor, person: BundlePerson, country: string | null): Promise<SaveOutcome> {
  const c = canonicalPerson(person);
  const values = {
    key: c.key, kind: c.kind, name: c.name, name_native: c.nameNative, pseudonym: c.pseudonym,
    sex: c.sex, birth_year: c.birthYear, occupation: c.occupation, affiliation: c.affiliation,
    consent_un_submission: c.consent.unSubmission, consent_public_naming: c.consent.publicNaming,
    consent_state_transmission: c.consent.stateTransmission, risk: c.risk,
    age_years: c.age?.years ?? null, age_as_of: c.age?.asOf ?? null, nationality: c.nationality,
    whereabouts_status: c.whereabouts?.status ?? null, whereabouts_place: c.whereabouts?.place ?? null,
    whereabouts_as_of: c.whereabouts?.asOf ?? null, consent_un_public_report: c.consent.unPublicReport,
    translations: JSON.stringify(c.translations ?? {}),
  };
  const [existing] = await loadPersonsByKeys(db, [c.key]);
  if (!existing) {
    await db.insertInto('persons').values({ ...values, country_code: country }).execute();
    return 'created';
  }
  if (isDeepStrictEqual(canonicalPerson(stripMeta(existing)), c)) return 'unchanged';
  await db.updateTable('persons').set({ ...values, ...bump }).where('key', '=', c.key).execute();
  return 'updated';
}

export async function saveSource(db: Executor, source: SourceInput, country: string | null): Promise<SaveOutcome> {
  const c = canonicalSource(source);
  const organisation_id = c.organisation
    ? (await db.selectFrom('organisations').select('id').where('key', '=', c.organisation).executeTakeFirstOrThrow()).id
    : null;
  const values = {
    key: c.key, type: c.type, title: c.title, author: c.author, organisation_id, date: c.date,
    url: c.url, reliability: c.reliability, confidential: c.confidential, reference: c.reference,
  };
  const [existing] = await loadSourcesByKeys(db, [c.key]);
  if (!existing) {
    const { id } = await db.insertInto('sources').values({ ...values, country_code: country }).returning('id').executeTakeFirstOrThrow();
    await insertSourceIdentifies(db, id, c.identifies);
    return 'created';
  }
  if (isDeepStrictEqual(canonicalSource(stripMeta(existing)), c)) return 'unchanged';
  await db.updateTable('sources').set({ ...values, ...bump }).where('key', '=', c.key).execute();
  await db.deleteFrom('source_identifies').where('source_id', '=', existing.meta.id).execute();
  await insertSourceIdentifies(db, existing.meta.id, c.identifies);
  return 'updated';
}

/** The persons a source identifies; they must exist (callers validate references first). */
async function insertSourceIdentifies(db: Executor, sourceId: number, personKeys: readonly string[]): Promise<void> {
  if (personKeys.length === 0) return;
  const persons = await db.selectFrom('persons').select(['id', 'key']).where('key', 'in', [...personKeys]).execute();
  const idOf = new Map(persons.map((p) => [p.key, p.id]));
  await db.insertInto('source_identifies')
    .values(personKeys.map((key, position) => ({ source_id: sourceId, person_id: mustGet(idOf, key, 'person'), position })))
    .execute();
}

/**
 * Saves an incident and its links. Its victims, sources and follow-up must already exist:
 * callers validate references first (the bundle validator, or the API's 422 checks).
 */
export async function saveIncident(db: Executor, incident: BundleIncident, country: string): Promise<SaveOutcome> {
  const c = canonicalIncident(incident);
  const [existing] = await loadIncidentsByKeys(db, [c.key]);
  if (existing && existing.country === country && isDeepStrictEqual(canonicalIncident(stripMeta(existing)), c)) {
    return 'unchanged';
  }
  const follow_up_of_id = c.followUpOf
    ? (await db.selectFrom('incidents').select('id').where('key', '=', c.followUpOf).executeTakeFirstOrThrow()).id
    : null;
  const values = {
    key: c.key, country_code: country, title: c.title, date: c.date, date_accuracy: c.dateAccuracy,
    end_date: c.endDate, place: c.location.place, region: c.location.region, rights: c.rights,
    violations: c.violations, summary: c.summary, legal_basis: c.legalBasis, status: c.status,
    urgent: c.urgent, follow_up_of_id,
    // JSON text: node-postgres would send a JS array as a PostgreSQL array, not as JSON.
    domestic_remedies: c.domesticRemedies === null ? null : JSON.stringify(c.domesticRemedies),
    international_procedures: JSON.stringify(c.internationalProcedures),
    translations: JSON.stringify(c.translations ?? {}),
  };
  let id: number;
  if (!existing) {
    id = (await db.insertInto('incidents').values(values).returning('id').executeTakeFirstOrThrow()).id;
  } else {
    id = existing.meta.id;
    await db.updateTable('incidents').set({ ...values, ...bump }).where('id', '=', id).execute();
    await db.deleteFrom('incident_victims').where('incident_id', '=', id).execute();
    await db.deleteFrom('incident_perpetrators').where('incident_id', '=', id).execute();
    await db.deleteFrom('incident_sources').where('incident_id', '=', id).execute();
  }
  await insertIncidentLinks(db, id, c);
  return existing ? 'updated' : 'created';
}

async function insertIncidentLinks(db: Executor, incidentId: number, c: ReturnType<typeof canonicalIncident>) {
  if (c.victims.length > 0) {
    const persons = await db.selectFrom('persons').select(['id', 'key']).where('key', 'in', c.victims).execute();
    const idOf = new Map(persons.map((p) => [p.key, p.id]));
    await db.insertInto('incident_victims')
      .values(c.victims.map((key, position) => ({ incident_id: incidentId, person_id: mustGet(idOf, key, 'person'), position })))
      .execute();
  }
  if (c.perpetrators.length > 0) {
    await db.insertInto('incident_perpetrators')
      .values(c.perpetrators.map((p, position) => ({
        incident_id: incidentId, position, description: p.description, state_actor: p.stateActor, state_link: p.stateLink, reason: p.reason,
      })))
      .execute();
  }
  if (c.sources.length > 0) {
    const sources = await db.selectFrom('sources').select(['id', 'key']).where('key', 'in', c.sources.map((s) => s.source)).execute();
    const idOf = new Map(sources.map((s) => [s.key, s.id]));
    await db.insertInto('incident_sources')
      .values(c.sources.map((s, position) => ({
        incident_id: incidentId, source_id: mustGet(idOf, s.source, 'source'), position,
        credibility: s.credibility, locator: s.locator, excerpt: s.excerpt,
      })))
      .execute();
  }
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

function mustGet(map: Map<string, number>, key: string, what: string): number {
  const id = map.get(key);
  if (id === undefined) throw new Error(`${what} '${key}' does not exist`);
  return id;
}
