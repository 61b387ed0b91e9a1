import type { FastifyRequest } from 'fastify';
import type { AuditAction } from './audit.repository.js';

/**
 * Which successful requests leave an audit row, keyed by route like the access rules. Each entry
 * turns the request and the handler's answer into the action and its target ("person:p-x",
 * "document:<uuid>") with ids and versions — never names or other text typed by staff.
 *
 * Sign-in, account and key changes are audited where they happen (login routes, accounts service),
 * in the same transaction as the change. Reads of real names (identities.read) are decided for
 * every route in one place: identity-reads.ts.
 */

export interface RouteAuditInput {
  request: FastifyRequest;
  statusCode: number;
  /** The handler's answer before serialisation (undefined for bytes and empty answers). */
  body: unknown;
  /** The Location of a redirect (pages answer a successful form with 303 to the record). */
  location: string | undefined;
}

export interface RouteAuditEvent {
  action: AuditAction;
  target: string | null;
  details?: Record<string, unknown>;
  /** Record whose current version goes into details.version (forms do not answer with it). */
  versionOf?: { table: RecordTable; key: string };
}

export type RecordTable = 'incidents' | 'persons' | 'sources' | 'organisations' | 'recommendations';

type Describe = (input: RouteAuditInput) => RouteAuditEvent | null;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const param = (request: FastifyRequest, name: string): string => String(obj(request.params)[name] ?? '');
const metaVersion = (body: unknown): number | undefined => {
  const v = obj(obj(body).meta).version;
  return typeof v === 'number' ? v : undefined;
};

/** The path segment after `/<collection>/` in a redirect: the record's key or document's id. */
const locationId = (location: string | undefined, collection: string): string | undefined => {
  const m = location ? new RegExp(`^/${collection}/([^/?#]+)`).exec(location) : null;
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
};

/**
 * How many record keys a write renamed (a person's name made them spell it), when it renamed any.
 * The count only: the old keys spell the name, and the trail holds no names.
 */
const keysRenamed = (body: unknown): { keysRenamed?: number } => {
  const n = obj(obj(body).keysRenamed).count;
  return typeof n === 'number' && n > 0 ? { keysRenamed: n } : {};
};
const renamedInLocation = (location: string | undefined): { keysRenamed?: number } => {
  const m = location ? /[?&]renamed=(\d+)/.exec(location) : null;
  return m ? { keysRenamed: Number(m[1]) } : {};
};

const RECORD_TYPES = {
  incidents: 'incident', persons: 'person', sources: 'source', organisations: 'organisation', recommendations: 'recommendation',
} as const;

function recordChanges(collection: keyof typeof RECORD_TYPES): Array<[string, Describe]> {
  const type = RECORD_TYPES[collection];
  return [
    [`POST /api/v1/${collection}`, ({ body }) => ({
      action: 'record.created', target: `${type}:${String(obj(body).key)}`, details: { version: metaVersion(body), ...keysRenamed(body) },
    })],
    [`PUT /api/v1/${collection}/:key`, ({ request, body }) => ({
      // The key the record has now: the path may hold an old key (an alias), which spelled a name.
      action: 'record.replaced', target: `${type}:${typeof obj(body).key === 'string' ? String(obj(body).key) : param(request, 'key')}`, details: { version: metaVersion(body), ...keysRenamed(body) },
    })],
    [`DELETE /api/v1/${collection}/:key`, ({ request }) => ({
      action: 'record.deleted', target: `${type}:${param(request, 'key')}`,
    })],
  ];
}

/** The staff pages' record forms: create (POST /<c>) and edit (POST /<c>/:key), 303 on success. */
function pageRecordChanges(collection: RecordTable): Array<[string, Describe]> {
  const type = RECORD_TYPES[collection];
  return [
    [`POST /${collection}`, ({ location }) => {
      const key = locationId(location, collection);
      return key ? { action: 'record.created', target: `${type}:${key}`, versionOf: { table: collection, key }, details: renamedInLocation(location) } : null;
    }],
    [`POST /${collection}/:key`, ({ request, location }) => {
      // Under the key it has after the save (renamed when its new name made its own key spell it).
      const key = locationId(location, collection) ?? param(request, 'key');
      return location ? { action: 'record.replaced', target: `${type}:${key}`, versionOf: { table: collection, key }, details: renamedInLocation(location) } : null;
    }],
  ];
}

export const AUDITED_ROUTES: Readonly<Record<string, Describe>> = Object.fromEntries<Describe>([
  ...(Object.keys(RECORD_TYPES) as Array<keyof typeof RECORD_TYPES>).flatMap(recordChanges),

  // The address book: changes by id (an addressee is an authority, not a case record).
  ['POST /api/v1/addressees', ({ body }) => ({ action: 'record.created', target: `addressee:${String(obj(body).id)}`, details: { version: metaVersion(body) } })],
  ['PUT /api/v1/addressees/:id', ({ request, body }) => ({ action: 'record.replaced', target: `addressee:${param(request, 'id')}`, details: { version: metaVersion(body) } })],
  ['DELETE /api/v1/addressees/:id', ({ request }) => ({ action: 'record.deleted', target: `addressee:${param(request, 'id')}` })],

  ['POST /api/v1/bundles', ({ request, body }) => {
    const bundle = obj(request.body);
    const period = obj(bundle.period);
    return {
      action: 'bundle.imported',
      target: `bundle:${String(obj(bundle.country).code ?? '')}`,
      // The tallies; of the keys renamed, how many (the old keys spell names).
      details: { period: { from: period.from, to: period.to }, counts: { ...obj(body), keysRenamed: undefined }, ...keysRenamed(body) },
    };
  }],

  // The sender's profile: its version and whether the logo changed (no typed text).
  ['PUT /api/v1/organisation-profile', ({ request, body }) => ({
    action: 'organisation_profile.updated', target: 'organisation-profile',
    details: { version: obj(body).version, logo: 'logo' in obj(request.body) ? (obj(request.body).logo === null ? 'removed' : 'replaced') : 'kept' },
  })],

  // Documents.
  ['POST /api/v1/documents', ({ body }) => {
    const d = obj(body);
    return { action: 'document.generated', target: `document:${String(d.id)}`, details: { seriesId: d.seriesId, version: d.version, kind: d.kind, format: d.format } };
  }],
  ['POST /api/v1/documents/preview', ({ request }) => ({
    action: 'document.previewed', target: null, details: { kind: obj(request.body).kind },
  })],
  ['GET /api/v1/documents/:id/file', ({ request }) => ({
    action: 'document.downloaded', target: `document:${param(request, 'id')}`,
    ...(typeof obj(request.query).format === 'string' ? { details: { format: obj(request.query).format } } : {}),
  })],
  ['POST /api/v1/documents/:id/approve', ({ request, body }) => ({
    action: 'document.approved', target: `document:${param(request, 'id')}`, details: { seriesId: obj(body).seriesId, version: obj(body).version, author: obj(body).createdBy },
  })],
  // Review steps: who it went to, how many comments (never their text: typed by lawyers, it may hold names).
  ['POST /api/v1/documents/:id/submit', ({ request, body }) => ({
    action: 'document.review_submitted', target: `document:${param(request, 'id')}`,
    details: { seriesId: obj(body).seriesId, version: obj(body).version, assignee: obj(obj(body).review).assignee, author: obj(body).createdBy },
  })],
  ['POST /api/v1/documents/:id/request-changes', ({ request, body }) => ({
    action: 'document.changes_requested', target: `document:${param(request, 'id')}`,
    details: {
      seriesId: obj(body).seriesId, version: obj(body).version, author: obj(body).createdBy,
      comments: Array.isArray(obj(request.body).comments) ? (obj(request.body).comments as unknown[]).length : 0,
    },
  })],

  // Interventions: ids, versions and which fields changed — never the reply's text.
  ['POST /api/v1/interventions', ({ body }) => ({
    action: 'intervention.recorded', target: `intervention:${String(obj(body).id)}`, details: { document: obj(body).documentId, version: metaVersion(body) },
  })],
  ['PATCH /api/v1/interventions/:id', ({ request, body }) => ({
    action: 'intervention.updated', target: `intervention:${param(request, 'id')}`, details: { version: metaVersion(body), fields: Object.keys(obj(request.body)).sort() },
  })],
  ['PUT /api/v1/interventions/:id/reply/file', ({ request, body }) => ({
    action: 'intervention.reply_uploaded', target: `intervention:${param(request, 'id')}`,
    details: { version: metaVersion(body), sha256: obj(obj(obj(body).reply).file).sha256, byteSize: obj(obj(obj(body).reply).file).byteSize },
  })],
  ['GET /api/v1/interventions/:id/reply/file', ({ request }) => ({ action: 'intervention.reply_downloaded', target: `intervention:${param(request, 'id')}` })],

  // --- The staff pages (src/web): forms answer 303 to what they made; pages are HTML. ---------
  ...(['incidents', 'persons', 'sources', 'recommendations'] as const).flatMap(pageRecordChanges),
  ['POST /addressees', ({ location }) => {
    const id = locationId(location, 'addressees');
    return id ? { action: 'record.created', target: `addressee:${id}`, details: { via: 'page' } } : null;
  }],
  ['POST /addressees/:id', ({ request, location }) => (location
    ? { action: 'record.replaced', target: `addressee:${param(request, 'id')}`, details: { via: 'page' } }
    : null)],
  ['POST /addressees/:id/delete', ({ request, location }) => (location
    ? { action: 'record.deleted', target: `addressee:${param(request, 'id')}`, details: { via: 'page' } }
    : null)],
  ['POST /bundles', ({ statusCode }) => (statusCode === 200 ? { action: 'bundle.imported', target: 'bundle', details: { via: 'page' } } : null)],
  ['POST /demo-data', () => ({ action: 'bundle.imported', target: 'bundle:KZ', details: { via: 'page', demo: true } })],
  ['POST /generate/:kind', ({ request, location }) => {
    const id = locationId(location, 'documents');
    return id ? { action: 'document.generated', target: `document:${id}`, details: { kind: param(request, 'kind'), via: 'page' } } : null;
  }],
  ['POST /generate/:kind/preview', ({ request }) => ({ action: 'document.previewed', target: null, details: { kind: param(request, 'kind'), via: 'page' } })],
  ['POST /admin/organisation', ({ location }) => (location
    ? { action: 'organisation_profile.updated', target: 'organisation-profile', details: { via: 'page' } }
    : null)],
  ['POST /documents/:id/approve', ({ request, location }) => (location
    ? { action: 'document.approved', target: `document:${param(request, 'id')}`, details: { via: 'page' } }
    : null)],
  ['POST /documents/:id/send', ({ request, location }) => {
    const id = locationId(location, 'interventions');
    return id ? { action: 'intervention.recorded', target: `intervention:${id}`, details: { document: param(request, 'id'), via: 'page' } } : null;
  }],
  ['POST /interventions/:id/cite', ({ request, location }) => {
    const m = location ? /[?&]cited=([a-z0-9-]+)/.exec(location) : null;
    return m ? {
      action: location!.includes('created=1') ? 'record.created' : 'record.replaced', target: `source:${m[1]}`,
      details: { via: 'page', intervention: param(request, 'id'), citedBy: 'incidents of the intervention' },
    } : null;
  }],
  ['POST /interventions/:id', ({ request, location }) => (location
    ? { action: 'intervention.updated', target: `intervention:${param(request, 'id')}`, details: { via: 'page' } }
    : null)],
  ['POST /documents/:id/submit', ({ request, location }) => (location
    ? { action: 'document.review_submitted', target: `document:${param(request, 'id')}`, details: { via: 'page', assignee: obj(request.body).assignee || undefined } }
    : null)],
  ['POST /documents/:id/request-changes', ({ request, location }) => (location
    ? { action: 'document.changes_requested', target: `document:${param(request, 'id')}`, details: { via: 'page' } }
    : null)],
  ['POST /documents/:id/regenerate', ({ request, location }) => {
    const id = locationId(location, 'documents');
    return id ? { action: 'document.generated', target: `document:${id}`, details: { from: param(request, 'id'), via: 'page' } } : null;
  }],
]);

export function describeForAudit(routeKey: string, input: RouteAuditInput): RouteAuditEvent | null {
  const describe = AUDITED_ROUTES[routeKey];
  if (!describe || input.statusCode >= 400) return null;
  return describe(input);
}
