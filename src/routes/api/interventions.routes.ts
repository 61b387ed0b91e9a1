import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { followUpRequest } from '../../documents/interventions/follow-up.js';
import {
  CreateInterventionSchema, ListInterventionsQuery, UpdateInterventionSchema,
} from '../../documents/interventions/interventions.schemas.js';
import {
  changeIntervention, findInterventions, readIntervention, readReplyFile, recordSending, storeReplyFile, type InterventionDeps,
} from '../../documents/interventions/interventions.service.js';
import { REPLY_FILE_KINDS } from '../../documents/interventions/reply-file.js';
import { personTimeline } from '../../documents/interventions/timeline.js';
import { Key } from '../../records/bundle.schemas.js';
import { HttpError } from '../../http/errors.js';
import { ProblemsResponse } from './schemas/common.schemas.js';
import { InterventionResponse, interventionJson } from './schemas/intervention.schemas.js';

const IdParams = z.strictObject({ id: z.coerce.number().int().min(1).max(2_147_483_647).meta({ maxLength: 10 }) });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ProblemsResponse]));
const tags = ['interventions'];

export interface InterventionRouteOptions {
  replyDays: number;
  replyFileMaxBytes: number;
}

/**
 * Interventions: that an approved document version was sent (to whom, when, how), the reference
 * that came back, the reply deadline, the government's reply (with its file) and the outcome; and
 * a person's timeline. 422 lists every bad field; an unapproved version is a 409.
 */
export async function interventionRoutes(app: FastifyInstance, opts: InterventionRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = (asOf?: string): InterventionDeps => ({
    db: app.db, today: asOf ?? app.clock().toISOString().slice(0, 10), replyDays: opts.replyDays, replyFileMaxBytes: opts.replyFileMaxBytes,
  });

  // The reply's file is sent as its bytes (curl --data-binary @reply.pdf): these types, in this plugin only.
  app.addContentTypeParser(
    [...Object.values(REPLY_FILE_KINDS), 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: opts.replyFileMaxBytes },
    (_request: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => done(null, body),
  );

  r.get('/interventions', {
    schema: {
      tags, summary: 'List interventions (latest sending first; with overdue or dueBy: earliest deadline first)',
      description: 'Filters: country, person (key), document (version id), status (awaiting-reply | replied | closed), overdue=true|false '
        + '(no reply, no outcome, deadline passed), dueBy (no reply yet, due on or before). `asOf` judges "overdue" on another day than today.',
      querystring: ListInterventionsQuery,
      response: { 200: z.object({ items: z.array(InterventionResponse), total: z.number(), limit: z.number(), offset: z.number() }), ...errors(400) },
    },
  }, async (request) => {
    const { limit, offset, asOf, ...filter } = request.query;
    const { items, total } = await findInterventions(deps(asOf), filter, { limit, offset });
    return { items: items.map(interventionJson), total, limit, offset };
  });

  r.post('/interventions', {
    bodyLimit: 64 * 1024,
    schema: {
      tags, summary: 'Record that an approved document version was sent',
      description: '409 when the version is not approved. Persons, incidents, country and (urgent appeals) the appeal code come from the document; '
        + 'recipients default to the document\'s mandates or address-book entries; the reply is due REPLY_DEADLINE_DAYS (60) after sending unless replyDue says otherwise.',
      body: CreateInterventionSchema,
      response: { 201: InterventionResponse, ...errors(400, 404, 409, 413, 415, 422) },
    },
  }, async (request, reply) => {
    const saved = await recordSending(deps(), request.body, request.actor ?? null);
    return reply.code(201).header('location', `/api/v1/interventions/${saved.id}`).send(interventionJson(saved));
  });

  r.get('/interventions/:id', {
    schema: { tags, summary: 'Read an intervention', params: IdParams, response: { 200: InterventionResponse, ...errors(400, 404) } },
  }, async (request) => interventionJson(await readIntervention(deps(), request.params.id)));

  r.patch('/interventions/:id', {
    bodyLimit: 64 * 1024,
    schema: {
      tags, summary: 'Change an intervention: the reply, the outcome, the deadline, the reference, the recipients',
      description: 'Only the fields given change; null clears an optional one.',
      params: IdParams, body: UpdateInterventionSchema, response: { 200: InterventionResponse, ...errors(400, 404, 413, 415, 422) },
    },
  }, async (request) => interventionJson(await changeIntervention(deps(), request.params.id, request.body)));

  r.put('/interventions/:id/reply/file', {
    schema: {
      tags, summary: 'Upload the government\'s reply as a file (PDF, DOCX or ODT; its bytes, not JSON)',
      description: 'Send the file\'s bytes with Content-Type application/pdf, the DOCX or ODT type, or application/octet-stream. '
        + 'What it is is judged by its content. At most REPLY_FILE_MAX_BYTES (10 MB). `fileName` names it for downloads. '
        + 'A reply not yet recorded is recorded as received today.',
      params: IdParams,
      querystring: z.strictObject({ fileName: z.string().max(200).optional() }),
      response: { 200: InterventionResponse, ...errors(400, 404, 413, 415, 422) },
    },
  }, async (request) => {
    // JSON is parsed by the API's own parser: a file must come as its bytes.
    if (request.body !== undefined && !Buffer.isBuffer(request.body)) {
      throw new HttpError(415, 'Send the file\'s bytes (Content-Type application/pdf, the DOCX or ODT type, or application/octet-stream), not JSON.');
    }
    const bytes = request.body ?? Buffer.alloc(0);
    return interventionJson(await storeReplyFile(deps(), request.params.id, { bytes, fileName: request.query.fileName }, request.actor ?? null));
  });

  r.get('/interventions/:id/reply/file', {
    schema: { tags, summary: 'Download the reply\'s file (needs identities:read: a reply names the person)', params: IdParams },
  }, async (request, reply) => {
    const file = await readReplyFile(deps(), request.params.id);
    return reply.type(file.content_type)
      .header('content-disposition', `attachment; filename="${file.file_name}"`)
      .header('etag', `"${file.sha256}"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(file.bytes));
  });

  r.get('/interventions/:id/follow-up', {
    schema: {
      tags, summary: 'A follow-up document request, filled in from the intervention',
      description: 'An urgent appeal: "New information" on the earlier appeal\'s code (options.followsAppeal). A UN communication: the same case and '
        + 'mandates; the earlier communication is cited from the records (a source of type un-communication with the reference), and '
        + '`earlierReference` says which. Review it, then POST it to /api/v1/documents.',
      params: IdParams,
    },
  }, async (request) => followUpRequest(app.db, await readIntervention(deps(), request.params.id)));

  r.get('/persons/:key/timeline', {
    schema: {
      tags: ['interventions', 'persons'], summary: 'A person\'s timeline: incidents, documents, interventions and replies, in date order',
      params: z.strictObject({ key: Key }),
    },
  }, async (request) => personTimeline(deps(), request.params.key));
}
