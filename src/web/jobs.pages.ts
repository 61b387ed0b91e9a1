import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, maySeeIdentities } from '../auth/roles.js';
import {
  cancelJob, isSettled, jobError, jobStatus, LargeDocumentError, submitGeneration, waitForSubmitted, type Submitted,
} from '../documents/jobs/generation-jobs.service.js';
import type { GenerationJobRow } from '../documents/jobs/generation-jobs.repository.js';
import type { DocumentRequest } from '../documents/request.schemas.js';
import { notFound } from '../http/errors.js';
import { actorOf, renderPage } from './page.js';
import { KIND_TITLES } from './generate/generate.form.js';

/**
 * Generation from the staff pages, through the job queue: a short wait, then the document's page,
 * or the job's page with a progress bar (server-sent events with scripts; without, the page
 * refreshes itself every 2 s). A document estimated above the threshold first asks to be confirmed.
 */

const STAGES: Record<string, string> = {
  queued: 'Waiting for a worker', retrying: 'Trying again after a failed attempt', loading: 'Reading the records',
  composing: 'Composing: citations, consent checks', rendering: 'Drawing the PDF and the Word file', storing: 'Storing the files',
  done: 'Done', failed: 'Failed', cancelled: 'Cancelled',
};
const STAGE_PERCENT: Record<string, number> = { queued: 0, retrying: 0, loading: 5, composing: 15, rendering: 50, storing: 90, done: 100 };

export interface PageGeneration {
  request: DocumentRequest;
  confirmLarge: boolean;
  /** Where "back" leads from the confirmation step. */
  back: string;
  /** Where the confirmation step posts (with confirmLarge=1 and the request). */
  action: string;
}

/**
 * Submits a generation for a page: answers a redirect (to the document, or to the job's page), or
 * the confirmation step for a large document. A job that failed within the wait throws its
 * refusal, for the caller's form to show as before.
 */
export async function generateFromPage(web: FastifyInstance, request: FastifyRequest, reply: FastifyReply, g: PageGeneration, waitMs: number, largeDocumentPages: number) {
  const deps = { db: web.db, queue: web.jobs.queue };
  let submitted: Submitted;
  try {
    submitted = await submitGeneration(deps, {
      request: g.request,
      maySeeIdentities: maySeeIdentities(request.principal ?? ANONYMOUS),
      actor: actorOf(request),
      idempotencyKey: null,
      confirmLarge: g.confirmLarge,
      largeDocumentPages,
    });
  } catch (err) {
    if (!(err instanceof LargeDocumentError)) throw err;
    return renderPage(request, reply, 'jobs/confirm-large', {
      title: 'A large document: generate it?',
      section: 'generate',
      kindTitle: KIND_TITLES[g.request.kind],
      estimate: err.estimate,
      threshold: err.threshold,
      action: g.action,
      back: g.back,
      requestJson: JSON.stringify(g.request),
    });
  }
  // A browser that leaves while it waits cancels the job it created; once redirected to the job's page, it runs on.
  const row = await waitForSubmitted(deps, submitted, waitMs, request.cancellation);
  if (row.state === 'succeeded' && row.document_id) return reply.redirect(`/documents/${row.document_id}?generated=1`, 303);
  const failed = jobError(row);
  if (failed) throw failed;
  return reply.redirect(`/jobs/${row.id}`, 303);
}

function jobView(row: GenerationJobRow) {
  const percent = row.state === 'succeeded' ? 100 : (STAGE_PERCENT[row.stage] ?? 0);
  const request = row.request as Partial<DocumentRequest>;
  return {
    id: row.id,
    state: row.state,
    stage: STAGES[row.stage] ?? row.stage,
    percent,
    kindTitle: request.kind ? KIND_TITLES[request.kind] : 'Document',
    incidentsTotal: row.incidents_total,
    incidentsComposed: row.incidents_composed,
    pagesEstimated: row.pages_estimated,
    pagesRendered: row.pages_rendered,
    attempts: row.attempts,
    cancelRequested: row.cancel_requested,
    active: !isSettled(row),
    is: { [row.state]: true },
    error: jobError(row)?.message ?? null,
  };
}

export async function jobPages(web: FastifyInstance): Promise<void> {
  const deps = () => ({ db: web.db, queue: web.jobs.queue });
  const ownJob = async (request: FastifyRequest, id: string) => {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await jobStatus(deps(), id) : undefined;
    if (!row || row.created_by !== actorOf(request)) throw notFound('Job');
    return row;
  };

  web.get<{ Params: { id: string } }>('/jobs/:id', async (request, reply) => {
    const row = await ownJob(request, request.params.id);
    if (row.state === 'succeeded' && row.document_id) return reply.redirect(`/documents/${row.document_id}?generated=1`, 303);
    const job = jobView(row);
    return renderPage(request, reply, 'jobs/progress', {
      title: job.active ? `Generating: ${job.kindTitle}` : `${job.kindTitle}: ${job.stage.toLowerCase()}`,
      section: 'generate',
      job,
      // Without scripts the page refreshes itself while the job runs (layout: a <noscript> refresh).
      refreshSeconds: job.active ? 2 : null,
    });
  });

  web.post<{ Params: { id: string } }>('/jobs/:id/cancel', async (request, reply) => {
    await ownJob(request, request.params.id);
    await cancelJob(deps(), request.params.id);
    return reply.redirect(`/jobs/${request.params.id}`, 303);
  });
}
