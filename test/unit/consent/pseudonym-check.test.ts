import { describe, expect, it } from 'vitest';
import { pseudonymSharesNamePart, type ProtectedPerson } from '../../../src/consent/index.js';
import { ALL, FARRUKH, ORGANISATION, RESIDENTS, YERZHAN } from './persons.js';

describe('pseudonymSharesNamePart', () => {
  it('accepts the usual pseudonyms', () => {
    for (const p of ALL) expect(pseudonymSharesNamePart(p), p.pseudonym).toBeNull();
    expect(pseudonymSharesNamePart({ ...ORGANISATION, name: "Tengdik Tenants' Association", pseudonym: "Tenants' group F" })).toBeNull();
  });

  it.each([
    [FARRUKH, 'Blogger Rahimov'],
    [FARRUKH, 'Blogger Rakhimova'],
    [FARRUKH, 'Mr Farrukh'],
    [FARRUKH, 'Фаррух'],
    [FARRUKH, 'R\u0430himov'],
    [YERZHAN, 'Erjan the activist'],
    [YERZHAN, 'Жұмабаевтың досы'],
    [{ ...FARRUKH, name: 'Ali Karimov', nameNative: null } as ProtectedPerson, "Ali's friend"],
    [RESIDENTS, 'Kok-Tobe group'],
    [ORGANISATION, 'Voice group'],
  ])('refuses %s with pseudonym %j, without repeating the real name', (person, pseudonym) => {
    const reason = pseudonymSharesNamePart({ ...person, pseudonym });
    expect(reason).not.toBeNull();
    expect(reason).toMatch(/pseudonym/);
    for (const part of [person.name, person.nameNative ?? ''].flatMap((n) => n.split(/\s+/)).filter((w) => w.length > 2)) {
      if (!pseudonym.includes(part)) expect(reason).not.toContain(part);
    }
  });

  it('an initial is not a name part; an empty pseudonym is refused', () => {
    expect(pseudonymSharesNamePart({ ...FARRUKH, pseudonym: 'Blogger F' })).toBeNull();
    expect(pseudonymSharesNamePart({ ...FARRUKH, pseudonym: ' ' })).toMatch(/empty/);
  });
});
