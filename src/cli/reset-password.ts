import { parseArgs } from 'node:util';
import pino from 'pino';
import { generatePassword, updateUserAccount } from '../auth/accounts.service.js';
import { SYSTEM } from '../auth/audit-context.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { loadEnvFile } from '../config/env-file.js';
import { openConfiguredDatabase } from '../db/open-from-config.js';
import { DatabaseInUseError } from '../db/pglite-lock.js';
import { DomainError } from '../shared/errors.js';

/**
 * `npm run reset-password -- <user>` (e.g. `admin`, when the first password printed in the log is
 * lost): gives the user a new random password, printed once on standard output, and ends their
 * sessions. Audited as `user.updated` (passwordReset) with the actor "cli:<OS user>".
 */
const USAGE = 'Usage: npm run reset-password -- <user name>\n\nThe new password is printed once on standard output.\n';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let positionals: string[];
try {
  ({ positionals } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true }));
} catch (err) {
  fail(`${(err as Error).message}\n\n${USAGE}`);
}
if (positionals.length !== 1) fail(USAGE);
const name = positionals[0]!;

try {
  loadEnvFile();
  const config = loadConfig(process.env, { tool: true });
  const db = await openConfiguredDatabase(config, pino({ level: 'warn' }, pino.destination(2)));
  try {
    const password = generatePassword();
    await updateUserAccount(db.db, { ...SYSTEM, actor: `cli:${process.env.USER ?? 'unknown'}` }, name, { password });
    process.stderr.write(`New password for '${name}' (shown once; sign in at /login and change it):\n`);
    process.stdout.write(`${password}\n`);
  } finally {
    await db.close();
  }
} catch (err) {
  if (err instanceof DomainError || err instanceof DatabaseInUseError) fail(err.message);
  fail(err instanceof ConfigError ? err.message : `Resetting the password failed: ${(err as Error).message}`);
}
