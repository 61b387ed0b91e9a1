import { isCommonWord } from './common-words.js';
import { foldText } from './fold.js';
import { genderNeutral, phoneticKey, strictKey, withoutFinalVowel } from './phonetic-key.js';
import { tokenize } from './tokenize.js';
import { hasCyrillic, romanize, SCHEMES, toLatin } from './transliterate.js';

/**
 * What of a protected person's name the matcher looks for: sequences of name words, each word
 * given as the set of keys (phonetic-key.ts) it may be written as.
 *
 * Key spaces, one Map for all (prefixes cannot collide with a phonetic key):
 *   "rahimov"   a word as written or spelt by a scheme, gendered ending neutralised;
 *   "~gulnar"   a word without its final vowel: only the stem of a declined form may match it
 *               (Гульнары, Гульнарой), never a different word that happens to be that short;
 *   "\u0001f"   an initial (F. Rahimov); "\u0002f" a dotted capital initial (F.R.);
 *   "\u0003f"   an initial after the surname (Rahimov F.);
 *   "=ali"      a short word matched alone, by its strict key ("ally" is no "Ali").
 */

export interface ProtectedPerson {
  key: string;
  kind: 'individual' | 'group' | 'organisation';
  name: string;
  nameNative: string | null;
  pseudonym: string;
  /** Names the person was recorded under before (a rename): read like the name, said as the pseudonym. */
  formerNames?: readonly string[];
}

export const STEM = '~';
export const INITIAL = '\u0001';
export const DOTTED = '\u0002';
/** An initial after the surname (Rahimov F.): never after a comma, where it starts the next name. */
export const TRAILING_INITIAL = '\u0003';
/** A short word matched alone, by its strict key (phonetic-key.ts). */
export const STRICT = '=';
/** Up to this many letters, a word matched alone needs its strict key. */
export const SHORT_WORD = 4;

export interface NameWord {
  /** The word as folded (case kept). */
  text: string;
  letters: number;
  /** Spellings: the word itself, and its romanisations or common respellings. */
  spellings: string[];
  /** The relative's spellings (other gender), for glued names: "rahimovafarrukh". */
  relatives: string[];
  /** Its keys, in the spaces above (plain and stem). */
  keys: Set<string>;
  /** Initial letters it may be abbreviated to (without prefix). */
  initials: Set<string>;
  /** Its strict keys (with prefix), for a short word matched alone. */
  strict: Set<string>;
  cyrillic: boolean;
}

export interface NameSequence {
  /** One set of keys per word. */
  words: Set<string>[];
  /** Why: for tests and debugging. */
  form: string;
}

/** Latin respellings that the key does not collapse by itself. */
function latinRespellings(word: string): string[] {
  const lower = word.toLowerCase();
  const out = [lower];
  // Uzbek oʻ is у in Russian-language text: Oʻktam = Уктам = Uktam.
  if (lower.includes("o'")) out.push(lower.replace(/o'/g, 'u'));
  // x is ks in European spellings (Aleksandr/Alexander), kh in Uzbek ones (Toxtayev).
  if (lower.includes('x')) out.push(lower.replace(/x/g, 'ks'));
  if (lower.includes('ks')) out.push(lower.replace(/ks/g, 'x'));
  // ё as yo or e: Fyodor = Fedor.
  if (lower.includes('yo')) out.push(lower.replace(/yo/g, 'e'));
  // ң as ng or n: Zhangyl = Zhanyl.
  if (lower.includes('ng')) out.push(lower.replace(/ng/g, 'n'));
  return out;
}

/** The relative's spelling of a surname (Rahimov ↔ Rahimova, -sky ↔ -skaya, -uly ↔ -kyzy), or null. */
function relativeSpelling(lower: string): string | null {
  const rules: [RegExp, string][] = [
    [/(ov|ev|in|ёв)$/, '$1a'], [/(ов|ев|ин|ёв)$/, '$1а'], [/(ova|eva|ina)$/, ''], [/(ова|ева|ина)$/, ''],
    [/sk(?:y|iy|ii|ij|i)$/, 'skaya'], [/skaya$|skaia$/, 'sky'], [/ский$/, 'ская'], [/ская$/, 'ский'],
    [/uly$|uli$/, 'kyzy'], [/kyzy$|qizi$/, 'uly'], [/ұлы$/, 'қызы'], [/қызы$/, 'ұлы'],
  ];
  for (const [pattern, to] of rules) {
    if (!pattern.test(lower)) continue;
    return to === '' ? lower.slice(0, -1) : lower.replace(pattern, to);
  }
  return null;
}

const DIGRAPHS = new Set(['sh', 'ch', 'zh', 'kh', 'ts', 'yu', 'ya', 'ye', 'yo', 'gh', 'dj']);

export function nameWord(text: string): NameWord {
  const cyrillic = hasCyrillic(text);
  const lower = text.toLowerCase();
  const spellings = cyrillic ? [lower, ...SCHEMES.map((s) => romanize(lower, s))] : latinRespellings(text);
  // Spellings whose first letters may stand as initials: not another language's press spelling.
  const abbreviated = new Set(spellings.filter((_, i) => !cyrillic || i === 0 || !SCHEMES[i - 1]!.foreignPress));
  const keys = new Set<string>();
  const initials = new Set<string>();
  const strict = new Set<string>();
  for (const spelling of new Set(spellings)) {
    strict.add(STRICT + strictKey(spelling));
    const key = phoneticKey(spelling);
    if (key.length === 0) continue;
    const neutral = genderNeutral(key);
    keys.add(neutral);
    for (const stem of [withoutFinalVowel(key), withoutFinalVowel(neutral)]) {
      if (stem !== null && stem !== neutral) keys.add(STEM + stem);
    }
    const latin = toLatin(spelling.replace(/'/g, ''));
    if (!abbreviated.has(spelling)) continue;
    if (latin.length > 0) initials.add(latin[0]!);
    if (DIGRAPHS.has(latin.slice(0, 2))) initials.add(latin.slice(0, 2));
  }
  if (cyrillic) initials.add(lower[0]!);
  const letters = [...text].filter((c) => c !== "'").length;
  const unique = [...new Set(spellings)];
  const relatives = unique.map(relativeSpelling).filter((r): r is string => r !== null);
  return { text, letters, spellings: unique, relatives, keys, initials, strict, cyrillic };
}

/**
 * Words already read, by their folded text: given names, patronymics and common surnames repeat
 * across thousands of persons. A NameWord is never changed once made, so one is shared.
 */
const WORD_MEMO = 5_000;
const wordMemo = new Map<string, NameWord>();

function rememberedNameWord(text: string): NameWord {
  let word = wordMemo.get(text);
  if (word === undefined) {
    word = nameWord(text);
    if (wordMemo.size >= WORD_MEMO) wordMemo.clear();
    wordMemo.set(text, word);
  }
  return word;
}

/** The words of a name, folded and split exactly as text is. */
export function nameWords(name: string): NameWord[] {
  return tokenize(foldText(name.normalize('NFC')).text).words.map((w) => rememberedNameWord(w.text));
}

const neutralKey = (w: { text: string }) => genderNeutral(phoneticKey(w.text));
/** Surname endings (on neutral keys): -ov/-ev/-in, -sky, -uly, -enko, -yan, -dze, -shvili, -zoda/-zade, -iev. */
const SURNAME = /(?:ov|ev|in|ski|uli|enko|ian|dze|Svili|zoda|zade)$/;
/** Patronymic endings: -ovich/-evich/-ich, -ovna/-evna/-ichna. */
const PATRONYMIC = /(?:iC|ovna|evna|iCna)$/;

const isSurname = (w: { text: string }) => SURNAME.test(neutralKey(w)) && !PATRONYMIC.test(neutralKey(w));
const isPatronymic = (w: { text: string }) => PATRONYMIC.test(neutralKey(w));

interface Roles<W> {
  given: W | null;
  middle: W[];
  surname: W;
}

/**
 * Which word is the surname: the last, unless the first looks like one and the last does not
 * (a record written surname first: "Rustamov Shavkat Karimovich").
 */
function roles<W extends { text: string }>(words: W[]): Roles<W> {
  const n = words.length;
  if (n === 1) return { given: null, middle: [], surname: words[0]! };
  const first = words[0]!;
  const last = words[n - 1]!;
  if (isSurname(first) && (!isSurname(last) || isPatronymic(last))) {
    return { given: words[1]!, middle: words.slice(2), surname: first };
  }
  return { given: first, middle: words.slice(1, -1), surname: last };
}

/** The first name of a name's words, or null (a single word). */
export const givenNameWord = (words: NameWord[]): NameWord | null => (words.length < 2 ? null : roles(words).given);

/**
 * The folded text of a name's first name, or null (a single word): givenNameWord(nameWords(name))'s
 * text, without making every word's spellings (a surname's are most of the work, and every
 * person's differs; the first names of 20,000 persons are a few dozen words).
 */
export function givenNameText(name: string): string | null {
  const words = tokenize(foldText(name.normalize('NFC')).text).words;
  return words.length < 2 ? null : (roles(words).given?.text ?? null);
}

const GIVEN_SPELLINGS_MEMO = 20_000;
const givenSpellingsMemo = new Map<string, readonly string[]>();

/** The spellings of a first name (nameWord's), remembered: thousands of persons share one. */
export function givenNameSpellings(text: string): readonly string[] {
  let spellings = givenSpellingsMemo.get(text);
  if (spellings === undefined) {
    spellings = rememberedNameWord(text).spellings;
    if (givenSpellingsMemo.size >= GIVEN_SPELLINGS_MEMO) givenSpellingsMemo.clear();
    givenSpellingsMemo.set(text, spellings);
  }
  return spellings;
}

const keysOf = (w: NameWord) => w.keys;
/** The keys of a word looked for alone: strict ones if it is short. */
const aloneKeysOf = (w: NameWord) => (w.letters <= SHORT_WORD ? w.strict : w.keys);
const initialKeys = (w: NameWord, prefix: string) => new Set([...w.initials].map((i) => prefix + i));

/** One word made of several, as text glued together writes it ("yusupovkomil", "Kok-\nTobe"). */
function glued(words: NameWord[]): Set<string> {
  const keys = new Set<string>();
  const aligned = words.every((w) => w.spellings.length === words[0]!.spellings.length);
  if (aligned) {
    for (let s = 0; s < words[0]!.spellings.length; s++) {
      keys.add(genderNeutral(phoneticKey(words.map((w) => w.spellings[s]!).join(''))));
    }
  } else {
    let combos: string[] = [''];
    for (const w of words) combos = combos.flatMap((c) => w.spellings.map((s) => c + s)).slice(0, 32);
    for (const c of combos) keys.add(genderNeutral(phoneticKey(c)));
  }
  // A relative glued surname first: the gendered form is then inside the word ("rahimovafarrukh").
  if (words.length > 1 && words[0]!.relatives.length > 0) {
    const rest = words.slice(1).map((w) => w.spellings[0]!).join('');
    for (const r of words[0]!.relatives) keys.add(genderNeutral(phoneticKey(r + rest)));
    if (aligned && words[0]!.relatives.length === words[0]!.spellings.length) {
      for (let s = 0; s < words[0]!.spellings.length; s++) {
        keys.add(genderNeutral(phoneticKey(words[0]!.relatives[s]! + words.slice(1).map((w) => w.spellings[s]!).join(''))));
      }
    }
  }
  return keys;
}

export interface VariantOptions {
  /**
   * Look for the first name alone. By default yes, unless it is an everyday word ("Said",
   * "Grace", "Vera": common-words.ts); true or false forces it either way.
   */
  givenNameAlone?: boolean;
  /** Every word of the name alone, whatever its length (to test a pseudonym against the name). */
  everyWordAlone?: boolean;
}

/**
 * Minimum letters of a first name matched alone. Four-letter names (Ivan, Olim, Asel) read on
 * with an ending into ordinary words ("Ivanhoe", "Olimpia"); they are found in the full name,
 * with initials, or glued, not alone.
 */
export const MIN_GIVEN_ALONE_LETTERS = 5;

/** The form of a first name matched alone (the matcher checks the text word too: common-words.ts). */
export const GIVEN_NAME_FORM = 'given name';

/** Minimum letters of a surname matched alone. */
export const MIN_SURNAME_LETTERS = 3;

/** The sequences to look for, for one written form of a person's name. */
export function nameSequences(kind: ProtectedPerson['kind'], words: NameWord[], options: VariantOptions = {}): NameSequence[] {
  const out: NameSequence[] = [];
  const add = (form: string, seq: Set<string>[]) => {
    if (seq.length > 0 && seq.every((s) => s.size > 0)) out.push({ form, words: seq });
  };
  if (words.length === 0) return out;
  if (words.length > 1) add('as written', words.map(keysOf));
  if (words.length > 1) add('glued', [glued(words)]);
  if (options.everyWordAlone) for (const w of words) add('word alone', [keysOf(w)]);
  if (words.length === 1 && words[0]!.letters >= MIN_SURNAME_LETTERS) add('single word', [aloneKeysOf(words[0]!)]);
  // A group's or an organisation's name has no surname or initials.
  if (kind !== 'individual') return out;

  const { given, middle, surname } = roles(words);
  if (given === null) return out; // a single word: added above
  if (surname.letters >= MIN_SURNAME_LETTERS) add('surname', [aloneKeysOf(surname)]);
  // A double surname ("Ivanova-Petrova"): each half alone.
  for (const m of middle) if (isSurname(m) && m.letters >= MIN_SURNAME_LETTERS) add('surname part', [aloneKeysOf(m)]);
  if (options.givenNameAlone ?? (given.letters >= MIN_GIVEN_ALONE_LETTERS && !isCommonWord(given.spellings))) add(GIVEN_NAME_FORM, [aloneKeysOf(given)]);

  const orders: [string, NameWord[]][] = [
    ['given surname', [given, surname]],
    ['surname given', [surname, given]],
    ['given middle surname', [given, ...middle, surname]],
    ['surname given middle', [surname, given, ...middle]],
  ];
  // The same words in the same order once (without a middle name, two orders are one).
  const seen = new Set<string>([words.map((w) => words.indexOf(w)).join(' ')]);
  for (const [form, seq] of orders) {
    const signature = seq.map((w) => words.indexOf(w)).join(' ');
    if (seen.has(signature)) continue;
    seen.add(signature);
    add(form, seq.map(keysOf));
    add(`${form} (glued)`, [glued(seq)]);
  }
  // The surname as Tajik, Uzbek and Kazakh records rewrite it: without -ov, with -zoda or -uly, or -ov again.
  const forms = surnameForms(surname, words.some((w) => CENTRAL_ASIAN.test(w.text)));
  for (const root of forms.withGiven) {
    add('given surname (other form)', [keysOf(given), keysOf(root)]);
    add('surname (other form) given', [keysOf(root), keysOf(given)]);
  }
  for (const zoda of forms.alone) add('surname (other form)', [aloneKeysOf(zoda)]);
  // Initials with the surname: F. Rahimov, F. K. Rahimov, Rahimov F., Rahimov F.K.
  const gi = initialKeys(given, INITIAL);
  const mi = middle.map((m) => initialKeys(m, INITIAL));
  add('initial surname', [gi, keysOf(surname)]);
  const ti = initialKeys(given, TRAILING_INITIAL);
  add('surname initial', [keysOf(surname), ti]);
  if (middle.length > 0) {
    add('initials surname', [gi, ...mi, keysOf(surname)]);
    add('surname initials', [keysOf(surname), ti, ...middle.map((m) => initialKeys(m, TRAILING_INITIAL))]);
  }
  return out;
}

/**
 * Letters and endings only Central Asian names have: Tajik and Uzbek (Раҳмонов, Қурбонов,
 * G'ulomov, Rahimzoda) and Kazakh (Әбенұлы, Жұмабаев, Abenuly).
 */
const CENTRAL_ASIAN = /[ҳӣӯҷқғўәңөұүһіҲӢӮҶҚҒЎӘҢӨҰҮҺІ]|[OoGg]'|(?:zoda|uly|kyzy|зода|ұлы|қызы)$/u;
const RUSSIAN_SUFFIX = /^(\p{L}{3,}?)(?:ov|ova|ev|eva|ов|ова|ев|ева|ёв|ёва)$/iu;
const TAJIK_SUFFIX = /^(\p{L}{3,}?)(?:zoda|zade|zadeh|зода|заде)$/iu;
const KAZAKH_SUFFIX = /^(\p{L}{3,}?)(?:uly|uli|kyzy|qizi|ұлы|улы|қызы|кызы)$/iu;
const ENDS_IN_CONSONANT = /\p{L}{4,}$/u;
const FINAL_VOWEL = /[aeiouyаеёиоуыэюяәіөүұ]$/iu;

/**
 * Other forms of one surname. Tajikistan has since 2007 let citizens drop the Russian -ov/-ev or
 * take -zoda (Раҳмонов → Раҳмон, Раҳимов → Раҳимзода), Kazakhs have taken -ұлы/-қызы for -ов/-ова
 * (Абенов → Әбенұлы), and Russian-language text still writes the old form. The bare root is a
 * first name as often as not (Karim, Rahmon), so every other form is looked for only beside the
 * person's first name, and only for a name written the Central Asian way (a Russian Ivanova has
 * no "Ivan" form); the -zoda form is distinctive enough to stand alone.
 */
function surnameForms(surname: NameWord, centralAsian: boolean): { withGiven: NameWord[]; alone: NameWord[] } {
  const text = surname.text;
  const cyrillic = surname.cyrillic;
  const [ov, zoda, uly] = cyrillic ? ['ов', 'зода', 'ұлы'] : ['ov', 'zoda', 'uly'];
  let root: string | undefined;
  let forms: string[];
  const russian = RUSSIAN_SUFFIX.exec(text);
  if (russian) {
    root = russian[1]!;
    // -ев after a vowel is й + ов: Жұмабаев → Жұмабай (Жұмабайұлы), Мирзоев → Мирзо (Мирзозода).
    const withY = FINAL_VOWEL.test(root) && /^[eеё]/iu.test(text.slice(root.length)) ? root + (cyrillic ? 'й' : 'y') : root;
    forms = [...new Set([root, withY, root + zoda, withY + uly])];
  }
  else if ((root = TAJIK_SUFFIX.exec(text)?.[1]) !== undefined) forms = [root, root + ov];
  else if ((root = KAZAKH_SUFFIX.exec(text)?.[1]) !== undefined) forms = [root + ov];
  else if (ENDS_IN_CONSONANT.test(text) && !FINAL_VOWEL.test(text)) forms = [(root = text) + ov, root + zoda];
  else return { withGiven: [], alone: [] };
  if ([...root].length < 4) return { withGiven: [], alone: [] };
  const differs = (w: string) => w.toLowerCase() !== text.toLowerCase();
  const withGiven = centralAsian ? forms.filter(differs).map(rememberedNameWord) : [];
  const alone = forms.filter((f) => f.endsWith(zoda) && differs(f)).map(rememberedNameWord);
  return { withGiven, alone };
}

/**
 * Initials alone (F.R., F. K. R.), for one written form: every combination of the letters each
 * word may be abbreviated to. The index keeps only those that a single person has.
 */
/** Initials sequences one name may add (given, middles and surname read as Cyrillic or Latin letters). */
const MAX_INITIAL_COMBINATIONS = 64;

export function initialsOnly(words: NameWord[]): string[][] {
  if (words.length < 2) return [];
  const { given, middle, surname } = roles(words);
  if (given === null) return [];
  const out: string[][] = [];
  for (const seq of [[given, surname], [given, ...middle, surname]]) {
    // One combination per choice of reading of each initial: exponential in the words. A name of
    // 30 words ("аааа аааа …", issue 18) would need 2^30; real names stay far below the bound.
    if (seq.reduce((n, w) => n * Math.max(1, w.initials.size), 1) > MAX_INITIAL_COMBINATIONS) continue;
    let combos: string[][] = [[]];
    for (const w of seq) combos = combos.flatMap((c) => [...w.initials].map((i) => [...c, DOTTED + i]));
    out.push(...combos);
  }
  return out;
}
