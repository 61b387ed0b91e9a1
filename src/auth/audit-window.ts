import { DomainError } from '../shared/errors.js';

/** A window of the audit trail that ends before it starts: the query is wrong, not the data. */
export class InvalidWindowError extends DomainError {}

/** Dates bound whole days: from = start of the day, to = end of the day. */
export function auditWindow(q: { from?: string | undefined; to?: string | undefined }): { from?: Date; to?: Date } {
  const day = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
  const from = q.from ? new Date(day(q.from) ? `${q.from}T00:00:00Z` : q.from) : undefined;
  const to = q.to ? new Date(day(q.to) ? new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000 : q.to) : undefined;
  if (from && to && from >= to) throw new InvalidWindowError(`'from' is after 'to'`, [{ path: '/to', message: 'must not be before from' }]);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
