import pino from 'pino';
import { ConfigError, loadConfig } from '../config/config.js';
import { loadEnvFile } from '../config/env-file.js';
import { openConfiguredDatabase } from '../db/open-from-config.js';
import { loadDemoData, seedDemoProfile } from '../demo/seed.js';
import { migrateNameKeys } from '../consent/record-keys.js';

/** `npm run seed`: (re)loads the Kazakhstan demo bundle into the configured database. Idempotent. */
try {
  loadEnvFile(); // .env in the working directory; the environment wins
  const config = loadConfig(process.env, { tool: true });
  const log = pino({ level: 'info' });
  const db = await openConfiguredDatabase(config, log);
  const summary = await loadDemoData(db.db);
  log.info(summary, 'demo data loaded');
  // A fictional sender, unless an admin saved the organisation's own.
  if (await seedDemoProfile(db.db)) log.info('demo organisation profile saved (Steppe Rights Monitor, fictional)');
  const renamed = await migrateNameKeys(db.db);
  if (renamed.length > 0) log.info({ renamed: renamed.length }, 'record keys that spelled a name were replaced by opaque keys');
  await db.close();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `seeding failed: ${(err as Error).message}`}\n`);
  process.exit(1);
}
