import type { Db } from '../db/database.js';
import type { OrganisationProfileRow } from '../db/schema.js';
import type { Executor } from './records.repository.js';
import type { CheckedLogo, LogoContentType } from './organisation-logo.js';

/** The sending organisation (one row, id 1): what every document names as its sender. */

export interface OrganisationLogo {
  contentType: LogoContentType;
  width: number;
  height: number;
  bytes: Uint8Array;
}

export interface OrganisationProfile {
  name: string;
  acronym: string | null;
  postalAddress: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  logo: OrganisationLogo | null;
  signatory: { name: string; title: string } | null;
  confidentialityRequest: boolean;
  /** Read by the urgent appeal's numbering; stored and shown as written. */
  appealCodeScheme: string | null;
  version: number;
  updatedBy: string | null;
  updatedAt: Date;
}

/** What is saved: everything but the bookkeeping; `logo` undefined keeps the stored one. */
export type OrganisationProfileChange = Omit<OrganisationProfile, 'logo' | 'version' | 'updatedBy' | 'updatedAt'> & { logo?: CheckedLogo | null };

function fromRow(row: OrganisationProfileRow): OrganisationProfile {
  return {
    name: row.name,
    acronym: row.acronym,
    postalAddress: row.postal_address,
    email: row.email,
    phone: row.phone,
    website: row.website,
    logo: row.logo && row.logo_content_type
      ? { contentType: row.logo_content_type as LogoContentType, width: row.logo_width ?? 0, height: row.logo_height ?? 0, bytes: new Uint8Array(row.logo) }
      : null,
    signatory: row.signatory_name && row.signatory_title ? { name: row.signatory_name, title: row.signatory_title } : null,
    confidentialityRequest: row.confidentiality_request,
    appealCodeScheme: row.appeal_code_scheme,
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** The profile, or null while none has been saved (documents then name a neutral sender). */
export async function getOrganisationProfile(db: Executor): Promise<OrganisationProfile | null> {
  const row = await db.selectFrom('organisation_profile').selectAll().where('id', '=', 1).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** Creates or replaces the profile; returns it as stored (version counts saves). */
export async function saveOrganisationProfile(db: Db, change: OrganisationProfileChange, by: string | null): Promise<OrganisationProfile> {
  const values = {
    name: change.name,
    acronym: change.acronym,
    postal_address: change.postalAddress,
    email: change.email,
    phone: change.phone,
    website: change.website,
    signatory_name: change.signatory?.name ?? null,
    signatory_title: change.signatory?.title ?? null,
    confidentiality_request: change.confidentialityRequest,
    appeal_code_scheme: change.appealCodeScheme,
    updated_by: by,
    updated_at: new Date(),
    ...(change.logo === undefined ? {} : change.logo === null
      ? { logo: null, logo_content_type: null, logo_width: null, logo_height: null }
      : { logo: change.logo.bytes, logo_content_type: change.logo.contentType, logo_width: change.logo.width, logo_height: change.logo.height }),
  };
  const row = await db.insertInto('organisation_profile')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ ...values, version: eb('organisation_profile.version', '+', 1) })))
    .returningAll()
    .executeTakeFirstOrThrow();
  return fromRow(row);
}
