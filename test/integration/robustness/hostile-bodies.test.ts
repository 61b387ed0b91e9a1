import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../../src/http/json-body.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { countRows } from '../../support/database.js';
import { smallBundle } from '../../support/bundles.js';

/**
 * Bodies that are broken before they are data: too large, too deep, not UTF-8, not JSON, with
 * prototype keys. Each gets a 4xx that says what is wrong, and nothing is written.
 */

const BUNDLE_LIMIT = 64 * 1024;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: String(BUNDLE_LIMIT) });
});
afterAll(async () => t?.close());

const post = (url: string, payload: string | Buffer, contentType = 'application/json') =>
  t.app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });

function expectSaysWhatIsWrong(res: { statusCode: number; json(): unknown }, status: number, message: RegExp) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { message: string; problems?: Array<{ path: string; message: string }> };
  expect(body.message).toMatch(message);
  if (status === 400 || status === 422) expect(body.problems?.length).toBeGreaterThan(0);
}

describe('bodies over the limit', () => {
  it('a bundle over BODY_LIMIT_BYTES gets 413 naming the limit', async () => {
    const bundle = smallBundle();
    bundle.incidents[0]!.summary = 'x'.repeat(BUNDLE_LIMIT);
    const res = await post('/api/v1/bundles', JSON.stringify(bundle));
    expectSaysWhatIsWrong(res, 413, new RegExp(`larger than the limit of ${BUNDLE_LIMIT} bytes`));
  });

  it('a record over 1 MB gets 413, even when Content-Length is not declared up front', async () => {
    const res = await post('/api/v1/persons', `{"key":"p-big","name":"${'y'.repeat(1024 * 1024)}"}`);
    expectSaysWhatIsWrong(res, 413, /larger than the limit of 1048576 bytes/);
  });

  it('a document request over 1 MB gets 413', async () => {
    const res = await post('/api/v1/documents', JSON.stringify({ kind: 'eu-briefing', format: 'pdf', selection: { incidents: Array(200_000).fill('kz-x') } }));
    expectSaysWhatIsWrong(res, 413, /larger than the limit/);
  });
});

describe('deep and huge JSON', () => {
  it(`nesting deeper than ${MAX_JSON_DEPTH} levels is refused with 400 before it is parsed`, async () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 10_000, 30_000]) {
      const res = await post('/api/v1/bundles', '['.repeat(depth) + ']'.repeat(depth));
      expectSaysWhatIsWrong(res, 400, new RegExp(`nested deeper than ${MAX_JSON_DEPTH} levels`));
    }
    const objects = `{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5001)}`;
    expectSaysWhatIsWrong(await post('/api/v1/incidents', objects), 400, /nested deeper/);
  });

  it('brackets inside strings do not count as nesting', async () => {
    const bundle = smallBundle();
    bundle.incidents[0]!.summary = `${'[{'.repeat(200)} a summary that quotes brackets "\\" ]`;
    const res = await post('/api/v1/bundles', JSON.stringify(bundle));
    expect(res.statusCode, res.body).toBe(201);
  });

  it('a wide but shallow body (50 000 list items) is a 422 listing the defects, not a crash', async () => {
    const res = await post('/api/v1/documents', JSON.stringify({ kind: 'eu-briefing', format: 'pdf', selection: { incidents: Array(50_000).fill('BAD KEY') } }));
    expect(res.statusCode).toBe(422);
    expect((res.json() as { problems: unknown[] }).problems.length).toBeGreaterThan(0);
  });
});

describe('malformed text', () => {
  const cases: Array<[string, number[]]> = [
    ['a stray byte', [0x7b, 0x22, 0x6b, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]],
    ['an overlong encoding', [0x7b, 0x22, 0x6b, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]],
    ['an encoded surrogate', [0x7b, 0x22, 0x6b, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]],
    ['UTF-16', [0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]],
  ];
  for (const [what, bytes] of cases) {
    it(`malformed UTF-8 (${what}) gets 400`, async () => {
      const before = await countRows(t.database);
      expectSaysWhatIsWrong(await post('/api/v1/persons', Buffer.from(bytes)), 400, /not valid UTF-8/);
      expect(await countRows(t.database)).toEqual(before);
    });
  }

  it('a lone surrogate escaped in JSON gets 422 at its field (text would lose it, jsonb refuses it)', async () => {
    const bundle = smallBundle();
    bundle.incidents[1]!.summary = 'half a character: \ud800';
    const res = await post('/api/v1/bundles', JSON.stringify(bundle));
    expect(res.statusCode).toBe(422);
    expect((res.json() as { problems: unknown[] }).problems).toEqual([
      { path: '/incidents/1/summary', message: expect.stringMatching(/lone UTF-16 surrogate/) },
    ]);
    const doc = await post('/api/v1/documents', JSON.stringify({
      kind: 'urgent-appeal', format: 'docx', selection: { country: 'KZ' }, options: { appealCode: 'KAZ 001/0318/OBS 025', violation: 'x\udc00' },
    }));
    expect(doc.statusCode).toBe(422);
    expect((doc.json() as { problems: Array<{ path: string }> }).problems[0]?.path).toBe('/options/violation');
  });

  it('syntax errors, empty bodies and non-JSON content types say so', async () => {
    expectSaysWhatIsWrong(await post('/api/v1/persons', '{"key": "p-x",'), 400, /not valid JSON/);
    expectSaysWhatIsWrong(await post('/api/v1/persons', ''), 400, /empty/);
    expectSaysWhatIsWrong(await post('/api/v1/persons', 'key=p-x', 'application/x-www-form-urlencoded'), 415, /application\/json/);
  });

  it('a byte order mark before the JSON is ignored, as RFC 8259 allows', async () => {
    const res = await post('/api/v1/bundles', `\uFEFF${JSON.stringify(smallBundle())}`);
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('prototype keys', () => {
  it('"__proto__" and "constructor.prototype" keys are refused with 400 saying so, and pollute nothing', async () => {
    const before = await countRows(t.database);
    const bundle = JSON.stringify(smallBundle());
    const poisoned = [
      bundle.replace('"bundleVersion":1', '"__proto__":{"isAdmin":true},"bundleVersion":1'),
      bundle.replace('"bundleVersion":1', '"constructor":{"prototype":{"isAdmin":true}},"bundleVersion":1'),
      '{"key":"p-x","__proto__":{"polluted":"yes"}}',
    ];
    for (const body of poisoned) {
      expectSaysWhatIsWrong(await post('/api/v1/bundles', body), 400, /"__proto__" or "constructor\.prototype" key/);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await countRows(t.database)).toEqual(before);
  });

  it('a path with a broken percent-escape gets 400 with problems, like every other 400', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/persons/%E0%A4%A' });
    expectSaysWhatIsWrong(res, 400, /URL is not valid/);
  });
});
