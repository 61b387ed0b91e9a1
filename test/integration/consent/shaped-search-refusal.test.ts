import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../../bench/synthetic.js';
import { buildMatchersWith } from '../../../src/consent/identity-cache.js';
import { shapedRevisionFor } from '../../../src/consent/shaped-incident-search.js';
import { validateBundle } from '../../../src/records/bundle-validation.js';
import { importBundle } from '../../../src/records/bundle.service.js';
import { savePerson } from '../../../src/records/records-write.repository.js';
import { BusyError } from '../../../src/shared/errors.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/**
 * After a change to persons, a search by a caller without identities:read over more stale rows
 * than it may shape itself is refused (503, Retry-After) at once: deciding that takes the persons
 * revision, not everybody's new name index, whose build took ~18 s at 20,000 persons and kept
 * such a search waiting all that time to be refused.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  // More persons than are matched on the event loop (2,000): everybody's index is built apart.
  const checked = validateBundle(syntheticBundle(40, undefined, { persons: 2_100 }));
  if (!checked.ok) throw new Error('synthetic bundle is invalid');
  await importBundle(database.db, checked.bundle);
});
afterAll(async () => database?.close());

describe('a pseudonymous search after a change to persons', () => {
  it('is refused without waiting for everybody\'s new name index', async () => {
    // A build that never ends: anything that waits for it waits past the test's bound.
    buildMatchersWith(database.db, () => new Promise(() => {}));
    await savePerson(database.db, {
      key: 'p-refusal-0001', kind: 'individual', name: 'Aigerim Zhaksylykova', nameNative: null, pseudonym: 'Teacher R',
      consent: { unSubmission: false, publicNaming: false, stateTransmission: false },
    } as never, null);
    const bound = new Promise((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5_000));
    const outcome = await Promise.race([shapedRevisionFor(database.db, {}, null, 3).catch((e: unknown) => e), bound]);
    expect(outcome).toBeInstanceOf(BusyError);
    expect((outcome as BusyError).retryAfterSeconds).toBeGreaterThan(0);
  });
});
