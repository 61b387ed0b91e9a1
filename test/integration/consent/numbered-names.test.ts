import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/auth/roles.js';
import { migrateNameKeys } from '../../../src/consent/record-keys.js';
import { savePerson } from '../../../src/records/records-write.repository.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { smallBundle } from '../../support/bundles.js';
import { viewOf } from '../../support/documents.js';

/**
 * Issue 12, names with numbers, end to end. A protected group called "Initiative group 389" is
 * written in the records as staff write it: with a year before it, "No." or "№" between its words
 * and its number, its number in brackets or as an ordinal. Every form is the group's, and every
 * channel prints its pseudonym alone (a group's typed name stays typed: only individuals'
 * names become mentions on import, so the matcher is what protects it): neither its
 * words with the number (session 13's matcher let "In 2017 Initiative group 389" through whole)
 * nor the number beside the pseudonym ("Group C 389" says which group it is). In a list
 * ("Initiative groups 38 and 389") each number is its group's.
 */
const FORMS = [
  'In 2017 Initiative group 389 held a picket in Zhanaozen.',
  'Police questioned Initiative group No. 389 for three hours.',
  'A court fined Initiative group №389 on 14 March.',
  'The akimat refused Initiative group (389) a permit.',
  'Members of the 389th initiative group were warned.',
];
/** A list of groups: each number its group's ("Initiative groups 38 and Group C"). */
const LIST = 'Initiative groups 38 and 389 met the akim.';

function bundle() {
  const b = smallBundle();
  return {
    ...b,
    persons: [
      ...b.persons,
      {
        key: 'g-picket', kind: 'group', name: 'Initiative group 389', nameNative: 'Инициативная группа 389', pseudonym: 'Group C',
        consent: { unSubmission: false, publicNaming: false, stateTransmission: false }, risk: 'high',
      },
      {
        key: 'g-other', kind: 'group', name: 'Initiative group 38', pseudonym: 'Group D',
        consent: { unSubmission: true, publicNaming: true, stateTransmission: true }, risk: 'low',
      },
    ],
    incidents: [
      ...b.incidents,
      {
        key: 'kz-2018-03-14-picket', title: 'Picket group fined in Zhanaozen', date: '2018-03-14', dateAccuracy: 'exact',
        endDate: null, location: { place: 'Zhanaozen', region: 'Mangystau' }, rights: ['peaceful-assembly'], violations: ['fine'],
        summary: `${FORMS.join(' ')} ${LIST} Initiative group 38, with 389 residents, signed a letter in support.`,
        victims: ['g-picket', 'g-other'], perpetrators: [{ description: 'Zhanaozen police', stateActor: true }],
        legalBasis: [], status: 'ongoing', urgent: true, followUpOf: null,
        sources: [{ source: 's-note', credibility: 2, locator: 'para. 5', excerpt: null }],
      },
    ],
  };
}

let t: TestAppWithAuth;
beforeAll(async () => {
  t = await createTestApp({ GENERATE_RATE_LIMIT_PER_MINUTE: '1000' });
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle() });
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(async () => t?.close());

describe('a protected group whose name has a number', () => {
  it('is read by its pseudonym alone by a caller without identities:read', async () => {
    const pseudonymous = await t.authenticate({ scopes: SCOPES.filter((s) => s !== 'identities:read') }, 'pseudonymous-service');
    const res = await t.app.inject({ url: '/api/v1/incidents/kz-2018-03-14-picket', headers: pseudonymous });
    expect(res.statusCode, res.body).toBe(200);
    const { summary } = res.json() as { summary: string };
    expect(summary.match(/Group C/g)).toHaveLength(FORMS.length + 1);
    expect(summary).not.toMatch(/389(?! residents)/);
    expect(summary).toContain('Group D and Group C met the akim.');
    expect(summary).toContain('Group D, with 389 residents');
  });

  it.each(['docx', 'pdf'] as const)('is printed by its pseudonym alone in a public appeal (%s), beside a consenting group with another number', async (format) => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/documents',
      payload: {
        kind: 'urgent-appeal', format, selection: { incidents: ['kz-2018-03-14-picket'] },
        options: { appealCode: 'KAZ 009/0318/OBS 030', addressees: [{ title: 'Prosecutor General of Kazakhstan' }] },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const file = await t.app.inject({ url: res.json().links.file });
    const all = (await viewOf(file.rawPayload, format)).everywhere.join('\n');
    expect(all).toContain('Group C');
    expect(all).toContain('Initiative groups 38 and Group C met the akim.');
    expect(all).toContain('Initiative group 38, with 389 residents');
    // The only 389 left is the residents': not the group's words, not beside its pseudonym.
    expect(all).not.toMatch(/389(?! residents)/);
    expect(all).toContain('In 2017 Group C held a picket');
    expect(all).not.toMatch(/Инициативная/);
  });

  it('may not have a key that carries its number: refused by the API and in a bundle, and a stored one is renamed', async () => {
    const group = (key: string, name: string) => ({
      key, kind: 'group', name, pseudonym: 'Group K', consent: { unSubmission: false, publicNaming: false, stateTransmission: false },
    });
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/persons', payload: group('g-389', 'Initiative group 389') });
    expect(created.statusCode, created.body).toBe(422);
    expect(created.json().problems).toEqual([expect.objectContaining({ path: '/key', message: expect.stringContaining('carries a number of the person') })]);
    const b = bundle();
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: { ...b, persons: [...b.persons, group('g-kz-0045', 'Initiative group 45')] } });
    expect(imported.statusCode, imported.body).toBe(422);
    expect(imported.json().problems).toEqual([expect.objectContaining({ path: `/persons/${b.persons.length}/key` })]);
    // Another number in the key is no part of the name: accepted.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/persons', payload: group('g-kz-0001', 'Initiative group 389 of Aktau') })).statusCode).toBe(201);

    // Written before this rule: renamed to an opaque key at the next start, the old one an alias.
    await savePerson(t.database.db, { ...group('g-4711', 'Initiative group 4711'), nameNative: null, sex: null, birthYear: null, occupation: null, affiliation: null, risk: 'low' } as never, 'KZ');
    const renamed = await migrateNameKeys(t.database.db);
    expect(renamed).toEqual([{ table: 'persons', from: 'g-4711', to: expect.stringMatching(/^p-kz-\d{4}$/) }]);
    expect(await migrateNameKeys(t.database.db)).toEqual([]);
    expect((await t.app.inject({ url: `/api/v1/persons/${renamed[0]!.to}` })).json()).toMatchObject({ name: 'Initiative group 4711' });
  });
});
