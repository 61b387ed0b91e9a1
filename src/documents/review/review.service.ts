import type { Db } from '../../db/database.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import type { Problem } from '../../shared/problems.js';
import {
  approveDocument, getDocument, getDocumentText, requestDocumentChanges, seriesVersions, submitDocumentForReview,
  type DocumentSummary, type NewReviewComment,
} from '../documents.repository.js';
import { readNumberedText } from '../model/numbered-text.js';
import { stepAllowed, stepRefusal, type ReviewStep } from './review-workflow.js';

/**
 * The review steps of a version: submit (to a lawyer), request changes (with comments), approve.
 * Each checks the workflow table (ConflictError → 409 for a step not allowed from the status) and
 * separation of duties: the author of a version (who generated it) neither reviews nor approves it.
 * Shared by the API and the document page; the edges audit the step once it succeeded.
 */
export interface ReviewOptions {
  /** APPROVAL_SEPARATION_OF_DUTIES (on by default). */
  separationOfDuties: boolean;
}

/** Who may be assigned a review: the edge looks up the active lawyers' accounts (auth). */
export interface SubmitOptions extends ReviewOptions {
  reviewers: readonly string[];
}

async function versionFor(db: Db, id: string, step: ReviewStep): Promise<DocumentSummary> {
  const doc = await getDocument(db, id);
  if (!doc) throw new NotFoundError('Document');
  if (!stepAllowed(step, doc.status)) throw new ConflictError(stepRefusal(step, doc.status));
  return doc;
}

/**
 * In review with a lawyer: `assignee` given, or (submitting again after changes, the same version
 * or a new one generated to make them) the lawyer who last reviewed this document.
 */
export async function submitForReview(
  db: Db, id: string, input: { assignee?: string | undefined; by: string }, options: SubmitOptions,
): Promise<DocumentSummary> {
  const doc = await versionFor(db, id, 'submit');
  if (doc.draft) throw new ConflictError('A draft that shows unsourced claims cannot be reviewed for approval: source the incidents and generate it again.');
  const assignee = input.assignee ?? doc.review_assignee ?? (await lastReviewerOf(db, doc.series_id)) ?? undefined;
  const problem = (message: string): never => { throw new InvalidInputError(`assignee: ${message}`, [{ path: '/assignee', message }]); };
  if (!assignee) problem('required: the lawyer who is to review this version');
  if (!options.reviewers.includes(assignee!)) problem('must be the user name of an active lawyer');
  if (options.separationOfDuties && doc.created_by !== null && doc.created_by === assignee) {
    problem('generated this version: another lawyer must review it (separation of duties)');
  }
  const saved = await submitDocumentForReview(db, id, { assignee: assignee!, by: input.by });
  if (!saved) throw new ConflictError('This version changed status meanwhile; reload it.');
  return saved;
}

/** The lawyer the latest reviewed version of a document was assigned to. */
export async function lastReviewerOf(db: Db, seriesId: string): Promise<string | null> {
  return (await seriesVersions(db, seriesId)).find((v) => v.review_assignee !== null)?.review_assignee ?? null;
}

export interface ReviewCommentInput {
  paragraph?: number | undefined;
  note?: number | undefined;
  text: string;
}

/** Back to its author with comments, each anchored to a paragraph or note of the version's text. */
export async function requestChanges(
  db: Db, id: string, input: { comments: readonly ReviewCommentInput[]; by: string }, options: ReviewOptions,
): Promise<DocumentSummary> {
  const doc = await versionFor(db, id, 'request-changes');
  if (options.separationOfDuties && doc.created_by !== null && doc.created_by === input.by) {
    throw new ForbiddenError('You generated this version: another lawyer must review it (separation of duties).');
  }
  const text = readNumberedText((await getDocumentText(db, id))?.text);
  const problems: Problem[] = [];
  input.comments.forEach((c, i) => {
    if (c.paragraph !== undefined && c.note !== undefined) problems.push({ path: `/comments/${i}`, message: 'anchor to a paragraph or to a note, not both' });
    if (c.paragraph !== undefined && text && c.paragraph > text.paragraphs.length) {
      problems.push({ path: `/comments/${i}/paragraph`, message: `this version has ${text.paragraphs.length} paragraphs` });
    }
    if (c.note !== undefined && text && c.note > text.notes.length) {
      problems.push({ path: `/comments/${i}/note`, message: `this version has ${text.notes.length} notes` });
    }
  });
  if (problems.length > 0) throw new InvalidInputError('Some comments point to no place in this version.', problems);
  const comments: NewReviewComment[] = input.comments.map((c) => ({ paragraph: c.paragraph ?? null, note: c.note ?? null, body: c.text }));
  const saved = await requestDocumentChanges(db, id, input.by, comments);
  if (!saved) throw new ConflictError('This version changed status meanwhile; reload it.');
  return saved;
}

/** Thrown when the author tries to approve their own version; the edges audit the refusal. */
export class SelfApprovalRefused extends ForbiddenError {
  constructor(readonly document: DocumentSummary) {
    super('You generated this version: another lawyer must approve it (separation of duties).');
  }
}

/** Approval is final: the database refuses any change to an approved row afterwards. */
export async function approve(db: Db, id: string, by: string, options: ReviewOptions): Promise<DocumentSummary> {
  const doc = await getDocument(db, id);
  if (!doc) throw new NotFoundError('Document');
  if (doc.status === 'approved') {
    throw new ConflictError(`This version is already approved (by ${doc.approved_by ?? 'unknown'} at ${doc.approved_at ? new Date(doc.approved_at).toISOString() : 'unknown time'}).`);
  }
  if (!stepAllowed('approve', doc.status)) throw new ConflictError(stepRefusal('approve', doc.status));
  if (doc.draft) throw new ConflictError('A draft that shows unsourced claims cannot be approved: source the incidents and generate it again.');
  if (options.separationOfDuties && doc.created_by !== null && doc.created_by === by) throw new SelfApprovalRefused(doc);
  const approved = await approveDocument(db, id, by);
  // Approved (or sent back) in between by somebody else.
  if (!approved) throw new ConflictError('This version was approved or changed by somebody else meanwhile.');
  return approved;
}
