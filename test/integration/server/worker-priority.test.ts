import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startChild, stopChild, type Child } from '../../support/processes.js';
import { hasPostgres } from '../../support/tools.js';

/**
 * `npm run worker` gives way to an app instance on the same machine (WORKER_NICE): every thread
 * of the worker process — its event loop, which loads records and stores documents, and the
 * threads it starts — runs at the lower priority. Linux only (nice values per thread in /proc).
 */

/** Nice values of a process's threads: /proc/<pid>/task/<tid>/stat, field 19. */
function threadNices(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

async function untilTaking(child: Child): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.output().includes('worker taking generation jobs')) return;
    if (child.process.exitCode !== null) throw new Error(`the worker exited: ${child.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the worker did not start: ${child.output().slice(-2000)}`);
}

describe.runIf(hasPostgres() && process.platform === 'linux')('a worker process runs at a lower priority (WORKER_NICE)', () => {
  let database: TestDatabase;
  const workers: Child[] = [];
  const start = async (env: Record<string, string>) => {
    const child = startChild('src/cli/worker.ts', {
      DATABASE_URL: database.url!, COOKIE_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'info', RENDER_THREADS: '1', RENDER_IDLE_MS: '0', ...env,
    });
    workers.push(child);
    await untilTaking(child);
    return child;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map(stopChild));
    await database?.close();
  }, 60_000);

  it('lowers every thread of the process to 10 by default, the render thread included', async () => {
    const child = await start({});
    const nices = threadNices(child.process.pid!);
    expect(nices[0]).toBe(10); // the first task is the process's own (event-loop) thread
    expect(nices.filter((n) => n !== 10)).toEqual([]);
    expect(nices.length).toBeGreaterThan(2);
  }, 120_000);

  it('keeps its priority with WORKER_NICE=0 (only the render thread gives way)', async () => {
    const child = await start({ WORKER_NICE: '0' });
    expect(threadNices(child.process.pid!)[0]).toBe(0);
    // The render thread (RENDER_NICE) lowers its own once it has started (RENDER_IDLE_MS=0: with the worker).
    let nices: number[] = [];
    for (let i = 0; i < 300 && !nices.includes(10); i++) {
      await new Promise((r) => setTimeout(r, 100));
      nices = threadNices(child.process.pid!);
    }
    expect(nices).toContain(10);
  }, 120_000);
});
