import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../bench/numbers.js';

/**
 * The service in a child process, as it runs in production (real signals, real sockets), with its
 * JSON log collected line by line so that a test can wait for what the service says instead of
 * sleeping.
 */


export type LogLine = Record<string, unknown> & { msg?: string; level?: number; res?: { statusCode?: number } };

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  /** Every JSON line of its stdout so far. */
  lines: LogLine[];
  /** Its stdout lines that were not JSON, and all of its stderr. */
  otherOutput: () => string;
  /** Resolves when `times` lines match (at once if they already did). */
  logged: (match: (line: LogLine) => boolean, times?: number) => Promise<void>;
  /** Its exit code (null: killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts `entry` (default src/server.ts) with `env` added to this process's environment. */
export async function startServiceProcess(env: NodeJS.ProcessEnv, entry = 'src/server.ts'): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let other = '';
  let buffered = '';
  const waiting: Array<{ match: (line: LogLine) => boolean; times: number; wake: () => void }> = [];
  const count = (match: (line: LogLine) => boolean) => lines.filter(match).length;
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        lines.push(JSON.parse(text) as LogLine);
        if (process.env.DEBUG_SERVICE) process.stderr.write(`[service] ${text.slice(0, 400)}\n`);
      } catch {
        other += `${text}\n`;
        continue;
      }
      for (const w of [...waiting]) {
        if (count(w.match) >= w.times) {
          waiting.splice(waiting.indexOf(w), 1);
          w.wake();
        }
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => { other += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logged = (match: (line: LogLine) => boolean, times = 1) => new Promise<void>((resolve, reject) => {
    if (count(match) >= times) return resolve();
    waiting.push({ match, times, wake: resolve });
    void exited.then((code) => reject(new Error(`the service exited (${code}) before logging what was awaited: ${other.slice(-800)}`)));
  });
  const service: ServiceProcess = { child, port, lines, otherOutput: () => other, logged, exited };
  await logged((l) => String(l.msg).startsWith('Server listening'));
  return service;
}
