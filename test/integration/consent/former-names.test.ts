import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPersonIdentities } from '../../../src/records/records.repository.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { pdfPages } from '../../support/extract.js';

/**
 * A protected person renamed (a married name, a legal change, a new spelling): text typed with
 * the old name, in forms no import turned into a mention, still names them. Before, the rename
 * printed "Rakhimov was beaten; Рахимова, his wife, was threatened" to callers without
 * identities:read and in every document, where "Witness C … Witness C" had been.
 */
const RUSTAM = {
  key: 'p-kz-0001', kind: 'individual', name: 'Rustam Rahimov', nameNative: 'Рустам Рахимов', pseudonym: 'Witness C',
  sex: 'male', occupation: 'driver', consent: { unSubmission: false, publicNaming: false, stateTransmission: false }, risk: 'high',
};
const SUMMARY = 'Police beat Rakhimov at the station; Рахимова, his wife, was threatened the next day.';
const OLD_FORMS = /Rakhimov|Rahimov|Рахимов/;

const bundle = {
  bundleVersion: 1,
  country: { code: 'KZ', name: 'Kazakhstan' },
  period: { from: '2018-01-01', to: '2018-12-31' },
  organisations: [{ key: 'org-m', name: 'Steppe Rights Monitor', acronym: 'SRM' }],
  persons: [RUSTAM],
  sources: [{ key: 's-open', type: 'monitoring', title: 'Monitoring note 12', author: 'SRM', organisation: 'org-m', date: '2018-03-14', url: 'https://example.org/n/12', reliability: 'B', confidential: false, identifies: [] }],
  incidents: [{
    key: 'kz-2018-03-001', title: 'Driver beaten in police custody', date: '2018-03-13', dateAccuracy: 'exact',
    location: { place: 'Shymkent', region: null }, rights: ['torture'], violations: ['ill-treatment'],
    summary: SUMMARY, victims: [RUSTAM.key], perpetrators: [], legalBasis: [], status: 'ongoing', urgent: true,
    sources: [{ source: 's-open', credibility: 2 }],
  }],
  recommendations: [],
};

let t: TestAppWithAuth;
let trusted: Record<string, string>;
let blind: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: 'silent', GENERATE_RATE_LIMIT_PER_MINUTE: '1000' }, { actor: null });
  trusted = await t.authenticate({ scopes: ['records:read', 'records:write', 'documents:generate', 'documents:read', 'identities:read'] }, 'trusted');
  blind = await t.authenticate({ scopes: ['records:read', 'documents:generate', 'documents:read'] }, 'blind');
  const imported = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: trusted, payload: bundle });
  expect(imported.statusCode, imported.body).toBeLessThan(300);
});
afterAll(async () => t?.close());

const rename = async (name: string, nameNative: string) => {
  const res = await t.app.inject({ method: 'PUT', url: `/api/v1/persons/${RUSTAM.key}`, headers: trusted, payload: { ...RUSTAM, name, nameNative } });
  expect(res.statusCode, res.body).toBeLessThan(300);
};
const blindSummary = async () => (await t.app.inject({ url: '/api/v1/incidents/kz-2018-03-001', headers: blind })).json().summary as string;

describe('a protected person renamed', () => {
  it('is still found under the old name: in answers to callers without identities:read and in documents', async () => {
    const before = await blindSummary();
    expect(before).not.toMatch(OLD_FORMS);
    await rename('Rustam Karimov', 'Рустам Каримов');
    const after = await blindSummary();
    expect(after).not.toMatch(OLD_FORMS);
    expect(after).toContain('Witness C');
    for (const [kind, options] of [['urgent-appeal', { appealCode: 'KAZ 004/0318/OBS 040' }], ['eu-briefing', {}]] as const) {
      const res = await t.app.inject({
        method: 'POST', url: '/api/v1/documents', headers: trusted,
        payload: { kind, format: 'pdf', selection: { incidents: ['kz-2018-03-001'] }, options },
      });
      expect(res.statusCode, res.body).toBe(201);
      const file = await t.app.inject({ url: `/api/v1/documents/${res.json().id}/file`, headers: trusted });
      const text = (await pdfPages(file.rawPayload)).join('\n');
      expect(text, kind).toContain('Police beat Witness C');
      expect(text, kind).not.toMatch(/Rakhimov|Rahimov|Рахимов|Karimov|Каримов/);
    }
  });

  it('keeps each former name once, drops one taken again, and never shows them', async () => {
    await rename('Rustam Rahimov', 'Рустам Каримов');
    const [identity] = await loadPersonIdentities(t.database.db);
    expect(identity!.formerNames).toEqual(['Rustam Karimov', 'Рустам Рахимов']);
    const person = await t.app.inject({ url: `/api/v1/persons/${RUSTAM.key}`, headers: trusted });
    expect(person.body).not.toMatch(/formerNames|former_names|Рустам Рахимов/);
    expect(await blindSummary()).not.toMatch(OLD_FORMS);
  });
});
