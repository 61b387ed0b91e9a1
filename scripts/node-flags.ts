/**
 * The node flags (and environment) `npm start` / `npm run worker` run the service with (package.json), so that
 * what starts the compiled service elsewhere (the volume bench, the Dockerfile and compose
 * file, checked by a test) runs it as deployed rather than with a copy that may drift.
 */
import { readFileSync } from 'node:fs';

const ROOT = new URL('..', import.meta.url).pathname;

/** package.json's `start` or `worker` command: `[NAME=value …] node [flags …] entry`, split. */
function commandOf(script: 'start' | 'worker'): { env: string[]; flags: string[] } {
  const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
  const entry = script === 'start' ? 'dist/src/server.js' : 'dist/src/cli/worker.js';
  const command = /(?:^|&&\s*)((?:[A-Z_]+=\S*\s+)*)node\s+(.*?)\s*(\S+)$/.exec(scripts[script]!);
  if (command === null || command[3] !== entry) throw new Error(`package.json "${script}" does not end with node … ${entry}`);
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  return { env: words(command[1]!), flags: words(command[2]!) };
}

/** The flags between `node` and the entry file in package.json's `start` or `worker` script. */
export function nodeFlagsOf(script: 'start' | 'worker'): string[] {
  return commandOf(script).flags;
}

/** The environment variables set before `node` in package.json's `start` or `worker` script. */
export function nodeEnvOf(script: 'start' | 'worker'): Record<string, string> {
  return Object.fromEntries(commandOf(script).env.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
}
