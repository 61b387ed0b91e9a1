import pino from 'pino';
import { ConfigError, loadConfig } from '../config/config.js';
import { loadEnvFile } from '../config/env-file.js';
import { openConfiguredDatabase } from '../db/open-from-config.js';

/** `npm run migrate`: brings the configured database's schema up to date. */
try {
  loadEnvFile(); // .env in the working directory; the environment wins
  const config = loadConfig(process.env, { tool: true });
  const db = await openConfiguredDatabase(config, pino({ level: 'info' }));
  await db.close();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `migration failed: ${(err as Error).message}`}\n`);
  process.exit(1);
}
