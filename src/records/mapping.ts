import type {
  IncidentRow, OrganisationRow, PersonRow, RecommendationRow, SourceRow,
} from '../db/schema.js';
import type {
  IncidentRecord, OrganisationRecord, PersonRecord, RecommendationRecord, RecordMeta, SourceRecord,
} from './records.js';
import { canonicalTranslations } from './translations.js';

/** Row ↔ record mapping, in one place. Records use the case-bundle's camelCase shape. */

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

export function metaOf(row: { id: number; version: number; created_at: Date | string; updated_at: Date | string }): RecordMeta {
  return { id: row.id, version: row.version, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) };
}

export function organisationFromRow(row: OrganisationRow): OrganisationRecord {
  const contact =
    row.contact_email === null && row.contact_address === null
      ? null
      : { email: row.contact_email, address: row.contact_address };
  return { key: row.key, name: row.name, acronym: row.acronym, contact, meta: metaOf(row) };
}

export function personFromRow(row: PersonRow): PersonRecord {
  return {
    key: row.key,
    kind: row.kind as PersonRecord['kind'],
    name: row.name,
    nameNative: row.name_native,
    pseudonym: row.pseudonym,
    sex: row.sex as PersonRecord['sex'],
    birthYear: row.birth_year,
    age: row.age_years === null || row.age_as_of === null ? null : { years: row.age_years, asOf: row.age_as_of },
    nationality: row.nationality,
    occupation: row.occupation,
    affiliation: row.affiliation,
    ...translationsOf<PersonRecord>(row.translations),
    whereabouts: row.whereabouts_status === null ? null : {
      status: row.whereabouts_status as NonNullable<PersonRecord['whereabouts']>['status'],
      place: row.whereabouts_place,
      asOf: row.whereabouts_as_of,
    },
    consent: {
      unSubmission: row.consent_un_submission,
      publicNaming: row.consent_public_naming,
      stateTransmission: row.consent_state_transmission,
      unPublicReport: row.consent_un_public_report,
    },
    risk: row.risk as PersonRecord['risk'],
    meta: metaOf(row),
  };
}

export function sourceFromRow(row: SourceRow, organisationKey: string | null, identifies: string[] = []): SourceRecord {
  return {
    key: row.key,
    type: row.type as SourceRecord['type'],
    title: row.title,
    author: row.author,
    organisation: organisationKey,
    date: row.date,
    url: row.url,
    reliability: row.reliability as SourceRecord['reliability'],
    confidential: row.confidential,
    reference: row.reference,
    identifies,
    meta: metaOf(row),
  };
}

export interface IncidentLinks {
  victims: string[];
  perpetrators: IncidentRecord['perpetrators'];
  sources: IncidentRecord['sources'];
  followUpOf: string | null;
}

export function incidentFromRow(row: IncidentRow, links: IncidentLinks): IncidentRecord {
  return {
    key: row.key,
    country: row.country_code,
    title: row.title,
    date: row.date,
    dateAccuracy: row.date_accuracy as IncidentRecord['dateAccuracy'],
    endDate: row.end_date,
    location: { place: row.place, region: row.region },
    rights: row.rights as IncidentRecord['rights'],
    violations: row.violations as IncidentRecord['violations'],
    summary: row.summary,
    victims: links.victims,
    perpetrators: links.perpetrators,
    legalBasis: row.legal_basis,
    status: row.status as IncidentRecord['status'],
    urgent: row.urgent,
    followUpOf: links.followUpOf,
    sources: links.sources,
    // Stored as the bundle shape (canonical form), so it maps back unchanged.
    domesticRemedies: (row.domestic_remedies ?? null) as IncidentRecord['domesticRemedies'],
    internationalProcedures: (row.international_procedures ?? []) as IncidentRecord['internationalProcedures'],
    ...translationsOf<IncidentRecord>(row.translations),
    meta: metaOf(row),
  };
}

export function recommendationFromRow(row: RecommendationRow, incidents: string[]): RecommendationRecord {
  return {
    key: row.key,
    right: row.right as RecommendationRecord['right'],
    addressee: row.addressee as RecommendationRecord['addressee'],
    text: row.text,
    incidents,
    ...translationsOf<RecommendationRecord>(row.translations),
    country: row.country_code,
    meta: metaOf(row),
  };
}

/** Stored translations ('{}' when none) as the record carries them: absent when there are none. */
function translationsOf<R extends { translations?: unknown }>(stored: unknown): Pick<R, 'translations'> {
  const t = canonicalTranslations(stored as Record<string, object> | null);
  return (t ? { translations: t } : {}) as Pick<R, 'translations'>;
}
