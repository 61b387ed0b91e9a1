import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database.js';
import { DatabaseInUseError } from '../../../src/db/pglite-lock.js';
import { freePort } from '../../../bench/numbers.js';

/**
 * Issue 18, point 7: the embedded database's folder is locked. While the service runs, a second
 * process (`npm run api-key`, another service) stops with one clear line naming the PID; after the
 * service is killed with SIGKILL, the stale lock is taken over.
 */

const run = promisify(execFile);
const dirs: string[] = [];
let service: ChildProcess | undefined;
afterAll(() => {
  service?.kill('SIGKILL');
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});


const env = (dataDir: string, extra: Record<string, string> = {}) => {
  const base: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DEMO_DATA: 'off', RENDER_THREADS: '0', LOG_LEVEL: 'info', ...extra };
  delete base.DATABASE_URL;
  delete base.COOKIE_SECRET;
  return base;
};

const apiKey = (dataDir: string) => run(process.execPath, ['--import', 'tsx', 'src/cli/create-api-key.ts', '--name', 'lock-test', '--scope', 'records:read'], { env: env(dataDir) })
  .then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }), (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }));

describe('the embedded database folder lock', () => {
  it('refuses a second process in one clear line while the service runs, and is taken over after kill -9', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'advocacy-lock-'));
    dirs.push(dataDir);
    service = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: env(dataDir, { PORT: String(await freePort()), HOST: '127.0.0.1' }), stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      service!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Server listening')) resolve();
      });
      service!.once('exit', (code) => reject(new Error(`the service exited (${code}): ${out.slice(-500)}`)));
    });

    const refused = await apiKey(dataDir);
    expect(refused.code).toBe(2); // the tool's exit code for a refusal
    expect(refused.stdout).toBe(''); // no key printed that would vanish
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`the embedded database is in use by PID ${service.pid}; stop it or use DATABASE_URL`);

    // In-process too (a second service, the bench): a typed error.
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DatabaseInUseError);

    service.kill('SIGKILL');
    await new Promise((resolve) => service!.once('exit', resolve));
    const created = await apiKey(dataDir);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^adk_/);

    // The tool released the folder when it finished: the key is there for the next opener.
    const reopened = await openDatabase({ dataDir });
    try {
      const keys = await reopened.db.selectFrom('api_keys').select('name').execute();
      expect(keys.map((k) => k.name)).toEqual(['lock-test']);
    } finally {
      await reopened.close();
    }
  });
});
