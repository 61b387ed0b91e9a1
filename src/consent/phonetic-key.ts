import { toLatin } from './transliterate.js';

/**
 * The phonetic key of a word: the one string that every usual spelling of a Central Asian or
 * Russian name comes down to, so that spellings collide without being enumerated.
 *
 *   Рахимов, Rakhimov, Raximov, Rahimov      → rahimov
 *   Ержан, Erzhan, Yerzhan, Erjan            → erJan
 *   Жұмабаев, Zhumabayev, Jumabaev           → Jumabaev
 *   Тобылова, Tobylova, Tobilova             → tobilova
 *   O'ktam To'xtayev, Oktam Toxtayev         → oktam tohtaev
 *
 * Upper-case letters in a key are placeholders for sounds spelt with two letters (S = sh/ш/щ,
 * C = ch/ч, J = zh/j/ж/ҷ/dzh); "c" is ts/ц. Matching needs the WHOLE key of a word to be equal
 * (never a prefix or a substring), which is what keeps the collapsing from firing on ordinary
 * words: "Ali" is "ali", "all" is "al".
 */
/** Apostrophes (fold.ts makes them all "'", but a key may be taken of unfolded text too). */
const APOSTROPHES = /['`\u00B4\u02B9-\u02BD\u02C8\u2018\u2019\u201B\u2032\uFF07]/g;

/** Digraphs and letters spelt differently across schemes, to one letter each (see the module comment). */
const SOUNDS = /shch|sch|sh|tch|ch|dzh|zh|dj|kh|gh|t[scz]|ph|[jxqwy]/g;
const SOUND: Record<string, string> = {
  shch: 'S', sch: 'S', sh: 'S', tch: 'C', ch: 'C', dzh: 'J', zh: 'J', dj: 'J', j: 'J', kh: 'h', x: 'h', gh: 'g', q: 'k',
  ts: 'c', tc: 'c', tz: 'c', ph: 'f', w: 'v', y: 'i',
};
const toSound = (m: string) => SOUND[m]!;

const keyCache = new Map<string, string>();

export function phoneticKey(token: string): string {
  let key = keyCache.get(token);
  if (key !== undefined) return key;
  key = toLatin(token.toLowerCase())
    .replace(APOSTROPHES, '')
    .replace(SOUNDS, toSound)
    .replace(/ou/g, 'u')
    .replace(/^ie/, 'e') // Yerzhan = Erzhan (Cyrillic е at the start)
    .replace(/([aeou])ie/g, '$1e') // Zhumabayev = Zhumabaev (е after a vowel)
    .replace(/(.)\1+/g, '$1'); // Abdullaev = Abdulaev, Mariia = Maria, -skii = -ski
  if (keyCache.size >= 50_000) keyCache.clear();
  keyCache.set(token, key);
  return key;
}

/**
 * The strict key of a word: transliterated and lower-cased, apostrophes dropped, nothing
 * collapsed. Short names matched alone use it: the phonetic key of "ally" is that of "Ali".
 */
export function strictKey(token: string): string {
  return toLatin(token.toLowerCase()).replace(APOSTROPHES, '');
}

/**
 * Gendered and filial endings brought to one form, so that relatives match: Rahimova ~ Rahimov,
 * -eva ~ -ev, -ina ~ -in, -skaya ~ -sky, -kyzy/-qizi/-o'g'li ~ -uly.
 */
const GENDERED: readonly [string, string][] = [
  ['skaia', 'ski'], ['ska', 'ski'], ['ova', 'ov'], ['eva', 'ev'], ['ina', 'in'],
  ['kizi', 'uli'], ['ogli', 'uli'], ['ulu', 'uli'],
];

export function genderNeutral(key: string): string {
  for (const [from, to] of GENDERED) {
    if (key.length - from.length >= 2 && key.endsWith(from)) return key.slice(0, -from.length) + to;
  }
  return key;
}

/**
 * Endings a name takes in running text, as phonetic keys (so each spelling once): English plural
 * and possessive; Russian cases; Kazakh and Kyrgyz cases, possessive and plural; Uzbek and Tajik
 * cases and plural.
 */
const ENDINGS = new Set([
  // English
  's', 'es',
  // Russian (Тобыловой, Гульнары, Рахимову, Рахимовых…)
  'a', 'ia', 'u', 'iu', 'i', 'e', 'oi', 'ei', 'oiu', 'eiu', 'uiu', 'im', 'om', 'em', 'ogo', 'ego', 'omu', 'emu',
  'ih', 'imi', 'ami', 'iami', 'ah', 'iah', 'am', 'iam',
  // Kazakh (ның/нің/дың/тың…, ға/ге/қа/ке, да/де/та/те, дан/нан/тан…, мен/бен/пен, лар/дар/тар…)
  'nin', 'din', 'tin', 'in', 'ni', 'di', 'ti', 'na', 'ne', 'ga', 'ge', 'ka', 'ke', 'da', 'de', 'ta', 'te',
  'nda', 'nde', 'dan', 'den', 'tan', 'ten', 'nan', 'nen', 'ndan', 'nden', 'men', 'ben', 'pen',
  'lar', 'ler', 'dar', 'der', 'tar', 'ter', 'si', 'dagi', 'degi', 'tagi', 'tegi', 'ndagi', 'ndegi',
  // Kyrgyz (го/ко, ну/ду/ту, дун/нун/тун, до/то, дон/тон, лор/дор/тор)
  'go', 'ko', 'nu', 'du', 'tu', 'nun', 'dun', 'tun', 'do', 'to', 'don', 'ton', 'lor', 'dor', 'tor',
  // Uzbek (-ning, -ga/-ka/-qa, -ni, -da, -dan, -lar, -dagi, -niki)
  'ning', 'niki',
  // Tajik (-ро, -ҳо, -и, -он, -ҳои, -аш)
  'ro', 'ho', 'on', 'hoi', 'aS',
]);
const LONGEST_ENDING = Math.max(...[...ENDINGS].map((e) => e.length));
/** Endings stack (Жұмабаевтарының: -тар -ы -ның), three deep at most. */
const MAX_STRIPS = 3;
/** A stem shorter than this is too short to stand for a name without more context. */
export const MIN_STEM = 3;

/**
 * The stems of a key with endings taken off, up to three deep; each stem at least MIN_STEM long.
 * When the ending begins with the letter the stem ends with, the key had them merged into one
 * (Ахмед + ден → ahmeden): both readings are given.
 */
export function endingStems(key: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>([key]);
  let frontier = [key];
  for (let depth = 0; depth < MAX_STRIPS && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const word of frontier) {
      for (let n = 1; n <= LONGEST_ENDING && n < word.length; n++) {
        const ending = word.slice(-n);
        if (!ENDINGS.has(ending)) continue;
        const stem = word.slice(0, -n);
        for (const s of [stem, stem + ending[0]]) {
          if (s.length < MIN_STEM || seen.has(s)) continue;
          seen.add(s);
          out.push(s);
          next.push(s);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** The key without its final vowel: Гульнара → gulnar, the stem Гульнары and Гульнарой are built on. */
export function withoutFinalVowel(key: string): string | null {
  return /[aeiou]$/.test(key) && key.length - 1 >= MIN_STEM ? key.slice(0, -1) : null;
}
