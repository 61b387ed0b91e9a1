import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { countRows } from '../../support/database.js';
import { type callApi, useSeededApi } from './records-fixture.js';

let t: TestApp;
let api: ReturnType<typeof callApi>;
useSeededApi((app, call) => { t = app; api = call; });

const person = { key: 'p-http', kind: 'individual', name: 'Http Person', pseudonym: 'H', consent: {} };

/** A raw request: the body is sent as given, with the given content type. */
const raw = (method: 'POST' | 'PUT', url: string, contentType: string | undefined, payload: string) =>
  t.app.inject({ method, url: `/api/v1${url}`, payload, headers: contentType ? { 'content-type': contentType } : {} });

describe('client mistakes in the request itself are 4xx with a message, never 500', () => {
  it('415 for text/plain, on create and on replace', async () => {
    const before = await countRows(t.database);
    for (const [method, url] of [['POST', '/persons'], ['PUT', '/persons/p-asel']] as const) {
      const res = await raw(method, url, 'text/plain', JSON.stringify(person));
      expect(res.statusCode).toBe(415);
      expect(res.json().message).toMatch(/content type.*application\/json/i);
    }
    expect(await countRows(t.database)).toEqual(before);
  });

  it('415 for a form post', async () => {
    const res = await raw('POST', '/organisations', 'application/x-www-form-urlencoded', 'key=org-form&name=Form');
    expect(res.statusCode).toBe(415);
  });

  it('400 for malformed JSON, saying so', async () => {
    const res = await raw('POST', '/incidents', 'application/json', '{"key": "kz-x", "title": ');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/not valid JSON/);
  });

  it('400 for an empty JSON body', async () => {
    const res = await raw('PUT', '/persons/p-asel', 'application/json', '');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/empty/);
  });

  it('413 for a body over 1 MB, and nothing written', async () => {
    const before = await countRows(t.database);
    const res = await raw('POST', '/persons', 'application/json', JSON.stringify({ ...person, affiliation: 'x'.repeat(1024 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/larger than the limit/);
    expect(await countRows(t.database)).toEqual(before);
  });

  it('a large body under 1 MB is read, and judged by the schema (422)', async () => {
    const res = await api('POST', '/incidents', {
      key: 'kz-long', country: { code: 'KZ' }, title: 'T', date: '2018-01-01', dateAccuracy: 'exact', location: { place: 'P' },
      rights: ['other'], summary: 'x'.repeat(500_000), status: 'ongoing',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([{ path: '/summary', message: expect.stringMatching(/10000/) }]);
  });

  it('422 for unknown fields, each named', async () => {
    const res = await api('POST', '/persons', { ...person, nickname: 'x', consent: { gdpr: true } });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual(expect.arrayContaining([
      { path: '/nickname', message: "unknown field 'nickname'" },
      { path: '/consent/gdpr', message: "unknown field 'gdpr'" },
    ]));
  });

  it('422 for JSON that is not an object (null, a string, a number)', async () => {
    for (const body of ['null', '"person"', '42']) {
      const res = await raw('POST', '/persons', 'application/json', body);
      expect(res.statusCode, body).toBe(422);
    }
  });

  it('422 pointing at text with a NUL character, which the database cannot store', async () => {
    const before = await countRows(t.database);
    const res = await api('POST', '/persons', { ...person, name: 'Nul\u0000Name', consent: {}, occupation: 'ok' });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([{ path: '/name', message: expect.stringMatching(/NUL/) }]);
    const nested = await api('PUT', '/incidents/kz-jan-fine', { perpetrators: [{ description: 'x\u0000' }] });
    expect(nested.json().problems).toEqual([{ path: '/perpetrators/0/description', message: expect.stringMatching(/NUL/) }]);
    expect(await countRows(t.database)).toEqual(before);
  });

  it('400 for a search text with a NUL character', async () => {
    for (const url of ['/persons?q=a%00b', '/incidents?q=%00', '/sources?q=%00', '/organisations?q=%00']) {
      const res = await api('GET', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().problems).toEqual([{ path: '/q', message: expect.stringMatching(/NUL/) }]);
    }
  });

  it('422 naming the field, not 500, for a date the database cannot hold (year 0)', async () => {
    const before = await countRows(t.database);
    const res = await api('POST', '/sources', { key: 's-year-zero', type: 'media', title: 'T', reliability: 'A', date: '0000-01-01' });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().problems).toEqual([{ path: '/date', message: expect.stringMatching(/real date/) }]);
    expect(await countRows(t.database)).toEqual(before);
    const list = await api('GET', '/incidents?from=0000-01-01');
    expect(list.statusCode).toBe(400);
    expect(list.json().problems).toEqual([{ path: '/from', message: expect.stringMatching(/year 1000 or later/) }]);
  });

  it('422, not 500, when the body is missing altogether', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/sources' });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([{ path: '', message: expect.stringMatching(/object/) }]);
  });
});

describe('OpenAPI and the docs page', () => {
  const routes: Array<[string, string[]]> = ['incidents', 'persons', 'sources', 'organisations', 'recommendations'].flatMap(
    (c): Array<[string, string[]]> => [[`/api/v1/${c}`, ['get', 'post']], [`/api/v1/${c}/{key}`, ['delete', 'get', 'put']]],
  );

  it('/openapi.json documents every record route with a success response', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const [path, methods] of routes) {
      expect(Object.keys(doc.paths[path] ?? {}).sort(), path).toEqual(methods);
      for (const method of methods) {
        const op = doc.paths[path][method];
        const success = Object.keys(op.responses).filter((code) => code.startsWith('2'));
        expect(success, `${method} ${path}`).toHaveLength(1);
        if (success[0] !== '204') expect(op.responses[success[0]!].content['application/json'].schema, `${method} ${path}`).toBeDefined();
        if (path.endsWith('{key}')) expect(op.parameters).toEqual([expect.objectContaining({ in: 'path', name: 'key', required: true })]);
      }
    }
    const incidentBody = doc.paths['/api/v1/incidents'].post.requestBody.content['application/json'].schema;
    expect(incidentBody.additionalProperties).toBe(false);
    expect(incidentBody.properties.country.description).toMatch(/name/);
  });

  it('/openapi.json uses no JSON Schema that OpenAPI 3.0 lacks', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const offending: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      for (const [k, v] of Object.entries(node)) {
        if (k === 'properties' && typeof v === 'object' && v !== null) {
          for (const [name, schema] of Object.entries(v)) walk(schema, `${at}/properties/${name}`);
          continue;
        }
        if (k === '$schema' || k === 'const' || k === 'prefixItems' || (k === 'type' && Array.isArray(v))) offending.push(`${at}/${k}`);
        walk(v, `${at}/${k}`);
      }
    };
    walk(doc.paths, '');
    expect(offending).toEqual([]);
  });

  it('/docs/ serves the Swagger UI page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/swagger-ui/i);
  });
});
