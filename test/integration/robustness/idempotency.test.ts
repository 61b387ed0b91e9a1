import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { smallBundle } from '../../support/bundles.js';
import { countRows } from '../../support/database.js';

/**
 * Idempotency-Key on POST /api/v1/bundles and POST /api/v1/documents: a retry gets the first
 * response (status and body) and writes nothing again.
 */

let t: TestAppWithAuth;

beforeAll(async () => {
  t = await createTestApp({ GENERATE_RATE_LIMIT_PER_MINUTE: '1000000' });
  await loadDemoData(t.app.db);
});
afterAll(async () => t?.close());

const appeal = (code = 'KAZ 001/0318/OBS 025') => ({
  kind: 'urgent-appeal', format: 'docx', selection: { persons: ['p-kz-0001'] }, options: { appealCode: code },
});
const generate = (key: string | undefined, body: object = appeal(), headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) }, payload: body });
const documentCount = async () => Number((await t.app.db.selectFrom('documents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('a retried request', () => {
  it('bundle import: the retry returns the first status and body, and writes nothing', async () => {
    const bundle = smallBundle();
    bundle.country = { code: 'KG', name: 'Kyrgyzstan' };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: { 'idempotency-key': 'bundle-1' }, payload: bundle });
    expect(first.statusCode, first.body).toBe(201);
    const written = await countRows(t.database);

    const retry = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: { 'idempotency-key': 'bundle-1' }, payload: bundle });
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await countRows(t.database)).toEqual(written);

    // Without the key, the same import runs again (and reports the records as unchanged).
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle });
    expect((again.json() as { incidents: { unchanged: number } }).incidents.unchanged).toBe(2);
  });

  it('document generation: the retry returns the same document (body and Location) and stores no second version', async () => {
    const before = await documentCount();
    const first = await generate('doc-1');
    expect(first.statusCode, first.body).toBe(201);
    const retry = await generate('doc-1');
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(await documentCount()).toBe(before + 1);

    // The same request without a key is a new version: that is what the key prevents.
    const unkeyed = await generate(undefined);
    expect((unkeyed.json() as { version: number }).version).toBe((first.json() as { version: number }).version + 1);
  });

  it('the same key with a different body is refused with 422 saying so, and writes nothing', async () => {
    expect((await generate('doc-2')).statusCode).toBe(201);
    const before = await documentCount();
    const other = await generate('doc-2', appeal('KAZ 002/0318/OBS 026'));
    expect(other.statusCode).toBe(422);
    expect((other.json() as { message: string }).message).toMatch(/already used with a different request body/);
    expect(await documentCount()).toBe(before);
  });

  it('the same body with its keys in another order is the same request', async () => {
    const body = appeal('KAZ 003/0318/OBS 027');
    const first = await generate('doc-order', body);
    const reordered = { options: body.options, selection: body.selection, format: body.format, kind: body.kind };
    const retry = await generate('doc-order', reordered);
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
  });
});

describe('concurrent duplicates', () => {
  it('one runs; the others wait for its answer (or get 409), and one document is stored', async () => {
    const before = await documentCount();
    const body = appeal('KAZ 004/0318/OBS 028');
    const answers = await Promise.all(Array.from({ length: 6 }, () => generate('doc-concurrent', body)));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.every((s) => s === 201 || s === 409), statuses.join()).toBe(true);
    const ids = new Set(answers.filter((a) => a.statusCode === 201).map((a) => (a.json() as { id: string }).id));
    expect(ids.size).toBe(1);
    for (const busy of answers.filter((a) => a.statusCode === 409)) {
      expect(busy.headers['retry-after']).toBeDefined();
      expect((busy.json() as { message: string }).message).toMatch(/still being processed/);
    }
    expect(await documentCount()).toBe(before + 1);
  });
});

describe('scope and lifetime of a key', () => {
  it('keys belong to their caller: another caller\'s same key is another request', async () => {
    const before = await documentCount();
    const lawyer = await t.authenticate('lawyer');
    const mine = await generate('shared-key');
    const theirs = await generate('shared-key', appeal(), lawyer);
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect((theirs.json() as { id: string }).id).not.toBe((mine.json() as { id: string }).id);
    expect(await documentCount()).toBe(before + 2);
  });

  it('an expired key can be used again', async () => {
    expect((await generate('doc-expiring')).statusCode).toBe(201);
    await sql`update idempotency_keys set expires_at = now() - interval '1 second' where key = 'doc-expiring'`.execute(t.app.db);
    const reused = await generate('doc-expiring', appeal('KAZ 005/0318/OBS 029'));
    expect(reused.statusCode).toBe(201);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a claim abandoned by a process that died is taken over once its lease has run out', async () => {
    const body = appeal('KAZ 006/0318/OBS 030');
    expect((await generate('doc-abandoned', body)).statusCode).toBe(201);
    // Make it look as if another process had claimed the key and died before answering.
    await sql`update idempotency_keys set state = 'running', owner = 'a-dead-process', claim_token = 'gone', response_body = null,
      locked_until = now() - interval '1 second' where key = 'doc-abandoned'`.execute(t.app.db);
    const retry = await generate('doc-abandoned', body);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const replay = await generate('doc-abandoned', body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toBe(retry.body);
  });

  it('a refused request (422) does not keep its key: the corrected retry may use it', async () => {
    const unsourced = { kind: 'eu-briefing', format: 'pdf', selection: { incidents: ['kz-2018-03-16-dvk-warnings'] } };
    const refused = await generate('doc-fix-me', unsourced);
    expect(refused.statusCode).toBe(422);
    const again = await generate('doc-fix-me', unsourced);
    expect(again.statusCode).toBe(422);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a malformed key is refused with 400 pointing at the header', async () => {
    for (const key of ['with space', 'x'.repeat(256), 'ключ']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: { 'idempotency-key': key }, payload: smallBundle() });
      expect(res.statusCode).toBe(400);
      expect((res.json() as { problems: Array<{ path: string }> }).problems[0]?.path).toBe('/idempotency-key');
    }
  });

  it('the OpenAPI document describes the header on both routes, with its length limit', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string; schema: { maxLength?: number } }> }>>;
    };
    for (const path of ['/api/v1/bundles', '/api/v1/documents']) {
      const header = doc.paths[path]?.post?.parameters?.find((p) => p.in === 'header' && p.name === 'idempotency-key');
      expect(header?.schema.maxLength, path).toBe(255);
    }
  });
});
