import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import { allows, missingScopes, routeKey, ruleFor, type AccessRule } from './access-rules.js';
import { ensureInitialAdmin } from './accounts.service.js';
import { appendAudit } from './audit.repository.js';
import { auditContextOf } from './audit-context.js';
import { describeForAudit, type RecordTable, type RouteAuditEvent } from './audit-events.js';
import { identityReadFor, identityReadOf, setIdentityRead } from './identity-reads.js';
import { authenticate } from './authenticate.js';
import { csrfTokenFor } from './csrf.js';
import { shapeForPseudonymousCaller } from '../consent/identity-shaping.js';
import { actorName, ANONYMOUS, maySeeIdentities, type Principal } from './roles.js';
import { installSecurity } from './security.js';
import { recordVersion } from '../records/records.repository.js';

export interface AuthOptions {
  config: Config;
  /**
   * Tests only (test/support/app.ts): requests WITHOUT credentials act as this principal, so
   * tests that are not about access need no sign-in. Never set from the environment or HTTP.
   */
  testActor?: Principal | undefined;
  /** The HTML a browser gets when it is refused (the pages own how it looks). */
  refusalPage: (request: FastifyRequest, status: number, message: string, csrfToken: string | null) => string;
}

export interface RouteEntry {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app registered (HEAD included), for the authorization-matrix test. */
    routeCatalog: RouteEntry[];
  }
}

const kAnswer = Symbol('handler answer');
const kShaped = Symbol('identities withheld');
const kRefused = Symbol('refused by the access rules');
type Marked = FastifyRequest & { [kAnswer]?: unknown; [kShaped]?: boolean; [kRefused]?: boolean };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authentication and authorization for every route, in root hooks:
 *   onRoute   — catalogue the routes (the matrix test enumerates them);
 *   onRequest — who is it (key, session, nobody), and does the route's rule in ACCESS_RULES let
 *               them in; no rule → refused; generation rate limit;
 *   preSerialization — withhold real names from callers without identities:read (identity-shaping.ts);
 *   onSend    — audit rows for successful audited requests (audit-events.ts), and one
 *               identities.read row for an answer that showed real names (identity-reads.ts).
 * Install before any route is registered.
 */
export async function installAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const { config } = options;
  const db = app.db;
  const sessions = { idleMs: config.SESSION_IDLE_MINUTES * 60_000, maxMs: config.SESSION_MAX_HOURS * 3_600_000 };

  await installSecurity(app, config);

  app.decorate('routeCatalog', [] as RouteEntry[]);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) app.routeCatalog.push({ method, url: route.url });
  });
  app.addHook('onReady', async () => {
    // First start: an `admin` account, with ADMIN_PASSWORD or a random password shown once here.
    const created = await ensureInitialAdmin(db, config.ADMIN_PASSWORD);
    if (created?.password) {
      app.log.warn({ user: created.name, initialPassword: created.password }, 'first start: created the admin account with this random password — it is shown only once; sign in at /login and change it');
    } else if (created) {
      app.log.warn({ user: created.name }, 'first start: created the admin account with the password from ADMIN_PASSWORD');
    }
    const missing = app.routeCatalog.filter((r) => !ruleFor(r.method, r.url)).map((r) => `${r.method} ${r.url}`);
    if (missing.length > 0) app.log.error({ routes: missing }, 'routes without an access rule (refused to everyone): add them to src/auth/access-rules.ts');
  });

  app.decorateRequest('principal', null);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);

  const generationLimit = app.createRateLimit({
    max: config.GENERATE_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => `generate|${request.principal?.kind}|${actorName(request.principal ?? ANONYMOUS)}`,
  });

  app.addHook('onRequest', async (request, reply) => {
    request.principal = ANONYMOUS;
    const url = request.routeOptions.url;
    const rule = url === undefined ? undefined : ruleFor(request.method, url);
    // Public routes answer without looking at credentials (health checks never touch the database).
    if (rule?.public) return;

    const auth = await authenticate(request, { db, sessions, testActor: options.testActor });
    if (!auth.ok) return refuse(request, reply, 401, auth.reason);
    const principal = auth.principal;
    request.principal = principal;
    if (principal.kind === 'user') request.user = { id: principal.id, name: principal.name, role: principal.role };
    if (principal.kind !== 'anonymous') request.actor = principal.name;
    if (auth.sessionToken) request.sessionToken = auth.sessionToken;

    if (url === undefined) {
      // No such route: a 404 for those signed in; nothing at all for anonymous callers.
      if (principal.kind === 'anonymous') return refuse(request, reply, 401, 'Sign in or send an API key.');
      return;
    }
    if (!rule) {
      request.log.error({ route: routeKey(request.method, url) }, 'route has no access rule: refused');
      return refuse(request, reply, principal.kind === 'anonymous' ? 401 : 403, 'This route has no access rule and is refused to everyone.');
    }
    if (!allows(rule, principal)) {
      if (principal.kind === 'anonymous') return refuse(request, reply, 401, 'Sign in or send an API key.');
      return refuse(request, reply, 403, forbiddenMessage(rule, principal));
    }
    // A cookie is sent by the browser whoever made the page: a state change must come from our own pages.
    if (auth.via === 'session' && !SAFE_METHODS.has(request.method) && !sameOrigin(request)) {
      return refuse(request, reply, 403, 'Cross-site request refused.');
    }
    if (rule.limit === 'generation') {
      const limit = await generationLimit(request);
      if (!limit.isAllowed && limit.isExceeded) {
        reply.header('retry-after', String(limit.ttlInSeconds));
        return refuse(request, reply, 429, `Too many documents generated; retry in ${limit.ttlInSeconds} s.`);
      }
    }
  });

  app.addHook('preSerialization', async (request, _reply, payload) => {
    const url = request.routeOptions.url;
    if (url === undefined) return payload;
    (request as Marked)[kAnswer] = payload;
    const principal = request.principal ?? ANONYMOUS;
    if (principal.kind !== 'api_key' || maySeeIdentities(principal)) return payload;
    (request as Marked)[kShaped] = true;
    const shaped = await shapeForPseudonymousCaller(app.db, routeKey(request.method, url), payload);
    (request as Marked)[kAnswer] = shaped;
    return shaped;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.routeOptions.url;
    if (url === undefined) return payload;
    const marked = request as Marked;
    const principal = request.principal ?? ANONYMOUS;
    // Only what happened, by whom: a refused request (its 303 to the sign-in page included) did
    // nothing, and an anonymous caller never leaves a domain row (sign-in failures are audited by
    // the login route itself).
    if (marked[kRefused] || principal.kind === 'anonymous') return payload;
    // A replay of a remembered answer (Idempotency-Key) did nothing new: its first run was audited.
    if (reply.getHeader('idempotent-replayed') === 'true') return payload;
    const key = routeKey(request.method, url);
    const sawIdentities = !marked[kShaped] && maySeeIdentities(principal);
    const events: RouteAuditEvent[] = [];
    const event = describeForAudit(key, {
      request,
      statusCode: reply.statusCode,
      body: marked[kAnswer] ?? parseJson(payload),
      location: headerText(reply.getHeader('location')),
    });
    if (event) events.push(event);
    // Real names shown to a caller who may see them: one row per request (identity-reads.ts),
    // whatever the status (a form shown again with its errors still lists the persons).
    // An answer sent again as it was (http/answer-cache.ts) carries the row it produced the first time.
    const known = identityReadOf(request);
    const read = !sawIdentities || reply.statusCode >= 500 ? null : known !== undefined ? known : await identityReadFor(db, key, {
      request, answer: marked[kAnswer], payload, contentType: headerText(reply.getHeader('content-type')) ?? '',
    });
    if (sawIdentities) setIdentityRead(request, read);
    if (read) events.push(read);
    if (events.length > 0) {
      const context = auditContextOf(request, principal);
      const rows = await Promise.all(events.map(async ({ versionOf, ...rest }) => {
        const details = versionOf ? { ...rest.details, version: await currentVersion(versionOf.table, versionOf.key) } : rest.details;
        return { ...context, ...rest, details: details ?? null };
      }));
      // Awaited: if the trail cannot be written, the answer is not given (an identity read without a trace).
      await appendAudit(db, rows);
    }
    return payload;
  });

  const currentVersion = (table: RecordTable, key: string) => recordVersion(app.db, table, key);

  function refuse(request: FastifyRequest, reply: FastifyReply, status: 401 | 403 | 429, message: string): FastifyReply {
    (request as Marked)[kRefused] = true;
    const url = request.routeOptions.url ?? request.url;
    const isApi = url.startsWith('/api/') || !(request.headers.accept ?? '').includes('text/html');
    if (status === 401) reply.header('www-authenticate', 'Bearer realm="advocacy-docs"');
    reply.header('cache-control', 'no-store');
    if (!isApi && status === 401) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      return reply.code(request.method === 'GET' ? 302 : 303).header('location', `/login${next}`).send();
    }
    if (!isApi) {
      return reply.code(status).type('text/html; charset=utf-8').send(options.refusalPage(request, status, message, csrfTokenFor(request)));
    }
    const error = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Too Many Requests';
    return reply.code(status).send({ statusCode: status, error, message });
  }
}

function forbiddenMessage(rule: AccessRule, principal: Principal): string {
  if (principal.kind === 'api_key') {
    if (!rule.scope) return 'API keys cannot use this route; it is for signed-in people.';
    const missing = missingScopes(rule, principal.scopes);
    return `This API key lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}.`;
  }
  const roles = rule.roles?.length ? rule.roles.join(' or ') : 'nobody';
  return `This needs the role ${roles}; you are signed in as ${principal.kind === 'user' ? principal.role : 'nobody'}.`;
}

/** Origin (or, failing that, Sec-Fetch-Site) says the request came from our own pages. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    try {
      // Through URL both sides: a default port is dropped on each ("host:80" = "host").
      return new URL(origin).origin === new URL(`${request.protocol}://${request.host}`).origin;
    } catch {
      return false;
    }
  }
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

function headerText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseJson(payload: unknown): unknown {
  if (typeof payload !== 'string') return undefined;
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}
