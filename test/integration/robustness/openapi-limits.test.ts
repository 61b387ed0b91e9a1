import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';

/**
 * Every place an API client can type text has a stated limit: in the published OpenAPI
 * document, each string of every path parameter, query parameter, header and request body of
 * the JSON API (/api/…) has a maxLength (or is one of a fixed set of values), and each list a
 * maxItems. The limits are enforced too: a value one character over a limit is refused.
 */

interface Schema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  maxLength?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}
interface Operation {
  parameters?: Array<{ in: string; name: string; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}

let t: TestApp;
let paths: Record<string, Record<string, Operation>>;

beforeAll(async () => {
  t = await createTestApp();
  paths = ((await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: typeof paths }).paths;
});
afterAll(async () => t?.close());

function unbounded(schema: Schema, where: string, out: string[]): string[] {
  if (schema.enum || schema.const !== undefined) return out;
  if (schema.type === 'string' && schema.maxLength === undefined) out.push(`${where}: string without maxLength`);
  if (schema.type === 'array' && schema.maxItems === undefined) out.push(`${where}: list without maxItems`);
  for (const [name, sub] of Object.entries(schema.properties ?? {})) unbounded(sub, `${where}/${name}`, out);
  if (schema.items) unbounded(schema.items, `${where}/[]`, out);
  for (const sub of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) unbounded(sub, where, out);
  return out;
}

describe('text limits in the OpenAPI document', () => {
  it('every string a client sends has a maxLength and every list a maxItems', () => {
    const found: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(operations)) {
        const id = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? []) {
          checked++;
          unbounded(p.schema, `${id} ${p.in} ${p.name}`, found);
        }
        for (const [type, content] of Object.entries(op.requestBody?.content ?? {})) {
          checked++;
          unbounded(content.schema, `${id} body (${type})`, found);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });

  it('the limits are enforced: one character over is refused with a problem at that field', async () => {
    const over = await t.app.inject({
      method: 'POST', url: '/api/v1/persons',
      payload: { key: 'p-long', kind: 'individual', name: 'x'.repeat(301), pseudonym: 'P', consent: {} },
    });
    expect(over.statusCode).toBe(422);
    expect((over.json() as { problems: Array<{ path: string }> }).problems.map((p) => p.path)).toContain('/name');

    const longKey = await t.app.inject({ method: 'GET', url: `/api/v1/persons/${'k'.repeat(81)}` });
    expect(longKey.statusCode).toBe(400);

    const longQuery = await t.app.inject({ method: 'GET', url: `/api/v1/incidents?q=${'q'.repeat(201)}` });
    expect(longQuery.statusCode).toBe(400);
    expect((longQuery.json() as { problems: Array<{ path: string }> }).problems[0]?.path).toBe('/q');
  });
});
