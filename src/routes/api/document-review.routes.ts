import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../auth/audit.repository.js';
import { auditContextOf } from '../../auth/audit-context.js';
import { approveDocument, getDocument } from '../../documents/documents.repository.js';
import { ForbiddenError } from '../../shared/errors.js';
import { conflict, notFound } from '../../http/errors.js';
import { documentMeta } from './schemas/document.schemas.js';

/**
 * A lawyer's approval of one document version. Approval is final: the database refuses any
 * change to an approved row, and generating again makes a new draft version beside it.
 *
 * Separation of duties (APPROVAL_SEPARATION_OF_DUTIES, on by default): the approver must not be
 * the version's author (who generated it). A refused self-approval is audited
 * (`document.approval_refused`); an approval's audit row names the author beside the approver.
 */
export async function documentReviewRoutes(app: FastifyInstance, opts: { separationOfDuties?: boolean } = {}): Promise<void> {
  const separationOfDuties = opts.separationOfDuties ?? true;
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
    if (separationOfDuties && doc.created_by !== null && doc.created_by === request.actor) {
      await appendAudit(app.db, {
        ...auditContextOf(request), action: 'document.approval_refused', target: `document:${id}`,
        details: { reason: 'separation of duties: the approver generated this version', seriesId: doc.series_id, version: doc.version },
      });
      throw new ForbiddenError('You generated this version: another lawyer must approve it (separation of duties).');
    }
    const approved = await approveDocument(app.db, id, request.actor ?? 'unknown');
    // Approved in between by somebody else.
    if (!approved) throw conflict('This version was approved by somebody else meanwhile.');
    return documentMeta(approved);
  });
}
