import type { Db } from '../db/database.js';
import type { DocumentRow, NewDocument } from '../db/schema.js';
import type { Executor } from '../records/records.repository.js';

/** Stored documents: bytes, request, provenance and review state. */

export type DocumentSummary = Omit<DocumentRow, 'bytes' | 'provenance' | 'request'>;

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
  beforeCommit?: (trx: Db, saved: DocumentSummary) => Promise<void>,
): Promise<DocumentSummary> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const last = await trx.selectFrom('documents').select((eb) => eb.fn.max('version').as('v')).where('series_id', '=', doc.series_id).executeTakeFirst();
        const version = Number(last?.v ?? 0) + 1;
        const saved = await trx.insertInto('documents').values({ ...doc, version }).returning(SUMMARY_COLUMNS).executeTakeFirstOrThrow();
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
  const items = await q.select(SUMMARY_COLUMNS).orderBy('created_at', 'desc').orderBy('version', 'desc').limit(filter.limit).offset(filter.offset).execute();
  return { items, total: Number(total.n) };
}

export async function getDocument(db: Executor, id: string): Promise<DocumentSummary | undefined> {
  return db.selectFrom('documents').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function getDocumentBytes(db: Executor, id: string) {
  return db.selectFrom('documents').select(['bytes', 'file_name', 'content_type', 'sha256', 'names_protected_persons']).where('id', '=', id).executeTakeFirst();
}

export async function getDocumentProvenance(db: Executor, id: string) {
  return db.selectFrom('documents').select(['provenance', 'request', 'template_hash', 'sha256', 'version', 'series_id']).where('id', '=', id).executeTakeFirst();
}

export async function approveDocument(db: Executor, id: string, by: string): Promise<DocumentSummary | undefined> {
  return db.updateTable('documents')
    .set({ status: 'approved', approved_by: by, approved_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirst();
}

/** Every version of a document's series, newest first: what the version list on a document page shows. */
export async function seriesVersions(db: Db, seriesId: string) {
  return db.selectFrom('documents')
    .select(['id', 'version', 'format', 'draft', 'status', 'byte_size', 'created_at', 'created_by', 'approved_by', 'approved_at'])
    .where('series_id', '=', seriesId).orderBy('version', 'desc').execute();
}

