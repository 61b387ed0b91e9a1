import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeEnvOf, nodeFlagsOf } from '../../../scripts/node-flags.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const read = (file: string) => readFileSync(`${ROOT}${file}`, 'utf8');

/** The JSON array of a Dockerfile CMD or compose `command:` line that runs `entry`. */
function commandRunning(text: string, entry: string): string[] {
  const line = text.split('\n').find((l) => /^\s*(CMD|command:)\s*\[/.test(l) && l.includes(entry));
  if (line === undefined) throw new Error(`no command runs ${entry}`);
  return JSON.parse(line.slice(line.indexOf('['))) as string[];
}

describe('the node flags the service runs with, wherever it is started', () => {
  it('npm start and npm run worker cap the event loop\'s young generation and its heap (README "Configuration")', () => {
    expect(nodeFlagsOf('start')).toEqual(['--max-semi-space-size=4', '--max-old-space-size=1024', '--heap-growing-percent=40']);
    expect(nodeFlagsOf('worker')).toEqual(['--max-semi-space-size=4', '--max-old-space-size=1024', '--heap-growing-percent=40']);
  });

  it('this node accepts them: a V8 flag it does not know (--heap-growing-percent is V8\'s own) would stop the service at its start', () => {
    for (const script of ['start', 'worker'] as const) {
      const run = spawnSync(process.execPath, [...nodeFlagsOf(script), '-e', 'process.stdout.write("started")'], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('started');
    }
  });

  it('npm start, npm run worker and the image (the app and the workers of the compose file) give glibc two malloc arenas and a fixed mmap threshold', () => {
    const glibc = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };
    expect(nodeEnvOf('start')).toEqual(glibc);
    expect(nodeEnvOf('worker')).toEqual(glibc);
    expect(read('Dockerfile')).toMatch(/^ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072$/m);
    expect(read('docker-compose.yml')).not.toMatch(/MALLOC_/);
  });

  it('the image and the compose file run the app and the workers with the same flags as npm', () => {
    expect(commandRunning(read('Dockerfile'), 'dist/src/server.js')).toEqual(['node', ...nodeFlagsOf('start'), 'dist/src/server.js']);
    expect(commandRunning(read('docker-compose.yml'), 'dist/src/cli/worker.js')).toEqual(['node', ...nodeFlagsOf('worker'), 'dist/src/cli/worker.js']);
  });
});
