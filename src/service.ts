import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp } from './app.js';
import { passwordProblem } from './auth/passwords.js';
import { ConfigError, loadConfig } from './config/config.js';
import { loadEnvFile } from './config/env-file.js';
import { openConfiguredDatabase } from './db/open-from-config.js';
import { isEmpty, loadDemoData, seedDemoProfile } from './demo/seed.js';
import { migrateNameKeys } from './consent/record-keys.js';
import { shutDownInOrder } from './shutdown.js';
import { prepareDocumentIdentities } from './documents/prepare-identities.js';

export interface ServiceOptions {
  /** Tests only: the module the render threads run (test/support/held-render.worker.mjs). */
  renderWorker?: URL;
}

/**
 * Starts the service: configuration, database, demo data on first start, HTTP, and the stop in
 * order on SIGTERM/SIGINT (src/shutdown.ts; close-with-grace also stops on SIGHUP and SIGUSR2).
 * `src/server.ts` runs it; tests run it in a child process (test/support/held-service.ts).
 */
export async function startService(options: ServiceOptions = {}): Promise<void> {
  let config;
  const fromEnvFile = loadEnvFile(); // .env in the working directory; the environment wins
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  // The first admin's password obeys the same rule as every other (src/auth/passwords.ts).
  const weakAdmin = config.ADMIN_PASSWORD === undefined ? null : passwordProblem(config.ADMIN_PASSWORD, ['admin']);
  if (weakAdmin) {
    process.stderr.write(`Invalid configuration — ADMIN_PASSWORD: the password ${weakAdmin}\n`);
    process.exit(1);
  }
  const logger = pino({ level: config.LOG_LEVEL });
  if (fromEnvFile.length > 0) logger.info({ variables: fromEnvFile }, 'read .env');
  const database = await openConfiguredDatabase(config, logger);
  if (config.DEMO_DATA === 'auto' && !config.DATABASE_URL && (await isEmpty(database.db))) {
    const summary = await loadDemoData(database.db);
    await seedDemoProfile(database.db);
    logger.info({ incidents: summary.incidents.created, persons: summary.persons.created }, 'demo data loaded (Kazakhstan, January–March 2018)');
  }
  const app = await buildApp({
    config,
    database,
    logger: { level: config.LOG_LEVEL },
    ...(options.renderWorker ? { renderWorker: options.renderWorker } : {}),
  });
  // Keys that spell a person's name become opaque (old keys kept as aliases); idempotent. After
  // buildApp, before listening: everybody's matcher it needs is then built in a render thread
  // (app.ts buildMatchersWith) — on this thread it took ~30 s of CPU at 20,000 persons and left
  // ~600 MB of garbage in the heap for as long as nothing else made V8 collect.
  const renamed = await migrateNameKeys(database.db);
  if (renamed.length > 0) logger.warn({ renamed: renamed.length }, 'record keys that spelled a name were replaced by opaque keys (npm run migrate-keys lists them)');
  // Stop in order: stop accepting → requests in flight finish (SHUTDOWN_GRACE_MS, then cancelled)
  // → render threads → pool. If all that has not ended 10 s after the grace, exit 1.
  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS + 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await shutDownInOrder(app, database, config.SHUTDOWN_GRACE_MS);
  });
  // A slow or silent client must not hold a socket for ever: headers within 30 s, a whole request
  // within 120 s (a 20 MB bundle over a slow link), an idle keep-alive connection closed after 72 s.
  app.server.headersTimeout = 30_000;
  app.server.requestTimeout = 120_000;
  app.server.keepAliveTimeout = 72_000;
  // The documents' name indexes of the persons as they are, made before the first document asks
  // (it waited 35 s for them at 20,000 persons); /ready answers "warming" until then.
  app.startup.warming = true;
  const warmingSince = performance.now();
  app.startup.warmed = prepareDocumentIdentities(database.db, app.renderer).then(
    () => app.log.info({ seconds: Math.round((performance.now() - warmingSince) / 100) / 10 }, "documents' name indexes ready"),
    (err: unknown) => app.log.warn({ err }, "documents' name indexes were not made ahead: the first document makes them"),
  ).finally(() => {
    app.startup.warming = false;
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(`Open http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}/ — API docs at /docs`);
}
