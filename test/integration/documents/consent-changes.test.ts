import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { findNames, protectedNamePatterns } from '../../support/consent-oracle.js';
import { generate, importBundle, occurrences, viewOf, type Format } from '../../support/documents.js';
import { asOracleBundle, redactionBundle } from '../../support/bundles.js';

/**
 * Consent is read when each document is made: a person who withdraws consent is pseudonymised in
 * the very next document, and one who gives it is named, whatever was generated before.
 */
let t: TestApp;
const bundle = redactionBundle();
const appeal = (format: Format, person: string) => ({
  kind: 'urgent-appeal', format, selection: { persons: [person] }, options: { appealCode: 'KAZ 009/0620/OBS 004' },
});

async function setConsent(key: string, publicNaming: boolean): Promise<void> {
  const person = bundle.persons.find((p) => p.key === key)!;
  person.consent = { ...person.consent, publicNaming };
  const { key: _, ...body } = person;
  const res = await t.app.inject({ method: 'PUT', url: `/api/v1/persons/${key}`, payload: body });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp();
  await importBundle(t.app, bundle);
});
afterAll(async () => t?.close());

describe.each<Format>(['docx', 'pdf'])('consent changes between two documents (%s)', (format) => {
  it('a person who withdraws public consent is pseudonymised in the next appeal', async () => {
    await setConsent('p-kz-0101', true);
    const before = await viewOf((await generate(t.app, appeal(format, 'p-kz-0101'))).bytes, format);
    expect(occurrences(before.body, 'Asel Kasymova')).toBeGreaterThan(0);

    await setConsent('p-kz-0101', false);
    const doc = await generate(t.app, appeal(format, 'p-kz-0101'));
    const after = await viewOf(doc.bytes, format);
    expect(occurrences(after.body, 'of Activist A')).toBeGreaterThan(0);
    expect(occurrences(after.body, 'journalist Activist A')).toBe(0);
    const patterns = protectedNamePatterns([asOracleBundle(bundle)], 'public');
    expect([...after.everywhere, JSON.stringify(doc.provenance).replace(/[-_]+/g, ' ')].flatMap((x) => findNames(x, patterns))).toEqual([]);
    await setConsent('p-kz-0101', true);
  });

  it('a person who gives public consent is named in the next appeal', async () => {
    const before = await viewOf((await generate(t.app, appeal(format, 'p-kz-0102'))).bytes, format);
    expect(occurrences(before.body, 'Dana Zhaksybekova')).toBe(0);
    await setConsent('p-kz-0102', true);
    const after = await viewOf((await generate(t.app, appeal(format, 'p-kz-0102'))).bytes, format);
    expect(occurrences(after.body, 'of journalist Dana Zhaksybekova')).toBeGreaterThan(0);
    await setConsent('p-kz-0102', false);
  });
});
