import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('starting the service with a bad configuration', () => {
  it('stops with one clear line naming the variable, and no stack trace', async () => {
    // node with tsx's loader: one process (npx and the tsx CLI would add two more).
    const result = await run(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: '' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration — PORT: /);
    expect(result.stderr).not.toMatch(/\s+at\s/);
  });
});
