import { describe, expect, it } from 'vitest';
import { IDENTITY_SHAPES } from '../../../src/consent/identity-shaping.js';
import { redactorFor } from '../../../src/consent/consent.js';
import { mentionAwareRedactor, pseudonymResolver } from '../../../src/consent/mentions.js';

const persons = [{ key: 'p-1', kind: 'individual' as const, name: 'Akmaral Tobylova', nameNative: 'Акмарал Тобылова', pseudonym: 'Activist A' }];
const redactor = mentionAwareRedactor(redactorFor(persons), pseudonymResolver(persons));

describe('translations shown to a caller without identities:read', () => {
  it('are shaped like the original: mentions as pseudonyms, typed names redacted, in every language', () => {
    const shape = IDENTITY_SHAPES['GET /api/v1/incidents/:key']!;
    const shaped = shape({
      key: 'i-1', title: 'Detention of [[person:p-1]]', summary: 'Police detained Akmaral Tobylova.',
      translations: {
        fr: { summary: 'La police a arrêté [[person:p-1]].', legalBasis: ['Code pénal (affaire Akmaral Tobylova)'] },
        ru: { summary: 'Полиция задержала Акмарал Тобылову.' },
      },
    }, redactor) as { translations: { fr: { summary: string; legalBasis: string[] }; ru: { summary: string } } };
    const text = JSON.stringify(shaped.translations);
    expect(shaped.translations.fr.summary).toBe('La police a arrêté Activist A.');
    expect(text).not.toMatch(/Akmaral|Tobylov|Акмарал|Тобылов|p-1/);
    const person = IDENTITY_SHAPES['GET /api/v1/persons/:key']!({ ...persons[0], translations: { es: { affiliation: 'amiga de Akmaral Tobylova' } } }, redactor);
    expect(JSON.stringify(person)).not.toMatch(/Akmaral|Tobylov/);
  });
});

describe('record keys shown to a caller without identities:read', () => {
  // Written before she was added: "kz-2018-tobylova-fined" spelled nobody's name then.
  const KEY = 'kz-2018-tobylova-fined';
  const WITHHELD = '(withheld: the key names a person)';

  it('a key, and every reference to it, that spells a name is withheld; others stay', () => {
    const incident = IDENTITY_SHAPES['GET /api/v1/incidents']!({
      items: [
        { key: KEY, title: 'A fine', summary: 'A court fined an activist.', victims: ['p-tobylova', 'p-1'], followUpOf: 'kz-2018-tobylova-detained', sources: [{ source: 's-tobylova-post', credibility: 2 }] },
        { key: 'i-kz-0002', title: 'A search', summary: 'Police searched a flat.', victims: [], followUpOf: null, sources: [] },
      ],
    }, redactor) as { items: Array<Record<string, unknown>> };
    expect(incident.items[0]).toMatchObject({ key: WITHHELD, victims: [WITHHELD, 'p-1'], followUpOf: WITHHELD, sources: [{ source: WITHHELD }] });
    expect(incident.items[1]).toMatchObject({ key: 'i-kz-0002', victims: [], followUpOf: null });
    for (const route of ['GET /api/v1/sources/:key', 'GET /api/v1/organisations/:key', 'GET /api/v1/recommendations/:key']) {
      expect(IDENTITY_SHAPES[route]!({ key: 'x-tobylova', title: 'T', name: 'N', text: 'T', incidents: [KEY] }, redactor), route).toMatchObject({ key: WITHHELD });
    }
  });

  it('a preview\'s ambiguity in such a record: its key and its path withheld', () => {
    const preview = IDENTITY_SHAPES['POST /api/v1/documents/preview']!({
      ambiguities: [{ path: `/incidents/${KEY}/summary`, collection: 'incidents', key: KEY, field: '/summary', occurrence: 1, blocking: true, text: 'Tobylova' }],
    }, redactor);
    expect(JSON.stringify(preview)).not.toMatch(/tobylov/i);
    expect(preview).toMatchObject({ ambiguities: [{ key: WITHHELD, path: `/incidents/${WITHHELD}/summary` }] });
  });
});
