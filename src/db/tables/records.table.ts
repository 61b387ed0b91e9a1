import type { Generated, Selectable } from 'kysely';

/**
 * The case records' tables. Row types (`XRow`) are mapped to the case-bundle's camelCase shapes
 * in one place: `src/records/mapping.ts`.
 */

export type Timestamp = Date;

interface Versioned {
  id: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface CountriesTable {
  code: string;
  name: string;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface OrganisationsTable extends Versioned {
  key: string;
  name: string;
  acronym: string | null;
  contact_email: string | null;
  contact_address: string | null;
  /** Country of the bundle that last brought this record (used by export). */
  country_code: string | null;
}

export interface PersonsTable extends Versioned {
  key: string;
  kind: string;
  name: string;
  name_native: string | null;
  /** Names and native names the person had before (a trigger keeps them: migration 2026-12-11-020); internal. */
  former_names: Generated<string[]>;
  pseudonym: string;
  /** search_fold(pseudonym), generated (migration 2026-12-08-010): what a caller without identities:read searches. */
  pseudonym_folded: Generated<string>;
  sex: string | null;
  birth_year: number | null;
  occupation: string | null;
  affiliation: string | null;
  consent_un_submission: boolean;
  consent_public_naming: boolean;
  consent_state_transmission: boolean;
  risk: string | null;
  country_code: string | null;
  /** Issue 13: the OHCHR questionnaire's victim fields (all optional). */
  age_years: number | null;
  age_as_of: string | null;
  nationality: string | null;
  whereabouts_status: string | null;
  whereabouts_place: string | null;
  whereabouts_as_of: string | null;
  consent_un_public_report: Generated<boolean>;
  /** Translations of the free text, by language, in the case bundle's shape. */
  translations: Generated<unknown>;
}

export interface SourcesTable extends Versioned {
  key: string;
  type: string;
  title: string;
  author: string | null;
  organisation_id: number | null;
  date: string | null;
  url: string | null;
  reliability: string;
  confidential: boolean;
  country_code: string | null;
  /** A UN communication's reference ("AL KAZ 1/2018") or another citable number. */
  reference: string | null;
}

export interface IncidentsTable extends Versioned {
  key: string;
  country_code: string;
  title: string;
  date: string;
  date_accuracy: string;
  end_date: string | null;
  place: string;
  region: string | null;
  rights: string[];
  violations: string[];
  summary: string;
  legal_basis: string[];
  status: string;
  urgent: boolean;
  follow_up_of_id: number | null;
  /** `{ steps: [{ date, authority, action, outcome }], noneBecause }` as JSON (case bundle shape), or null. */
  domestic_remedies: unknown;
  translations: Generated<unknown>;
  /** `[{ body, reference, date, status }]` as JSON. */
  international_procedures: Generated<unknown>;
}

export interface IncidentVictimsTable {
  incident_id: number;
  person_id: number;
  position: number;
}

export interface IncidentPerpetratorsTable {
  incident_id: number;
  position: number;
  description: string;
  state_actor: boolean;
  state_link: string | null;
  reason: string | null;
}

export interface IncidentSourcesTable {
  incident_id: number;
  source_id: number;
  position: number;
  credibility: number;
  locator: string | null;
  excerpt: string | null;
}

export interface RecommendationsTable extends Versioned {
  key: string;
  right: string;
  addressee: string;
  text: string;
  translations: Generated<unknown>;
  country_code: string | null;
}

export interface RecommendationIncidentsTable {
  recommendation_id: number;
  incident_id: number;
  position: number;
}

/** The persons a source names or identifies (case bundle `identifies`), in the bundle's order. */
export interface SourceIdentifiesTable {
  source_id: number;
  person_id: number;
  position: number;
}

/** An old key of a record (one that spelled a name), still resolved for callers who may see names. */
export interface RecordKeyAliasesTable {
  record_type: string;
  alias: string;
  key: string;
  created_at: Generated<Timestamp>;
}

/** One row: moves to a new value with every statement that writes persons (the identity caches' key). */
export interface PersonIdentityRevisionTable {
  id: number;
  revision: string | number | bigint;
}

/** An incident's folded title and summary, kept by a trigger (migration 2026-12-05-020). */
export interface IncidentSearchTextTable {
  incident_id: number;
  folded: string;
}

/**
 * An incident's title and summary as a caller without identities:read is shown them, folded for
 * search; valid while the incident's version and the persons' revision are those it was made at
 * (migration 2026-12-08-010).
 */
export interface IncidentShapedSearchTable {
  incident_id: number;
  incident_version: number;
  persons_revision: string | number | bigint;
  folded: string;
  /** Keys of the persons the stored title names (null: a row made before 2026-12-10-010). */
  title_names: string[] | null;
  /** Keys of the persons the stored summary names (null as title_names). */
  summary_names: string[] | null;
  /** Keys of the persons each of its sources' excerpts names, by the excerpt's text (null as title_names). */
  excerpt_names: Record<string, string[]> | null;
  /** The stored title as shown without identities:read (null as title_names). */
  title_shown: string | null;
  /** The stored summary as shown without identities:read (null as title_names). */
  summary_shown: string | null;
  /** Each of its sources' excerpts as shown without identities:read, by the excerpt's text (null as title_names). */
  excerpts_shown: Record<string, string> | null;
  /** The incident version and persons revision the names and shown texts were made at (read only while equal to the row's). */
  kept_incident_version: number | null;
  kept_persons_revision: string | number | bigint | null;
}

/** One row: the incident_list_revision at which every incident had a current shaped row. */
export interface IncidentShapedSearchStateTable {
  id: number;
  complete_at: string | number | bigint | null;
}

/** One row: moves to a new value with every statement that writes what an incident list reads (list totals' key). */
export interface IncidentListRevisionTable {
  id: number;
  revision: string | number | bigint;
}

/** One row: moves to a new value with every statement that writes what the records API answers with (answer cache's key). */
export interface RecordAnswersRevisionTable {
  id: number;
  revision: string | number | bigint;
}

export interface RecordTables {
  countries: CountriesTable;
  organisations: OrganisationsTable;
  persons: PersonsTable;
  sources: SourcesTable;
  incidents: IncidentsTable;
  incident_victims: IncidentVictimsTable;
  incident_perpetrators: IncidentPerpetratorsTable;
  incident_sources: IncidentSourcesTable;
  recommendations: RecommendationsTable;
  recommendation_incidents: RecommendationIncidentsTable;
  source_identifies: SourceIdentifiesTable;
  record_key_aliases: RecordKeyAliasesTable;
  person_identity_revision: PersonIdentityRevisionTable;
  incident_list_revision: IncidentListRevisionTable;
  record_answers_revision: RecordAnswersRevisionTable;
  incident_search_text: IncidentSearchTextTable;
  incident_shaped_search: IncidentShapedSearchTable;
  incident_shaped_search_state: IncidentShapedSearchStateTable;
}

export type PersonRow = Selectable<PersonsTable>;
export type SourceRow = Selectable<SourcesTable>;
export type IncidentRow = Selectable<IncidentsTable>;
export type OrganisationRow = Selectable<OrganisationsTable>;
export type RecommendationRow = Selectable<RecommendationsTable>;
