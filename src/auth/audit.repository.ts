import type { Db } from '../db/database.js';
import { prefixPattern } from '../db/like.js';
import type { AuditRow } from '../db/tables/auth.table.js';

/**
 * The audit trail: one row per thing worth answering for later. Rows are only ever inserted
 * (the database refuses updates and deletes). Details hold keys, ids and versions — never a
 * person's name or any free text typed by staff.
 */

export interface AuditEvent {
  actor: string;
  actorType: AuditRow['actor_type'];
  action: AuditAction;
  target?: string | null;
  details?: Record<string, unknown> | null;
  ip?: string | null;
  requestId?: string | null;
}

export const AUDIT_ACTIONS = [
  'auth.login', 'auth.login_failed', 'auth.logout', 'auth.password_changed',
  'user.created', 'user.updated',
  'api_key.created', 'api_key.revoked',
  'record.created', 'record.replaced', 'record.deleted', 'bundle.imported',
  'identities.read',
  'organisation_profile.updated',
  'document.generated', 'document.previewed', 'document.downloaded', 'document.approved', 'document.approval_refused',
  'document.review_submitted', 'document.changes_requested',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export async function appendAudit(db: Db, events: AuditEvent | readonly AuditEvent[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events as AuditEvent];
  if (list.length === 0) return;
  await db.insertInto('audit_log').values(list.map((e) => ({
    actor: e.actor,
    actor_type: e.actorType,
    action: e.action,
    target: e.target ?? null,
    details: e.details ? JSON.stringify(e.details) : null,
    ip: e.ip ?? null,
    request_id: e.requestId ?? null,
  }))).execute();
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  /** Exact target ("person:p-x"), or a type prefix ending in ':' ("person:"). */
  target?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

export async function queryAudit(db: Db, filter: AuditFilter): Promise<{ items: AuditRow[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (filter.actor) q = q.where('actor', '=', filter.actor);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.target) {
    q = filter.target.endsWith(':')
      ? q.where('target', 'like', prefixPattern(filter.target))
      : q.where('target', '=', filter.target);
  }
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<', filter.to);
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const items = await q.selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  return { items, total: Number(total.n) };
}
