import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { openConfiguredDatabase } from './db/open-from-config.js';
import { isEmpty, loadDemoData } from './demo/seed.js';

/** Starts the service: configuration, database, demo data on first start, HTTP. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = pino({ level: config.LOG_LEVEL });
  const database = await openConfiguredDatabase(config, logger);
  if (config.DEMO_DATA === 'auto' && !config.DATABASE_URL && (await isEmpty(database.db))) {
    const summary = await loadDemoData(database.db);
    logger.info({ incidents: summary.incidents.created, persons: summary.persons.created }, 'demo data loaded (Kazakhstan, January–March 2018)');
  }
  const app = await buildApp({
    config,
    database,
    logger: { level: config.LOG_LEVEL },
  });
  // Graceful stop: stop accepting, let in-flight requests finish, close the pool.
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(`Open http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}/ — API docs at /docs`);
}

main().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
