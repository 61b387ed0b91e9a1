/**
 * Cyrillic (Russian, Kazakh, Kyrgyz, Uzbek, Tajik) and Greek to Latin.
 *
 * Two uses:
 *  - `toLatin`: ONE canonical transliteration, applied to every token of text and names before its
 *    phonetic key is taken (phonetic-key.ts). It only has to be consistent, because the key then
 *    collapses the differences between schemes (kh/x/h, zh/j, y/i…).
 *  - `SCHEMES`: the spellings that people actually write, per scheme, used to enumerate the
 *    variants of a native-script name where the key cannot collapse them (ё as "e" or "yo",
 *    ң as "n" or "ng", ў as "o'" or "u", й as "i" or "j", я as "ia", "ya" or "ja"…).
 * Input is folded text (fold.ts): ӣ and ӯ lost their marks (и, у); ў, й and ё are kept.
 */

/** The canonical transliteration, lower case. Kazakh/Tajik/Uzbek letters map to their closest Russian-scheme sound. */
const CANONICAL: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', ё: 'e', й: 'i',
  // Ukrainian / Belarusian
  є: 'ye', і: 'i', ї: 'yi', ґ: 'g', ў: "o'",
  // Kazakh, Kyrgyz, Tajik, Bashkir, Tatar
  ә: 'a', ғ: 'gh', қ: 'q', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', ҳ: 'h', ҷ: 'j', ҙ: 'z', ҫ: 's', ҡ: 'q',
  ӊ: 'n', ӈ: 'n', ӏ: '', ҝ: 'g', ҹ: 'ch', ҕ: 'gh', ӄ: 'q',
  // Greek (homoglyph attacks and the odd name)
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n',
  ξ: 'ks', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'i', φ: 'f', χ: 'h', ψ: 'ps', ω: 'o',
  // Latin letters whose mark is a digraph elsewhere (fold.ts keeps them composed), and other odd ones.
  š: 'sh', ž: 'zh', č: 'ch', ş: 'sh', ç: 'ch', ŝ: 'shch', ĉ: 'ch', ẑ: 'zh', ǰ: 'j', ß: 'ss', ø: 'o', đ: 'd',
  ð: 'd', ł: 'l', æ: 'ae', œ: 'oe', ı: 'i', ŋ: 'ng', þ: 'th', ħ: 'h', ŧ: 't', ƶ: 'z',
};

/** CANONICAL by UTF-16 code unit (every letter it knows is one; none is ASCII). */
const CANONICAL_BY_UNIT = new Map(Object.entries(CANONICAL).map(([letter, latin]) => [letter.charCodeAt(0), latin]));

/** Whether the canonical transliteration knows this (lower-case) letter. */
export const transliterates = (ch: string): boolean => CANONICAL[ch] !== undefined;

/** The canonical Latin reading of a lower-case folded token. Letters it does not know stay as they are. */
export function toLatin(lower: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < lower.length; i++) {
    // ASCII is left as it is: spaces, digits and punctuation are most of what is not a letter.
    const c = lower.charCodeAt(i);
    if (c < 0x80) continue;
    const t = CANONICAL_BY_UNIT.get(c);
    if (t === undefined) continue;
    out += lower.slice(copied, i) + t;
    copied = i + 1;
  }
  return copied === 0 ? lower : out + lower.slice(copied);
}

export const hasCyrillic = (s: string) => /\p{Script=Cyrillic}/u.test(s);

/**
 * A romanisation scheme: a letter table, plus the spelling of е/ё/ю/я at the start of a word or
 * after a vowel or a sign (BGN/PCGN writes "ye" there: Yerzhan, Zhumabayev).
 */
interface Scheme {
  name: string;
  letters: Record<string, string>;
  /** е after a vowel, a sign or at the start. */
  iotatedE?: string;
  iotatedYo?: string;
  /** Letters first rewritten to Russian ones (how Russian-language text spells Central Asian names). */
  russify?: boolean;
  /**
   * Another language's press spelling (German, French): matched in full, but its first letters
   * are no initials in the documents' text ("C." is not how English abbreviates Чернышев's Ch).
   */
  foreignPress?: boolean;
}

const RUSSIAN_BASE: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', ё: 'e', й: 'y',
};

/** How Russian-language text writes the letters of Kazakh, Kyrgyz, Uzbek and Tajik (Ўктам → Уктам). */
const RUSSIFY: Record<string, string> = {
  ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и', ҳ: 'х', ҷ: 'дж', ў: 'у', ӣ: 'и', ӯ: 'у',
};

/** German (Duden) letters for Russian ones. */
const GERMAN: Record<string, string> = {
  ...RUSSIAN_BASE, в: 'w', ж: 'sch', з: 's', й: 'j', х: 'ch', ц: 'z', ч: 'tsch', ш: 'sch', щ: 'schtsch', ю: 'ju', я: 'ja', ё: 'jo',
};

export const SCHEMES: readonly Scheme[] = [
  {
    // BGN/PCGN (Russian 1947, Kazakh 1979, Tajik 1994, Uzbek 1979)
    name: 'bgn',
    letters: {
      ...RUSSIAN_BASE, ё: 'ë', ъ: '', ь: '',
      ә: 'ä', ғ: 'gh', қ: 'q', ң: 'ng', ө: 'ö', ұ: 'ū', ү: 'ü', һ: 'h', і: 'ī', ҳ: 'kh', ҷ: 'j', ў: "o'", ӣ: 'ī', ӯ: 'ū',
    },
    iotatedE: 'ye',
    iotatedYo: 'yë',
  },
  {
    // Russian international passport since 2013 (ICAO Doc 9303)
    name: 'passport-2013',
    letters: { ...RUSSIAN_BASE, ъ: 'ie', ю: 'iu', я: 'ia', й: 'i' },
    russify: true,
  },
  {
    // Russian passport 1997–2010 and common press usage
    name: 'passport-1997',
    letters: { ...RUSSIAN_BASE, ё: 'yo' },
    iotatedE: 'ye',
    iotatedYo: 'yo',
    russify: true,
  },
  {
    // GOST 52535.1-2006 (passports 2010–2013)
    name: 'gost-2006',
    letters: { ...RUSSIAN_BASE, ц: 'tc', ю: 'iu', я: 'ia', й: 'i' },
    russify: true,
  },
  {
    // ISO 9:1995 / GOST 7.79 system A, and the scholarly system
    name: 'iso9',
    letters: {
      ...RUSSIAN_BASE, ж: 'ž', й: 'j', х: 'h', ц: 'c', ч: 'č', ш: 'š', щ: 'ŝ', ы: 'y', э: 'è', ю: 'ju', я: 'ja', ё: 'ë',
      ә: 'ä', ғ: 'ġ', қ: 'ķ', ң: 'ņ', ө: 'ö', ұ: 'ū', ү: 'ü', һ: 'h', і: 'ì', ҳ: 'h', ҷ: 'ç', ў: 'ŭ', ӣ: 'ī', ӯ: 'ū',
    },
  },
  {
    // Kazakh Latin alphabet of 2021
    name: 'kazakh-2021',
    letters: {
      ...RUSSIAN_BASE, ж: 'j', х: 'h', ш: 'ş', щ: 'şş', ы: 'y', ю: 'iu', я: 'ia', й: 'i', ё: 'io',
      ә: 'ä', ғ: 'ğ', қ: 'q', ң: 'ñ', ө: 'ö', ұ: 'ū', ү: 'ü', һ: 'h', і: 'ı',
    },
  },
  {
    // Uzbek Latin alphabet (1995)
    name: 'uzbek',
    letters: {
      ...RUSSIAN_BASE, ж: 'j', х: 'x', ц: 's', ё: 'yo', й: 'y', ў: "o'", қ: 'q', ғ: "g'", ҳ: 'h',
      ә: 'a', ң: 'ng', ө: "o'", ү: 'u', ұ: 'u', і: 'i', ҷ: 'j',
    },
    iotatedE: 'ye',
    iotatedYo: 'yo',
  },
  {
    // Tajik Latin (1928–40, and today's informal usage)
    name: 'tajik',
    letters: {
      ...RUSSIAN_BASE, ж: 'zh', х: 'x', ё: 'yo', й: 'y', ғ: 'gh', ӣ: 'ī', қ: 'q', ӯ: 'ū', ҳ: 'h', ҷ: 'j', ў: 'ū',
    },
    iotatedE: 'ye',
    iotatedYo: 'yo',
  },
  {
    // German (Duden), as German-language press and reports write Russian names (Jussupow, Tschernyschew)
    name: 'german',
    letters: GERMAN,
    iotatedE: 'je',
    russify: true,
    foreignPress: true,
  },
  {
    // German for Central Asian names, where ж is written dsch (Dschumabajew, Dschambul)
    name: 'german-dsch',
    letters: { ...GERMAN, ж: 'dsch' },
    iotatedE: 'je',
    russify: true,
    foreignPress: true,
  },
  {
    // German as often written, е after a vowel without its j (Mirsoew, Tuchtaew, Dschumabaew)
    name: 'german-loose',
    letters: { ...GERMAN, ж: 'dsch' },
    russify: true,
    foreignPress: true,
  },
  {
    // French, as French-language press and reports write Russian names (Ioussoupov, Tchernychev, Djoumabaev)
    name: 'french',
    letters: { ...RUSSIAN_BASE, ж: 'j', й: 'ï', х: 'kh', ч: 'tch', ш: 'ch', щ: 'chtch', у: 'ou', ю: 'iou', я: 'ia', ё: 'io' },
    russify: true,
    foreignPress: true,
  },
  {
    // Kazakh and Kyrgyz names as commonly anglicised (Zhanyl, Nurlan, Kasymova: қ→k, ң→n, ұ/ү→u)
    name: 'anglicised',
    letters: {
      ...RUSSIAN_BASE, ё: 'yo',
      ә: 'a', ғ: 'g', қ: 'k', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i', ҳ: 'kh', ҷ: 'j', ў: 'u', ӣ: 'i', ӯ: 'u',
    },
    iotatedE: 'e',
  },
];

const VOWELS = new Set([...'аеёиоуыэюяәөұүіӣӯўєї']);
const SIGNS = new Set(['ь', 'ъ']);

/** A lower-case (folded) Cyrillic token as one scheme spells it. */
export function romanize(lowerToken: string, scheme: Scheme): string {
  let src = lowerToken;
  if (scheme.russify) src = [...src].map((c) => RUSSIFY[c] ?? c).join('');
  let out = '';
  let prev = '';
  for (const c of src) {
    const iotated = prev === '' || VOWELS.has(prev) || SIGNS.has(prev);
    if (c === 'е' && iotated && scheme.iotatedE) out += scheme.iotatedE;
    else if (c === 'ё' && iotated && scheme.iotatedYo) out += scheme.iotatedYo;
    else out += scheme.letters[c] ?? CANONICAL[c] ?? c;
    prev = c;
  }
  return out;
}
