import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { DocumentFileRow, DocumentRow, NewDocument } from '../db/schema.js';
import type { Executor } from '../records/records.repository.js';

/**
 * Stored documents: request, provenance and review state per version, and the version's files
 * (document_files: one per format, drawn from the same composition).
 */

/** A stored file without its bytes: what lists and answers describe. */
export type DocumentFileSummary = Omit<DocumentFileRow, 'bytes' | 'document_id'>;

export type DocumentSummary = Omit<DocumentRow, 'provenance' | 'request'> & {
  /** Every format stored for this version (DOCX and PDF; one for versions made before both were). */
  files: DocumentFileSummary[];
};

const FILE_SUMMARY_COLUMNS = ['document_id', 'format', 'file_name', 'content_type', 'byte_size', 'sha256'] as const;

/** Attaches each version's files (one query for a page of versions). */
async function withFiles(db: Executor, rows: Array<Omit<DocumentRow, 'provenance' | 'request'>>): Promise<DocumentSummary[]> {
  if (rows.length === 0) return [];
  const files = await db.selectFrom('document_files').select(FILE_SUMMARY_COLUMNS)
    .where('document_id', 'in', rows.map((r) => r.id)).orderBy('format').execute();
  return rows.map((row) => ({
    ...row,
    files: files.filter((f) => f.document_id === row.id).map(({ document_id: _, ...file }) => file),
  }));
}

async function oneWithFiles(db: Executor, row: Omit<DocumentRow, 'provenance' | 'request'> | undefined): Promise<DocumentSummary | undefined> {
  return row ? (await withFiles(db, [row]))[0] : undefined;
}

/** A file to store with its version. */
export interface NewFile {
  format: string;
  file_name: string;
  content_type: string;
  bytes: Uint8Array;
  byte_size: number;
  sha256: string;
}

const SUMMARY_COLUMNS = [
  'id', 'series_id', 'version', 'kind', 'format', 'language', 'title', 'file_name', 'content_type', 'status',
  'draft', 'byte_size', 'sha256', 'template_hash', 'claims', 'incidents', 'sources', 'created_by',
  'approved_by', 'approved_at', 'created_at', 'names_protected_persons',
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

export async function listDocuments(
  db: Executor,
  filter: { kind?: string | undefined; status?: string | undefined; limit: number; offset: number },
): Promise<{ items: DocumentSummary[]; total: number }> {
  let q = db.selectFrom('documents');
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.status) q = q.where('status', '=', filter.status);
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.select(SUMMARY_COLUMNS).orderBy('created_at', 'desc').orderBy('version', 'desc').limit(filter.limit).offset(filter.offset).execute();
  return { items: await withFiles(db, rows), total: Number(total.n) };
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

export async function approveDocument(db: Executor, id: string, by: string): Promise<DocumentSummary | undefined> {
  return oneWithFiles(db, await db.updateTable('documents')
    .set({ status: 'approved', approved_by: by, approved_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirst());
}

/** Every version of a document's series, newest first, with the formats each holds: what the version list on a document page shows. */
export async function seriesVersions(db: Db, seriesId: string) {
  const rows = await db.selectFrom('documents')
    .select(['id', 'version', 'format', 'draft', 'status', 'byte_size', 'created_at', 'created_by', 'approved_by', 'approved_at'])
    .where('series_id', '=', seriesId).orderBy('version', 'desc').execute();
  if (rows.length === 0) return [];
  const files = await db.selectFrom('document_files').select(['document_id', 'format'])
    .where('document_id', 'in', rows.map((r) => r.id)).orderBy('format').execute();
  return rows.map((row) => ({ ...row, formats: files.filter((f) => f.document_id === row.id).map((f) => f.format) }));
}

/** Versions whose provenance lists this person (by database id) among the persons the document is about: a person's timeline. */
export async function documentsAboutPerson(db: Executor, personId: number) {
  return db.selectFrom('documents')
    .select(['id', 'series_id', 'version', 'kind', 'title', 'status', 'created_at', 'approved_at'])
    .where(sql<boolean>`provenance -> 'records' -> 'persons' @> ${JSON.stringify([{ id: personId }])}::jsonb`)
    .orderBy('created_at').execute();
}
