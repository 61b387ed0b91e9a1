import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { installIdempotency, requestHash } from '../../../../src/http/idempotency/idempotency.plugin.js';

/**
 * What the Idempotency-Key plugin decides before it touches the database: the request fingerprint,
 * which routes and requests take part, and the key's shape. The claim/replay/take-over paths need
 * the database: test/integration/robustness/idempotency.test.ts and transactions.test.ts.
 */

describe('requestHash: the fingerprint of a request body', () => {
  it('is the same for the same body whatever the key order, at every depth', () => {
    expect(requestHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(requestHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
  });

  it('differs when a value, an array order, a type or a nesting differs', () => {
    const base = requestHash({ a: [1, 2] });
    for (const other of [{ a: [2, 1] }, { a: ['1', 2] }, { a: [1, 2, null] }, { a: { 0: 1, 1: 2 } }, { b: [1, 2] }, [{ a: [1, 2] }]]) {
      expect(requestHash(other), JSON.stringify(other)).not.toBe(base);
    }
  });

  it('hashes an absent body and null alike, and is a sha256 hex digest', () => {
    expect(requestHash(undefined)).toBe(requestHash(null));
    expect(requestHash({ x: 'é' })).toMatch(/^[0-9a-f]{64}$/);
  });
});

/** A database that fails the test if the plugin reaches it. */
const untouchable = new Proxy({}, {
  get: (_target, property) => {
    throw new Error(`the database was used (${String(property)})`);
  },
}) as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

async function appWith(routes: string[]): Promise<FastifyInstance> {
  app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installIdempotency(app, untouchable, { routes });
  const seen = (request: { idempotency: unknown }) => ({ claimed: request.idempotency !== null });
  app.post('/covered', async (request) => seen(request));
  app.post('/other', async (request) => seen(request));
  await app.ready();
  return app;
}

describe('which requests take part, before any database work', () => {
  it('leaves a request without the header alone', async () => {
    const res = await (await appWith(['POST /covered'])).inject({ method: 'POST', url: '/covered', payload: { a: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ claimed: false });
  });

  it('ignores the header on a route that does not honour it', async () => {
    const res = await (await appWith(['POST /covered'])).inject({ method: 'POST', url: '/other', headers: { 'idempotency-key': 'k-1' }, payload: { a: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ claimed: false });
  });

  it('refuses a key that is not 1–255 visible ASCII characters with a 400, without claiming it', async () => {
    const a = await appWith(['POST /covered']);
    for (const key of ['has space', 'x'.repeat(256), 'ключ']) {
      const res = await a.inject({ method: 'POST', url: '/covered', headers: { 'idempotency-key': key }, payload: { a: 1 } });
      expect(res.statusCode, key).toBe(400);
      expect(res.body).not.toContain('the database was used');
    }
  });
});
