/**
 * Attack generators: for each class, the name-bearing fragments staff (or a hostile source)
 * might type, built from the people's spellings. The generator (generate.ts) places each
 * fragment in a record field next to its anchor.
 */
import { masculine, otherGender, PEOPLE, type PersonSpec } from './people.js';
import type { Rng } from './rng.js';
import type { AttackClass } from './types.js';

/** Where a fragment may go: any text field, only a multi-line one (summary, excerpt), or a URL. */
export type Slot = 'line' | 'multiline' | 'url';

export interface Draft {
  cls: AttackClass;
  /** Index into PEOPLE. */
  target: number;
  planted: string;
  slot: Slot;
}

const PER_CLASS = 20;

const protectedPeople = (): number[] => PEOPLE.flatMap((p, i) => (p.protection === 'consenting' ? [] : [i]));
const consentingSurnames = (): Set<string> => new Set(PEOPLE.filter((p) => p.protection === 'consenting').flatMap((p) => [p.surname, p.surnameNative]));
const ascii = (s: string) => s.replace(/['ʻʼ’‘`]/g, '');
const full = (p: PersonSpec) => `${p.first} ${p.surname}`;
const fullNative = (p: PersonSpec) => `${p.firstNative} ${p.surnameNative}`;
const isCyrillic = (s: string) => /\p{Script=Cyrillic}/u.test(s);

/**
 * Cycles through (person, form) pairs until `n` fragments exist: every eligible person is
 * attacked, each with a form picked from its own list.
 */
function cycle(r: Rng, cls: AttackClass, people: number[], forms: (p: PersonSpec, i: number) => Array<string | [string, Slot]>, n = PER_CLASS, slot: Slot = 'line'): Draft[] {
  const out: Draft[] = [];
  const seen = new Set<string>();
  for (let round = 0; out.length < n && round < n * 4; round++) {
    const target = people[round % people.length]!;
    const options = forms(PEOPLE[target]!, round);
    if (options.length === 0) continue;
    const picked = r.pick(options);
    const [planted, s] = typeof picked === 'string' ? [picked, slot] : picked;
    // Rounds beyond the first pick again; keep the corpus free of exact duplicates.
    if (seen.has(`${target}|${planted}`) && round >= people.length) continue;
    seen.add(`${target}|${planted}`);
    out.push({ cls, target, planted, slot: s });
  }
  return out;
}

const APOSTROPHES = ["'", 'ʻ', 'ʼ', '’', '‘', '`', ''];
const INVISIBLE = ['\u034F', '\uFE0F', '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u200E', '\u200F', '\u061C', '\u180E'];
const BIDI_WRAPS: Array<[string, string]> = [['\u2066', '\u2069'], ['\u2067', '\u2069'], ['\u2068', '\u2069'], ['\u202A', '\u202C'], ['\u202B', '\u202C'], ['\u202D', '\u202C']];
const HOMOGLYPHS_LATIN: Record<string, string[]> = { a: ['а', 'α'], o: ['о', 'ο'], e: ['е'], p: ['р'], c: ['с'], x: ['х'], y: ['у'], i: ['і'], k: ['к'], A: ['А'], O: ['О'], K: ['К'], M: ['М'], T: ['Т'], B: ['В'], H: ['Н'], C: ['С'], P: ['Р'], E: ['Е'], X: ['Х'] };
const HOMOGLYPHS_CYRILLIC: Record<string, string> = { а: 'a', о: 'o', е: 'e', р: 'p', с: 'c', у: 'y', х: 'x', А: 'A', О: 'O', Е: 'E', Р: 'P', С: 'C', К: 'K', М: 'M', Т: 'T', Н: 'H' };

/** Kazakh Latin (2018 style: ı, acute vowels), from the Cyrillic spelling. */
const KAZ_LATIN: Record<string, string> = {
  а: 'a', ә: 'á', б: 'b', в: 'v', г: 'g', ғ: 'ǵ', д: 'd', е: 'e', ё: 'e', ж: 'j', з: 'z', и: 'ı', й: 'ı', к: 'k', қ: 'q', л: 'l', м: 'm',
  н: 'n', ң: 'ń', о: 'o', ө: 'ó', п: 'p', р: 'r', с: 's', т: 't', у: 'ý', ұ: 'u', ү: 'ú', ф: 'f', х: 'h', һ: 'h', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'sh', ъ: '', ы: 'y', і: 'i', ь: '', э: 'e', ю: 'ıý', я: 'ıa',
};
function kazakhLatin(cyrillic: string): string {
  return [...cyrillic].map((c) => {
    const lower = c.toLowerCase();
    const t = KAZ_LATIN[lower] ?? c;
    return c === lower ? t : t.charAt(0).toUpperCase() + t.slice(1);
  }).join('');
}

/** Upper case the Turkish way (i → İ), as Kazakh Latin keyboards do. */
const upperDotted = (s: string) => s.replace(/i/g, 'İ').replace(/ı/g, 'I').toUpperCase();

function insertAt(s: string, at: number, what: string): string {
  const chars = [...s];
  chars.splice(at, 0, what);
  return chars.join('');
}

export function draftAttacks(r: Rng, options: { mentions: boolean; personKey: (i: number) => string }): Draft[] {
  const prot = protectedPeople();
  const consentingNames = consentingSurnames();
  const byOrigin = (...o: string[]) => prot.filter((i) => o.includes(PEOPLE[i]!.origin));
  const hasApostrophe = prot.filter((i) => /'/.test(PEOPLE[i]!.surname + PEOPLE[i]!.first));
  const withPatronymic = prot.filter((i) => PEOPLE[i]!.patronymic);
  const withYo = prot.filter((i) => /ё/i.test(PEOPLE[i]!.surnameNative + PEOPLE[i]!.firstNative));
  // A surname that is also a consenting person's surname (the protected wife of a consenting
  // husband) cannot be told apart from his: forms that reduce to it are left out.
  const notShared = (i: number, form: string) => !consentingNames.has(form) || PEOPLE[i]!.protection === 'consenting';
  const drafts: Draft[] = [];

  drafts.push(...cycle(r, 'apostrophe', hasApostrophe, (p, n) => {
    const a = APOSTROPHES[n % APOSTROPHES.length]!;
    const sw = (s: string) => s.replace(/'/g, a);
    return [sw(full(p)), sw(p.surname), `${sw(p.surname)} ${sw(p.first)}`];
  }, 21));

  drafts.push(...cycle(r, 'plural', prot.filter((i) => otherGender(PEOPLE[i]!.surname, 'male') !== null), (p) => {
    const m = ascii(masculine(p.surname));
    return [`the ${m}s`, `${m}s'`, `the ${m}s’`, `${m}s’ relatives`, `both ${m}s`];
  }));

  drafts.push(...cycle(r, 'gendered', prot.filter((i) => {
    const p = PEOPLE[i]!;
    const o = otherGender(p.surname, p.sex);
    return o !== null && notShared(i, o) && notShared(i, otherGender(p.surnameNative, p.sex) ?? '');
  }), (p) => {
    const o = otherGender(p.surname, p.sex)!;
    const on = otherGender(p.surnameNative, p.sex)!;
    return [p.sex === 'male' ? `his sister ${o}` : `her brother ${o}`, `${p.sex === 'male' ? 'Mrs' : 'Mr'} ${o}`, on, `${o} (a relative)`];
  }));

  drafts.push(...cycle(r, 'surname-first', prot, (p) => [
    `${p.surname} ${p.first}`, `${p.surname.toUpperCase()} ${p.first}`, `${p.surnameNative} ${p.firstNative}`, `${p.surname}, ${p.first}`,
    ...(p.patronymic ? [`${p.surname} ${p.first} ${p.patronymic}`, `${p.surnameNative} ${p.firstNative} ${p.patronymicNative}`] : []),
  ]));

  drafts.push(...cycle(r, 'patronymic-dropped', withPatronymic, (p) => [
    full(p), fullNative(p), `${p.first} ${p.patronymic!.charAt(0)}. ${p.surname}`, `${p.first.toUpperCase()} ${p.surname.toUpperCase()}`,
    `${p.firstNative} ${p.patronymicNative!.charAt(0)}. ${p.surnameNative}`, `${p.first} ${p.surname}'s`,
  ], 18));

  drafts.push(...cycle(r, 'kazakh-endings', [...byOrigin('kz'), ...byOrigin('uz', 'ru').slice(0, 3)], (p) => {
    const s = p.surnameNative;
    const vowelFinal = /[аеёиоуыэюяәөұүі]$/i.test(s);
    const endings = vowelFinal ? ['ның', 'ға', 'ны', 'да', 'дан', 'мен', 'лар', 'ларға', 'ның', 'сы'] : ['тың', 'қа', 'ты', 'та', 'тан', 'пен', 'тар', 'тардың', 'ке', 'тің'];
    return endings.map((e) => `${s}${e}`).concat(vowelFinal ? [] : [`${s}тар`]);
  }, 22));

  drafts.push(...cycle(r, 'tajik-endings', byOrigin('tj'), (p) => {
    const s = p.surnameNative;
    return ['ро', 'ҳо', 'ҳоро', 'и', 'ҳои', 'ам', 'ба'].map((e) => (e === 'ба' ? `ба ${s}` : `${s}${e}`)).concat([`${p.firstNative} ${s}ро`, `хонаи ${s}`]);
  }));

  drafts.push(...cycle(r, 'russian-case', prot, (p) => {
    const s = p.surnameNative;
    if (!/(ов|ев|ёв|ин)а?$/.test(s)) return [`${s}у`];
    const m = masculine(s);
    return p.sex === 'male'
      ? [`${s}а`, `${s}у`, `${s}ым`, `${s}е`, `${m}ых`, `${p.firstNative}у ${s}у`, `у ${s}а`]
      : [`${s.replace(/а$/, 'ой')}`, `${s.replace(/а$/, 'у')}`, `${m}ых`, `${m}ыми`, `с ${s.replace(/а$/, 'ой')}`];
  }));

  drafts.push(...cycle(r, 'yo-e', withYo, (p) => {
    const e = (s: string) => s.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
    const m = masculine(p.surnameNative);
    return [e(p.surnameNative), e(fullNative(p)), p.surnameNative, fullNative(p), `${e(m)}ых`, p.translit[0]!, `${p.firstTranslit?.[0] ?? p.first} ${p.translit[0]}`,
      `${e(p.firstNative)} ${p.surnameNative}`, `${e(m)}ым`, `${p.translit[0]!.toUpperCase()}`,
      p.sex === 'male' ? `${e(p.surnameNative)}а` : `${e(p.surnameNative).replace(/а$/, 'ой')}`];
  }));

  drafts.push(...cycle(r, 'kazakh-latin', byOrigin('kz'), (p) => {
    const kl = kazakhLatin(p.surnameNative);
    const first = kazakhLatin(p.firstNative);
    return [kl, `${first} ${kl}`, upperDotted(kl), kl.toLowerCase(), upperDotted(`${first} ${kl}`), kl.replace(/I/g, 'İ')];
  }, 22));

  drafts.push(...cycle(r, 'accents', prot, (p, n) => {
    const s = ascii(p.surname);
    const vowels = [...s].flatMap((c, i) => (/[aeiou]/i.test(c) && i > 0 ? [i] : []));
    const at = vowels[n % vowels.length] ?? 1;
    const acute: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú' };
    const chars = [...s];
    const c = chars[at]!;
    const precomposed = [...chars.slice(0, at), acute[c] ?? c, ...chars.slice(at + 1)].join('');
    const combining = insertAt(s, at + 1, '\u0301');
    const umlaut = s.replace(/^A/, 'Ä').replace(/^O/, 'Ö').replace(/^U/, 'Ü').replace(/ov$/, 'ôv');
    return [precomposed, combining, umlaut, `${p.first} ${precomposed}`];
  }));

  drafts.push(...cycle(r, 'homoglyph', prot, (p, n) => {
    const latin = ascii(p.surname);
    const swapLatin = [...latin].map((c, i) => ((i + n) % 3 === 0 && HOMOGLYPHS_LATIN[c] ? HOMOGLYPHS_LATIN[c]![n % HOMOGLYPHS_LATIN[c]!.length]! : c)).join('');
    const one = [...latin].map((c, i) => (i === [...latin].findIndex((x) => HOMOGLYPHS_LATIN[x]) ? HOMOGLYPHS_LATIN[c]![0]! : c)).join('');
    const swapCyr = [...p.surnameNative].map((c, i) => (i % 2 === 1 && HOMOGLYPHS_CYRILLIC[c] ? HOMOGLYPHS_CYRILLIC[c] : c)).join('');
    return [swapLatin, one, swapCyr, `${p.first} ${one}`].filter((f) => f !== latin && f !== p.surnameNative);
  }, 22));

  drafts.push(...cycle(r, 'invisible', prot, (p, n) => {
    const s = ascii(p.surname);
    const len = [...s].length;
    const ch = INVISIBLE[n % INVISIBLE.length]!;
    const [open, close] = BIDI_WRAPS[n % BIDI_WRAPS.length]!;
    const mid = Math.floor(len / 2);
    return [
      insertAt(s, 2, ch),
      insertAt(insertAt(s, len - 2, ch), 1, INVISIBLE[(n + 3) % INVISIBLE.length]!),
      `${[...s].slice(0, mid).join('')}${open}${[...s].slice(mid).join('')}${close}`,
      insertAt(p.surnameNative, 3, ch),
      `${p.first}${ch} ${insertAt(s, 3, '\u200B')}`,
    ];
  }, 24));

  drafts.push(...cycle(r, 'hyphen-break', prot, (p, n) => {
    const breaks = ['-\n', '-\r\n', '‐\n', '\u00AD\n', '-\n    ', '‑\n'];
    const b = breaks[n % breaks.length]!;
    const split = (s: string) => {
      const chars = [...s];
      const at = Math.max(2, Math.min(chars.length - 2, Math.floor(chars.length / 2)));
      return `${chars.slice(0, at).join('')}${b}${chars.slice(at).join('')}`;
    };
    return [split(ascii(p.surname)), `${p.first} ${split(ascii(p.surname))}`, split(p.surnameNative)];
  }, 20, 'multiline'));

  drafts.push(...cycle(r, 'glued', prot, (p, n) => {
    const s = ascii(masculine(p.surname));
    const sf = ascii(p.surname);
    const f = ascii(p.first);
    const year = 1960 + ((n * 7) % 40);
    return [
      [`${s.toLowerCase()}${year}`, 'url'], [`${sf}${f}`, 'url'], [`${f.toLowerCase()}.${sf.toLowerCase()}@mail.example.com`, 'line'],
      [`${sf}_${f}_statement.pdf`, 'line'], [`${f.toLowerCase()}${sf.toLowerCase()}`, 'url'], [`${sf}${f}${2021}.docx`, 'line'],
      [`@${sf.toLowerCase()}_${year}`, 'line'], [`${f}${sf}`, 'line'],
    ];
  }, 22));

  drafts.push(...cycle(r, 'percent-encoded', prot, (p) => {
    const s = ascii(p.surname);
    const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
    return [
      encodeURIComponent(p.surnameNative), encodeURIComponent(fullNative(p)), encodeURIComponent(full(p)).replace(/'/g, '%27'),
      `${hex(s[0]!)}${s.slice(1)}`, [...s].map(hex).join(''), `%${s}`, `100%${s}`, `%E2${s}`,
      encodeURIComponent(encodeURIComponent(p.surnameNative)), `${s.slice(0, 3)}%E2%80%8B${s.slice(3)}`,
    ];
  }, 22, 'url'));

  drafts.push(...cycle(r, 'translit', prot.filter((i) => PEOPLE[i]!.translit.length > 0), (p) => [
    ...p.translit, ...p.translit.map((t) => `${isCyrillic(t) ? p.firstNative : (p.firstTranslit?.[0] ?? p.first)} ${t}`),
    ...(p.firstTranslit ?? []).map((f) => `${f} ${p.surname}`),
  ], 26));

  drafts.push(...cycle(r, 'initials', prot, (p) => {
    const f = /^(Sh|Ch|Zh|Kh)/.test(p.first) ? p.first.slice(0, 2) : p.first.charAt(0);
    const fn = p.firstNative.charAt(0);
    return [`${f}. ${p.surname}`, `${f}.${p.surname}`, `${p.surname} ${f}.`, `${fn}. ${p.surnameNative}`,
      ...(p.patronymic ? [`${f}. ${p.patronymic.charAt(0)}. ${p.surname}`, `${fn}.${p.patronymicNative!.charAt(0)}. ${p.surnameNative}`] : [])];
  }));

  drafts.push(...cycle(r, 'family-group', prot.filter((i) => notShared(i, masculine(PEOPLE[i]!.surname))), (p) => {
    const m = ascii(masculine(p.surname));
    const mn = masculine(p.surnameNative);
    const forms = [`the ${m} family`, `the ${m} brothers`, `the ${m} household`, `relatives of the ${m}s`];
    if (p.origin === 'uz') forms.push(`${m}lar oilasi`);
    if (p.origin === 'kz') forms.push(`${mn}тар әулеті`);
    if (p.origin === 'tj') forms.push(`оилаи ${mn}ҳо`);
    if (/(ов|ев|ёв|ин)$/.test(mn)) forms.push(`семья ${mn}ых`);
    return forms;
  }));

  drafts.push(...cycle(r, 'consenting-control', PEOPLE.flatMap((p, i) => (p.protection === 'consenting' ? [i] : [])), (p) => [
    full(p), p.surname, fullNative(p), `${p.surname}'s`, `${p.first} ${p.surname} (${p.role})`,
  ]));

  if (options.mentions) {
    drafts.push(...cycle(r, 'mention', prot, (_p, n) => [`[[person:${options.personKey(prot[n % prot.length]!)}]]`]));
  }

  return drafts;
}

/**
 * A first name alone, drawn apart (generate.ts places these after all the others, with an RNG of
 * their own), so that adding the class left every earlier attack and its place as it was.
 */
export function draftFirstNameAttacks(r: Rng): Draft[] {
  const prot = protectedPeople();
  // A first name alone ("Dilnoza was detained"): the matcher reads one of 5+ letters that is no
  // everyday word or place. Only first names no other person of the corpus bears in any word of
  // a name (Serik is also in Serikovich, Rustam in Rustamov): those would name somebody else too.
  const nameWordsOf = (p: PersonSpec) => [p.first, p.patronymic ?? '', p.surname, p.firstNative, p.patronymicNative ?? '', p.surnameNative, ...p.translit, ...(p.firstTranslit ?? [])]
    .flatMap((w) => w.split(/\s+/)).filter((w) => w.length > 0).map((w) => ascii(w).toLowerCase());
  const ownFirstName = (i: number) => {
    const first = ascii(PEOPLE[i]!.first).toLowerCase();
    const firstNative = PEOPLE[i]!.firstNative.toLowerCase();
    return first.length >= 5 && PEOPLE.every((other, j) => j === i || nameWordsOf(other).every((w) => !w.startsWith(first) && !w.startsWith(firstNative)));
  };
  return cycle(r, 'first-name', prot.filter(ownFirstName), (p) => [
    p.first, p.firstNative, `${p.first}'s`, ...(p.firstTranslit ?? []).filter((t) => ascii(t).length >= 5 && !/\s/.test(t)),
  ], 22);
}

/** Whether a consenting person bears the surname (either gender, either script): "Рагимова" would name him too. */
function sharesConsentingSurname(p: PersonSpec): boolean {
  const masculineAscii = (s: string) => ascii(masculine(s));
  return [...consentingSurnames()].some((c) => masculineAscii(c) === masculineAscii(p.surname) || masculine(c) === masculine(p.surnameNative));
}

/**
 * How Russian-language text spells an Uzbek or Tajik name written in its own Cyrillic, by the
 * generator's own rules (not the matcher's): ғ қ ў ҷ ӣ ӯ to г к у дж и у; the Uzbek and Tajik о
 * of the stem as а, after л as я (Ғуломова → Гулямова); ҳ as х, or as г between vowels where
 * the name came through Arabic (Иброҳим → Ибрагим: `hAsG`); a final -оҳ as -а.
 */
export function russianSpelling(native: string, hAsG = false): string {
  const suffix = /(ов|ова|ев|ева|ович|овна)$/i.exec(native)?.[0] ?? '';
  let stem = native.slice(0, native.length - suffix.length);
  stem = stem.replace(/оҳ$/i, 'а');
  if (hAsG) stem = stem.replace(/(?<=[аеиоуӯ])ҳ(?=[аеиоуӯ])/gi, 'г');
  stem = stem.replace(/ло/g, 'ля').replace(/о/g, 'а').replace(/(?<=^|\s)О/g, 'А');
  const map: Record<string, string> = { ғ: 'г', Ғ: 'Г', қ: 'к', Қ: 'К', ў: 'у', Ў: 'У', ҷ: 'дж', Ҷ: 'Дж', ӣ: 'и', ӯ: 'у', ҳ: 'х', Ҳ: 'Х' };
  return [...stem + suffix].map((c) => map[c] ?? c).join('');
}

/** A Russian spelling in Latin letters, as a Russian passport office writes it. */
export function passportLatin(russian: string): string {
  const map: Record<string, string> = {
    а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
    п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: 'ie', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia',
  };
  return [...russian].map((c) => {
    const lower = c.toLowerCase();
    const latin = map[lower];
    if (latin === undefined) return c;
    return c === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
  }).join('');
}

/**
 * Tajik surnames rewritten since 2007: the Russian -ov dropped or replaced by -zoda, and the
 * -ov form that Russian-language text keeps writing (Раҳмонов → Раҳмон, Раҳмонзода; Раҳимзода →
 * Раҳимов); also -zade for -zoda. The bare root only beside the first name.
 */
export function tajikSurnameForms(p: PersonSpec): string[] {
  const latinRoot = /^(.+?)(ov|ova|ev|eva|zoda)$/.exec(ascii(p.surname))?.[1];
  const nativeRoot = /^(.+?)(ов|ова|ев|ева|зода)$/.exec(p.surnameNative)?.[1];
  if (!latinRoot || !nativeRoot || latinRoot.length < 4) return [];
  const zoda = /zoda$/.test(p.surname);
  return zoda
    ? [`${p.first} ${latinRoot}ov`, `${p.firstNative} ${nativeRoot}ов`, `${latinRoot}zade`, `${p.first} ${latinRoot}zade`]
    : [`${p.first} ${latinRoot}`, `${p.firstNative} ${nativeRoot}`, `${latinRoot}zoda`, `${nativeRoot}зода`, `${p.first} ${latinRoot}zoda`];
}

/**
 * Another spelling of an Uzbek or Tajik name than the records hold: the Russian one (in Cyrillic
 * and in passport Latin) and the Tajik surname forms. Drawn apart like the first names (seed + 2).
 * Persons whose surname a consenting person shares are left out: "Рагимова" is then his too.
 */
export function draftOtherSpellingAttacks(r: Rng): Draft[] {
  const consenting = consentingSurnames();
  const eligible = protectedPeople().filter((i) => ['uz', 'tj'].includes(PEOPLE[i]!.origin) && !sharesConsentingSurname(PEOPLE[i]!));
  return cycle(r, 'other-spelling', eligible, (p) => {
    const russian = russianSpelling(`${p.firstNative} ${p.surnameNative}`);
    const russianSurname = russianSpelling(p.surnameNative);
    const arabic = russianSpelling(p.surnameNative, true);
    const forms = [russian, russianSurname, passportLatin(russian), passportLatin(russianSurname), `${russianSurname}ой`.replace(/аой$/, 'ой')];
    if (arabic !== russianSurname) forms.push(arabic, passportLatin(arabic));
    if (p.origin === 'tj') forms.push(...tajikSurnameForms(p));
    return forms.filter((f) => ![...consenting].some((c) => f.split(/\s+/).includes(c)));
  }, 36);
}

/** German (Duden) and French spellings of a Cyrillic name, by the generator's own tables. */
const GERMAN: Record<string, string> = {
  а: 'a', б: 'b', в: 'w', г: 'g', д: 'd', е: 'e', ё: 'jo', ж: 'sch', з: 's', и: 'i', й: 'j', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'ch', ц: 'z', ч: 'tsch', ш: 'sch', щ: 'schtsch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'ju', я: 'ja',
};
const FRENCH: Record<string, string> = {
  ...GERMAN, в: 'v', ж: 'j', з: 'z', й: 'ï', х: 'kh', ц: 'ts', ч: 'tch', ш: 'ch', щ: 'chtch', у: 'ou', ю: 'iou', я: 'ia', ё: 'io',
};
const CENTRAL_TO_RUSSIAN: Record<string, string> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и', ҳ: 'х', ҷ: 'дж', ў: 'у', ӣ: 'и', ӯ: 'у' };

export function europeanSpelling(native: string, table: Record<string, string>): string {
  return [...native].map((c) => {
    const lower = c.toLowerCase();
    const russian = CENTRAL_TO_RUSSIAN[lower] ?? lower;
    const latin = table[russian];
    if (latin === undefined) return c;
    return c === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
  }).join('').replace(/(?<=[aeiou])s(?=[aeiou])/g, 'ss');
}

/**
 * Spellings of European-language press (German, French) for any protected person with a native
 * name, and the Kazakh surname forms (-ов ↔ -ұлы/-қызы) beside the first name. Drawn after the
 * other spellings, from an RNG of their own (seed + 4).
 */
export function draftEuropeanSpellingAttacks(r: Rng): Draft[] {
  const consenting = consentingSurnames();
  const eligible = protectedPeople().filter((i) => !sharesConsentingSurname(PEOPLE[i]!));
  return cycle(r, 'other-spelling', eligible, (p) => {
    const nativeFull = `${p.firstNative} ${p.surnameNative}`;
    const forms = [europeanSpelling(nativeFull, GERMAN), europeanSpelling(p.surnameNative, GERMAN), europeanSpelling(nativeFull, FRENCH), europeanSpelling(p.surnameNative, FRENCH)];
    if (p.origin === 'kz') {
      const root = /^(.+?)(ов|ова|ев|ева)$/.exec(p.surnameNative);
      if (root) {
        const stem = /[аеиоуыэюяәөұүі]$/.test(root[1]!) && root[2]!.startsWith('е') ? `${root[1]}й` : root[1]!;
        const suffix = p.sex === 'female' ? 'қызы' : 'ұлы';
        forms.push(`${p.firstNative} ${stem}${suffix}`, `${p.first} ${ascii(passportLatin([...stem].map((c) => CENTRAL_TO_RUSSIAN[c] ?? c).join('')))}${p.sex === 'female' ? 'kyzy' : 'uly'}`);
      }
    }
    return forms.filter((f) => ![...consenting].some((c) => f.split(/\s+/).includes(c)));
  }, 30);
}

/**
 * A first name as nobody's record spells it, right beside the surname: diminutives ("Rustik",
 * "Gulya"), the affectionate -jon/-жон of Uzbek and Tajik, a vowel as Turkish writes it
 * ("Rüstem"). Drawn after the European spellings, from an RNG of their own (seed + 5).
 */
/** Short forms of the corpus's Russian first names (Latin, Cyrillic), the generator's own list. */
const RUSSIAN_SHORT_FORMS: Record<string, [string, string]> = {
  Андрей: ['Andryusha', 'Андрюша'], Виктор: ['Vitya', 'Витя'], Ирина: ['Ira', 'Ира'], Пётр: ['Petya', 'Петя'], Алёна: ['Alyonka', 'Алёнка'],
};

export function draftNearFirstNameAttacks(r: Rng): Draft[] {
  const consenting = consentingSurnames();
  const eligible = protectedPeople().filter((i) => !sharesConsentingSurname(PEOPLE[i]!) && ascii(PEOPLE[i]!.first).length >= 4);
  return cycle(r, 'other-spelling', eligible, (p) => {
    const first = ascii(p.first);
    const female = p.sex === 'female';
    const short = female ? `${first.slice(0, 3)}ya` : `${first.slice(0, 4)}ik`;
    const shortNative = female ? `${p.firstNative.slice(0, 3)}я` : `${p.firstNative.slice(0, 4)}ик`;
    const turkish = first.replace(/(?<=^.{3}[^aeiou]*)a/, 'e').replace(/u/, 'ü');
    const forms = [`${short} ${p.surname}`, `${shortNative} ${p.surnameNative}`, `${turkish} ${p.surname}`, `${p.surname} ${short}`];
    if (['uz', 'tj'].includes(p.origin)) forms.push(`${first}jon ${p.surname}`, `${p.firstNative}жон ${p.surnameNative}`);
    const short_ = RUSSIAN_SHORT_FORMS[p.firstNative];
    if (short_) forms.push(`${short_[0]} ${p.surname}`, `${short_[1]} ${p.surnameNative}`);
    return forms.filter((f) => ![...consenting].some((c) => f.split(/\s+/).includes(c)) && f.split(/\s+/)[0] !== p.first);
  }, 30);
}

/**
 * Forms an adversarial probe of the service found printed as typed (round 2): the Kazakh қ/Q for
 * Russian х, the press ending -off, a Kazakh -ұлы surname alone, a word hyphenated across a line
 * break that a PDF copy turned into a space, and a patronymic or the surname's initial written
 * after the first name. Drawn after the near first names, from an RNG of their own (seed + 6).
 */
const FATHERS: ReadonlyArray<[string, string]> = [
  ['Bakhtiyar', 'Бахтияр'], ['Ergash', 'Эргаш'], ['Nurlan', 'Нурлан'], ['Rashid', 'Рашид'], ['Timur', 'Тимур'], ['Zafar', 'Зафар'],
  ['Anvar', 'Анвар'], ['Dauren', 'Даурен'], ['Kairat', 'Кайрат'], ['Marat', 'Марат'], ['Oleg', 'Олег'], ['Sabit', 'Сабит'],
  ['Farhad', 'Фархад'], ['Ilyas', 'Ильяс'], ['Murat', 'Мурат'], ['Yerlan', 'Ерлан'],
];

export function draftProbeSpellingAttacks(r: Rng): Draft[] {
  const consenting = consentingSurnames();
  const eligible = protectedPeople().filter((i) => !sharesConsentingSurname(PEOPLE[i]!) && ascii(PEOPLE[i]!.surname).length >= 6);
  return cycle(r, 'other-spelling', eligible, (p) => {
    const surname = ascii(p.surname);
    const half = Math.ceil(surname.length / 2);
    const forms = [`${surname.slice(0, half)}- ${surname.slice(half)}`, `${p.first} ${p.surname.charAt(0)}.`];
    if (/[хХ]/.test(p.surnameNative)) forms.push(p.surnameNative.replace(/х/g, 'қ').replace(/Х/g, 'Қ'));
    if (/kh/i.test(surname)) forms.push(surname.replace(/kh/g, 'q').replace(/Kh/g, 'Q'));
    if (/[oe]v$/.test(surname)) forms.push(surname.replace(/v$/, 'ff'));
    const root = /^(.+?)(ов|ев)$/.exec(p.surnameNative);
    if (root && p.origin === 'kz' && p.sex === 'male') {
      const stem = /[аеиоуыэюяәөұүі]$/.test(root[1]!) && root[2] === 'ев' ? `${root[1]}й` : root[1]!;
      forms.push(`${stem}ұлы`);
    }
    // A father's name of the person's own (by the surname): the oracle looks for the planted words near
    // the anchor, and one patronymic planted for two persons would be read as either's.
    const [father, fatherNative] = FATHERS[[...p.surname].reduce((sum, c) => sum + c.charCodeAt(0), 0) % FATHERS.length]!;
    const [ending, endingNative] = p.sex === 'female' ? ['ovna', 'овна'] : ['ovich', 'ович'];
    if (!p.patronymic) forms.push(`${p.first} ${father}${ending} ${p.surname}`, `${p.surnameNative} ${p.firstNative} ${fatherNative}${endingNative}`);
    return forms.filter((f) => ![...consenting].some((c) => f.split(/\s+/).includes(c)));
  }, 30);
}
