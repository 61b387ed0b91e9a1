import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Reads `.env` (KEY=value lines, Node's own parser: `util.parseEnv`, the one behind `--env-file`)
 * into the environment before the configuration is validated. The environment wins: a variable
 * already set — even to an empty string — is left as it is, as with `node --env-file`. A missing
 * file is not an error (every variable is optional).
 *
 * The path is resolved against the working directory, so `npm start` and the other scripts read the
 * `.env` at the repository root. Returns the names taken from the file (never their values).
 */
export function loadEnvFile(path = '.env', env: NodeJS.ProcessEnv = process.env): string[] {
  const file = resolve(path);
  if (!existsSync(file)) return [];
  const parsed = parseEnv(readFileSync(file, 'utf8'));
  const applied: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (value === undefined || env[name] !== undefined) continue;
    env[name] = value;
    applied.push(name);
  }
  return applied;
}
