import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { responseSerializerCompiler } from './http/response-serializer.js';
import type { Config } from './config/config.js';
import type { DatabaseHandle } from './db/database.js';
import { frameworkErrors, installErrorHandler } from './http/error-handler.js';
import { installJsonBodyParser } from './http/json-body.js';
import { installIdempotency } from './http/idempotency/idempotency.plugin.js';
import { trackInFlight } from './http/in-flight.js';
import { zodValidatorCompiler } from './http/zod-validation.js';
import './app.types.js';
import { healthRoutes } from './routes/health.routes.js';
import { schemaRoutes } from './routes/schemas.routes.js';
import { refuseNulCharacters } from './http/nul-characters.js';
import { createRenderer, type DocumentRenderer } from './documents/workers/render-pool.js';
import { startJobRuntime } from './documents/jobs/job-runtime.js';
import { buildMatchersWith } from './consent/identity-cache.js';
import { setReadingsBudget, setWordKeysBudget } from './consent/index.js';
import { webRoutes } from './web/index.js';
import { installAuth } from './auth/auth.plugin.js';
import { notFoundPage, refusalPage } from './web/account/account-pages.render.js';
import { apiRoutes } from './routes/api/index.js';
import { AnswerCache } from './http/answer-cache.js';
import { ShapedSearchRefresher } from './consent/shaped-incident-search.js';
import { authPages } from './web/account/account-pages.plugin.js';
import { privateLogger } from './auth/log-privacy.js';
import type { Principal } from './auth/roles.js';

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  logger?: FastifyServerOptions['logger'];
  /** Tests and benchmarks may pass their own (e.g. in-process) renderer; it is then theirs to close. */
  renderer?: DocumentRenderer;
  /** Tests: the module the render threads run (test/support/held-render.worker.mjs holds renders). */
  renderWorker?: URL;
  /**
   * Tests only (test/support/app.ts): `testActor` is who requests WITHOUT credentials act as.
   * Not reachable from the environment or HTTP; the server never sets it.
   */
  auth?: { testActor?: Principal };
  /** What time it is (tests fix it: reply deadlines are judged on today's date). */
  clock?: () => Date;
}

const API_BODY_LIMIT = 1024 * 1024;

/** The event loop's readings memo (consent/name-matcher.ts: setReadingsBudget) when render threads compose. */
const EVENT_LOOP_READINGS_CHARS = 500_000;
/** The event loop's remembered word keys (consent/name-matcher.ts: setWordKeysBudget) when render threads compose. */
const EVENT_LOOP_WORD_KEYS = 4_096;

/** Builds the application: the same instance serves, and is injected in tests. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: privateLogger(options.logger ?? false),
    bodyLimit: API_BODY_LIMIT,
    trustProxy: config.TRUST_PROXY,
    genReqId: () => crypto.randomUUID(),
    frameworkErrors,
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  installErrorHandler(app, { notFoundPage });
  installJsonBodyParser(app);

  app.decorate('database', database);
  app.decorate('db', database.db);
  // First of the hooks: a request counts, and can be cancelled, from its start (src/shutdown.ts).
  trackInFlight(app);
  app.decorate('clock', options.clock ?? (() => new Date()));
  app.decorate('startup', { warming: false, warmed: Promise.resolve() });
  app.decorate('answerCache', new AnswerCache(Math.round(config.ANSWER_CACHE_MB * 1024 * 1024)));
  const renderer = options.renderer ?? createRenderer(config.RENDER_THREADS, { nice: config.RENDER_NICE, heapMb: config.RENDER_HEAP_MB, idleMs: config.RENDER_IDLE_MS, workerFile: options.renderWorker });
  app.decorate('renderer', renderer);
  // Everybody's name matcher (seconds of CPU at 20,000 persons) is built in a render thread.
  if (renderer.buildNameIndex) buildMatchersWith(database.db, (persons) => renderer.buildNameIndex!(persons));
  // Compositions then read their texts in the render threads, which keep the large readings memo.
  if (renderer.buildNameIndex) {
    setReadingsBudget(EVENT_LOOP_READINGS_CHARS);
    setWordKeysBudget(EVENT_LOOP_WORD_KEYS);
  }
  // Generation runs as jobs (documents/jobs/): taken by workers here or in `npm run worker` processes.
  const jobs = await startJobRuntime(config, database, renderer, app.log);
  app.decorate('jobs', jobs);
  const shapedSearch = new ShapedSearchRefresher(database.db, (err) => app.log.warn({ err }, 'keeping the shaped search text current failed'));
  app.decorate('shapedSearch', shapedSearch);
  // After the work of the start (app.startup): the pass and a build of name indexes at once, each in a
  // thread of its own, held both memories at the same time (a search wakes the pass meanwhile).
  if (config.SHAPED_SEARCH_REFRESH_S > 0) {
    app.addHook('onReady', async () => void app.startup.warmed.finally(() => shapedSearch.start(config.SHAPED_SEARCH_REFRESH_S * 1000)));
  }
  app.addHook('onClose', async () => {
    await shapedSearch.stop();
    // Workers first (they render with the pool), then the pool. After a shutdown (src/shutdown.ts)
    // no job runs here any more; an app closed directly gives a running job 1 s, then stops it and
    // hands it back to the queue for the next worker (or this one's next start).
    await jobs.close(1000);
    if (!options.renderer) await renderer.close();
  });
  // Before any route: security headers, sessions, keys, the access rules, identity shaping, audit.
  await installAuth(app, { config, testActor: options.auth?.testActor, refusalPage });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Advocacy document assembly',
        description: 'Case records (incidents, persons, sources) and cited, consent-safe documents.',
        version: '1.0.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes);
  await app.register(schemaRoutes);
  await app.register(
    async (api) => {
      // The API takes JSON only (Fastify also parses text/plain by default: that would be a 422, not a 415).
      api.removeContentTypeParser('text/plain');
      // PostgreSQL text cannot hold U+0000: refuse it at the edge, pointing at each string.
      api.addHook('preValidation', refuseNulCharacters);
      // Retry-safe writes: Idempotency-Key on these routes returns the first response (http/idempotency.ts).
      installIdempotency(api, database.db, { routes: ['POST /api/v1/bundles', 'POST /api/v1/documents'], leaseMs: config.IDEMPOTENCY_LEASE_MS });
      await api.register(apiRoutes, {
        bundleBodyLimit: config.BODY_LIMIT_BYTES,
        bundleExportMaxIncidents: config.BUNDLE_EXPORT_MAX_INCIDENTS,
        separationOfDuties: config.APPROVAL_SEPARATION_OF_DUTIES,
        jobWaitMs: config.JOB_WAIT_MS,
        largeDocumentPages: config.LARGE_DOCUMENT_PAGES,
        interventions: { replyDays: config.REPLY_DEADLINE_DAYS, replyFileMaxBytes: config.REPLY_FILE_MAX_BYTES },
      });
    },
    { prefix: '/api/v1' },
  );
  await app.register(authPages, { config });
  await app.register(webRoutes, { config });
  return app;
}
