import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listForPseudonymousCaller } from '../../../src/consent/pseudonymous-search.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { sourceStore } from '../../../src/records/record-stores.repository.js';
import { InvalidInputError } from '../../../src/shared/errors.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/**
 * A caller without identities:read searches the shaped text. Sources and organisations are shaped
 * for each search, every candidate record (incidents and persons keep theirs: see
 * shaped-incident-search.test.ts). Past a bound the search is refused with what narrows it,
 * instead of spending the service's CPU.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await loadDemoData(database.db);
});
afterAll(async () => database?.close());

const page = { limit: 50, offset: 0 };

describe('search by a caller without identities:read, bounded', () => {
  it('is refused (422 at /q) when the other filters leave more candidates than the bound, with the count and what narrows it', async () => {
    const all = await sourceStore.list(database.db, {}, page);
    expect(all.total).toBeGreaterThan(3);
    const refused = await listForPseudonymousCaller(database.db, 'sources', sourceStore as never, { q: 'court' } as never, page, 3).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    const problems = (refused as InvalidInputError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('/q');
    expect(problems[0]!.message).toContain(`(${all.total} here)`);
    expect(problems[0]!.message).toMatch(/with the other filters \(type, confidential\)/);
  });
});
