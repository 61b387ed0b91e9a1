import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { DocumentFileRow, DocumentRow, NewDocument } from '../db/schema.js';
import { containsPattern } from '../db/like.js';
import type { Executor } from '../records/records.repository.js';
import { stepSources, STEP_RESULT } from './review/review-workflow.js';

/**
 * Stored documents: request, provenance and review state per version, and the version's files
 * (document_files: one per format, drawn from the same composition).
 */

/** A stored file without its bytes: what lists and answers describe. */
export type DocumentFileSummary = Omit<DocumentFileRow, 'bytes' | 'document_id'>;

export type DocumentSummary = Omit<DocumentRow, 'provenance' | 'request' | 'text'> & {
  /** Every format stored for this version (DOCX and PDF; one for versions made before both were). */
  files: DocumentFileSummary[];
};

const FILE_SUMMARY_COLUMNS = ['document_id', 'format', 'file_name', 'content_type', 'byte_size', 'sha256'] as const;

/** Attaches each version's files (one query for a page of versions). */
async function withFiles(db: Executor, rows: Array<Omit<DocumentRow, 'provenance' | 'request' | 'text'>>): Promise<DocumentSummary[]> {
  if (rows.length === 0) return [];
  const files = await db.selectFrom('document_files').select(FILE_SUMMARY_COLUMNS)
    .where('document_id', 'in', rows.map((r) => r.id)).orderBy('format').execute();
  return rows.map((row) => ({
    ...row,
    files: files.filter((f) => f.document_id === row.id).map(({ document_id: _, ...file }) => file),
  }));
}

async function oneWithFiles(db: Executor, row: Omit<DocumentRow, 'provenance' | 'request' | 'text'> | undefined): Promise<DocumentSummary | undefined> {
  return row ? (await withFiles(db, [row]))[0] : undefined;
}

/** A file to store with its version (the row but its version's id). */
export type NewFile = Omit<DocumentFileRow, 'document_id'>;

const SUMMARY_COLUMNS = [
  'id', 'series_id', 'version', 'kind', 'format', 'language', 'title', 'file_name', 'content_type', 'status',
  'draft', 'byte_size', 'sha256', 'template_hash', 'claims', 'incidents', 'sources', 'created_by',
  'approved_by', 'approved_at', 'created_at', 'names_protected_persons',
  'review_assignee', 'review_submitted_by', 'review_submitted_at',
] as const;

/**
 * Inserts the next version of a series. Concurrent inserts of one series retry on the unique key.
 * `beforeCommit` runs inside the insert's transaction (the idempotency record commits with it).
 */
export async function insertDocumentVersion(
  db: Db,
  doc: Omit<NewDocument, 'version'>,
  files: readonly NewFile[],
  beforeCommit?: (trx: Db, saved: DocumentSummary) => Promise<void>,
): Promise<DocumentSummary> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const last = await trx.selectFrom('documents').select((eb) => eb.fn.max('version').as('v')).where('series_id', '=', doc.series_id).executeTakeFirst();
        const version = Number(last?.v ?? 0) + 1;
        const row = await trx.insertInto('documents').values({ ...doc, version }).returning(SUMMARY_COLUMNS).executeTakeFirstOrThrow();
        // The version and all its files, or nothing.
        await trx.insertInto('document_files').values(files.map((f) => ({ ...f, document_id: row.id }))).execute();
        const saved: DocumentSummary = {
          ...row, files: files.map(({ bytes: _, ...f }) => f).sort((a, b) => a.format.localeCompare(b.format)),
        };
        await beforeCommit?.(trx, saved);
        return saved;
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505' && attempt < 3) continue;
      throw err;
    }
  }
}

export interface DocumentFilter {
  kind?: string | undefined;
  status?: string | undefined;
  /** The lawyer a version is (or was last) assigned to for review. */
  assignee?: string | undefined;
  /** Who generated it. */
  author?: string | undefined;
  /** Words of the title (case-insensitive, anywhere in it). */
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function listDocuments(db: Executor, filter: DocumentFilter): Promise<{ items: DocumentSummary[]; total: number }> {
  let q = db.selectFrom('documents');
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.assignee) q = q.where('review_assignee', '=', filter.assignee);
  if (filter.author) q = q.where('created_by', '=', filter.author);
  for (const word of (filter.q ?? '').split(/\s+/).filter(Boolean)) q = q.where('title', 'ilike', containsPattern(word));
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.select(SUMMARY_COLUMNS).orderBy('created_at', 'desc').orderBy('version', 'desc').limit(filter.limit).offset(filter.offset).execute();
  return { items: await withFiles(db, rows), total: Number(total.n) };
}

/** The kinds of document made on this database so far, each once. */
export async function documentKindsMade(db: Executor): Promise<string[]> {
  return (await db.selectFrom('documents').select('kind').distinct().execute()).map((r) => r.kind);
}

export async function getDocument(db: Executor, id: string): Promise<DocumentSummary | undefined> {
  return oneWithFiles(db, await db.selectFrom('documents').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst());
}

/**
 * One file of a version: the given format, or the version's primary one. Undefined when the
 * version does not exist; `file` undefined when it has no file in that format (an older version).
 */
export async function getDocumentFile(db: Executor, id: string, format?: string) {
  const doc = await db.selectFrom('documents').select(['format', 'names_protected_persons']).where('id', '=', id).executeTakeFirst();
  if (!doc) return undefined;
  const file = await db.selectFrom('document_files').select(['format', 'bytes', 'file_name', 'content_type', 'sha256'])
    .where('document_id', '=', id).where('format', '=', format ?? doc.format).executeTakeFirst();
  return { names_protected_persons: doc.names_protected_persons, file };
}

export async function getDocumentProvenance(db: Executor, id: string) {
  return db.selectFrom('documents').select(['provenance', 'request', 'template_hash', 'sha256', 'version', 'series_id']).where('id', '=', id).executeTakeFirst();
}

/** Approves a version still in a status approval is allowed from; undefined when it no longer is (or does not exist). */
export async function approveDocument(db: Executor, id: string, by: string): Promise<DocumentSummary | undefined> {
  return oneWithFiles(db, await db.updateTable('documents')
    .set({ status: STEP_RESULT.approve, approved_by: by, approved_at: new Date() })
    .where('id', '=', id)
    .where('status', 'in', stepSources('approve'))
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirst());
}

/** Every version of a document's series, newest first, with the formats each holds: what the version list on a document page shows. */
export async function seriesVersions(db: Db, seriesId: string) {
  const rows = await db.selectFrom('documents')
    .select(['id', 'version', 'format', 'draft', 'status', 'byte_size', 'created_at', 'created_by', 'approved_by', 'approved_at', 'review_assignee'])
    .where('series_id', '=', seriesId).orderBy('version', 'desc').execute();
  if (rows.length === 0) return [];
  const files = await db.selectFrom('document_files').select(['document_id', 'format'])
    .where('document_id', 'in', rows.map((r) => r.id)).orderBy('format').execute();
  return rows.map((row) => ({ ...row, formats: files.filter((f) => f.document_id === row.id).map((f) => f.format) }));
}

/** A version's numbered text (null before stored texts) and whether it names somebody protected in public. */
export async function getDocumentText(db: Executor, id: string) {
  return db.selectFrom('documents').select(['id', 'series_id', 'version', 'text', 'names_protected_persons']).where('id', '=', id).executeTakeFirst();
}

/** Puts a version in review with a lawyer; undefined when its status no longer allows it. */
export async function submitDocumentForReview(db: Executor, id: string, review: { assignee: string; by: string }): Promise<DocumentSummary | undefined> {
  return oneWithFiles(db, await db.updateTable('documents')
    .set({ status: STEP_RESULT.submit, review_assignee: review.assignee, review_submitted_by: review.by, review_submitted_at: new Date() })
    .where('id', '=', id)
    .where('status', 'in', stepSources('submit'))
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirst());
}

export interface NewReviewComment {
  paragraph: number | null;
  note: number | null;
  body: string;
}

/** Marks a version in review as needing changes and stores the reviewer's comments, together or not at all. */
export async function requestDocumentChanges(db: Db, id: string, by: string, comments: readonly NewReviewComment[]): Promise<DocumentSummary | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('documents')
      .set({ status: STEP_RESULT['request-changes'] })
      .where('id', '=', id)
      .where('status', 'in', stepSources('request-changes'))
      .returning(SUMMARY_COLUMNS)
      .executeTakeFirst();
    if (!row) return undefined;
    if (comments.length > 0) {
      await trx.insertInto('document_review_comments').values(comments.map((c) => ({ document_id: id, author: by, ...c }))).execute();
    }
    return oneWithFiles(trx, row);
  });
}

/** Review comments on versions, oldest first, anchored ones by their place in the text. */
export async function listReviewComments(db: Executor, documentIds: readonly string[]) {
  if (documentIds.length === 0) return [];
  return db.selectFrom('document_review_comments').selectAll()
    .where('document_id', 'in', documentIds)
    .orderBy('created_at').orderBy('id')
    .execute();
}

/** Versions in review with this lawyer, oldest submission first: what is waiting for them. */
export async function documentsInReviewWith(db: Executor, assignee: string, limit = 50) {
  return db.selectFrom('documents')
    .select(['id', 'title', 'kind', 'version', 'created_by', 'review_submitted_by', 'review_submitted_at'])
    .where('review_assignee', '=', assignee).where('status', '=', STEP_RESULT.submit)
    .orderBy('review_submitted_at').limit(limit).execute();
}

/** What an approved version was made from: its provenance's records and template, to tell whether they changed. */
export async function getDocumentSources(db: Executor, id: string) {
  return db.selectFrom('documents').select(['kind', 'status', 'template_hash', 'provenance']).where('id', '=', id).executeTakeFirst();
}

/** Versions whose provenance lists this person (by database id) among the persons the document is about: a person's timeline. */
export async function documentsAboutPerson(db: Executor, personId: number) {
  return db.selectFrom('documents')
    .select(['id', 'series_id', 'version', 'kind', 'title', 'status', 'created_at', 'approved_at'])
    .where(sql<boolean>`provenance -> 'records' -> 'persons' @> ${JSON.stringify([{ id: personId }])}::jsonb`)
    .orderBy('created_at').execute();
}
