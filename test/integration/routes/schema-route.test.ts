import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';

/** The bundle's JSON Schema is public: served without sign-in, identical to the committed file. */

const committed = readFileSync(new URL('../../../docs/case-bundle.v1.json', import.meta.url), 'utf8');
let t: TestAppWithAuth;

beforeAll(async () => {
  // actor null: requests without credentials are anonymous, as in production.
  t = await createTestApp({}, { actor: null });
});
afterAll(async () => t.close());

describe('GET /schemas/case-bundle.v1.json', () => {
  it('answers anonymous callers with the committed schema, as JSON Schema', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/schemas/case-bundle.v1.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/schema+json; charset=utf-8');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body).toBe(committed);
    expect(res.json()).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'Case bundle v1' });
  });

  it('ignores credentials that are wrong (it never looks at them) and answers HEAD', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/schemas/case-bundle.v1.json', headers: { authorization: 'Bearer not-a-key' } });
    expect(res.statusCode).toBe(200);
    const head = await t.app.inject({ method: 'HEAD', url: '/schemas/case-bundle.v1.json' });
    expect(head.statusCode).toBe(200);
  });

  it('stays out of the API description (a document, not an operation), which itself stays signed-in only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(401);
    const api = await t.app.inject({ method: 'GET', url: '/openapi.json', headers: await t.authenticate('staff') });
    expect(api.statusCode).toBe(200);
    expect(Object.keys(api.json<{ paths: object }>().paths)).not.toContain('/schemas/case-bundle.v1.json');
  });
});
