import { BusyError, CancelledError, ConflictError, DomainError, ForbiddenError, InternalFailureError, InvalidInputError, NotFoundError } from '../shared/errors.js';

/**
 * The one place where domain errors become HTTP: the API's error handler and the staff pages'
 * error page both ask here, so a refusal has the same status wherever it is shown.
 */
export function statusOf(err: DomainError): number {
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof InvalidInputError) return 422;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof BusyError) return 503;
  if (err instanceof InternalFailureError) return 500;
  // nginx's "client closed request": nobody reads it, and it is no fault of the server's.
  if (err instanceof CancelledError) return 499;
  return 400;
}

/** Headers that go with the status (when to retry a busy service). */
export function headersOf(err: DomainError): Record<string, string> {
  return err instanceof BusyError ? { 'Retry-After': String(err.retryAfterSeconds) } : {};
}
