import type { Generated, Insertable, Selectable } from 'kysely';
import type { Timestamp } from './records.table.js';

/** Generated documents: each version's bytes, request, provenance and review state. */
export interface DocumentsTable {
  id: string;
  /** Versions of one document share a series id; version counts from 1. */
  series_id: string;
  version: number;
  kind: string;
  format: string;
  language: string;
  title: string;
  file_name: string;
  content_type: string;
  /** draft → in_review → changes_requested → … → approved (documents/review/review-workflow.ts). */
  status: Generated<string>;
  draft: boolean;
  request: unknown;
  provenance: unknown;
  /** The primary file's (the requested format's) size and hash; its bytes, and the other format's, are in document_files. */
  byte_size: number;
  sha256: string;
  template_hash: string;
  claims: number;
  incidents: number;
  sources: number;
  created_by: string | null;
  /** The document prints the real name of somebody protected in the public audience (needs identities:read to read). */
  names_protected_persons: Generated<boolean>;
  approved_by: string | null;
  approved_at: Timestamp | null;
  created_at: Generated<Timestamp>;
  /** The lawyer (user name) the version is in review with, or was last. */
  review_assignee: Generated<string | null>;
  review_submitted_by: Generated<string | null>;
  review_submitted_at: Generated<Timestamp | null>;
  /** Numbered paragraphs and notes as printed (documents/model/numbered-text.ts); null before review existed. */
  text: Generated<unknown | null>;
}

/** A lawyer's comment on a version in review, anchored to a paragraph or note number (or neither: the whole version). */
export interface DocumentReviewCommentsTable {
  id: Generated<number>;
  document_id: string;
  paragraph: number | null;
  note: number | null;
  body: string;
  author: string;
  created_at: Generated<Timestamp>;
}

/** A version's files: one per format, both drawn from the same composition. Never updated. */
export interface DocumentFilesTable {
  document_id: string;
  format: string;
  file_name: string;
  content_type: string;
  bytes: Uint8Array;
  byte_size: number;
  sha256: string;
}

export interface DocumentTables {
  documents: DocumentsTable;
  document_files: DocumentFilesTable;
  document_review_comments: DocumentReviewCommentsTable;
}

export type DocumentRow = Selectable<DocumentsTable>;
export type NewDocument = Insertable<DocumentsTable>;
export type DocumentFileRow = Selectable<DocumentFilesTable>;
export type DocumentReviewCommentRow = Selectable<DocumentReviewCommentsTable>;
export type NewDocumentFile = Insertable<DocumentFilesTable>;
