import { describe, expect, it } from 'vitest';
import { pseudonymSharesNamePart, type ProtectedPerson } from '../../../src/consent/index.js';
import { ALL, FARRUKH, ORGANISATION, RESIDENTS, YERZHAN } from './persons.js';
import { pseudonymProblems, pseudonymSharesNumbers } from '../../../src/consent/pseudonym-check.js';

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

describe('a pseudonym that carries a number of the name', () => {
  // The matcher takes a name's numbers into what it replaces ("Initiative group 389" → "Group C");
  // "Group 389" as the pseudonym would print the number again and say which group it is.
  const GROUP: ProtectedPerson = { key: 'g-389', kind: 'group', name: 'Initiative group 389 of Almaty', nameNative: null, pseudonym: 'Group C' };

  it('is refused for any kind of person, quoting only the pseudonym\'s digits', () => {
    expect(pseudonymProblems(GROUP)).toEqual([]);
    for (const pseudonym of ['Group 389', 'Group No. 0389', 'Group №389', 'The 389th group']) {
      const problems = pseudonymProblems({ ...GROUP, pseudonym });
      expect(problems, pseudonym).toEqual([{ path: '/pseudonym', message: expect.stringContaining('number of the person\'s name') }]);
      expect(problems[0]!.message).not.toContain('Initiative');
      expect(problems[0]!.message).not.toContain('Almaty');
    }
    expect(pseudonymSharesNumbers({ ...FARRUKH, name: 'Farrukh Rahimov 2', pseudonym: 'Blogger 2' })).toMatch(/"2"/);
  });

  it('is accepted when its number is another one', () => {
    expect(pseudonymProblems({ ...GROUP, pseudonym: 'Group 12' })).toEqual([]);
    expect(pseudonymProblems({ ...GROUP, pseudonym: 'Group 38' })).toEqual([]);
  });
});
