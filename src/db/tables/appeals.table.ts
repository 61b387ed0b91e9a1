import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from './records.table.js';

/** The address book and the numbering of urgent appeals (migration 2026-12-03-030). */
export interface AddresseesTable {
  id: Generated<number>;
  country_code: string;
  title: string;
  name: string | null;
  postal_address: string | null;
  email: string | null;
  fax: string | null;
  salutation: string | null;
  language: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

/** The last number a scheme gave, per country ('*': the organisation-wide {n}) and year. */
export interface AppealCodeCountersTable {
  scheme: string;
  country_code: string;
  year: number;
  last: number;
}

/** The code of each appeal: one per request (whatever its format or version). */
export interface AppealCodesTable {
  /** The request's identity without its format (documents.service.ts, appealId). */
  appeal_id: string;
  code: string;
  /** Given by the service (scheme or update suffix): unique. A typed code is not. */
  numbered: boolean;
  country_code: string;
  /** YYYY-MM-DD (read as text: a date is not a moment). */
  issued_on: string;
  /** The code without its update suffix; update_number 0 for an original appeal. */
  base_code: string;
  update_number: number;
  created_at: Generated<Timestamp>;
}

export interface AppealTables {
  addressees: AddresseesTable;
  appeal_code_counters: AppealCodeCountersTable;
  appeal_codes: AppealCodesTable;
}

export type AddresseeRow = Selectable<AddresseesTable>;
