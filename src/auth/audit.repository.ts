import { sql } from 'kysely';
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
  'intervention.recorded', 'intervention.updated', 'intervention.reply_uploaded', 'intervention.reply_downloaded',
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
  /** Rows skipped, newest first; not read with `before` or `after`. */
  offset?: number | undefined;
  /** The page of rows older than this row id (a page's `older`). */
  before?: string | undefined;
  /** The page of rows newer than this row id (a page's `newer`). */
  after?: string | undefined;
}

/**
 * Rows counted at most: the trail only grows (every answer that shows a name adds a row), and an
 * exact count of two million rows is ~300 ms on every page; counting up to the cap is a few.
 */
export const AUDIT_COUNT_CAP = 10_000;

/** A row id as a page's `older`/`newer` gives it (the API's `next`, the admin page's links): bigserial digits. */
export const AUDIT_ROW_ID = /^[1-9]\d{0,17}$/;

export interface AuditPage {
  /** Newest first. */
  items: AuditRow[];
  /** Matching rows: exact up to AUDIT_COUNT_CAP, else the cap (`totalExact` false). */
  total: number;
  totalExact: boolean;
  /** The row id the page of older rows continues before (null: none older). */
  older: string | null;
  /** The row id the page of newer rows continues after (null: none newer). */
  newer: string | null;
}

export async function queryAudit(db: Db, filter: AuditFilter): Promise<AuditPage> {
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
  const counted = db.selectFrom(q.select(sql`1`.as('one')).limit(AUDIT_COUNT_CAP + 1).as('capped'))
    .select((eb) => eb.fn.countAll<string>().as('n'));
  // One row more than the page: whether another follows in the direction read.
  const newerPage = filter.after !== undefined;
  let rows = q.selectAll().limit(filter.limit + 1);
  if (newerPage) rows = rows.where('id', '>', filter.after!).orderBy('id', 'asc');
  else {
    rows = rows.orderBy('id', 'desc');
    if (filter.before !== undefined) rows = rows.where('id', '<', filter.before);
    else if (filter.offset) rows = rows.offset(filter.offset);
  }
  const [count, read] = await Promise.all([counted.executeTakeFirstOrThrow(), rows.execute()]);
  const more = read.length > filter.limit;
  const page = read.slice(0, filter.limit);
  const items = newerPage ? page.reverse() : page;
  const n = Number(count.n);
  const first = items[0], last = items.at(-1);
  const paged = filter.before !== undefined || (filter.offset ?? 0) > 0;
  return {
    items,
    total: Math.min(n, AUDIT_COUNT_CAP),
    totalExact: n <= AUDIT_COUNT_CAP,
    older: last !== undefined && (newerPage || more) ? String(last.id) : null,
    newer: first !== undefined && (newerPage ? more : paged) ? String(first.id) : null,
  };
}
