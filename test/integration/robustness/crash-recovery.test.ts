import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { insertApiKey } from '../../../src/auth/api-keys.repository.js';
import { loadConfig } from '../../../src/config/config.js';
import { smallBundle } from '../../support/bundles.js';
import { countRows, createTestDatabase, type TestDatabase } from '../../support/database.js';
import { hasPostgres } from '../../support/tools.js';
import { freePort } from '../../../bench/numbers.js';

/**
 * Issue 18, point 7: kill -9 during an import with an Idempotency-Key. The service runs as a
 * child process on PostgreSQL; the test holds a table lock so that the import is stuck after its
 * claim was committed, then kills the child with SIGKILL. The claim's lease is no longer renewed,
 * so the first retry (which waits up to 5 s for a running duplicate) takes the claim over and
 * imports — once — instead of answering 409 until a two-minute lease ran out.
 */

const LEASE_MS = 2000;
let database: TestDatabase;
let child: ChildProcess | undefined;


/** Resolves when the child's log says it listens (the signal, not a sleep). */
function listening(proc: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Server listening')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`the service exited (${code}) before listening: ${out.slice(-500)}`)));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`never saw: ${what}`);
}

describe.runIf(hasPostgres())('kill -9 during an import with an Idempotency-Key', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await database?.close();
  });

  it('the claim is released within a lease: the first retry imports, once', async () => {
    const { key } = await insertApiKey(database.db, { name: 'crash-importer', scopes: ['records:write', 'records:read', 'identities:read'], createdBy: 'test' });
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: {
        ...process.env, DATABASE_URL: database.url!, COOKIE_SECRET: randomBytes(32).toString('hex'), PORT: String(port),
        HOST: '127.0.0.1', DEMO_DATA: 'off', RENDER_THREADS: '0', LOG_LEVEL: 'info', IDEMPOTENCY_LEASE_MS: String(LEASE_MS),
        ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await listening(child);

    // Hold the import after its claim: lock the tables it writes.
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table countries, persons, sources, incidents in access exclusive mode');

    const bundle = smallBundle();
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': 'crash-1' };
    const first = fetch(`http://127.0.0.1:${port}/api/v1/bundles`, { method: 'POST', headers, body: JSON.stringify(bundle) }).catch((e: unknown) => e);
    await waitFor('the claim, and the import waiting on the lock', async () => {
      const claim = await blocker.query(`select 1 from idempotency_keys where key = 'crash-1' and state = 'running'`);
      const waiting = await blocker.query(`select 1 from pg_locks where not granted`);
      return claim.rowCount === 1 && (waiting.rowCount ?? 0) > 0;
    });
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    expect(await first).toBeInstanceOf(Error); // the client never heard an answer
    await blocker.query('rollback');
    await blocker.end();
    const before = await countRows(database);

    // Another instance on the same database, with the same key: the retry.
    const app = await buildApp({ config: loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '0' }), database });
    try {
      const retry = await app.inject({ method: 'POST', url: '/api/v1/bundles', headers: { authorization: headers.authorization, 'idempotency-key': 'crash-1' }, payload: bundle });
      const recoveredMs = Date.now() - killedAt;
      expect(retry.statusCode, retry.body).toBe(201);
      console.info(`claim released and the retry answered ${recoveredMs} ms after kill -9 (lease ${LEASE_MS} ms)`);
      const after = await countRows(database);
      expect(after.incidents).toBe(before.incidents! + bundle.incidents.length);
      const replay = await app.inject({ method: 'POST', url: '/api/v1/bundles', headers: { authorization: headers.authorization, 'idempotency-key': 'crash-1' }, payload: bundle });
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(await countRows(database)).toEqual(after);
    } finally {
      await app.close();
    }
  });

  it('a live claim is renewed by its heartbeat: another instance does not take it over after one lease', async () => {
    const { key } = await insertApiKey(database.db, { name: 'slow-importer', scopes: ['records:write', 'records:read', 'identities:read'], createdBy: 'test' });
    const config = loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '0', IDEMPOTENCY_LEASE_MS: '1000' });
    const a = await buildApp({ config, database });
    const b = await buildApp({ config, database });
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      // Only what the import writes in its transaction: its checks before it read persons (keys,
      // mentions), and a read held past the statement timeout would be a 503, not the wait tested.
      await blocker.query('lock table incidents in access exclusive mode');
      const bundle = smallBundle();
      bundle.country = { code: 'UZ', name: 'Uzbekistan' };
      const headers = { authorization: `Bearer ${key}`, 'idempotency-key': 'slow-1' };
      const first = a.inject({ method: 'POST', url: '/api/v1/bundles', headers, payload: bundle });
      await waitFor('the claim', async () => (await blocker.query(`select 1 from idempotency_keys where key = 'slow-1'`)).rowCount === 1);
      // B waits 5 s (five leases) for the running duplicate, and is told to come back.
      const duplicate = await b.inject({ method: 'POST', url: '/api/v1/bundles', headers, payload: bundle });
      expect(duplicate.statusCode, duplicate.body).toBe(409);
      await blocker.query('rollback');
      const done = await first;
      expect(done.statusCode, done.body).toBe(201);
      const replay = await b.inject({ method: 'POST', url: '/api/v1/bundles', headers, payload: bundle });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
    } finally {
      await blocker.end();
      await a.close();
      await b.close();
    }
  });
});
