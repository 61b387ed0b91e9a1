import type { FastifyRequest } from 'fastify';
import { allows, ruleFor } from '../../auth/access-rules.js';
import { ANONYMOUS, maySeeIdentities } from '../../auth/roles.js';
import { activeUserNames } from '../../auth/users.repository.js';
import type { Db } from '../../db/database.js';
import { loadEveryoneRedactor } from '../../consent/identity-shaping.js';
import { documentsInReviewWith, seriesVersions, type DocumentSummary } from '../../documents/documents.repository.js';
import { outOfDateOf } from '../../documents/review/out-of-date.js';
import { reviewComments, type ReviewComment } from '../../documents/review/review-reads.service.js';
import { isReviewStatus, STATUS_LABELS, stepAllowed } from '../../documents/review/review-workflow.js';

/**
 * What the document page's review section shows: the status, who it is with, the comments, the
 * out-of-date warning, and the review steps this caller may take now. A step is offered when the
 * workflow allows it from the status AND the access rule of its form's route lets the caller
 * through: the same table (auth/access-rules.ts) decides the button and the route.
 */

/** Whether the access rule of a page route lets this request's caller use it. */
export function mayUse(request: FastifyRequest, method: string, route: string): boolean {
  const rule = ruleFor(method, route);
  return rule !== undefined && allows(rule, request.principal ?? ANONYMOUS);
}

export const statusLabel = (status: string): string => (isReviewStatus(status) ? STATUS_LABELS[status] : status);

/** A comment's anchor as printed and linked: "¶ 4" to the review view's paragraph, "note 2" to its note. */
export function anchorOf(c: Pick<ReviewComment, 'paragraph' | 'note'>, documentId: string) {
  if (c.paragraph !== null) return { label: `¶ ${c.paragraph}`, href: `/documents/${documentId}/review#p${c.paragraph}` };
  if (c.note !== null) return { label: `note ${c.note}`, href: `/documents/${documentId}/review#n${c.note}` };
  return { label: 'Whole version', href: null };
}

export interface ReviewPanelOptions {
  separationOfDuties: boolean;
}

export async function reviewPanel(db: Db, request: FastifyRequest, doc: DocumentSummary, options: ReviewPanelOptions) {
  const me = request.principal?.kind === 'user' ? request.principal.name : null;
  const isAuthor = options.separationOfDuties && doc.created_by !== null && doc.created_by === me;
  const [outOfDate, versions] = await Promise.all([outOfDateOf(db, doc.id), seriesVersions(db, doc.series_id)]);
  // This version's comments, and earlier versions' (what a new version was generated to address).
  const allComments = await reviewComments({ db, maySeeIdentities: maySeeIdentities(request.principal ?? ANONYMOUS) }, versions.map((v) => v.id));
  const versionOf = new Map(versions.map((v) => [v.id, v.version]));
  const comments = allComments.filter((c) => c.documentId === doc.id);
  const earlier = allComments.filter((c) => (versionOf.get(c.documentId) ?? 0) < doc.version);
  // Submitting again (this version or a new one): to the lawyer who last reviewed the document.
  const lastReviewer = doc.review_assignee ?? versions.find((v) => v.review_assignee !== null)?.review_assignee ?? null;
  const canSubmit = !doc.draft && stepAllowed('submit', doc.status) && mayUse(request, 'POST', '/documents/:id/submit');
  const lawyers = canSubmit ? await activeUserNames(db, 'lawyer') : [];
  const assigneeChoices = lawyers
    .filter((name) => !(options.separationOfDuties && name === doc.created_by))
    .map((name) => ({ value: name, label: name, selected: name === lastReviewer }));
  const stale = outOfDate && (outOfDate.count > 0 || outOfDate.templateChanged) ? outOfDate : null;
  return {
    status: doc.status,
    statusLabel: statusLabel(doc.status),
    assignee: doc.review_assignee,
    submittedBy: doc.review_submitted_by,
    submittedAt: doc.review_submitted_at,
    waitingForMe: doc.status === 'in_review' && me !== null && doc.review_assignee === me,
    comments: comments.map((c) => ({ ...c, anchor: anchorOf(c, doc.id) })),
    earlierComments: earlier.map((c) => ({ ...c, version: versionOf.get(c.documentId), anchor: anchorOf(c, c.documentId) })),
    outOfDate: stale && {
      ...stale,
      records: stale.records.map((r) => ({ ...r, href: r.key && r.currentVersion !== null ? `/${r.type}s/${encodeURIComponent(r.key)}` : null })),
    },
    actions: {
      submit: canSubmit ? { again: doc.status === 'changes_requested' || lastReviewer !== null, choices: assigneeChoices, none: assigneeChoices.length === 0 } : null,
      approve: !doc.draft && !isAuthor && stepAllowed('approve', doc.status) && mayUse(request, 'POST', '/documents/:id/approve'),
      requestChanges: !isAuthor && stepAllowed('request-changes', doc.status) && mayUse(request, 'POST', '/documents/:id/request-changes'),
      authorMayNot: isAuthor && (stepAllowed('approve', doc.status) || stepAllowed('request-changes', doc.status)) && mayUse(request, 'POST', '/documents/:id/approve'),
    },
    compareWith: versions.filter((v) => v.id !== doc.id).map((v) => ({ id: v.id, version: v.version, status: statusLabel(v.status) })),
  };
}

/**
 * The home page's "Waiting for me": versions in review with the signed-in lawyer. Titles by
 * pseudonym: the home page shows no name (identity-reads.ts classifies it so); the document's
 * own page, one click away, shows it and is audited as an identity read.
 */
export async function waitingForMe(db: Db, request: FastifyRequest) {
  if (request.principal?.kind !== 'user') return [];
  const rows = await documentsInReviewWith(db, request.principal.name);
  if (rows.length === 0) return [];
  const r = await loadEveryoneRedactor(db);
  return rows.map((d) => ({ ...d, title: r.redact(d.title) }));
}
