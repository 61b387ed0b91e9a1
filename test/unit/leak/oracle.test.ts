import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../leak/corpus/generate.js';
import { ATTACK_CLASSES, type Audience } from '../../leak/corpus/types.js';
import { key } from '../../leak/fold.js';
import { Oracle, stemOf, type Channel } from '../../leak/oracle.js';

/**
 * The oracle itself: it must flag every attack the corpus plants, attribute it to that attack,
 * and stay quiet on pseudonyms, on a perfectly redacted text and on names consent allows.
 * Otherwise `npm run leak-check` would count wrong in either direction.
 */
const corpus = generateCorpus();
const oracle = new Oracle(corpus.bundle, corpus.attacks);
const AUDIENCES: Audience[] = ['un', 'public', 'none'];
const channel = (audience: Audience, group: Channel['group'] = 'document'): Channel => ({ name: `plain/${audience}`, type: 'plain', audience, group });
const person = (k: string) => corpus.bundle.persons.find((p) => p.key === k)!;

describe('the corpus', () => {
  it('is the same for the same seed, and matches the committed JSON', () => {
    expect(generateCorpus().bundle).toEqual(corpus.bundle);
    const committed = JSON.parse(readFileSync(new URL('../../leak/corpus/leak-corpus.bundle.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(corpus.bundle);
  });

  it('plants several hundred attacks, many of each class, each with a unique anchor in its field', () => {
    expect(corpus.attacks.length).toBeGreaterThan(400);
    for (const cls of ATTACK_CLASSES.filter((c) => !['mention', 'person-name'].includes(c))) {
      expect(corpus.attacks.filter((a) => a.cls === cls).length, cls).toBeGreaterThanOrEqual(15);
    }
    expect(new Set(corpus.attacks.map((a) => a.id)).size).toBe(corpus.attacks.length);
    for (const a of corpus.attacks) expect(a.text.toLowerCase(), a.id).toContain(a.id.toLowerCase());
  });

  it('has opaque person keys, protected and consenting people, and the husband and wife with one surname', () => {
    for (const p of corpus.bundle.persons) {
      expect(p.key).toMatch(/^p-lc-\d{4}$/);
      if (p.kind === 'individual') expect(key(p.key)).not.toContain(stemOf(p.name.split(' ').at(-1)!));
    }
    const consent = corpus.bundle.persons.map((p) => `${p.consent.unSubmission}/${p.consent.publicNaming}`);
    expect(consent.filter((c) => c === 'true/false').length).toBeGreaterThan(10);
    expect(consent.filter((c) => c === 'false/false').length).toBeGreaterThan(5);
    expect(consent.filter((c) => c === 'true/true').length).toBeGreaterThanOrEqual(4);
    const husband = corpus.bundle.persons.find((p) => p.name === 'Farrukh Rahimov')!;
    const wife = corpus.bundle.persons.find((p) => p.name === 'Dilnoza Rahimova')!;
    expect([husband.consent.publicNaming, wife.consent.publicNaming, wife.consent.unSubmission]).toEqual([true, false, false]);
  });

  it('lists whom identifying sources identify, and writes mentions only behind the flag', () => {
    expect(JSON.stringify(corpus.bundle)).not.toMatch(/\[\[person:/);
    expect(corpus.bundle.sources.some((s) => (s.identifies ?? []).length > 0)).toBe(true);
    const later = generateCorpus({ mentions: true });
    expect(JSON.stringify(later.bundle)).toMatch(/\[\[person:p-lc-\d{4}\]\]/);
    expect(later.attacks.filter((a) => a.cls === 'mention').length).toBeGreaterThanOrEqual(15);
  });
});

describe('folding', () => {
  it.each([
    ["O'ktam To'xtayev", 'Oʻktam Toʻxtayev'], ['Kurba-\nnov', 'Kurbanov'], ['Rаhimova', 'Rahimova'], ['Rah\u034Fim\u200Bova', 'Rahimova'],
    ['Rakhimova', 'Raximova'], ['Рахимова', 'Rahimova'], ['Фёдоров', 'Федоров'], ['İbraev', 'ıbraev'], ['Äbilov', 'Абилов'],
    ['%D0%A1%D0%B5%D0%B9%D1%82%D0%BE%D0%B2%D0%B0', 'Сейтова'], ['Yerzhan Zhumabayev', 'Ержан Жумабаев'], ['Rahmo\u0301nov', 'Rahmonov'],
  ])('%j and %j fold to the same key', (a, b) => {
    expect(key(a)).toBe(key(b));
  });

  it('splits camelCase so that a name glued to another word is still a word', () => {
    expect(key('YusupovKomil')).toBe('iusupov komil');
  });
});

describe('the oracle', () => {
  it('flags every planted attack, as that attack, wherever it applies', () => {
    const missed: string[] = [];
    for (const a of corpus.attacks) {
      for (const audience of AUDIENCES) {
        for (const group of ['document', 'api'] as const) {
          const ch = channel(audience, group);
          if (!oracle.applies(a, ch)) continue;
          const found = oracle.check(`Report. ${a.text} End.`, ch);
          if (!found.some((l) => l.attack === a.id && l.cls === a.cls && l.person === a.person)) missed.push(`${a.id} ${a.cls} ${audience}/${group}: ${JSON.stringify(a.text)}`);
        }
      }
    }
    expect(missed).toEqual([]);
  });

  it('flags nothing in a perfectly redacted text: names as pseudonyms, confidential sources as their citation', () => {
    const flagged: string[] = [];
    for (const a of corpus.attacks) {
      let text = a.text.split(a.planted).join(person(a.person).pseudonym);
      for (const phrase of a.phrases) text = text.split(phrase).join('Confidential source (interview, March 2021)');
      for (const audience of AUDIENCES) {
        const found = oracle.check(text, channel(audience));
        if (found.length > 0) flagged.push(`${a.id} ${audience}: ${found.map((l) => l.snippet).join(' | ')}`);
      }
    }
    expect(flagged).toEqual([]);
  });

  it('never flags a pseudonym', () => {
    const text = corpus.bundle.persons.map((p) => `${p.pseudonym} and ${p.pseudonym}'s family`).join('. ');
    for (const audience of AUDIENCES) expect(oracle.check(text, channel(audience))).toEqual([]);
  });

  it('lets consenting persons be named in documents, but not to a caller without identities:read', () => {
    const controls = corpus.attacks.filter((a) => a.control);
    expect(controls.length).toBeGreaterThan(10);
    for (const a of controls) {
      expect(oracle.check(a.text, channel('public')), a.text).toEqual([]);
      expect(oracle.check(a.text, channel('un')), a.text).toEqual([]);
      expect(oracle.check(a.text, channel('none', 'api')).map((l) => l.attack), a.text).toEqual([a.id]);
    }
    const names = corpus.bundle.persons.filter((p) => p.consent.publicNaming).map((p) => `${p.name} (${p.nameNative}); ${p.name.split(' ').at(-1)}'s lawyer`).join('. ');
    expect(oracle.check(names, channel('public'))).toEqual([]);
  });

  it('tells the consenting husband from his protected wife', () => {
    const wife = corpus.bundle.persons.find((p) => p.name === 'Dilnoza Rahimova')!;
    expect(oracle.check("Farrukh Rahimov said that Rahimov's car was seized.", channel('public'))).toEqual([]);
    for (const text of ['Dilnoza Rahimova was questioned.', 'Mrs Rahimova was questioned.', 'The Rahimovs were questioned.', 'Раҳимова was questioned.']) {
      expect(oracle.check(text, channel('public')).map((l) => l.person), text).toEqual([wife.key]);
    }
  });

  it('a UN communication may name whom consent to UN submission covers', () => {
    const uzbek = corpus.bundle.persons.find((p) => p.name === "O'ktam To'xtayev")!;
    expect(uzbek.consent).toMatchObject({ unSubmission: true, publicNaming: false });
    expect(oracle.check("O'ktam To'xtayev was detained.", channel('un'))).toEqual([]);
    expect(oracle.check("O'ktam To'xtayev was detained.", channel('public')).map((l) => l.person)).toEqual([uzbek.key]);
  });

  it('counts a search that answers a protected name with a record tied to it', () => {
    const a = corpus.attacks.find((x) => x.placement.record === 'incident' && x.placement.field === 'title' && !x.control)!;
    const ch = channel('none', 'api');
    const base = { attack: a.id, person: a.person, q: a.planted, url: '/api/v1/incidents?q=x', status: 200 };
    expect(oracle.checkSearch([{ ...base, returned: [a.placement.key] }], ch)).toHaveLength(1);
    expect(oracle.checkSearch([{ ...base, returned: [] }], ch)).toEqual([]);
  });
});
