import type { Principal, Scope, UserRole } from './roles.js';

/**
 * THE authorization table: one rule per route (method + route pattern as Fastify registered it).
 * A route without a rule is refused to everyone — add its rule here when you add a route; the
 * authorization-matrix test (test/integration/auth/authorization-matrix.test.ts) fails until you do.
 *
 * A rule says which signed-in roles may use the route and which scope an API key needs. HEAD
 * follows GET.
 */
export interface AccessRule {
  /** Anyone, signed in or not; credentials are not even looked at. */
  public?: true;
  /** Roles of signed-in people allowed. */
  roles?: readonly UserRole[];
  /** The scope an API key needs ('any-key': any live key); absent → keys are refused. */
  scope?: Scope | 'any-key';
  /** Further scopes the key needs as well (all of them): e.g. records:read where record content is shown. */
  alsoScopes?: readonly Scope[];
  /** Counted against the per-actor generation rate limit. */
  limit?: 'generation';
}

const EVERYONE: AccessRule = { public: true };
const ALL_ROLES: readonly UserRole[] = ['admin', 'staff', 'lawyer'];
/** Any signed-in person or live key (the API documentation, "who am I"). */
const SIGNED_IN: AccessRule = { roles: ALL_ROLES, scope: 'any-key' };
const READ_RECORDS: AccessRule = { roles: ALL_ROLES, scope: 'records:read' };
/**
 * A key that writes records also needs identities:read: it could otherwise write a guessed name
 * into a text and read it back shaped ("Dilnoza Rakhimova was fined." answered as "Trader E was
 * fined."), learning who is on record and under which pseudonym — the oracle that search over
 * shaped text closed for reading. A service that writes case records supplies the names anyway.
 */
const WRITE_RECORDS: AccessRule = { roles: ['staff'], scope: 'records:write', alsoScopes: ['identities:read'] };
const GENERATE: AccessRule = { roles: ['staff', 'lawyer'], scope: 'documents:generate', limit: 'generation' };
const READ_DOCUMENTS: AccessRule = { roles: ALL_ROLES, scope: 'documents:read' };
const FOLLOW_JOB: AccessRule = { roles: ['staff', 'lawyer'], scope: 'documents:generate' };
/**
 * What shows record content — a preview, a document's file, its provenance (claims and sources) —
 * needs records:read as well as the document scope: a documents-only key must not read records
 * through a document.
 */
const PREVIEW: AccessRule = { ...GENERATE, alsoScopes: ['records:read'] };
const READ_DOCUMENT_CONTENT: AccessRule = { ...READ_DOCUMENTS, alsoScopes: ['records:read'] };
const APPROVE: AccessRule = { roles: ['lawyer'] };
/** Review steps are taken by people (the audit names them; separation of duties compares them with the author). */
const REVIEW: AccessRule = { roles: ['lawyer'] };
const SUBMIT_FOR_REVIEW: AccessRule = { roles: ['staff', 'lawyer'] };
const ADMIN: AccessRule = { roles: ['admin'] };
/** Pages for people only (keys are for the API). */
const PAGE_ALL: AccessRule = { roles: ALL_ROLES };
const PAGE_EDIT: AccessRule = { roles: ['staff'] };
const PAGE_GENERATE: AccessRule = { roles: ['staff', 'lawyer'], limit: 'generation' };
const PAGE_GENERATE_FORM: AccessRule = { roles: ['staff', 'lawyer'] };

/** Interventions are case data about documents: read with both scopes, recorded by staff and lawyers (keys: records:write). */
const READ_INTERVENTIONS: AccessRule = { roles: ALL_ROLES, scope: 'documents:read', alsoScopes: ['records:read'] };
const WRITE_INTERVENTIONS: AccessRule = { roles: ['staff', 'lawyer'], scope: 'records:write', alsoScopes: ['identities:read'] };
const PAGE_INTERVENE: AccessRule = { roles: ['staff', 'lawyer'] };

const RECORD_COLLECTIONS = ['incidents', 'persons', 'sources', 'organisations', 'recommendations'] as const;

export const ACCESS_RULES: Readonly<Record<string, AccessRule>> = {
  // --- Anonymous: health, sign-in, static assets --------------------------------------------
  'GET /health': EVERYONE,
  'GET /ready': EVERYONE,
  'GET /schemas/case-bundle.v1.json': EVERYONE, // the bundle's JSON Schema: the public contract
  'GET /login': EVERYONE,
  'POST /login': EVERYONE,
  'POST /logout': EVERYONE,
  'GET /assets/*': EVERYONE,

  // --- API documentation: signed in (it describes what the records hold) --------------------
  'GET /openapi.json': SIGNED_IN,
  'GET /docs': SIGNED_IN,
  'GET /docs/': SIGNED_IN,
  'GET /docs/*': SIGNED_IN,
  'GET /docs/json': SIGNED_IN,
  'GET /docs/yaml': SIGNED_IN,
  'GET /docs/static/index.html': SIGNED_IN,
  'GET /docs/static/swagger-initializer.js': SIGNED_IN,
  'GET /docs/static/*': SIGNED_IN,

  // --- Records API ---------------------------------------------------------------------------
  ...Object.fromEntries(RECORD_COLLECTIONS.flatMap((c) => [
    [`GET /api/v1/${c}`, READ_RECORDS],
    [`GET /api/v1/${c}/:key`, READ_RECORDS],
    [`POST /api/v1/${c}`, WRITE_RECORDS],
    [`PUT /api/v1/${c}/:key`, WRITE_RECORDS],
    [`DELETE /api/v1/${c}/:key`, WRITE_RECORDS],
  ])),
  // The address book (authorities to write to): read and kept like the records.
  'GET /api/v1/addressees': READ_RECORDS,
  'GET /api/v1/addressees/:id': READ_RECORDS,
  'POST /api/v1/addressees': WRITE_RECORDS,
  'PUT /api/v1/addressees/:id': WRITE_RECORDS,
  'DELETE /api/v1/addressees/:id': WRITE_RECORDS,
  'GET /api/v1/bundles': READ_RECORDS,
  'POST /api/v1/bundles': WRITE_RECORDS,

  // --- Documents API -------------------------------------------------------------------------
  'POST /api/v1/documents': GENERATE,
  // A job is read and cancelled by whoever asked for it (jobs.routes.ts); not counted as a generation.
  'GET /api/v1/jobs/:id': FOLLOW_JOB,
  'GET /api/v1/jobs/:id/events': FOLLOW_JOB,
  'DELETE /api/v1/jobs/:id': FOLLOW_JOB,
  'POST /api/v1/jobs/:id/cancel': FOLLOW_JOB,
  'POST /api/v1/documents/preview': PREVIEW,
  // Reads the selected records (incident keys, victims' profiles) like a preview does; generates nothing.
  'POST /api/v1/documents/suggest-mandates': { roles: ['staff', 'lawyer'], scope: 'documents:generate', alsoScopes: ['records:read'] },
  'GET /api/v1/documents': READ_DOCUMENTS,
  'GET /api/v1/documents/:id': READ_DOCUMENTS,
  'GET /api/v1/documents/:id/file': READ_DOCUMENT_CONTENT,
  'GET /api/v1/documents/:id/provenance': READ_DOCUMENT_CONTENT,
  'POST /api/v1/documents/:id/approve': APPROVE,
  'POST /api/v1/documents/:id/submit': SUBMIT_FOR_REVIEW,
  'POST /api/v1/documents/:id/request-changes': REVIEW,
  'GET /api/v1/documents/:id/text': READ_DOCUMENT_CONTENT,
  'GET /api/v1/documents/:id/compare': READ_DOCUMENT_CONTENT,

  // --- Interventions: a document sent, and what came back ----------------------------------
  'GET /api/v1/interventions': READ_INTERVENTIONS,
  'POST /api/v1/interventions': WRITE_INTERVENTIONS,
  'GET /api/v1/interventions/:id': READ_INTERVENTIONS,
  'PATCH /api/v1/interventions/:id': WRITE_INTERVENTIONS,
  'PUT /api/v1/interventions/:id/reply/file': WRITE_INTERVENTIONS,
  // A government's reply names the person and its bytes cannot be shaped: identities:read as well.
  'GET /api/v1/interventions/:id/reply/file': { ...READ_INTERVENTIONS, alsoScopes: ['records:read', 'identities:read'] },
  'GET /api/v1/interventions/:id/follow-up': READ_INTERVENTIONS,
  'GET /api/v1/persons/:key/timeline': READ_INTERVENTIONS,

  // --- Accounts, keys, audit -----------------------------------------------------------------
  'GET /api/v1/auth/me': SIGNED_IN,
  'GET /api/v1/admin/users': ADMIN,
  'POST /api/v1/admin/users': ADMIN,
  'PATCH /api/v1/admin/users/:name': ADMIN,
  'GET /api/v1/admin/api-keys': ADMIN,
  'POST /api/v1/admin/api-keys': ADMIN,
  'DELETE /api/v1/admin/api-keys/:id': ADMIN,
  'GET /api/v1/audit': ADMIN,
  // The sender of every document: everybody may read it, only an admin changes it (keys cannot).
  'GET /api/v1/organisation-profile': SIGNED_IN,
  'GET /api/v1/organisation-profile/logo': SIGNED_IN,
  'PUT /api/v1/organisation-profile': ADMIN,
  'GET /admin/organisation': ADMIN,
  'POST /admin/organisation': ADMIN,
  'GET /account/password': PAGE_ALL,
  'POST /account/password': PAGE_ALL,
  'GET /admin': ADMIN,
  'POST /admin/users': ADMIN,
  'POST /admin/users/:name': ADMIN,
  'POST /admin/api-keys': ADMIN,
  'POST /admin/api-keys/:id/revoke': ADMIN,
  'GET /admin/audit': ADMIN,

  // --- Staff pages (src/web) -----------------------------------------------------------------
  'GET /': PAGE_ALL,
  'POST /demo-data': PAGE_EDIT,
  ...Object.fromEntries(['incidents', 'persons', 'sources', 'recommendations'].flatMap((c) => [
    [`GET /${c}`, PAGE_ALL],
    [`GET /${c}/:key`, PAGE_ALL],
    [`GET /${c}/new`, PAGE_EDIT],
    [`GET /${c}/:key/edit`, PAGE_EDIT],
    [`POST /${c}`, PAGE_EDIT],
    [`POST /${c}/:key`, PAGE_EDIT],
  ])),
  'GET /addressees': PAGE_ALL,
  'GET /addressees/new': PAGE_EDIT,
  'GET /addressees/:id': PAGE_ALL,
  'GET /addressees/:id/edit': PAGE_EDIT,
  'POST /addressees': PAGE_EDIT,
  'POST /addressees/:id': PAGE_EDIT,
  'POST /addressees/:id/delete': PAGE_EDIT,
  'GET /bundles': PAGE_EDIT,
  'POST /bundles': PAGE_EDIT,
  'GET /bundles/demo.json': PAGE_EDIT,
  'GET /generate': PAGE_GENERATE_FORM,
  'GET /generate/:kind': PAGE_GENERATE_FORM,
  'POST /generate/:kind/preview': PAGE_GENERATE,
  'POST /generate/:kind': PAGE_GENERATE,
  // A generation's progress page and its cancel button: for whoever asked for it (jobs.pages.ts).
  'GET /jobs/:id': PAGE_GENERATE_FORM,
  'POST /jobs/:id/cancel': PAGE_GENERATE_FORM,
  // A typed name made a mention from the preview: a record edit, then the preview again.
  'POST /generate/:kind/mention': { roles: ['staff'], limit: 'generation' },
  // The pickers' search (keys of matching records) for the forms' search-as-you-type boxes.
  'GET /pickers/:collection': PAGE_ALL,
  'GET /documents': PAGE_ALL,
  'GET /documents/:id': PAGE_ALL,
  'GET /documents/:id/provenance': PAGE_ALL,
  'POST /documents/:id/regenerate': PAGE_GENERATE,
  // Interventions (src/web/interventions/): record a sending, the reply and the outcome; a person's timeline.
  'GET /documents/:id/send': PAGE_INTERVENE,
  'POST /documents/:id/send': PAGE_INTERVENE,
  'GET /interventions': PAGE_ALL,
  'GET /interventions/:id': PAGE_ALL,
  'POST /interventions/:id': PAGE_INTERVENE,
  // Cites the earlier UN communication in the case's incidents: a records edit.
  'POST /interventions/:id/cite': PAGE_EDIT,
  'GET /interventions/:id/follow-up': PAGE_GENERATE_FORM,
  'GET /persons/:key/timeline': PAGE_ALL,
  // The review steps on the document page: the same rules decide the buttons (web/documents/review.view.ts).
  'POST /documents/:id/approve': APPROVE,
  'POST /documents/:id/submit': SUBMIT_FOR_REVIEW,
  'POST /documents/:id/request-changes': REVIEW,
  'GET /documents/:id/review': PAGE_ALL,
  'GET /documents/:id/compare': PAGE_ALL,
};

export const routeKey = (method: string, url: string): string => `${method === 'HEAD' ? 'GET' : method} ${url}`;

export function ruleFor(method: string, url: string): AccessRule | undefined {
  return ACCESS_RULES[routeKey(method, url)];
}

/** Whether the rule lets this principal through (anonymous only on public routes). */
export function allows(rule: AccessRule, principal: Principal): boolean {
  if (rule.public) return true;
  switch (principal.kind) {
    case 'user':
      return rule.roles?.includes(principal.role) ?? false;
    case 'api_key':
      if (!rule.scope) return false;
      return missingScopes(rule, principal.scopes).length === 0;
    default:
      return false;
  }
}

/** The scopes a key lacks for this rule (none: it may pass). */
export function missingScopes(rule: AccessRule, scopes: readonly Scope[]): Scope[] {
  if (!rule.scope) return [];
  const needed = [...(rule.scope === 'any-key' ? [] : [rule.scope]), ...(rule.alsoScopes ?? [])];
  return needed.filter((s) => !scopes.includes(s));
}

/**
 * Scopes a key would hold in vain: for each of its scopes whose every route also needs another
 * scope the key lacks (records:write without identities:read: every write is refused with 403),
 * that scope and what it is missing. Derived from the table above, so key creation and the
 * routes cannot disagree about it.
 */
export function scopesUnusableWithout(scopes: readonly Scope[]): Array<{ scope: Scope; missing: Scope[] }> {
  const out: Array<{ scope: Scope; missing: Scope[] }> = [];
  for (const scope of new Set(scopes)) {
    const rules = Object.values(ACCESS_RULES).filter((rule) => rule.scope === scope);
    if (rules.length === 0) continue;
    // What every route of this scope needs besides it.
    const alwaysAlso = rules.map((rule) => rule.alsoScopes ?? []).reduce((common, also) => common.filter((s) => also.includes(s)));
    const missing = alwaysAlso.filter((s) => !scopes.includes(s));
    if (missing.length > 0) out.push({ scope, missing });
  }
  return out;
}
