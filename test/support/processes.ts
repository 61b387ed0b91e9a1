import { spawn, type ChildProcess } from 'node:child_process';
/** A free port for a child process (the bench's helper). */
export { freePort } from '../../bench/numbers.js';

/** The service's processes (the app, `npm run worker`) started as children, as deployed. */

const ROOT = new URL('../..', import.meta.url).pathname;

export interface Child {
  process: ChildProcess;
  /** What it wrote (stdout and stderr), for a failure's message. */
  output(): string;
  /** Waits for it to exit (after a signal). */
  exited: Promise<number | null>;
}

/** node with tsx's loader: one process per child (npx and the tsx CLI would add two more). */
export function startChild(script: string, env: Record<string, string>, nodeFlags: readonly string[] = []): Child {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => { out = (out + String(d)).slice(-20_000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => out, exited };
}


/** Until GET /ready answers 200 (or the child exits, or `ms` pass). */
export async function waitReady(base: string, child: Child, ms = 120_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`${base} exited: ${child.output().slice(-3000)}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > ms) throw new Error(`${base} not ready after ${ms} ms: ${child.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Stops a child with SIGTERM and waits for it. */
export async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  await child.exited;
}
