/**
 * The node flags `npm start` / `npm run worker` run the service with (package.json), so that
 * what starts the compiled service elsewhere (the volume bench, the Dockerfile and compose
 * file, checked by a test) runs it as deployed rather than with a copy that may drift.
 */
import { readFileSync } from 'node:fs';

const ROOT = new URL('..', import.meta.url).pathname;

/** The flags between `node` and the entry file in package.json's `start` or `worker` script. */
export function nodeFlagsOf(script: 'start' | 'worker'): string[] {
  const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
  const entry = script === 'start' ? 'dist/src/server.js' : 'dist/src/cli/worker.js';
  const command = /(?:^|&&\s*)node\s+(.*?)\s*(\S+)$/.exec(scripts[script]!);
  if (command === null || command[2] !== entry) throw new Error(`package.json "${script}" does not end with node … ${entry}`);
  return command[1]!.split(/\s+/).filter(Boolean);
}
