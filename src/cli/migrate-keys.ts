import pino from 'pino';
import { ConfigError, loadConfig } from '../config/config.js';
import { loadEnvFile } from '../config/env-file.js';
import { migrateNameKeys } from '../consent/record-keys.js';
import { openConfiguredDatabase } from '../db/open-from-config.js';

/**
 * `npm run migrate-keys`: renames person and source keys that spell a person's name to opaque
 * ones, keeping each old key as an alias. Idempotent; the service also runs it at every start.
 * Prints each renaming (old → new) so other systems that stored the old keys can follow.
 */
try {
  loadEnvFile(); // .env in the working directory; the environment wins
  const config = loadConfig();
  const log = pino({ level: 'info' });
  const db = await openConfiguredDatabase(config, log);
  const renamed = await migrateNameKeys(db.db);
  for (const r of renamed) process.stdout.write(`${r.table}: ${r.from} -> ${r.to}\n`);
  log.info({ renamed: renamed.length }, 'record keys that spelled a name were replaced by opaque keys');
  await db.close();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `key migration failed: ${(err as Error).message}`}\n`);
  process.exit(1);
}
