import { parseArgs } from 'node:util';
import pino from 'pino';
import { issueApiKey } from '../auth/accounts.service.js';
import { DomainError } from '../shared/errors.js';
import { SYSTEM } from '../auth/audit-context.js';
import { isScope, SCOPE_DESCRIPTIONS, SCOPES, type Scope } from '../auth/roles.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { loadEnvFile } from '../config/env-file.js';
import { openConfiguredDatabase } from '../db/open-from-config.js';
import { DatabaseInUseError } from '../db/pglite-lock.js';

/**
 * `npm run api-key -- --name <service> --scope records:read --scope documents:generate …`
 * Creates an API key in the configured database and prints it once (only its hash is stored).
 * The creation is audited with the actor "cli:<OS user>".
 */
const USAGE = `Usage: npm run api-key -- --name <service-name> --scope <scope> [--scope <scope> …]

Scopes:
${SCOPES.map((s) => `  ${s.padEnd(20)} ${SCOPE_DESCRIPTIONS[s]}`).join('\n')}

The key is printed once on standard output; store it in the service's secret store.
Services send it as:  Authorization: Bearer <key>
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: { name: { type: 'string' }, scope: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n\n${USAGE}`);
}
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const scopes = (args.scope ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
if (!args.name) fail(`--name is required.\n\n${USAGE}`);
if (scopes.length === 0) fail(`At least one --scope is required.\n\n${USAGE}`);
const unknown = scopes.filter((s) => !isScope(s));
if (unknown.length > 0) fail(`Unknown scope(s): ${unknown.join(', ')}.\n\n${USAGE}`);

try {
  loadEnvFile(); // .env in the working directory; the environment wins
  const config = loadConfig(process.env, { tool: true });
  // Start-up messages go to standard error: standard output carries only the key.
  const db = await openConfiguredDatabase(config, pino({ level: 'warn' }, pino.destination(2)));
  try {
    const who = { ...SYSTEM, actor: `cli:${process.env.USER ?? 'unknown'}` };
    const { key, summary } = await issueApiKey(db.db, who, { name: args.name, scopes: scopes as Scope[] });
    process.stderr.write(`Created API key '${summary.name}' (id ${summary.id}) with scopes: ${summary.scopes.join(', ')}. It is shown once:\n`);
    process.stdout.write(`${key}\n`);
  } finally {
    await db.close();
  }
} catch (err) {
  if (err instanceof DomainError || err instanceof DatabaseInUseError) fail(err.message);
  fail(err instanceof ConfigError ? err.message : `Creating the key failed: ${(err as Error).message}`);
}
