import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANONYMOUS, maySeeIdentities } from '../../auth/roles.js';
import { shapeForPseudonymousCaller } from '../../consent/identity-shaping.js';
import { cancelJob, isSettled, jobStatus, type JobDeps } from '../../documents/jobs/generation-jobs.service.js';
import type { GenerationJobRow } from '../../documents/jobs/generation-jobs.repository.js';
import { notFound } from '../../http/errors.js';
import { JobJson, jobJson } from './schemas/job.schemas.js';

const IdParams = z.strictObject({ id: z.uuid('must be a job id (UUID)').meta({ maxLength: 36 }) });

/** How often the event stream looks at the job (a row read; the job's own updates come per stage). */
const EVENT_POLL_MS = 250;
/** A comment line now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

/**
 * A job is its caller's: another caller (even with the same rights) gets 404, as for a job that
 * does not exist — its error may describe records shaped for its caller's rights.
 */
export function jobOf(request: FastifyRequest, row: GenerationJobRow | undefined): GenerationJobRow {
  if (!row || row.created_by !== (request.actor ?? null)) throw notFound('Job');
  return row;
}

export async function jobRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = (): JobDeps => ({ db: app.db, queue: app.jobs.queue });
  // A stopping instance ends its event streams (they would hold the close until their jobs end);
  // EventSource reconnects by itself, through the proxy to another instance.
  let closing = false;
  app.addHook('preClose', async () => { closing = true; });

  r.get('/jobs/:id', {
    schema: { tags: ['documents'], summary: 'A generation job: state and progress; its document once it succeeded', params: IdParams, response: { 200: JobJson } },
  }, async (request) => jobJson(jobOf(request, await jobStatus(deps(), request.params.id))));

  r.get('/jobs/:id/events', {
    schema: {
      tags: ['documents'],
      summary: 'The job as server-sent events: `progress` at each change, then `done` (the same JSON as GET /jobs/:id)',
      params: IdParams,
    },
  }, async (request, reply) => {
    let row = jobOf(request, await jobStatus(deps(), request.params.id));
    // A hijacked stream passes no hook: shaped here as the auth plugin shapes every other answer.
    const shaped = !maySeeIdentities(request.principal ?? ANONYMOUS);
    const answer = async (r: GenerationJobRow) => (shaped ? shapeForPseudonymousCaller(app.db, 'GET /api/v1/jobs/:id/events', jobJson(r)) : jobJson(r));
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream until it ends.
      'x-accel-buffering': 'no',
    });
    let closed = false;
    request.raw.on('close', () => { closed = true; });
    let last = '';
    let lastWrite = Date.now();
    try {
      for (;;) {
        const data = JSON.stringify(await answer(row));
        const settled = isSettled(row);
        if (data !== last || settled) {
          res.write(`event: ${settled ? 'done' : 'progress'}\nid: ${row.stage}\nretry: 1000\ndata: ${data}\n\n`);
          last = data;
          lastWrite = Date.now();
        } else if (Date.now() - lastWrite > KEEP_ALIVE_MS) {
          res.write(': still working\n\n');
          lastWrite = Date.now();
        }
        if (settled || closed || closing) break;
        await new Promise((resolve) => setTimeout(resolve, EVENT_POLL_MS));
        const next = await jobStatus(deps(), request.params.id);
        if (!next) break;
        row = next;
      }
    } catch (err) {
      request.log.warn({ err }, 'job event stream stopped');
    } finally {
      res.end();
    }
  });

  const cancel = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    jobOf(request, await jobStatus(deps(), request.params.id));
    return jobJson((await cancelJob(deps(), request.params.id))!);
  };
  const cancelSchema = (summary: string) => ({ tags: ['documents'], summary, params: IdParams, response: { 200: JobJson } });
  const summary = 'Cancel a job: a queued one at once; a running one stops its renders at once and is then cancelled (the answer says which: cancelRequested until then); a settled one is left as it is';
  r.delete('/jobs/:id', { schema: cancelSchema(summary) }, cancel);
  r.post('/jobs/:id/cancel', { schema: cancelSchema(summary) }, cancel);
}
