import type { Problem } from './problems.js';

/**
 * What went wrong, in the domain's words. Stages below the edge throw these; they know nothing of
 * HTTP. One mapping at the edge turns them into answers: http/error-handler.ts for the API (status
 * codes), web/records/save.ts and the page error handler for the staff pages (form errors, pages).
 */
export abstract class DomainError extends Error {
  constructor(
    message: string,
    /** Each defect with where it is (JSON Pointer), when the caller can act on it field by field. */
    readonly problems?: Problem[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The record or document asked for does not exist. */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(`${what} not found`);
  }
}

/** The request clashes with what is stored (a taken key, live dependants, an approved version). */
export class ConflictError extends DomainError {}

/** The input is well-formed but cannot be accepted as it is (dangling references, unsourced claims, consent). */
export class InvalidInputError extends DomainError {
  declare readonly problems: Problem[];
  constructor(message: string, problems: Problem[]) {
    super(message, problems);
  }
}

/** The caller may not do this with what they are allowed to see. */
export class ForbiddenError extends DomainError {}

/**
 * The caller went away (its client disconnected) before its answer: the work was stopped, and
 * nobody waits for a response.
 */
export class CancelledError extends DomainError {}

/**
 * Stops work whose caller has cancelled it: throws the signal's reason when that is a domain
 * error (CancelledError, or BusyError when the service is stopping), a CancelledError otherwise.
 */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancellationOf(signal);
}

/** Why a signal stopped some work, in the domain's words. */
export function cancellationOf(signal: AbortSignal): DomainError {
  return signal.reason instanceof DomainError ? signal.reason : new CancelledError('The work was cancelled.');
}

/** Every worker is busy: nothing is wrong with the request, it may be retried after a pause. */
export class BusyError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Work of ours failed (a generation job gave up after its retries): nothing the caller can fix. */
export class InternalFailureError extends DomainError {}
