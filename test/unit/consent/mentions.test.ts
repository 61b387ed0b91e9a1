import { describe, expect, it } from 'vitest';
import {
  audienceResolver, convertBundleNames, conversionMatcher, convertNamesToMentions, nameResolver, pseudonymResolver,
  renderMentions, UNKNOWN_MENTION,
} from '../../../src/consent/mentions.js';
import type { Bundle } from '../../../src/records/bundle.schemas.js';
import { FARRUKH, GULNARA, KOMIL, RESIDENTS } from './persons.js';

const consent = (publicNaming: boolean) => ({ unSubmission: true, publicNaming, stateTransmission: true, unPublicReport: false });
const persons = new Map([
  ['p-farrukh', { key: 'p-farrukh', name: 'Farrukh Rahimov', pseudonym: 'Blogger F', consent: consent(false), occupation: 'blogger' }],
  ['p-named', { key: 'p-named', name: 'Max Bokayev', pseudonym: 'Activist M', consent: consent(true), occupation: 'activist' }],
  ['p-z', { key: 'p-z', name: 'Zhanna Orlova', pseudonym: 'Journalist Z', consent: consent(false), occupation: 'civil society journalist' }],
]);

describe('renderMentions', () => {
  it('renders a protected person as the pseudonym and a consenting one as the name, per audience', () => {
    const text = '[[person:p-farrukh]] and [[person:p-named]] were detained.';
    expect(renderMentions(text, audienceResolver(persons, 'public'))).toBe('Blogger F and Max Bokayev were detained.');
    expect(renderMentions(text, audienceResolver(persons, 'un'))).toBe('Farrukh Rahimov and Max Bokayev were detained.');
  });

  it('keeps possessives and punctuation around a mention', () => {
    expect(renderMentions("[[person:p-farrukh]]'s home, ([[person:p-named]]).", audienceResolver(persons, 'public')))
      .toBe("Blogger F's home, (Max Bokayev).");
  });

  it('passes only the plain text between mentions through `plain` (the Redactor never sees a rendered name)', () => {
    const seen: string[] = [];
    const out = renderMentions('A [[person:p-named]] B', audienceResolver(persons, 'public'), (s) => (seen.push(s), s.toLowerCase()));
    expect(seen).toEqual(['A ', ' B']);
    expect(out).toBe('a Max Bokayev b');
  });

  it('drops an honorific, the occupation or the role word before a pseudonym, not before a name', () => {
    const r = audienceResolver(persons, 'public');
    expect(renderMentions('Ms [[person:p-z]] said', r)).toBe('Journalist Z said');
    expect(renderMentions('the journalist [[person:p-z]] said', r)).toBe('the Journalist Z said');
    expect(renderMentions('civil society journalist [[person:p-z]] said', r)).toBe('Journalist Z said');
    expect(renderMentions('Mr. [[person:p-farrukh]]', r)).toBe('Blogger F');
    expect(renderMentions('Mr [[person:p-named]]', r)).toBe('Mr Max Bokayev');
  });

  it('prints a name converted with its native spelling in brackets once: the pseudonym alone, or name (native)', () => {
    const withNative = new Map([...persons].map(([k, p]) => [k, { ...p, nameNative: k === 'p-named' ? 'Макс Бокаев' : 'Фаррух Рахимов' }]));
    const text = '[[person:p-farrukh]] ([[person:p-farrukh]]) and [[person:p-named]] ([[person:p-named]]) were held';
    expect(renderMentions(text, audienceResolver(withNative, 'public'))).toBe('Blogger F and Max Bokayev (Макс Бокаев) were held');
  });

  it('prints an unknown key as a placeholder, never the key (which may spell a name)', () => {
    expect(renderMentions('[[person:p-nobody-known]] spoke', audienceResolver(persons, 'un'))).toBe(`${UNKNOWN_MENTION} spoke`);
  });

  it('leaves malformed mentions and plain brackets as text', () => {
    const r = audienceResolver(persons, 'un');
    expect(renderMentions('[[person:P-X]] and [[ person:p-z]] and [[x]]', r)).toBe('[[person:P-X]] and [[ person:p-z]] and [[x]]');
  });

  it('has resolvers for callers without identities:read (pseudonyms) and for staff (names)', () => {
    const all = [...persons.values()];
    expect(renderMentions('[[person:p-named]]', pseudonymResolver(all))).toBe('Activist M');
    expect(renderMentions('[[person:p-farrukh]]', nameResolver(all))).toBe('Farrukh Rahimov');
  });
});

describe('convertNamesToMentions', () => {
  const wife = { key: 'p-wife', kind: 'individual' as const, name: 'Dilnoza Rahimova', nameNative: null, pseudonym: 'Witness W' };
  const matcher = conversionMatcher([FARRUKH, GULNARA, KOMIL, RESIDENTS]);

  it('converts full names, surnames and native names of one person, keeping a possessive outside', () => {
    const c = convertNamesToMentions("Police searched Farrukh Rahimov's flat; Rahimov was detained. Гульнара Тобылова saw it.", matcher);
    expect(c.text).toBe("Police searched [[person:p-farrukh]]'s flat; [[person:p-farrukh]] was detained. [[person:p-gulnara]] saw it.");
    expect(c.converted.map((x) => x.key)).toEqual(['p-farrukh', 'p-farrukh', 'p-gulnara']);
    expect(c.ambiguous).toEqual([]);
  });

  it('leaves existing mentions alone and does not read names inside their keys', () => {
    const m = conversionMatcher([{ ...KOMIL, key: 'p-komil-yusupov' }]);
    const c = convertNamesToMentions('[[person:p-komil-yusupov]] met Komil Yusupov', m);
    expect(c.text).toBe('[[person:p-komil-yusupov]] met [[person:p-komil-yusupov]]');
    expect(c.converted).toHaveLength(1);
  });

  it('reports a shared surname instead of guessing whose it is', () => {
    const m = conversionMatcher([FARRUKH, { ...wife, name: 'Dilnoza Rahimov' }]);
    const c = convertNamesToMentions('Rahimov was questioned.', m);
    expect(c.text).toBe('Rahimov was questioned.');
    expect(c.ambiguous).toEqual([{ text: 'Rahimov', keys: ['p-farrukh', 'p-wife'] }]);
  });

  it('does not convert forms that are not the recorded spelling (inflections, family plurals, initials)', () => {
    const c = convertNamesToMentions('the Rahimovs left; F. R. stayed; задержание Тобыловой', matcher);
    expect(c.converted).toEqual([]);
    expect(c.text).toBe('the Rahimovs left; F. R. stayed; задержание Тобыловой');
  });

  it('converts no group or organisation names (their names are descriptions)', () => {
    expect(convertNamesToMentions('Residents of Kok-Tobe street protested', matcher).converted).toEqual([]);
  });
});

describe('convertBundleNames', () => {
  it('converts in every free-text field and counts per record, with bundle and stored persons known', () => {
    const bundle = {
      bundleVersion: 1, country: { code: 'KZ', name: 'Kazakhstan' }, period: { from: '2018-01-01', to: '2018-03-31' },
      organisations: [],
      persons: [{ ...GULNARA, sex: 'female', birthYear: null, occupation: 'sister of Farrukh Rahimov', affiliation: null, consent: { unSubmission: false, publicNaming: false, stateTransmission: false }, risk: null }],
      sources: [{ key: 's-1', type: 'interview', title: 'Interview with Gulnara Tobylova', author: 'Komil Yusupov', organisation: null, date: null, url: null, reliability: 'B', confidential: false }],
      incidents: [{
        key: 'i-1', title: 'Farrukh Rahimov detained', date: '2018-01-02', dateAccuracy: 'exact', endDate: null,
        location: { place: 'Almaty', region: null }, rights: [], violations: [], summary: 'Rahimov was held; nobody else.',
        victims: [], perpetrators: [{ description: 'Officers who beat Rahimov', stateActor: true }], legalBasis: [], status: 'ongoing',
        urgent: false, followUpOf: null, sources: [{ source: 's-1', credibility: 2, locator: null, excerpt: 'Gulnara Tobylova said so' }],
      }],
      recommendations: [{ key: 'r-1', right: 'liberty', addressee: 'state', text: 'Release Farrukh Rahimov', incidents: ['i-1'] }],
    } as unknown as Bundle;
    const { bundle: out, mentionsConverted } = convertBundleNames(bundle, [FARRUKH, KOMIL]);
    expect(mentionsConverted).toEqual({
      total: 8,
      persons: { 'p-gulnara': 1 },
      sources: { 's-1': 2 },
      incidents: { 'i-1': 4 },
      recommendations: { 'r-1': 1 },
    });
    expect(out.incidents[0]!.summary).toBe('[[person:p-farrukh]] was held; nobody else.');
    expect(out.incidents[0]!.sources[0]!.excerpt).toBe('[[person:p-gulnara]] said so');
    expect(out.sources[0]!.author).toBe('[[person:p-komil]]');
    expect(bundle.incidents[0]!.summary).toBe('Rahimov was held; nobody else.'); // the input is not changed
  });
});
