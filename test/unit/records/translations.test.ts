import { describe, expect, it } from 'vitest';
import { IncidentSchema } from '../../../src/records/bundle.schemas.js';
import { freeTexts, mapFreeTexts } from '../../../src/records/mention-syntax.js';
import { canonicalIncident } from '../../../src/records/canonical.js';

const incident = {
  key: 'i-1', title: 'Detention', date: '2018-03-13', dateAccuracy: 'exact', location: { place: 'Almaty', region: null },
  rights: ['liberty'], summary: 'Police detained [[person:p-1]].', status: 'ongoing',
  legalBasis: ['Criminal Code, art. 1', 'Criminal Code, art. 2'],
  translations: { fr: { summary: 'La police a arrêté [[person:p-1]].', legalBasis: ['Code pénal, art. 1', null] } },
};

describe('record translations (case-bundle revision 4)', () => {
  it('accepts a translation whose lists line up item by item, and refuses one whose do not, at the field', () => {
    expect(IncidentSchema.safeParse(incident).success).toBe(true);
    const bad = IncidentSchema.safeParse({ ...incident, translations: { ru: { legalBasis: ['Уголовный кодекс'] } } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('/'))).toEqual(['translations/ru/legalBasis']);
    expect(IncidentSchema.safeParse({ ...incident, translations: { de: { summary: 'x' } } }).success).toBe(false);
  });

  it('counts every translation as free text (mentions checked, names converted, redaction applied)', () => {
    const paths = freeTexts('incidents', incident).map((f) => f.path.join('/'));
    expect(paths).toContain('translations/fr/summary');
    expect(paths).toContain('translations/fr/legalBasis/0');
    const upper = mapFreeTexts('incidents', incident, (t) => t.toUpperCase());
    expect(upper.translations.fr.summary).toBe('LA POLICE A ARRÊTÉ [[PERSON:P-1]].');
  });

  it('exports translations only where a record has some', () => {
    const parsed = IncidentSchema.parse(incident);
    expect(canonicalIncident(parsed).translations?.fr?.summary).toBe('La police a arrêté [[person:p-1]].');
    expect('translations' in canonicalIncident(IncidentSchema.parse({ ...incident, translations: undefined }))).toBe(false);
    expect('translations' in canonicalIncident(IncidentSchema.parse({ ...incident, translations: { es: {} } }))).toBe(false);
  });
});
