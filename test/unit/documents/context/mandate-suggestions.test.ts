import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { suggestMandates } from '../../../../src/documents/context/mandate-suggestions.js';
import { MANDATES, MANDATE_KEYS } from '../../../../src/documents/context/mandates.js';
import { caseFileOf } from '../../../support/case-file.js';

/** Issue 13, point 4: the mandates to address, from the incidents and the victims' profiles. */
const demo = JSON.parse(readFileSync(new URL('../../../../src/demo/kz-2018-q1.bundle.json', import.meta.url), 'utf8'));
const second = JSON.parse(readFileSync(new URL('../../../fixtures/second-team.bundle.json', import.meta.url), 'utf8'));

function suggestionsFor(bundle: unknown, incidents: string[]) {
  const file = caseFileOf(bundle, 'un', { incidents });
  return suggestMandates(file.incidents, file.persons);
}

describe('suggestMandates', () => {
  it('suggests the Working Group on Arbitrary Detention for a detention, with the reason and the incident', () => {
    const s = suggestionsFor(demo, ['kz-2018-03-13-almaty-detentions']);
    const wgad = s.find((m) => m.id === 'wg-arbitrary-detention');
    expect(wgad).toEqual({
      id: 'wg-arbitrary-detention', title: 'Working Group on Arbitrary Detention',
      reason: 'Deprivation of liberty (detention, house arrest) in 1 incident.', incidentKeys: ['kz-2018-03-13-almaty-detentions'],
    });
    // An extremism charge, a civil society activist among the victims, association and expression.
    expect(s.map((m) => m.id)).toEqual(expect.arrayContaining(['sr-counter-terrorism', 'sr-defenders', 'sr-assembly-association', 'sr-expression']));
  });

  it('suggests the independence of judges and lawyers for the lawyers\' draft law, and nothing about detention there', () => {
    const s = suggestionsFor(demo, ['kz-2018-01-un-letter-draft-law-lawyers']);
    expect(s.map((m) => m.id)).toContain('sr-judges-lawyers');
    expect(s.map((m) => m.id)).not.toContain('wg-arbitrary-detention');
  });

  it('suggests the women and girls mandate for a women\'s rights group, and the business mandate for a company\'s lawsuit', () => {
    expect(suggestionsFor(demo, ['kz-2018-03-07-womens-march-warning']).map((m) => m.id)).toContain('wg-discrimination-women');
    expect(suggestionsFor(demo, ['kz-2018-02-amt-lawsuit-labour-activists']).map((m) => m.id)).toContain('wg-business');
  });

  it('suggests WGAD on the second team\'s bundle too', () => {
    const detained = (second.incidents as Array<{ key: string; violations?: string[] }>).filter((i) => i.violations?.includes('detention')).map((i) => i.key);
    expect(detained.length).toBeGreaterThan(0);
    expect(suggestionsFor(second, detained).map((m) => m.id)).toContain('wg-arbitrary-detention');
  });

  it('never puts record text in a reason: no name of any person appears', () => {
    const all = suggestionsFor(demo, (demo.incidents as Array<{ key: string }>).map((i) => i.key));
    const names = (demo.persons as Array<{ name: string; pseudonym: string }>).flatMap((p) => [p.name, p.pseudonym]);
    for (const m of all) for (const name of names) expect(m.reason).not.toContain(name);
    expect(all.every((m) => MANDATE_KEYS.includes(m.id))).toBe(true);
  });

  it('lists every thematic mandate once, by official title', () => {
    expect(MANDATES.length).toBeGreaterThanOrEqual(45);
    expect(new Set(MANDATES.map((m) => m.key)).size).toBe(MANDATES.length);
    expect(MANDATES.map((m) => m.title)).toContain('Special Rapporteur on the promotion and protection of human rights and fundamental freedoms while countering terrorism');
  });
});
