import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { smallBundle } from '../../support/bundles.js';
import { countRows } from '../../support/database.js';

/**
 * Imports that arrive together and bring the same new records (a new country, a shared person)
 * all succeed, as if they had come one by one — not a 500 for the ones that lost the race to
 * insert first. (On PGlite, one connection serialises them; on PostgreSQL they really race.)
 */

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('concurrent bundle imports', () => {
  it('of bundles sharing new records all succeed and store each record once', async () => {
    const bundles = Array.from({ length: 8 }, (_, i) => {
      const b = smallBundle();
      b.country = { code: 'TJ', name: 'Tajikistan' };
      // Each brings its own incident about the same (new) persons and sources.
      b.incidents = [{ ...b.incidents[0]!, key: `tj-incident-${i}` }];
      b.recommendations = [];
      return b;
    });
    const answers = await Promise.all(bundles.map((payload) => t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload })));
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual(Array(8).fill(201));
    const rows = await countRows(t.database);
    expect(rows.countries).toBe(1);
    expect(rows.persons).toBe(2);
    expect(rows.sources).toBe(2);
    expect(rows.incidents).toBe(8);
    // Exactly one import created the shared person; the others found it.
    const created = answers.map((a) => (a.json() as { persons: { created: number } }).persons.created);
    expect(created.reduce((sum, n) => sum + n, 0)).toBe(2);
  });
});
