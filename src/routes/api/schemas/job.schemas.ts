import { z } from 'zod';
import type { GenerationJobRow } from '../../../documents/jobs/generation-jobs.repository.js';
import { jobError } from '../../../documents/jobs/generation-jobs.service.js';
import { statusOf } from '../../../http/domain-status.js';
import { DomainError } from '../../../shared/errors.js';

/** A generation job as the API and the progress page describe it. */
export const JobJson = z.object({
  id: z.string(),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  stage: z.string().describe('queued, loading, composing, rendering, storing, done; retrying after a failed attempt; failed, cancelled'),
  progress: z.object({
    percent: z.number().describe('A rough share of the work done, by stage'),
    incidentsTotal: z.number().nullable(),
    incidentsComposed: z.number(),
    pagesEstimated: z.number().nullable(),
    pagesRendered: z.number(),
  }),
  attempts: z.number(),
  cancelRequested: z.boolean(),
  documentId: z.string().nullable(),
  error: z.object({ status: z.number(), detail: z.string(), problems: z.array(z.object({ path: z.string(), message: z.string() })) }).nullable()
    .describe('Why a failed job failed: the status and problems the request would have been answered with had it waited'),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  links: z.object({ self: z.string(), events: z.string(), cancel: z.string(), document: z.string().nullable() }),
});
export type JobJson = z.infer<typeof JobJson>;

const STAGE_PERCENT: Record<string, number> = { queued: 0, retrying: 0, loading: 5, composing: 15, rendering: 50, storing: 90, done: 100 };

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function jobJson(row: GenerationJobRow): JobJson {
  const err = jobError(row);
  const self = `/api/v1/jobs/${row.id}`;
  return {
    id: row.id,
    state: row.state,
    stage: row.stage,
    progress: {
      percent: row.state === 'succeeded' ? 100 : (STAGE_PERCENT[row.stage] ?? 0),
      incidentsTotal: row.incidents_total,
      incidentsComposed: row.incidents_composed,
      pagesEstimated: row.pages_estimated,
      pagesRendered: row.pages_rendered,
    },
    attempts: row.attempts,
    cancelRequested: row.cancel_requested,
    documentId: row.document_id,
    error: err
      ? {
        // A failed composition audit is ours, not the caller's: 500, as the request would have had.
        status: err instanceof DomainError ? statusOf(err) : 500,
        detail: err.message,
        problems: (err instanceof DomainError ? err.problems : undefined) ?? [{ path: '', message: err.message }],
      }
      : null,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    links: { self, events: `${self}/events`, cancel: `${self}/cancel`, document: row.document_id ? `/api/v1/documents/${row.document_id}` : null },
  };
}
