import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from './records.table.js';

/** Interventions: the sending of a document and what came back (migration 2026-12-04-020). */
export interface InterventionsTable {
  id: Generated<number>;
  /** Stable key ("iv-kz-0001"): how a case bundle refers to it. */
  key: string;
  /** The approved version that was sent; null for one imported from a bundle. */
  document_id: string | null;
  document_kind: string;
  /** An urgent appeal's code ("KAZ 001/0318/OBS 025"): what a follow-up appeal updates. */
  document_code: string | null;
  country_code: string;
  /** JSON lists of keys (person keys, incident keys, mandate keys). */
  person_keys: Generated<unknown>;
  incident_keys: Generated<unknown>;
  mandates: Generated<unknown>;
  /** JSON list of { id (address-book id or null), title } as the addressee was when sent. */
  addressees: Generated<unknown>;
  /** YYYY-MM-DD (read as text). */
  sent_on: string;
  channel: string;
  reference: string | null;
  reply_due: string | null;
  reply_received_on: string | null;
  reply_summary: string | null;
  outcome: string | null;
  outcome_note: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

/** The reply's file: one per intervention, replaced by a new upload. */
export interface InterventionReplyFilesTable {
  intervention_id: number;
  file_name: string;
  content_type: string;
  bytes: Uint8Array;
  byte_size: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: Generated<Timestamp>;
}

export interface InterventionTables {
  interventions: InterventionsTable;
  intervention_reply_files: InterventionReplyFilesTable;
}

export type InterventionRow = Selectable<InterventionsTable>;
