import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../../bench/synthetic.js';
import { buildMatchersWith } from '../../../src/consent/identity-cache.js';
import { builtHere, MATCHER_BUILT_HERE_UP_TO, NameMatcher, type ProtectedPerson } from '../../../src/consent/index.js';
import { validateBundle } from '../../../src/records/bundle-validation.js';
import { importBundle } from '../../../src/records/bundle.service.js';
import { proposeMentions } from '../../../src/web/records/mention-confirm.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/**
 * A staff form that proposes mentions for typed names reads them with a matcher of every
 * individual on record. Beyond the persons a matcher is built of on the event loop, that matcher
 * is built apart, as everybody's is, or patched from an index of nearly the same persons (the
 * individuals are everybody but a few groups): at 20,000 persons the first form saved after a
 * change to persons built it on the event loop, ~15 s in which nothing else was answered.
 */
let database: TestDatabase;
const checked = validateBundle(syntheticBundle(40, undefined, { persons: 2_400 }));
if (!checked.ok) throw new Error('synthetic bundle is invalid');
const bundle = checked.bundle;

beforeAll(async () => {
  database = await createTestDatabase();
  await importBundle(database.db, bundle);
});
afterAll(async () => database?.close());

describe('the mention proposal of a staff form, at thousands of persons', () => {
  it('is read with a matcher not built on the event loop, and proposes the typed name of a person on record', async () => {
    const built: Array<readonly ProtectedPerson[]> = [];
    buildMatchersWith(database.db, async (persons) => {
      built.push(persons);
      return new NameMatcher(persons).index; // the thread's work, done here
    });
    const individual = bundle.persons.find((p) => p.kind === 'individual')!;
    expect(bundle.persons.filter((p) => p.kind === 'individual').length).toBeGreaterThan(MATCHER_BUILT_HERE_UP_TO);
    builtHere.largest = 0;
    const proposal = await proposeMentions(database.db, 'incidents', { summary: `Police detained ${individual.name} at the station.` });
    expect(proposal?.values.summary).toBe(`Police detained [[person:${individual.key}]] at the station.`);
    // Everybody's (the identity cache's) was built apart; the individuals' for the conversion
    // apart too or patched from it: nothing of thousands of persons was built on this thread.
    expect(built.map((list) => list.length)).toContain(bundle.persons.length);
    expect(builtHere.largest).toBeLessThanOrEqual(MATCHER_BUILT_HERE_UP_TO);
  });
});
