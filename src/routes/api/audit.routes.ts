import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AuditRow } from '../../db/tables/auth.table.js';
import { AUDIT_ACTIONS, AUDIT_COUNT_CAP, AUDIT_ROW_ID, queryAudit } from '../../auth/audit.repository.js';
import { auditWindow } from '../../auth/audit-window.js';

const Instant = z.string().max(40, 'must be at most 40 characters').refine((s) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), 'must be a date (YYYY-MM-DD) or an ISO timestamp');
const Text = (max: number) => z.string().min(1).max(max).refine((s) => !s.includes('\u0000'), 'must not contain the NUL character');

export const AuditQuery = z.strictObject({
  actor: Text(100).optional().describe('User or API key name'),
  action: z.enum(AUDIT_ACTIONS).optional(),
  target: Text(300).optional().describe('Exact target (person:p-x, document:<id>), or a type prefix ending in a colon (person:)'),
  from: Instant.optional().describe('From this instant (a date means its start, UTC)'),
  to: Instant.optional().describe('Before this instant (a date means the end of that day, UTC)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  before: z.string().max(18, 'must be a `next` of this list, as answered (a row id)').regex(AUDIT_ROW_ID, 'must be a `next` of this list, as answered (a row id)').optional()
    .describe('The page of rows older than this one: the `next` of the page before (instead of `offset`)'),
}).refine((q) => !(q.before !== undefined && q.offset > 0), { path: ['offset'], message: 'give offset or before, not both' });

const Row = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  actorType: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.unknown(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

export const auditRowJson = (r: AuditRow): z.infer<typeof Row> => ({
  id: String(r.id), at: new Date(r.at).toISOString(), actor: r.actor, actorType: r.actor_type, action: r.action,
  target: r.target, details: r.details ?? null, ip: r.ip, requestId: r.request_id,
});

/** The audit trail, newest first, for admins. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/audit', {
    schema: {
      tags: ['admin'],
      summary: 'Read the audit trail (append-only), newest first',
      querystring: AuditQuery,
      response: {
        200: z.object({
          items: z.array(Row),
          total: z.number().describe(`Matching rows, counted up to ${AUDIT_COUNT_CAP}: beyond, the cap (totalExact false)`),
          totalExact: z.boolean(),
          limit: z.number(),
          offset: z.number(),
          next: z.string().nullable().describe('Pass as `before` for the older rows that follow; null on the last page'),
        }),
      },
    },
  }, async (request) => {
    const { limit, offset, before, actor, action, target } = request.query;
    const page = await queryAudit(app.db, { actor, action, target, ...auditWindow(request.query), limit, offset, before });
    return { items: page.items.map(auditRowJson), total: page.total, totalExact: page.totalExact, limit, offset, next: page.older };
  });
}
