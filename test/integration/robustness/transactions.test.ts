import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { smallBundle } from '../../support/bundles.js';
import { countRows } from '../../support/database.js';
import { createFaultyApp, type FaultyApp } from './support/faulty-app.js';

/**
 * Writes interrupted by a database failure leave nothing half-written. For every query a request
 * makes, the database "drops the connection" right after that query, and afterwards the records
 * are either all there (the transaction had committed) or none of them — never an incident
 * without its links, never a document row without its bytes. A retry with the same
 * Idempotency-Key then finishes the job exactly once.
 */

const RECORD_TABLES = [
  'recommendation_incidents', 'recommendations', 'incident_sources', 'incident_perpetrators', 'incident_victims',
  'incidents', 'sources', 'persons', 'organisations', 'countries',
] as const;

let f: FaultyApp;

beforeAll(async () => {
  f = await createFaultyApp();
});
afterAll(async () => f?.close());

async function clearRecords(): Promise<void> {
  for (const table of RECORD_TABLES) await f.database.db.deleteFrom(table).execute();
  await sql`delete from idempotency_keys`.execute(f.database.db);
}

describe('a bundle import interrupted after any of its queries', () => {
  it('writes all of the bundle or none of it, and the retry with the same key imports it once', async () => {
    await clearRecords();
    const empty = await countRows(f.database);

    // How many queries does one import make, from authentication to the audit row?
    f.faults.count();
    const clean = await f.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: { 'idempotency-key': 'learn' }, payload: smallBundle() });
    expect(clean.statusCode, clean.body).toBe(201);
    const queries = f.faults.seen;
    const full = await countRows(f.database);
    expect(queries).toBeGreaterThan(10);

    const outcomes = { nothingWritten: 0, allWritten: 0 };
    for (let n = 1; n <= queries; n++) {
      await clearRecords();
      const key = `import-fails-after-query-${n}`;
      f.faults.failAt(n);
      const failed = await f.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: { 'idempotency-key': key }, payload: smallBundle() });
      expect(failed.statusCode, `query ${n}: ${failed.body}`).toBe(503);
      expect(failed.headers['retry-after']).toBeDefined();

      const after = await countRows(f.database);
      if (after.incidents === 0) {
        expect(after, `query ${n}: a partial import`).toEqual(empty);
        outcomes.nothingWritten++;
      } else {
        expect(after, `query ${n}: a partial import`).toEqual(full);
        outcomes.allWritten++;
      }

      const retried = await f.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: { 'idempotency-key': key }, payload: smallBundle() });
      expect(retried.statusCode, `query ${n}: ${retried.body}`).toBe(201);
      // The first (and only) execution's answer: everything created, once.
      expect(retried.json()).toEqual(clean.json());
      expect(await countRows(f.database)).toEqual(full);
    }
    // Failures before the commit write nothing; failures after it (the audit row) keep it all.
    expect(outcomes.nothingWritten).toBeGreaterThan(0);
    expect(outcomes.allWritten).toBeGreaterThan(0);
  });
});

describe('a document generation interrupted after any of its queries', () => {
  const request = { kind: 'urgent-appeal', format: 'docx', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } };

  // One generation per query (and a job retry where a worker's query fails): minutes on a busy machine.
  it('stores a complete document (row and bytes) or none, and the retry with the same key stores it once', { timeout: 600_000 }, async () => {
    await clearRecords();
    await f.database.db.deleteFrom('documents').execute();
    await loadDemoData(f.database.db);

    // A first request fills the caches a request may use (the identity-read audit's matcher), so
    // that the counted one takes the path every later one takes.
    const warm = await f.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { 'idempotency-key': 'warm-doc' }, payload: request });
    expect(warm.statusCode, warm.body).toBe(201);
    await f.database.db.deleteFrom('documents').execute();
    await f.database.db.deleteFrom('appeal_codes').execute();
    f.faults.count();
    const clean = await f.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { 'idempotency-key': 'learn-doc' }, payload: request });
    expect(clean.statusCode, clean.body).toBe(201);
    const queries = f.faults.seen;

    for (let n = 1; n <= queries; n++) {
      // No document yet, and so no appeal code given yet: each run takes the same path as the first.
      await f.database.db.deleteFrom('documents').execute();
      await f.database.db.deleteFrom('appeal_codes').execute();
      const key = `document-fails-after-query-${n}`;
      f.faults.failAt(n);
      const failed = await f.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { 'idempotency-key': key }, payload: request });
      // A query of the request itself fails it (503); one of its job's is retried by the queue, and
      // the request is answered with the document all the same (201).
      expect([201, 503], `query ${n}: ${failed.body}`).toContain(failed.statusCode);

      // The count varies a little from run to run (the request polls its job): a fault not reached
      // by this request must not hit its retry.
      f.faults.count();
      // The job may still be running after a 503: let it settle before looking at what it stored.
      for (let i = 0; i < 600; i++) {
        const open = await f.database.db.selectFrom('generation_jobs').select('id').where('state', 'in', ['queued', 'running']).execute();
        if (open.length === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const rows = await f.database.db.selectFrom('documents').select(['id']).execute();
      expect(rows.length, `query ${n}`).toBeLessThanOrEqual(1);
      // A stored version has both its files, whole, or is not there at all.
      const files = await f.database.db.selectFrom('document_files')
        .select(['document_id', 'format', 'byte_size', sql<number>`length(bytes)`.as('stored')]).execute();
      expect(files.map((file) => file.format).sort(), `query ${n}`).toEqual(rows.length === 1 ? ['docx', 'pdf'] : []);
      for (const file of files) {
        expect(file.document_id).toBe(rows[0]?.id);
        expect(file.byte_size).toBeGreaterThan(0);
        expect(Number(file.stored)).toBe(file.byte_size);
      }

      const retried = await f.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { 'idempotency-key': key }, payload: request });
      expect(retried.statusCode, `query ${n}: ${retried.body}`).toBe(201);
      const after = await f.database.db.selectFrom('documents').select(['id', 'version']).execute();
      expect(after, `query ${n}: exactly one document`).toHaveLength(1);
      expect(after[0]?.version).toBe(1);
      expect((retried.json() as { id: string }).id).toBe(after[0]?.id);
      if (rows.length === 1) expect(rows[0]?.id).toBe(after[0]?.id);
    }
  });
});
