import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBundle, type BundleCheckInput } from '../../../src/consent/bundle-checks.js';
import { checkBundleAside, checkedApart, CHECK_OFF_THREAD_RECORDS } from '../../../src/consent/bundle-checks-thread.js';
import { MATCHER_BUILT_HERE_UP_TO } from '../../../src/consent/index.js';
import { syntheticBundle } from '../../../bench/synthetic.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { smallBundle } from '../../support/bundles.js';

/**
 * Issue 18: a large bundle's checks (validation, pseudonyms, typed names into mentions, keys that
 * spell a bundle person's name) run in a thread of their own, where ~20 s of CPU for 6,300
 * incidents hold no other request up. What they answer must be what they answer in the event
 * loop, for good bundles and bad ones alike.
 */
const stored = { key: 'p-stored', kind: 'individual' as const, name: 'Serik Omarov', nameNative: 'Серік Омаров', pseudonym: 'Lawyer D' };

function typedNames() {
  const b = smallBundle();
  b.incidents[0]!.summary = 'Police detained Ivan Petrov at home; his lawyer Serik Omarov was not let in.';
  b.recommendations[0]!.text = 'Release Ivan Petrov.';
  return b;
}
function keySpellingAName() {
  const b = smallBundle();
  b.incidents[1]!.key = 'kz-2018-03-20-petrov-house-arrest';
  return b;
}
function badPseudonym() {
  const b = smallBundle();
  b.persons[1]!.pseudonym = 'Blogger Petrov';
  return b;
}
function invalid() {
  const b = smallBundle();
  b.incidents[1]!.victims = ['p-nobody'];
  return b;
}

describe('the bundle checks give the same answer in a thread of their own', () => {
  it.each([
    ['typed names of the bundle\'s and stored persons', typedNames],
    ['a key that spells a bundle person\'s name', keySpellingAName],
    ['a pseudonym sharing the name', badPseudonym],
    ['an unknown victim', invalid],
  ])('%s', async (_, make) => {
    const input: BundleCheckInput = { raw: make(), storedPersonKeys: ['p-stored'], identities: [stored] };
    const inline = checkBundle(input);
    const aside = await checkBundleAside(input, 0);
    expect(aside).toEqual(inline);
    // Each case checks what it is named for (the comparison alone would pass for two empty answers).
    if (make === typedNames) expect(inline.ok && inline.mentionsConverted.total).toBe(3);
    if (make === keySpellingAName) expect(inline.ok && inline.keys.filter((k) => k.namesIncoming).map((k) => k.path)).toEqual(['/incidents/1/key']);
    if (make === badPseudonym || make === invalid) expect(inline.ok).toBe(false);
  });
});

describe('a bundle large enough for the thread imports through the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('201 with every record counted, typed names converted; a key that spells a name still refused', async () => {
    const bundle = syntheticBundle(220);
    expect(bundle.persons!.length + bundle.sources!.length + bundle.incidents!.length).toBeGreaterThanOrEqual(CHECK_OFF_THREAD_RECORDS);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle as object });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    expect(res.json().incidents).toEqual({ created: 220, updated: 0, unchanged: 0 });
    expect(res.json().mentionsConverted.total).toBeGreaterThan(0);

    const person = bundle.persons!.find((p) => p.kind === 'individual')!;
    const surname = person.name.split(' ').at(-1)!.toLowerCase();
    const again = syntheticBundle(220);
    again.incidents!.push({ ...again.incidents![5]!, key: `kz-${surname}-detained`, followUpOf: null });
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: again as object });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems).toContainEqual(expect.objectContaining({ path: '/incidents/220/key' }));
  });
});

describe('which bundles are checked in a thread of their own', () => {
  const person = (i: number) => ({ key: `p-${i}`, kind: 'individual' as const, name: `Serik Omarov${'abcdefghij'[i % 10]}`, nameNative: null, pseudonym: `Lawyer ${i}` });
  it('a large bundle, and any bundle whose typed names are converted against thousands of persons on record', () => {
    const small = smallBundle();
    expect(checkedApart({ raw: small, identities: [] })).toBe(false);
    expect(checkedApart({ raw: small, identities: Array.from({ length: MATCHER_BUILT_HERE_UP_TO }, (_, i) => person(i)) })).toBe(false);
    // A one-incident bundle of a caller who sees names, at 20,000 persons on record: the conversion's
    // matcher took ~18 s to build, and on the event loop /health waited 19 s.
    expect(checkedApart({ raw: small, identities: Array.from({ length: MATCHER_BUILT_HERE_UP_TO + 1 }, (_, i) => person(i)) })).toBe(true);
    expect(checkedApart({ raw: syntheticBundle(CHECK_OFF_THREAD_RECORDS), identities: [] })).toBe(true);
  });
});
