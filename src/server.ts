import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp } from './app.js';
import { passwordProblem } from './auth/passwords.js';
import { ConfigError, loadConfig } from './config/config.js';
import { loadEnvFile } from './config/env-file.js';
import { openConfiguredDatabase } from './db/open-from-config.js';
import { isEmpty, loadDemoData, seedDemoProfile } from './demo/seed.js';
import { migrateNameKeys } from './consent/record-keys.js';

/** Starts the service: configuration, database, demo data on first start, HTTP. */
async function main(): Promise<void> {
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
  // Keys that spell a person's name become opaque (old keys kept as aliases); idempotent.
  const renamed = await migrateNameKeys(database.db);
  if (renamed.length > 0) logger.warn({ renamed: renamed.length }, 'record keys that spelled a name were replaced by opaque keys (npm run migrate-keys lists them)');
  const app = await buildApp({
    config,
    database,
    logger: { level: config.LOG_LEVEL },
  });
  // Graceful stop: stop accepting, let in-flight requests (renders too) finish, close the pool;
  // past 10 s close-with-grace gives up and exits 1.
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    const started = Date.now();
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    // A keep-alive connection whose request finishes during the close would hold the server open
    // until its idle timeout (72 s): Fastify closes idle connections only once, when the close
    // begins. Close each one as soon as it falls idle.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    try {
      await app.close();
    } finally {
      clearInterval(sweep);
    }
    await database.close();
    app.log.info({ ms: Date.now() - started }, 'shut down');
  });
  // A slow or silent client must not hold a socket for ever: headers within 30 s, a whole request
  // within 120 s (a 20 MB bundle over a slow link), an idle keep-alive connection closed after 72 s.
  app.server.headersTimeout = 30_000;
  app.server.requestTimeout = 120_000;
  app.server.keepAliveTimeout = 72_000;
  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(`Open http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}/ — API docs at /docs`);
}

main().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
