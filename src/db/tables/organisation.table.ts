import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from './records.table.js';

/** The sending organisation's profile: one row (id 1), absent until an admin saves it. Not case data: no bundle carries it. */
export interface OrganisationProfileTable {
  id: number;
  name: string;
  acronym: string | null;
  postal_address: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  logo: Uint8Array | null;
  logo_content_type: string | null;
  logo_width: number | null;
  logo_height: number | null;
  signatory_name: string | null;
  signatory_title: string | null;
  confidentiality_request: Generated<boolean>;
  appeal_code_scheme: string | null;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

export interface OrganisationTables {
  organisation_profile: OrganisationProfileTable;
}

export type OrganisationProfileRow = Selectable<OrganisationProfileTable>;
