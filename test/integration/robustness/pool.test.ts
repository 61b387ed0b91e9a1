import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { openDatabase, type DatabaseHandle } from '../../../src/db/database.js';
import { isUnavailable } from '../../../src/http/error-handler.js';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { hasPostgres } from '../../support/tools.js';

/**
 * The node-postgres pool waits a bounded time for a connection: with every connection busy, a
 * request gets 503 and Retry-After instead of queueing forever; statements have a timeout.
 * Against the real PostgreSQL only (TEST_DATABASE_URL): PGlite is one in-process connection.
 */

describe('database connection bounds (defaults)', () => {
  it('the service waits at most 2 s for a connection and 30 s for a statement unless configured otherwise', () => {
    const config = loadConfig({});
    expect(config.DB_CONNECTION_TIMEOUT_MS).toBeLessThanOrEqual(2000);
    expect(config.DB_STATEMENT_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
  });

  it('maps pool timeouts, refused and dropped connections, shutdowns and cancelled statements to "unavailable"', () => {
    const coded = (code: string) => Object.assign(new Error('x'), { code });
    for (const err of [
      new Error('timeout exceeded when trying to connect'), new Error('Connection terminated unexpectedly'),
      coded('ECONNREFUSED'), coded('57P01'), coded('57014'), coded('53300'), coded('08006'),
    ]) expect(isUnavailable(err), err.message).toBe(true);
    for (const err of [coded('23505'), coded('22P02'), new Error('syntax error')]) expect(isUnavailable(err)).toBe(false);
  });
});

describe.runIf(hasPostgres())('a busy pool on the real PostgreSQL', () => {
  let base: TestDatabase;
  let small: DatabaseHandle;
  let app: FastifyInstance;

  beforeAll(async () => {
    base = await createTestDatabase();
    small = await openDatabase({ url: base.url, poolMax: 2, connectionTimeoutMillis: 400, statementTimeoutMillis: 1500 });
    const config = loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '0' });
    app = await buildApp({ config, database: small, auth: { testActor: { kind: 'user', id: 0, name: 'test-staff', role: 'staff' } } });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await small?.close();
    await base?.close();
  });

  it('answers 503 with Retry-After while every connection is held, and serves again once they are free', async () => {
    // Hold both connections with statements that wait for a lock this test holds on a third one.
    const LOCK = 424_242;
    const holder = new pg.Client({ connectionString: base.url });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [LOCK]);
      const held = [0, 1].map(() => sql`select pg_advisory_xact_lock(${LOCK})`.execute(small.db));
      // Both connections are taken once both statements wait on the lock.
      await vi.waitFor(async () => {
        const { rows } = await holder.query<{ n: string }>(
          "select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'select pg_advisory_xact_lock%'");
        expect(Number(rows[0]?.n)).toBe(2);
      }, { timeout: 1000, interval: 10 });
      const busy = await app.inject({ method: 'GET', url: '/api/v1/incidents' });
      expect(busy.statusCode, busy.body).toBe(503);
      expect(busy.headers['retry-after']).toBeDefined();
      expect((busy.json() as { message: string }).message).toMatch(/retry/i);
      expect(busy.body).not.toMatch(/timeout exceeded|pg-pool|at .*:\d+:\d+/);
      await holder.query('select pg_advisory_unlock($1)', [LOCK]);
      await Promise.all(held);
    } finally {
      await holder.end();
    }
    const free = await app.inject({ method: 'GET', url: '/api/v1/incidents' });
    expect(free.statusCode).toBe(200);
  });

  it('sets statement_timeout on every connection, so a stuck statement is cancelled (and that is "unavailable")', async () => {
    const shown = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(small.db);
    expect(shown.rows[0]?.statement_timeout).toBe('1500ms');
    const stuck = await sql`select pg_sleep(5)`.execute(small.db).then(() => null, (err: unknown) => err);
    expect((stuck as { code?: string }).code).toBe('57014');
    expect(isUnavailable(stuck)).toBe(true);
  });
});
