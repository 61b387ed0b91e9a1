import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  getDocument, getDocumentProvenance, listDocuments,
} from '../../documents/documents.repository.js';
import { previewDocument, readDocumentFile, type DocumentDeps } from '../../documents/documents.service.js';
import { jobError, submitGeneration, waitForSubmitted } from '../../documents/jobs/generation-jobs.service.js';
import { requestHash } from '../../http/idempotency/idempotency.plugin.js';
import { JobJson, jobJson } from './schemas/job.schemas.js';
import { maySeeIdentities } from '../../auth/roles.js';
import { DOCUMENT_KINDS, DocumentRequestSchema, FORMATS, GenerateBodySchema, withoutConfirmation } from '../../documents/request.schemas.js';
import { HttpError, notFound } from '../../http/errors.js';
import { ProblemsResponse } from './schemas/common.schemas.js';
import { DocumentMeta, documentMeta, documentPreviewJson } from './schemas/document.schemas.js';
import { outOfDateOf } from '../../documents/review/out-of-date.js';
import { REVIEW_STATUSES } from '../../documents/review/review-workflow.js';
import { ambiguityProblem } from '../../documents/compose/name-ambiguities.js';
import { listByShownTitle } from '../../consent/pseudonymous-search.js';

const IdParams = z.strictObject({ id: z.uuid('must be a document id (UUID)').meta({ maxLength: 36 }) });

/** JSON only when asked for it before (or without) HTML. */
function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  const json = accept.indexOf('application/json');
  const html = accept.indexOf('text/html');
  return json !== -1 && (html === -1 || json < html);
}

/** `Prefer: respond-async` (RFC 7240): answer 202 with the job at once. */
function prefersAsync(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  return (Array.isArray(prefer) ? prefer.join(',') : prefer ?? '').split(/[,;]/).some((p) => p.trim().toLowerCase() === 'respond-async');
}

export async function documentRoutes(app: FastifyInstance, opts: { jobWaitMs: number; largeDocumentPages: number }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // A document that prints a name protected in public is refused (403) to callers without identities:read.
  // A client that disconnects cancels its render (http/in-flight.ts).
  const depsFor = (request: FastifyRequest): DocumentDeps => ({
    db: app.db, renderer: app.renderer, maySeeIdentities: request.principal ? maySeeIdentities(request.principal) : false,
    signal: request.cancellation,
  });

  r.post('/documents', {
    schema: {
      tags: ['documents'],
      summary: 'Generate a document (stored as a new draft version), through the job queue',
      description: 'Queues the generation and waits a little (JOB_WAIT_MS, default 2 s): 201 with the document when it is done by then, '
        + 'otherwise 202 with the job (`Location: /api/v1/jobs/:id`; follow it there or at …/events). `Prefer: respond-async` always gets 202. '
        + 'A document estimated above LARGE_DOCUMENT_PAGES pages is refused with 422 and the estimate unless `confirmLarge: true`. '
        + 'With an Idempotency-Key the same key names the same job: one document however often it is retried, on whichever instance. '
        + 'A client that disconnects before its answer cancels the job it created (nothing is stored; its key is free for a retry); '
        + 'a job already answered with 202 runs on whoever follows it.',
      body: GenerateBodySchema,
      response: { 201: DocumentMeta, 202: JobJson, 422: ProblemsResponse },
    },
  }, async (request, reply) => {
    const { request: docRequest, confirmLarge } = withoutConfirmation(request.body);
    const deps = { db: app.db, queue: app.jobs.queue };
    const key = request.idempotency ? `${request.actor ?? 'anonymous'} ${request.idempotency.key} ${requestHash(docRequest)}` : null;
    const submitted = await submitGeneration(deps, {
      request: docRequest,
      maySeeIdentities: depsFor(request).maySeeIdentities,
      actor: request.actor ?? null,
      idempotencyKey: key,
      confirmLarge,
      largeDocumentPages: opts.largeDocumentPages,
    });
    const async = prefersAsync(request);
    // A client that disconnects while it waits cancels the job it created; one that had its 202 does not.
    const row = async ? submitted.row : await waitForSubmitted(deps, submitted, opts.jobWaitMs, request.cancellation);
    if (row.state === 'succeeded' && row.document_id) {
      const document = await getDocument(app.db, row.document_id);
      if (document) return reply.code(201).header('location', `/api/v1/documents/${document.id}`).send(documentMeta(document));
    }
    const failed = jobError(row);
    if (failed) throw failed;
    if (async) reply.header('preference-applied', 'respond-async');
    return reply.code(202).header('location', `/api/v1/jobs/${row.id}`).send(jobJson(row));
  });

  r.post('/documents/preview', {
    schema: {
      tags: ['documents'],
      summary: 'Render a document request as HTML, without storing it',
      description: 'HTML by default. With `Accept: application/json`: the HTML with its title and counts, and `ambiguities`: '
        + 'typed names that may be a person the document names or one it protects (printed redacted here; a final document '
        + 'is refused with 422 until each is a mention). Their text and candidates are given only with identities:read.',
      body: DocumentRequestSchema,
    },
  }, async (request, reply) => {
    const preview = await previewDocument(depsFor(request), request.body);
    if (wantsJson(request)) return reply.send(documentPreviewJson(preview, ambiguityProblem));
    return reply.type('text/html; charset=utf-8').send(preview.html);
  });

  r.get('/documents', {
    schema: {
      tags: ['documents'],
      summary: 'List generated documents, newest first',
      querystring: z.strictObject({
        kind: z.enum(DOCUMENT_KINDS).optional(),
        status: z.enum(REVIEW_STATUSES).optional(),
        assignee: z.string().min(1).max(200).optional().describe('The lawyer a version is (or was last) in review with'),
        author: z.string().min(1).max(200).optional().describe('Who generated the version'),
        q: z.string().max(200).optional().describe('Words of the title'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      }),
      response: { 200: z.object({ items: z.array(DocumentMeta), total: z.number(), limit: z.number(), offset: z.number() }) },
    },
  }, async (request) => {
    const { q, limit, offset, ...filter } = request.query;
    // A caller without identities:read searches the titles as shown to them (consent/pseudonymous-search.ts).
    const { items, total } = q && request.principal && !maySeeIdentities(request.principal)
      ? await listByShownTitle(app.db, q, { limit, offset }, (from, count) => listDocuments(app.db, { ...filter, limit: count, offset: from }))
      : await listDocuments(app.db, request.query);
    return { items: items.map((d) => documentMeta(d)), total, limit, offset };
  });

  r.get('/documents/:id', {
    schema: {
      tags: ['documents'],
      summary: 'A document\'s metadata, review state and (approved versions) whether it is out of date',
      params: IdParams, response: { 200: DocumentMeta },
    },
  }, async (request) => {
    const doc = await getDocument(app.db, request.params.id);
    if (!doc) throw notFound('Document');
    return documentMeta(doc, await outOfDateOf(app.db, doc.id));
  });

  r.get('/documents/:id/file', {
    schema: {
      tags: ['documents'],
      summary: 'One of the version\'s files: ?format=docx or ?format=pdf (without it, the primary format the request named)',
      params: IdParams,
      querystring: z.strictObject({ format: z.enum(FORMATS).optional() }),
    },
  }, async (request, reply) => {
    const format = request.query.format;
    const doc = await readDocumentFile(depsFor(request), request.params.id, format);
    if (!doc) throw notFound('Document');
    const file = doc.file;
    if (!file) {
      throw new HttpError(404, `This version has no ${format?.toUpperCase() ?? ''} file: it was generated before both formats were stored. Generate it again to get both.`);
    }
    return reply
      .type(file.content_type)
      .header('content-disposition', `attachment; filename="${file.file_name}"`)
      .header('etag', `"${file.sha256}"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(file.bytes));
  });

  r.get('/documents/:id/provenance', {
    schema: { tags: ['documents'], summary: 'Which claim came from which incident and sources', params: IdParams },
  }, async (request) => {
    const doc = await getDocumentProvenance(app.db, request.params.id);
    if (!doc) throw notFound('Document');
    return { documentId: request.params.id, seriesId: doc.series_id, version: doc.version, sha256: doc.sha256, templateHash: doc.template_hash, ...(doc.provenance as object) };
  });
}
