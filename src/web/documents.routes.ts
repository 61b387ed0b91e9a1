import { ANONYMOUS, maySeeIdentities } from '../auth/roles.js';
import type { FastifyInstance } from 'fastify';
import { CompositionRefused, type Provenance } from '../documents/compose/compose.js';
import { getDocument, getDocumentProvenance, listDocuments, type DocumentSummary } from '../documents/documents.repository.js';
import { generateDocument } from '../documents/documents.service.js';
import { DOCUMENT_KINDS, DocumentRequestSchema, type DocumentKind } from '../documents/request.schemas.js';
import { HttpError, notFound } from '../http/errors.js';
import { fieldViews, type Values } from './fields.js';
import { KIND_TITLES } from './generate/generate.form.js';
import { filledQuery, pageNumber, pager, PAGE_SIZE } from './listing.js';
import { actorOf, renderPage } from './page.js';
import { seriesVersions } from '../documents/documents.repository.js';
import { isReviewStatus, REVIEW_STATUSES, STATUS_LABELS } from '../documents/review/review-workflow.js';
import { reviewPanel, statusLabel } from './review/review.view.js';

/** What the document page says after a review step's form. */
const REVIEW_NOTICES: Record<string, string> = {
  submitted: 'The version was submitted for review.',
  changes: 'The changes you asked for were sent to the author with your comments.',
  approved: 'The version is approved. It can no longer change; generating again makes a new version.',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fileLink = (id: string, format: string) => `/api/v1/documents/${id}/file?format=${format}`;
const FORMAT_LABELS: Record<string, string> = { pdf: 'Download the PDF', docx: 'Download the Word file (DOCX)' };

/** A version's files for the pages, the primary format first. */
function filesOf(doc: { id: string; format: string; files: DocumentSummary['files'] }) {
  return [...doc.files].sort((a, b) => Number(b.format === doc.format) - Number(a.format === doc.format)).map((f) => ({
    ...f, format: f.format.toUpperCase(), label: FORMAT_LABELS[f.format] ?? f.format, href: fileLink(doc.id, f.format),
  }));
}
const kindTitle = (kind: string) => KIND_TITLES[kind as DocumentKind] ?? kind;

async function documentOr404(web: FastifyInstance, id: string): Promise<DocumentSummary> {
  const doc = UUID.test(id) ? await getDocument(web.db, id) : undefined;
  if (!doc) throw notFound('Document');
  return doc;
}

/** Generated documents: the list, one document with its versions, and its provenance. */
export async function documentPages(web: FastifyInstance, opts: { separationOfDuties?: boolean } = {}): Promise<void> {
  const reviewOptions = { separationOfDuties: opts.separationOfDuties ?? true };
  web.get('/documents', async (request, reply) => {
    const raw = filledQuery(request.query);
    const page = pageNumber(raw);
    const filters: Values = {};
    if (typeof raw.kind === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(raw.kind)) filters.kind = raw.kind;
    if (isReviewStatus(raw.status)) filters.status = raw.status;
    if (typeof raw.q === 'string' && raw.q.trim() !== '') filters.q = raw.q.trim().slice(0, 200);
    const { items, total } = await listDocuments(web.db, {
      kind: filters.kind as string | undefined, status: filters.status as string | undefined, q: filters.q as string | undefined,
      limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
    });
    return renderPage(request, reply, 'documents/list', {
      title: 'Documents',
      section: 'documents',
      filters: fieldViews({
        kind: { label: 'Kind', type: 'select', empty: 'Any kind', options: DOCUMENT_KINDS.map((k) => ({ value: k, label: KIND_TITLES[k] })) },
        status: { label: 'Review', type: 'select', empty: 'Any', options: REVIEW_STATUSES.map((v) => ({ value: v, label: STATUS_LABELS[v] })) },
        q: { label: 'Title contains', type: 'text' },
      }, filters, {}),
      filtered: Object.keys(filters).length > 0,
      items: items.map((d) => ({ ...d, kindTitle: kindTitle(d.kind), files: filesOf(d), statusLabel: statusLabel(d.status) })),
      pager: pager('/documents', filters, page, total, items.length, 'documents'),
    });
  });

  web.get<{ Params: { id: string } }>('/documents/:id', async (request, reply) => {
    const doc = await documentOr404(web, request.params.id);
    const versions = await seriesVersions(web.db, doc.series_id);
    return renderPage(request, reply, 'documents/detail', {
      title: doc.title,
      section: 'documents',
      generated: (request.query as Record<string, unknown>).generated === '1',
      doc: { ...doc, kindTitle: kindTitle(doc.kind), files: filesOf(doc), statusLabel: statusLabel(doc.status) },
      review: await reviewPanel(web.db, request, doc, reviewOptions),
      reviewNotice: REVIEW_NOTICES[String((request.query as Record<string, unknown>).review)] ?? null,
      versions: versions.map((v) => ({
        ...v, current: v.id === doc.id, statusLabel: statusLabel(v.status),
        files: v.formats.map((format) => ({ format: format.toUpperCase(), href: fileLink(v.id, format) })),
      })),
    });
  });

  web.get<{ Params: { id: string } }>('/documents/:id/provenance', async (request, reply) => {
    const doc = await documentOr404(web, request.params.id);
    const stored = await getDocumentProvenance(web.db, doc.id);
    const provenance = stored?.provenance as Provenance | undefined;
    return renderPage(request, reply, 'documents/provenance', {
      title: `Provenance: ${doc.title}`,
      section: 'documents',
      doc: { ...doc, kindTitle: kindTitle(doc.kind) },
      generatedAt: provenance?.generatedAt ?? null,
      template: provenance?.template ?? null,
      audience: provenance?.audience === 'un' ? 'UN mandate holders (confidential)' : 'the public',
      claims: (provenance?.claims ?? []).map((c) => ({
        note: c.note,
        section: c.section,
        text: c.text,
        unsourced: c.unsourced,
        incident: { key: c.incident.key, id: c.incident.id, version: c.incident.version },
        sources: c.sources.map((s) => ({ key: s.key, id: s.id, version: s.version, description: s.description })),
      })),
      persons: provenance?.records.persons ?? [],
    });
  });

  // A new version from the same request and today's records (the series continues).
  web.post<{ Params: { id: string } }>('/documents/:id/regenerate', async (request, reply) => {
    const doc = await documentOr404(web, request.params.id);
    const stored = await getDocumentProvenance(web.db, doc.id);
    const parsed = DocumentRequestSchema.safeParse(stored?.request);
    if (!parsed.success) throw new HttpError(409, 'This document\'s stored request can no longer be read; generate it again from the form');
    try {
      const { document } = await generateDocument({ db: web.db, renderer: web.renderer, maySeeIdentities: maySeeIdentities(request.principal ?? ANONYMOUS) }, parsed.data, actorOf(request));
      return reply.redirect(`/documents/${document.id}?generated=1`, 303);
    } catch (err) {
      if (err instanceof CompositionRefused) {
        throw new HttpError(422, `${err.message} ${err.problems.map((p) => p.message).join('; ')}`);
      }
      throw err;
    }
  });
}
