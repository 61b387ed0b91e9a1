/**
 * Loads a synthetic bundle straight into the tables with multi-row inserts: 50,000 incidents
 * through the import (one upsert and its checks per record) take many minutes; this takes
 * seconds. The rows are what the import would store for the same bundle (typed names stay as
 * typed: the import of bench/run.ts does not convert them either), so reads and generation see
 * the same records either way.
 *
 * Only for an empty, migrated database (a scratch database of the bench).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import type { Bundle } from '../src/records/bundle.schemas.js';

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table (incidents, 15 columns). */
const ROWS = 2000;

async function insertAll<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS) {
    await db.insertInto(table).values(rows.slice(i, i + ROWS) as never).execute();
  }
}

/**
 * Ids are given (1, 2, …) so that links are known without reading anything back; the sequences
 * are moved past them. The GIN and GiST indexes are dropped while the rows go in and built again
 * afterwards, with more memory for the build: kept up row by row, the trigram index of 50,000
 * summaries made the seeding several minutes longer.
 */
export async function seedBundle(db: Kysely<Database>, bundle: Bundle): Promise<void> {
  const { rows: bulky } = await sql<{ name: string; definition: string }>`
    select indexname as name, indexdef as definition from pg_indexes
    where schemaname = current_schema() and indexdef ~ 'USING (gin|gist)'`.execute(db);
  for (const index of bulky) await sql`drop index ${sql.id(index.name)}`.execute(db);
  await insertRows(db, bundle);
  await sql`set maintenance_work_mem = '256MB'`.execute(db);
  await sql`set statement_timeout = 0`.execute(db); // a build takes longer than a request may
  for (const index of bulky) await sql.raw(index.definition).execute(db);
}

async function insertRows(db: Kysely<Database>, bundle: Bundle): Promise<void> {
  const country = bundle.country.code;
  await db.insertInto('countries').values({ code: country, name: bundle.country.name }).execute();

  const orgId = new Map(bundle.organisations.map((o, i) => [o.key, i + 1]));
  await insertAll(db, 'organisations', bundle.organisations.map((o, i) => ({
    id: i + 1, key: o.key, name: o.name, acronym: o.acronym ?? null,
    contact_email: o.contact?.email ?? null, contact_address: o.contact?.address ?? null, country_code: country,
  })));

  const personId = new Map(bundle.persons.map((p, i) => [p.key, i + 1]));
  await insertAll(db, 'persons', bundle.persons.map((p, i) => ({
    id: i + 1, key: p.key, kind: p.kind, name: p.name, name_native: p.nameNative ?? null, pseudonym: p.pseudonym,
    sex: p.sex ?? null, birth_year: p.birthYear ?? null, occupation: p.occupation ?? null, affiliation: p.affiliation ?? null,
    consent_un_submission: p.consent.unSubmission, consent_public_naming: p.consent.publicNaming,
    consent_state_transmission: p.consent.stateTransmission, risk: p.risk ?? null, country_code: country,
  })));

  const sourceId = new Map(bundle.sources.map((s, i) => [s.key, i + 1]));
  await insertAll(db, 'sources', bundle.sources.map((s, i) => ({
    id: i + 1, key: s.key, type: s.type, title: s.title, author: s.author ?? null,
    organisation_id: s.organisation ? orgId.get(s.organisation)! : null, date: s.date ?? null, url: s.url ?? null,
    reliability: s.reliability, confidential: s.confidential, country_code: country,
  })));
  await insertAll(db, 'source_identifies', bundle.sources.flatMap((s) => (s.identifies ?? []).map((key, position) => ({
    source_id: sourceId.get(s.key)!, person_id: personId.get(key)!, position,
  }))));

  const incidentId = new Map(bundle.incidents.map((inc, i) => [inc.key, i + 1]));
  await insertAll(db, 'incidents', bundle.incidents.map((inc, i) => ({
    id: i + 1, key: inc.key, country_code: country, title: inc.title, date: inc.date, date_accuracy: inc.dateAccuracy,
    end_date: inc.endDate ?? null, place: inc.location.place, region: inc.location.region ?? null,
    rights: inc.rights, violations: inc.violations, summary: inc.summary, legal_basis: inc.legalBasis,
    status: inc.status, urgent: inc.urgent, follow_up_of_id: inc.followUpOf ? incidentId.get(inc.followUpOf)! : null,
  })));
  await insertAll(db, 'incident_victims', bundle.incidents.flatMap((inc) => inc.victims.map((key, position) => ({
    incident_id: incidentId.get(inc.key)!, person_id: personId.get(key)!, position,
  }))));
  await insertAll(db, 'incident_perpetrators', bundle.incidents.flatMap((inc) => inc.perpetrators.map((p, position) => ({
    incident_id: incidentId.get(inc.key)!, position, description: p.description, state_actor: p.stateActor,
  }))));
  await insertAll(db, 'incident_sources', bundle.incidents.flatMap((inc) => inc.sources.map((s, position) => ({
    incident_id: incidentId.get(inc.key)!, source_id: sourceId.get(s.source)!, position,
    credibility: s.credibility, locator: s.locator ?? null, excerpt: s.excerpt ?? null,
  }))));

  const recommendationId = new Map(bundle.recommendations.map((r, i) => [r.key, i + 1]));
  await insertAll(db, 'recommendations', bundle.recommendations.map((r, i) => ({
    id: i + 1, key: r.key, right: r.right, addressee: r.addressee, text: r.text, country_code: country,
  })));
  await insertAll(db, 'recommendation_incidents', bundle.recommendations.flatMap((r) => r.incidents.map((key, position) => ({
    recommendation_id: recommendationId.get(r.key)!, incident_id: incidentId.get(key)!, position,
  }))));

  for (const table of ['organisations', 'persons', 'sources', 'incidents', 'recommendations']) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select coalesce(max(id), 1) from ${sql.table(table)}))`.execute(db);
  }
}
