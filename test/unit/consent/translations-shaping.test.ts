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
