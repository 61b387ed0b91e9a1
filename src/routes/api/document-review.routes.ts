import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../auth/audit.repository.js';
import { auditContextOf } from '../../auth/audit-context.js';
import { maySeeIdentities } from '../../auth/roles.js';
import { activeUserNames } from '../../auth/users.repository.js';
import { approve, requestChanges, SelfApprovalRefused, submitForReview } from '../../documents/review/review.service.js';
import { compareDocumentVersions, reviewComments, versionText } from '../../documents/review/review-reads.service.js';
import { ConflictError } from '../../shared/errors.js';
import { documentMeta } from './schemas/document.schemas.js';

/**
 * The review workflow of a document version (documents/review/review-workflow.ts): submit it to
 * a lawyer, request changes with comments anchored to paragraph or note numbers, approve it; and
 * what a reviewer reads: the numbered text, the comments, two versions compared. A step not
 * allowed from the version's status answers 409.
 *
 * Separation of duties (APPROVAL_SEPARATION_OF_DUTIES, on by default): the author of a version
 * (who generated it) neither reviews nor approves it. A refused self-approval is audited
 * (`document.approval_refused`); an approval's audit row names the author beside the approver.
 * Approval is final: the database refuses any change to an approved row, and generating again
 * makes a new draft version beside it.
 */
const IdParams = z.strictObject({ id: z.uuid('must be a document id (UUID)').meta({ maxLength: 36 }) });
const UserName = z.string().trim().min(1).max(200);

const CommentBody = z.strictObject({
  paragraph: z.number().int().min(1).max(100_000).optional().describe('¶ number in the version\'s text (GET …/text)'),
  note: z.number().int().min(1).max(100_000).optional().describe('Note number'),
  text: z.string().trim().min(1, 'must not be empty').max(10_000),
}).refine((c) => c.paragraph === undefined || c.note === undefined, { message: 'anchor to a paragraph or to a note, not both' });

const PartJson = z.object({ type: z.enum(['same', 'added', 'removed']), text: z.string() });
const ComparedJson = z.object({
  status: z.enum(['unchanged', 'added', 'removed', 'changed']),
  from: z.number().nullable(), to: z.number().nullable(), parts: z.array(PartJson),
});
const CountsJson = z.object({ added: z.number(), removed: z.number(), changed: z.number(), unchanged: z.number() });

export async function documentReviewRoutes(app: FastifyInstance, opts: { separationOfDuties?: boolean } = {}): Promise<void> {
  const options = { separationOfDuties: opts.separationOfDuties ?? true };
  const r = app.withTypeProvider<ZodTypeProvider>();
  const readDeps = (request: FastifyRequest) => ({ db: app.db, maySeeIdentities: request.principal ? maySeeIdentities(request.principal) : false });
  const actor = (request: FastifyRequest) => request.actor ?? 'unknown';

  r.post('/documents/:id/submit', {
    schema: {
      tags: ['documents'],
      summary: 'Submit this version for review by a lawyer (staff, lawyers)',
      description: 'From `draft`, or from `changes_requested` (the same version back to review; `assignee` defaults to the lawyer who asked for the changes). '
        + '409 from any other status; 422 when the assignee is not an active lawyer, or generated this version.',
      params: IdParams,
      body: z.strictObject({ assignee: UserName.optional().describe('The lawyer\'s user name') }).optional(),
    },
  }, async (request) => {
    const saved = await submitForReview(app.db, request.params.id, { assignee: request.body?.assignee, by: actor(request) }, {
      ...options, reviewers: await activeUserNames(app.db, 'lawyer'),
    });
    return documentMeta(saved);
  });

  r.post('/documents/:id/request-changes', {
    schema: {
      tags: ['documents'],
      summary: 'Send this version back to its author with comments (lawyers)',
      description: 'Only while `in_review`. Each comment anchors to a paragraph (`paragraph`) or a note (`note`) number of the version\'s text, or to neither (the whole version).',
      params: IdParams,
      body: z.strictObject({ comments: z.array(CommentBody).min(1, 'at least one comment says what to change').max(100) }),
    },
  }, async (request) => {
    const saved = await requestChanges(app.db, request.params.id, { comments: request.body.comments, by: actor(request) }, options);
    return documentMeta(saved);
  });

  r.post('/documents/:id/approve', {
    schema: {
      tags: ['documents'],
      summary: 'Approve this document version (lawyers); it can no longer change',
      description: 'From `draft` or `in_review`. 409 when it is already approved, when changes were requested on it, or when it is a draft generated with unsourced claims shown.',
      params: IdParams,
    },
  }, async (request) => {
    try {
      return documentMeta(await approve(app.db, request.params.id, actor(request), options));
    } catch (err) {
      if (err instanceof SelfApprovalRefused) {
        await appendAudit(app.db, {
          ...auditContextOf(request), action: 'document.approval_refused', target: `document:${request.params.id}`,
          details: { reason: 'separation of duties: the approver generated this version', seriesId: err.document.series_id, version: err.document.version },
        });
      }
      throw err;
    }
  });

  r.get('/documents/:id/text', {
    schema: {
      tags: ['documents'],
      summary: 'The version\'s text as numbered paragraphs and notes, and the review comments anchored to them (oldest first)',
      description: 'Refused (403) without identities:read when the version prints a name protected in public, like its file. 409 for versions generated before texts were kept.',
      params: IdParams,
    },
  }, async (request) => {
    const text = await versionText(readDeps(request), request.params.id);
    if (!text) throw new ConflictError('This version was generated before texts were kept: generate a new version.');
    return { documentId: request.params.id, ...text, comments: await reviewComments(readDeps(request), [request.params.id]) };
  });

  r.get('/documents/:id/compare', {
    schema: {
      tags: ['documents'],
      summary: 'This version compared with another version of the same document (paragraphs and notes, words inserted and deleted)',
      description: 'The earlier version is `from` whatever the order. Refused (403) without identities:read when either version prints a name protected in public.',
      params: IdParams,
      querystring: z.strictObject({ with: z.uuid('must be a document id (UUID)').meta({ maxLength: 36 }) }),
      response: {
        200: z.object({
          from: z.object({ id: z.string(), version: z.number() }),
          to: z.object({ id: z.string(), version: z.number() }),
          paragraphs: z.array(ComparedJson),
          notes: z.array(ComparedJson),
          summary: z.object({ paragraphs: CountsJson, notes: CountsJson }),
        }),
      },
    },
  }, async (request) => compareDocumentVersions(readDeps(request), request.params.id, request.query.with));
}
