import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApiKey } from '../../../src/auth/api-keys.repository.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { hasPostgres } from '../../support/tools.js';

/**
 * Issue 18, point 8: SIGTERM with PDF renders in flight, half of whose clients have disconnected.
 * The service stops accepting, lets the handlers finish (the disconnected ones' renders are
 * cancelled when still queued or running), then closes the render threads and the pool: no 5xx
 * and no error in its log, every client still connected gets its 201, and it exits 0.
 */

let database: TestDatabase;
let child: ChildProcess | undefined;

const freePort = () => new Promise<number>((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});

describe.runIf(hasPostgres())('a clean shutdown with disconnecting clients', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    await loadDemoData(database.db);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await database?.close();
  });

  it('finishes or cancels every in-flight render before closing threads and pool; no 5xx; exit 0', async () => {
    const { key } = await insertApiKey(database.db, { name: 'shutdown-client', scopes: ['documents:generate', 'records:read'], createdBy: 'test' });
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: {
        ...process.env, DATABASE_URL: database.url!, COOKIE_SECRET: randomBytes(32).toString('hex'), PORT: String(port), HOST: '127.0.0.1',
        DEMO_DATA: 'off', RENDER_THREADS: '2', LOG_LEVEL: 'info', GENERATE_RATE_LIMIT_PER_MINUTE: '1000', SHUTDOWN_GRACE_MS: '30000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    let stderr = '';
    const waiting: Array<{ text: string; times: number; wake: () => void }> = [];
    const countOf = (text: string) => lines.filter((l) => JSON.stringify(l).includes(text)).length;
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          lines.push(JSON.parse(line));
        } catch {
          continue;
        }
        for (const w of [...waiting]) {
          if (countOf(w.text) >= w.times) {
            waiting.splice(waiting.indexOf(w), 1);
            w.wake();
          }
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    /** Resolves when the service's log has shown `text` `times` times (the signal, not a sleep). */
    const logged = (text: string, times = 1) => new Promise<void>((resolve) => {
      if (countOf(text) >= times) resolve();
      else waiting.push({ text, times, wake: resolve });
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    await logged('Server listening');

    const N = 8;
    const body = JSON.stringify({ kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } });
    const clients: ClientRequest[] = [];
    const answers = Array.from({ length: N }, (_, i) => new Promise<number | 'disconnected'>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1', port, method: 'POST', path: '/api/v1/documents',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve('disconnected'));
      req.end(body);
      clients[i] = req;
    }));
    // Every request has reached the service (Fastify's "incoming request" line for each).
    await logged('"route":"/api/v1/documents"', N);
    // The clients whose renders are queued last go away; then the service is told to stop. Those
    // still connected finish first, so their connections no longer hold the server open while the
    // others' renders wait in the queue.
    for (let i = N / 2; i < N; i++) clients[i]!.destroy();
    child.kill('SIGTERM');
    const code = await exited;
    const results = await Promise.all(answers);

    const statusOf = (l: Record<string, unknown>) => (l.res as { statusCode?: number } | undefined)?.statusCode ?? 0;
    const serverFaults = lines.filter((l) => (typeof l.level === 'number' && l.level >= 50) || statusOf(l) >= 500);
    expect(serverFaults, JSON.stringify(serverFaults.slice(0, 3))).toEqual([]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (let i = 0; i < N / 2; i++) expect(results[i], `client ${i} stayed connected`).toBe(201);
    expect(lines.some((l) => l.msg === 'shut down')).toBe(true);
    // Nothing was left running when the grace period ended: the cancelled renders finished too.
    expect(lines.filter((l) => String(l.msg).includes('grace period over'))).toEqual([]);
    const stored = Number((await database.db.selectFrom('documents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(stored).toBeGreaterThanOrEqual(N / 2);
    console.info(`shutdown: ${N / 2} clients disconnected, ${N - stored} of their renders cancelled, ${N / 2} answered 201; shut down in ${String(lines.find((l) => l.msg === 'shut down')?.ms)} ms`);
  });
});
