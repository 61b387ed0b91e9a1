import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { loadEnvFile } from '../../../src/config/env-file.js';
import { freePort } from '../../../bench/numbers.js';

/** `.env` is read at start, and the environment wins over it (README, Configuration). */

const dir = mkdtempSync(join(tmpdir(), 'env-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeEnv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadEnvFile', () => {
  it('adds the variables of the file that the environment does not set, and returns their names', () => {
    const path = writeEnv('a.env', '# comment\nPORT=4321\nHOST=0.0.0.0\nLOG_LEVEL="warn"\nDEMO_DATA=off # trailing comment\n');
    const env: NodeJS.ProcessEnv = { HOST: '127.0.0.2' };
    expect(loadEnvFile(path, env).sort()).toEqual(['DEMO_DATA', 'LOG_LEVEL', 'PORT']);
    expect(env).toEqual({ PORT: '4321', HOST: '127.0.0.2', LOG_LEVEL: 'warn', DEMO_DATA: 'off' });
    expect(loadConfig(env)).toMatchObject({ PORT: 4321, HOST: '127.0.0.2', LOG_LEVEL: 'warn', DEMO_DATA: 'off' });
  });

  it('keeps a variable the environment sets to an empty string (set is set, as with node --env-file)', () => {
    const path = writeEnv('b.env', 'DATABASE_URL=postgres://file/db\n');
    const env: NodeJS.ProcessEnv = { DATABASE_URL: '' };
    expect(loadEnvFile(path, env)).toEqual([]);
    expect(loadConfig(env).DATABASE_URL).toBeUndefined();
  });

  it('does nothing without a file', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(join(dir, 'missing.env'), env)).toEqual([]);
    expect(env).toEqual({});
  });
});


describe('the service started as `npm start` starts it', () => {
  it('listens on the PORT of .env in its working directory, and the environment wins for LOG_LEVEL', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const work = mkdtempSync(join(dir, 'start-'));
    // LOG_LEVEL=silent in the file would hide the start-up line; the environment's info must win.
    writeFileSync(join(work, '.env'), `PORT=${port}\nHOST=127.0.0.1\nLOG_LEVEL=silent\nDEMO_DATA=off\nDATA_DIR=${join(work, 'data')}\nADMIN_PASSWORD=env file test password\n`);
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info' };
    for (const name of ['PORT', 'HOST', 'DATABASE_URL', 'DATA_DIR', 'DEMO_DATA', 'ADMIN_PASSWORD', 'RENDER_THREADS']) delete env[name];
    env.RENDER_THREADS = '0';
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src/server.ts')], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const listening = await new Promise<boolean>((resolve) => {
        const deadline = Date.now() + 150_000;
        const poll = setInterval(() => {
          if (output.includes(`Open http://127.0.0.1:${port}/`)) { clearInterval(poll); resolve(true); }
          else if (child.exitCode !== null || Date.now() > deadline) { clearInterval(poll); resolve(false); }
        }, 200);
      });
      expect(listening, output).toBe(true);
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(200);
      expect(output).toMatch(/"variables":\[[^\]]*"PORT"/);
      expect(output).not.toMatch(/"variables":\[[^\]]*"LOG_LEVEL"/);
      // The log names the variables read from the file, never their values.
      expect(output).not.toContain('env file test password');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
