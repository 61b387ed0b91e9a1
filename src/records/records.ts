import type {
  BundleIncident, BundleOrganisation, BundlePerson, BundleRecommendation, BundleSource,
} from './bundle.schemas.js';

/** Bookkeeping every stored record carries; documents cite `id` and `version`. */
export interface RecordMeta {
  id: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Stored records: the bundle's own shape (so export is a projection) plus their metadata. */
export type OrganisationRecord = Required<BundleOrganisation> & { meta: RecordMeta };
/** Translations stay optional in memory: a record without any is as it was before they existed. */
type WithTranslations<T extends { translations?: unknown }> = Omit<Required<T>, 'translations'> & { translations?: T['translations'] };
export type PersonRecord = WithTranslations<BundlePerson> & { meta: RecordMeta };
export type SourceRecord = Required<BundleSource> & { meta: RecordMeta };
export type IncidentRecord = WithTranslations<BundleIncident> & { country: string; meta: RecordMeta };
export type RecommendationRecord = WithTranslations<BundleRecommendation> & { country: string | null; meta: RecordMeta };

export function stripMeta<T extends { meta: RecordMeta }>(record: T): Omit<T, 'meta'> {
  const { meta: _meta, ...rest } = record;
  return rest;
}

/** What identifies a person: enough to find their name in text and to replace it. */
export type PersonIdentity = Pick<PersonRecord, 'key' | 'kind' | 'name' | 'nameNative' | 'pseudonym'> & {
  /** Names the person was recorded under before (persons.former_names): text typed then still names them. */
  formerNames?: readonly string[];
};

/** A consent flag that decides whether a person may be named to an audience. */
export type NamingConsent = 'unSubmission' | 'publicNaming';
