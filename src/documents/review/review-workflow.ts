/**
 * The review workflow of one document version, as a table: which step may be taken from which
 * status. The API answers 409 for a step not allowed from the current status; the document page
 * offers only the steps this table allows (and the access rules let the caller take).
 *
 *   draft ──submit──▶ in_review ──request changes──▶ changes_requested ──submit──▶ in_review
 *     │                  │
 *     └────approve───────┴──approve──▶ approved (final; generating again makes a new draft version)
 *
 * Approving a draft directly (without a formal review) stays allowed, as before the workflow.
 */
export const REVIEW_STATUSES = ['draft', 'in_review', 'changes_requested', 'approved'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_STEPS = ['submit', 'request-changes', 'approve'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];

const FROM: Record<ReviewStep, readonly ReviewStatus[]> = {
  submit: ['draft', 'changes_requested'],
  'request-changes': ['in_review'],
  approve: ['draft', 'in_review'],
};

export const STEP_RESULT: Record<ReviewStep, ReviewStatus> = {
  submit: 'in_review',
  'request-changes': 'changes_requested',
  approve: 'approved',
};

export const STATUS_LABELS: Record<ReviewStatus, string> = {
  draft: 'Not submitted for review',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  approved: 'Approved',
};

export const isReviewStatus = (v: unknown): v is ReviewStatus => typeof v === 'string' && (REVIEW_STATUSES as readonly string[]).includes(v);

export function stepAllowed(step: ReviewStep, status: string): boolean {
  return (FROM[step] as readonly string[]).includes(status);
}

/** The statuses a step may be taken from (the repository's guard against a concurrent step). */
export function stepSources(step: ReviewStep): readonly ReviewStatus[] {
  return FROM[step];
}

/** Why a step is refused from a status: the 409's message. */
export function stepRefusal(step: ReviewStep, status: string): string {
  const now = isReviewStatus(status) ? STATUS_LABELS[status].toLowerCase() : status;
  switch (step) {
    case 'submit':
      return status === 'in_review'
        ? 'This version is already in review.'
        : `This version is ${now}: only a draft, or a version whose changes were requested, can be submitted for review.`;
    case 'request-changes':
      return `This version is ${now}: changes can be requested only while it is in review.`;
    case 'approve':
      return status === 'changes_requested'
        ? 'Changes were requested on this version: submit it for review again (or generate a new version) before approving it.'
        : `This version is ${now}: it cannot be approved.`;
  }
}
