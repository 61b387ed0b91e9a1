import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appendAudit } from '../../auth/audit.repository.js';
import { auditContextOf } from '../../auth/audit-context.js';
import { ANONYMOUS, maySeeIdentities } from '../../auth/roles.js';
import { activeUserNames } from '../../auth/users.repository.js';
import { getDocument } from '../../documents/documents.repository.js';
import { compareDocumentVersions, reviewComments, versionText } from '../../documents/review/review-reads.service.js';
import { approve, requestChanges, SelfApprovalRefused, submitForReview, type ReviewCommentInput } from '../../documents/review/review.service.js';
import { stepAllowed } from '../../documents/review/review-workflow.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { actorOf, renderPage } from '../page.js';
import { anchorOf, mayUse, statusLabel } from './review.view.js';

/**
 * The review pages: the steps' forms (submit for review, request changes, approve: each answers
 * 303 back to the document) and what a reviewer reads (the numbered text with its comments, two
 * versions compared). The same services as the API; the same access rules decide who may.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Empty comment rows on the request-changes form (rows left empty are ignored). */
export const COMMENT_ROWS = 5;

const list = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : [v].flat()));
const SubmitForm = z.object({ assignee: z.string().trim().max(200).optional() });
const ChangesForm = z.object({ anchor: list, comment: list });

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new InvalidInputError('The form is not as this page sent it.', parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })));
  }
  return parsed.data;
}

/** "p4" → paragraph 4, "n2" → note 2, "" → the whole version. */
export function commentsFromForm(form: z.infer<typeof ChangesForm>): ReviewCommentInput[] {
  const out: ReviewCommentInput[] = [];
  form.comment.forEach((text, i) => {
    if (text.trim() === '') return;
    const anchor = /^([pn])([1-9]\d{0,5})$/.exec(form.anchor[i] ?? '');
    out.push({ text: text.trim().slice(0, 10_000), ...(anchor ? { [anchor[1] === 'p' ? 'paragraph' : 'note']: Number(anchor[2]) } : {}) });
  });
  if (out.length === 0) throw new InvalidInputError('Write at least one comment saying what to change.', [{ path: '/comment', message: 'at least one comment' }]);
  return out;
}

export async function reviewPages(web: FastifyInstance, opts: { separationOfDuties: boolean }): Promise<void> {
  const options = { separationOfDuties: opts.separationOfDuties };
  const idOf = (request: FastifyRequest<{ Params: { id: string } }>) => {
    if (!UUID.test(request.params.id)) throw new NotFoundError('Document');
    return request.params.id;
  };
  const readDeps = (request: FastifyRequest) => ({ db: web.db, maySeeIdentities: maySeeIdentities(request.principal ?? ANONYMOUS) });
  const by = (request: FastifyRequest) => actorOf(request) ?? 'unknown';

  web.post<{ Params: { id: string } }>('/documents/:id/submit', async (request, reply) => {
    const id = idOf(request);
    const form = parse(SubmitForm, request.body);
    await submitForReview(web.db, id, { assignee: form.assignee || undefined, by: by(request) }, {
      ...options, reviewers: await activeUserNames(web.db, 'lawyer'),
    });
    return reply.redirect(`/documents/${id}?review=submitted`, 303);
  });

  web.post<{ Params: { id: string } }>('/documents/:id/request-changes', async (request, reply) => {
    const id = idOf(request);
    const comments = commentsFromForm(parse(ChangesForm, request.body));
    await requestChanges(web.db, id, { comments, by: by(request) }, options);
    return reply.redirect(`/documents/${id}?review=changes`, 303);
  });

  web.post<{ Params: { id: string } }>('/documents/:id/approve', async (request, reply) => {
    const id = idOf(request);
    try {
      await approve(web.db, id, by(request), options);
    } catch (err) {
      if (err instanceof SelfApprovalRefused) {
        await appendAudit(web.db, {
          ...auditContextOf(request), action: 'document.approval_refused', target: `document:${id}`,
          details: { reason: 'separation of duties: the approver generated this version', seriesId: err.document.series_id, version: err.document.version, via: 'page' },
        });
      }
      throw err;
    }
    return reply.redirect(`/documents/${id}?review=approved`, 303);
  });

  // The review view: every paragraph and note numbered, the comments beside what they are about.
  web.get<{ Params: { id: string } }>('/documents/:id/review', async (request, reply) => {
    const id = idOf(request);
    const doc = await getDocument(web.db, id);
    if (!doc) throw new NotFoundError('Document');
    const [text, comments] = await Promise.all([versionText(readDeps(request), id), reviewComments(readDeps(request), [id])]);
    const at = (key: 'paragraph' | 'note', n: number) => comments.filter((c) => c[key] === n);
    const me = request.principal?.kind === 'user' ? request.principal.name : null;
    const isAuthor = options.separationOfDuties && doc.created_by !== null && doc.created_by === me;
    const canComment = !isAuthor && stepAllowed('request-changes', doc.status) && mayUse(request, 'POST', '/documents/:id/request-changes');
    const anchors = text ? [
      { value: '', label: 'The whole version' },
      ...text.paragraphs.map((p) => ({ value: `p${p.number}`, label: `¶ ${p.number}: ${p.text.slice(0, 60)}${p.text.length > 60 ? '…' : ''}` })),
      ...text.notes.map((n) => ({ value: `n${n.number}`, label: `Note ${n.number}: ${n.text.slice(0, 60)}${n.text.length > 60 ? '…' : ''}` })),
    ] : [];
    return renderPage(request, reply, 'documents/review', {
      title: `Review: ${doc.title}`,
      section: 'documents',
      doc: { ...doc, statusLabel: statusLabel(doc.status) },
      text: text && {
        paragraphs: text.paragraphs.map((p) => ({ ...p, heading: p.kind === 'heading', comments: at('paragraph', p.number) })),
        notes: text.notes.map((n) => ({ ...n, comments: at('note', n.number) })),
      },
      general: comments.filter((c) => c.paragraph === null && c.note === null),
      allComments: comments.map((c) => ({ ...c, anchor: anchorOf(c, id) })),
      form: canComment ? { rows: Array.from({ length: COMMENT_ROWS }, (_, i) => ({ n: i + 1, anchors })) } : null,
    });
  });

  web.get<{ Params: { id: string }; Querystring: { with?: string } }>('/documents/:id/compare', async (request, reply) => {
    const id = idOf(request);
    const other = typeof request.query.with === 'string' ? request.query.with : '';
    if (!UUID.test(other)) throw new InvalidInputError('Choose the version to compare with.', [{ path: '/with', message: 'must be a version of this document' }]);
    const doc = await getDocument(web.db, id);
    if (!doc) throw new NotFoundError('Document');
    const cmp = await compareDocumentVersions(readDeps(request), id, other);
    const changedOnly = (items: typeof cmp.paragraphs) => {
      // Unchanged runs fold into "N unchanged" lines so that the changes stand out.
      const rows: Array<{ fold: number } | (typeof items[number] & { fold?: undefined })> = [];
      for (const item of items) {
        const last = rows[rows.length - 1];
        if (item.status === 'unchanged') {
          if (last && last.fold !== undefined) last.fold++;
          else rows.push({ fold: 1 });
        } else rows.push(item);
      }
      return rows;
    };
    return renderPage(request, reply, 'documents/compare', {
      title: `Compare versions ${cmp.from.version} and ${cmp.to.version}: ${doc.title}`,
      section: 'documents',
      doc,
      cmp,
      paragraphs: changedOnly(cmp.paragraphs),
      notes: changedOnly(cmp.notes),
      identical: cmp.summary.paragraphs.unchanged === cmp.paragraphs.length && cmp.summary.notes.unchanged === cmp.notes.length,
    });
  });
}
