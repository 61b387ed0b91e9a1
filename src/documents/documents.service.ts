import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { loadCaseFile, type CaseFile } from './case-file/case-file.js';
import { audienceOf } from './compose/compose.js';
import { insertDocumentVersion, type DocumentSummary } from './documents.repository.js';
import type { ComposedDocument, DocumentPreview } from './workers/compose-tasks.js';
import type { DocumentRenderer } from './workers/render-pool.js';
import { CONTENT_TYPES } from './render/render-document.js';
import type { DocumentRequest } from './request.schemas.js';

/**
 * Generation end to end: records → composition → bytes → stored version with provenance.
 * Plain functions over a database and a renderer; the HTTP layer only translates.
 */

/** The browser preview of a request: composed (like a generation) off the event loop. */
export async function previewDocument(deps: { db: Db; renderer: DocumentRenderer; signal?: AbortSignal }, request: DocumentRequest, now = new Date()): Promise<DocumentPreview> {
  return deps.renderer.preview(await loadRequestedCaseFile(deps.db, request), request, now, deps.signal);
}

/** The records a request needs, with every person its audience may not see named. */
export function loadRequestedCaseFile(db: Db, request: DocumentRequest): Promise<CaseFile> {
  return loadCaseFile(db, request.selection, audienceOf(request.kind), request.kind === 'eu-briefing');
}

export async function generateDocument(
  /** `signal`: the client's; when it disconnects, the render is cancelled. */
  deps: { db: Db; renderer: DocumentRenderer; signal?: AbortSignal },
  request: DocumentRequest,
  actor: string | null = null,
  /** Runs inside the transaction that stores the document (see insertDocumentVersion). */
  beforeCommit?: (trx: Db, saved: DocumentSummary) => Promise<void>,
): Promise<{ document: DocumentSummary; composition: Omit<ComposedDocument, 'bytes'> }> {
  const now = new Date();
  const file = await loadRequestedCaseFile(deps.db, request);
  // Composing is CPU work like rendering: both run in the renderer's worker, off the event loop.
  const { bytes, ...composition } = await deps.renderer.composeAndRender(file, request, now, deps.signal);
  const { provenance } = composition;
  const document = await insertDocumentVersion(deps.db, {
    id: randomUUID(),
    series_id: seriesId(request),
    kind: request.kind,
    format: request.format,
    language: request.language,
    title: composition.title,
    // Kind, country and date only: a file name travels in e-mails and must never carry a name.
    file_name: `${request.kind}-${composition.countryCode}-${now.toISOString().slice(0, 10)}.${request.format}`,
    content_type: CONTENT_TYPES[request.format],
    status: 'draft',
    draft: request.draft,
    request: request as unknown as object,
    provenance: provenance as unknown as object,
    bytes,
    byte_size: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    template_hash: composition.templateHash,
    claims: provenance.claims.length,
    incidents: provenance.records.incidents.length,
    sources: provenance.records.sources.length,
    created_by: actor,
  }, beforeCommit);
  return { document, composition };
}

/** The same request (whatever its key order) continues the same series of versions. */
export function seriesId(request: DocumentRequest): string {
  const hex = createHash('sha256').update(stableJson(request)).digest('hex');
  // Shaped as a UUID so it fits the uuid column.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
