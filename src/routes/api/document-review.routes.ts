import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { approveDocument, getDocument } from '../../documents/documents.repository.js';
import { conflict, notFound } from '../../http/errors.js';
import { documentMeta } from './schemas/document.schemas.js';

/**
 * A lawyer's approval of one document version. Approval is final: the database refuses any
 * change to an approved row, and generating again makes a new draft version beside it.
 */
export async function documentReviewRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/documents/:id/approve', {
    schema: {
      tags: ['documents'],
      summary: 'Approve this document version (lawyers); it can no longer change',
      description: '409 when it is already approved, or when it is a draft generated with unsourced claims shown.',
      params: z.strictObject({ id: z.uuid('must be a document id (UUID)').meta({ maxLength: 36 }) }),
    },
  }, async (request) => {
    const { id } = request.params;
    const doc = await getDocument(app.db, id);
    if (!doc) throw notFound('Document');
    if (doc.status === 'approved') {
      throw conflict(`This version is already approved (by ${doc.approved_by ?? 'unknown'} at ${doc.approved_at ? new Date(doc.approved_at).toISOString() : 'unknown time'}).`);
    }
    if (doc.draft) throw conflict('A draft that shows unsourced claims cannot be approved: source the incidents and generate it again.');
    const approved = await approveDocument(app.db, id, request.actor ?? 'unknown');
    // Approved in between by somebody else.
    if (!approved) throw conflict('This version was approved by somebody else meanwhile.');
    return documentMeta(approved);
  });
}
