import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAME_WITHHELD, NameMatcher, type ProtectedPerson } from '../../../src/consent/index.js';
import {
  AIGERIM, ASEL, DILSHOD, FARRUKH, GULNARA, KOMIL, LYUDMILA, NURLAN, OKTAM, PARVIZ, SHAVKAT, YERZHAN, ZARINA,
} from './persons.js';

/**
 * Any protected name, written in any usual spelling and put through a random mix of the
 * disguises text carries (case, homoglyphs, invisible characters, diacritics, endings, plural and
 * possessive, surname first, line-break hyphenation, glue), is found.
 *
 * The spellings and lookalikes here are written out by hand, not taken from the matcher's
 * tables, so the test checks the matcher against what people write.
 */
interface Spelled {
  person: ProtectedPerson;
  given: string[];
  surname: string[];
  /** The surname is feminine (-ova, -aya): its masculine form is the relative's. */
  feminine: boolean;
}

const SPELLED: Spelled[] = [
  { person: FARRUKH, given: ['Farrukh', 'Farrux', 'Farukh', 'Фаррух'], surname: ['Rahimov', 'Rakhimov', 'Raximov', 'Рахимов', 'Раҳимов'], feminine: false },
  { person: OKTAM, given: ["O'ktam", 'Oʻktam', 'Oktam', 'Uktam', 'Ўктам', 'Уктам'], surname: ["To'xtayev", 'Toʻxtayev', 'Toxtayev', 'Tukhtaev', 'Тўхтаев', 'Тухтаев'], feminine: false },
  { person: YERZHAN, given: ['Yerzhan', 'Erzhan', 'Erjan', 'Ержан'], surname: ['Zhumabayev', 'Zhumabaev', 'Jumabaev', 'Jumabayev', 'Жұмабаев', 'Жумабаев'], feminine: false },
  { person: GULNARA, given: ['Gulnara', 'Гульнара'], surname: ['Tobylova', 'Tobilova', 'Тобылова'], feminine: true },
  { person: AIGERIM, given: ['Aigerim', 'Aygerim', 'Айгерім', 'Айгерим'], surname: ['Seitova', 'Seytova', 'Сейтова'], feminine: true },
  { person: PARVIZ, given: ['Parviz', 'Парвиз'], surname: ['Rahmonov', 'Rakhmonov', 'Раҳмонов', 'Рахмонов', 'Rakhmanov', 'Рахманов'], feminine: false },
  { person: SHAVKAT, given: ['Shavkat', 'Шавкат'], surname: ['Rustamov', 'Рустамов'], feminine: false },
  { person: DILSHOD, given: ['Dilshod', 'Дилшод'], surname: ['Kurbanov', 'Qurbonov', 'Курбанов', 'Қурбонов'], feminine: false },
  { person: ZARINA, given: ['Zarina', 'Зарина'], surname: ['Abilova', 'Äbilova', 'Әбілова', 'Абилова'], feminine: true },
  { person: LYUDMILA, given: ['Lyudmila', 'Liudmila', 'Людмила'], surname: ['Zhuravskaya', 'Zhuravskaia', 'Журавская'], feminine: true },
  { person: NURLAN, given: ['Nurlan', 'Нұрлан', 'Нурлан'], surname: ['Abenuly', 'Abenuli', 'Әбенұлы'], feminine: false },
  { person: KOMIL, given: ['Komil', 'Комил', 'Kamil', 'Камил'], surname: ['Yusupov', 'Iusupov', 'Юсупов'], feminine: false },
  { person: ASEL, given: ['Asel', 'Assel', 'Әсел', 'Асель'], surname: ['Kasymova', 'Qasymova', 'Kassymova', 'Қасымова', 'Касымова'], feminine: true },
];

const matcher = new NameMatcher(SPELLED.map((s) => s.person));

const isCyrillic = (s: string) => /[\u0400-\u04FF]/.test(s);

/** The relative's form of a surname (masculine ↔ feminine). */
function gendered(surname: string, feminine: boolean): string {
  if (feminine) {
    if (/aya$|aia$/.test(surname)) return surname.replace(/a[yi]a$/, 'y');
    if (/ская$/.test(surname)) return surname.replace(/ская$/, 'ский');
    return surname.slice(0, -1); // Tobylova → Tobylov, Тобылова → Тобылов
  }
  if (/uly$|uli$/.test(surname)) return surname.replace(/ul[yi]$/, 'kyzy');
  if (/ұлы$/.test(surname)) return surname.replace(/ұлы$/, 'қызы');
  return `${surname}${isCyrillic(surname) ? 'а' : 'a'}`;
}

/** Endings that running text adds to a word in this script, after this last letter. */
function endingsFor(word: string): string[] {
  if (!isCyrillic(word)) return ["'s", '’s', 's', 'es', 'ning', 'ga', 'ni', 'da', 'dan', 'lar', 'ro'];
  // Kazakh harmony is not modelled: the matcher must not depend on it.
  if (/[аеиоуыэюяәөұүі]$/.test(word)) return ['ның', 'ға', 'ны', 'да', 'дан', 'мен', 'лар', 'лардың', 'ро', 'ҳо', 'ни'];
  return ['а', 'у', 'ым', 'е', 'ых', 'тың', 'қа', 'ты', 'та', 'тан', 'пен', 'тар', 'тардың', 'тарының', 'ро', 'ҳо', 'и', 'ning'];
}

/** Lookalikes, by case: what an attacker would swap in (Latin ↔ Cyrillic ↔ Greek). */
const LOOKALIKES: Record<string, string[]> = {
  a: ['а', 'α'], c: ['с'], e: ['е'], o: ['о', 'ο'], p: ['р', 'ρ'], x: ['х'], y: ['у'], i: ['і'], j: ['ј'], s: ['ѕ'], h: ['һ'],
  A: ['А', 'Α'], B: ['В', 'Β'], C: ['С'], E: ['Е', 'Ε'], H: ['Н', 'Η'], K: ['К', 'Κ'], M: ['М', 'Μ'], O: ['О', 'Ο'],
  P: ['Р', 'Ρ'], T: ['Т', 'Τ'], X: ['Х', 'Χ'], I: ['І', 'Ι'], J: ['Ј'], S: ['Ѕ'],
  а: ['a'], с: ['c'], е: ['e'], о: ['o'], р: ['p'], х: ['x'], у: ['y'], і: ['i'],
  А: ['A'], В: ['B'], С: ['C'], Е: ['E'], Н: ['H'], К: ['K'], М: ['M'], О: ['O'], Р: ['P'], Т: ['T'], Х: ['X'], І: ['I'],
};
const INVISIBLES = ['\u00AD', '\u034F', '\u200B', '\u200C', '\u200D', '\u200E', '\u2060', '\u2063', '\uFEFF', '\uFE0F', '\u202C', '\u2066', '\u{E0020}'];
const PRECOMPOSED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', A: 'Á', O: 'Ö', U: 'Ü' };

type Case = 'keep' | 'upper' | 'lower' | 'random';

interface Disguise {
  spelled: number;
  given: number;
  surname: number;
  order: 'given surname' | 'surname given' | 'surname';
  gendered: boolean;
  ending: number | null;
  textCase: Case;
  caseBits: boolean[];
  homoglyphs: number[];
  diacritics: number[];
  invisibles: [number, number][];
  hyphenAt: number | null;
  glue: string;
  digits: boolean;
  percent: boolean;
}

const disguise: fc.Arbitrary<Disguise> = fc.record({
  spelled: fc.nat({ max: SPELLED.length - 1 }),
  given: fc.nat({ max: 9 }),
  surname: fc.nat({ max: 9 }),
  order: fc.constantFrom('given surname' as const, 'surname given' as const, 'surname' as const),
  gendered: fc.boolean(),
  ending: fc.option(fc.nat({ max: 20 }), { nil: null }),
  textCase: fc.constantFrom('keep' as const, 'upper' as const, 'lower' as const, 'random' as const),
  caseBits: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
  homoglyphs: fc.array(fc.nat({ max: 39 }), { maxLength: 6 }),
  diacritics: fc.array(fc.nat({ max: 39 }), { maxLength: 3 }),
  invisibles: fc.array(fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: INVISIBLES.length - 1 })), { maxLength: 5 }),
  hyphenAt: fc.option(fc.integer({ min: 2, max: 5 }), { nil: null }),
  glue: fc.constantFrom(' ', ' ', '\u00A0', '\n', '_', '.', ', ', '', '\u2003'),
  digits: fc.boolean(),
  percent: fc.boolean(),
});

/** The disguised name, as it goes into the text. */
function write(d: Disguise): { text: string; person: ProtectedPerson } {
  const s = SPELLED[d.spelled]!;
  const given = s.given[d.given % s.given.length]!;
  let surname = s.surname[d.surname % s.surname.length]!;
  if (d.gendered) surname = gendered(surname, s.feminine);
  let words = d.order === 'given surname' ? [given, surname] : d.order === 'surname given' ? [surname, given] : [surname];
  // An ending goes on the last word; a line-break hyphen inside the surname.
  if (d.ending !== null) {
    const last = words[words.length - 1]!;
    const endings = endingsFor(last);
    words[words.length - 1] = last + endings[d.ending % endings.length]!;
  }
  if (d.hyphenAt !== null) {
    const i = words.indexOf(words.find((w) => w.startsWith(surname.slice(0, 3)))!);
    const w = words[i]!;
    if (w.length > d.hyphenAt + 2) words[i] = `${w.slice(0, d.hyphenAt)}-\n${w.slice(d.hyphenAt)}`;
  }
  const glue = d.glue === '' && d.textCase !== 'keep' ? ' ' : d.glue;
  // camelCase glue needs the words' own capitals.
  let text = words.join(glue);
  const caseOf = (ch: string, k: number) =>
    d.textCase === 'upper' ? ch.toUpperCase() : d.textCase === 'lower' ? ch.toLowerCase()
      : d.textCase === 'random' ? (d.caseBits[k % d.caseBits.length] ? ch.toUpperCase() : ch.toLowerCase()) : ch;
  let chars = [...text].map(caseOf);
  for (const k of d.homoglyphs) {
    const at = k % chars.length;
    const options = LOOKALIKES[chars[at]!];
    if (options) chars[at] = options[k % options.length]!;
  }
  for (const k of d.diacritics) {
    const at = k % chars.length;
    const c = chars[at]!;
    if (PRECOMPOSED[c]) chars[at] = PRECOMPOSED[c]!;
    else if (/[аеиоуАЕИОУ]/.test(c)) chars[at] = `${c}\u0301`;
  }
  for (const [k, which] of [...d.invisibles].sort((a, b) => b[0] - a[0])) {
    chars.splice(k % (chars.length + 1), 0, INVISIBLES[which]!);
  }
  text = chars.join('');
  if (d.digits) text += '1987';
  if (d.percent) text = encodeURIComponent(text);
  return { text, person: s.person };
}

describe('property: a disguised protected name is found', () => {
  it('in running text, whatever the mix of disguises', () => {
    fc.assert(
      fc.property(disguise, (d) => {
        const { text: name, person } = write(d);
        const before = d.percent ? 'https://news.example.org/' : 'Reports say that ';
        const text = `${before}${name} was detained.`;
        const at = before.length;
        const mentions = matcher.findMentions(text);
        // A mention of the person overlapping where the name was put.
        const hit = mentions.find((m) => m.personKeys.includes(person.key) && m.start < at + name.length && m.end > at);
        expect(hit, `${JSON.stringify(text)} → ${JSON.stringify(mentions)}`).toBeDefined();
        // The pseudonym, or the neutral marker where the span may also be somebody else (random case
        // can make "A.K" of a name, another person's initials).
        const redacted = matcher.redact(text);
        const said = [person.pseudonym, NAME_WITHHELD].flatMap((p) => [p, encodeURIComponent(p)]);
        expect(said.some((p) => redacted.includes(p)), redacted).toBe(true);
        if (!hit!.personKeys.every((k) => k === person.key)) expect(redacted).toContain(d.percent ? encodeURIComponent(NAME_WITHHELD) : NAME_WITHHELD);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 3000) },
    );
  });
});
