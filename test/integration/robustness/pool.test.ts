import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { openDatabase, type DatabaseHandle } from '../../../src/db/database.js';
import { isUnavailable } from '../../../src/http/error-handler.js';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase } from '../../support/database.js';

/**
 * The node-postgres pool waits a bounded time for a connection: with every connection busy, a
 * request gets 503 and Retry-After instead of queueing forever; statements have a timeout.
 * Against the real PostgreSQL only (TEST_DATABASE_URL): PGlite is one in-process connection.
 */

const url = process.env.TEST_DATABASE_URL;

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

describe.skipIf(!url)('a busy pool on the real PostgreSQL', () => {
  let base: Awaited<ReturnType<typeof createTestDatabase>>;
  let small: DatabaseHandle;
  let app: FastifyInstance;

  beforeAll(async () => {
    base = await createTestDatabase();
    const schema = base.label.replace(/^postgres:/, '');
    small = await openDatabase({ url, schema, poolMax: 2, connectionTimeoutMillis: 400, statementTimeoutMillis: 1500 });
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
    // Hold both connections with statements that sleep (under the statement timeout).
    const held = [sql`select pg_sleep(1.2)`.execute(small.db), sql`select pg_sleep(1.2)`.execute(small.db)];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const busy = await app.inject({ method: 'GET', url: '/api/v1/incidents' });
    expect(busy.statusCode, busy.body).toBe(503);
    expect(busy.headers['retry-after']).toBeDefined();
    expect((busy.json() as { message: string }).message).toMatch(/retry/i);
    expect(busy.body).not.toMatch(/timeout exceeded|pg-pool|at .*:\d+:\d+/);
    await Promise.all(held);
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
