/** What the app decorates Fastify with (app.ts): the database, the renderer, and who is asking. */
import type { DatabaseHandle, Db } from './db/database.js';
import type { DocumentRenderer } from './documents/workers/render-pool.js';
import type { JobRuntime } from './documents/jobs/job-runtime.js';
import type { Principal, UserRole } from './auth/roles.js';
import type { AnswerCache } from './http/answer-cache.js';
import type { ShapedSearchRefresher } from './consent/shaped-incident-search.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    database: DatabaseHandle;
    renderer: DocumentRenderer;
    /** The generation queue, and this process's workers if it runs any. */
    jobs: JobRuntime;
    /** Records-API answers kept to send again while the records they read are unchanged. */
    answerCache: AnswerCache;
    /** Keeps the incident text shown without identities:read current for search. */
    shapedSearch: ShapedSearchRefresher;
    /** Now: the real clock, or the one a test fixed (AppOptions.clock). */
    clock: () => Date;
    /**
     * Work the service does once it has started, so that the first requests do not wait for it
     * (service.ts: the documents' name indexes); /ready answers 503 "warming" while it runs, and
     * the background pass over the shaped search text starts after it (one build at a time).
     */
    startup: { warming: boolean; warmed: Promise<void> };
  }
  interface FastifyRequest {
    /** Who is acting (user name or API key name), set by authentication. */
    actor?: string;
    /** Who the request acts as (src/auth): a signed-in user, an API key, or anonymous. */
    principal: Principal | null;
    /** The signed-in person, for pages ("signed in as …"); null for API keys and anonymous. */
    user: { id: number; name: string; role: UserRole } | null;
    /** The raw session token from the cookie (CSRF tokens derive from it); null without a session. */
    sessionToken: string | null;
  }
}
