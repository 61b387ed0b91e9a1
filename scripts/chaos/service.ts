import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from './pg-cluster.js';

/**
 * The service as production runs it: its own process (`node --import tsx src/server.ts`), on a
 * free port, configured through the environment. Its log goes to a file.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningService {
  baseUrl: string;
  process: ChildProcess;
  /** Resolves when the process has exited: its code, signal and when. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  isRunning(): boolean;
  /** Sends SIGTERM; resolves with the milliseconds until the process had exited. */
  terminate(): Promise<{ code: number | null; ms: number }>;
  kill(): void;
}

export async function startService(env: Record<string, string>, logFile: string): Promise<RunningService> {
  const port = await freePort();
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', DEMO_DATA: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal, at: Date.now() });
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (!running) throw new Error(`the service exited during start-up; see ${logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not become ready within 120 s; see ${logFile}`);
    }
    try {
      const res = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    baseUrl,
    process: child,
    exited,
    isRunning: () => running,
    async terminate() {
      const sent = Date.now();
      child.kill('SIGTERM');
      const { code, at } = await exited;
      return { code, ms: at - sent };
    },
    kill() {
      if (running) child.kill('SIGKILL');
    },
  };
}
