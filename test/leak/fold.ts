/**
 * The oracle's own folding, written without looking at the service's matcher: text → a loose
 * Latin key in which every spelling of a name the corpus plants comes out the same, with a map
 * from each folded character back to the original text (for snippets).
 *
 * Steps, in order: HTML/percent escapes decoded; default-ignorable code points removed
 * (soft hyphen, zero-width, bidi controls, variation selectors, U+034F); words broken with a
 * hyphen at a line end joined; camelCase split; homoglyphs folded to the script of the word's
 * majority; NFKD with marks dropped (accents, ё → е, й → и, İ → i); case; apostrophes inside
 * words dropped ('s possessive split off); Cyrillic transliterated; loose Latin rules
 * (kh/x → h, zh/j/dzh → j, q → k, ye → e, y → i, ts → c, ou → u, doubled letters once).
 */

export interface Folded {
  text: string;
  /** For each UTF-16 unit of `text`, the index in the original string it came from. */
  map: number[];
}

const identity = (s: string): Folded => ({ text: s, map: Array.from(s, (_, i) => i) });

/** Replaces every match of `re` (global) with `f(match)`, keeping the map back to the original. */
function rewrite(input: Folded, re: RegExp, f: (m: RegExpExecArray) => string): Folded {
  const text: string[] = [];
  const map: number[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(input.text); m !== null; m = re.exec(input.text)) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    text.push(input.text.slice(last, m.index));
    for (let i = last; i < m.index; i++) map.push(input.map[i]!);
    const out = f(m);
    text.push(out);
    // Same length: character for character (homoglyph folding); otherwise all to the match start.
    const at = input.map[m.index] ?? 0;
    for (let i = 0; i < out.length; i++) map.push(out.length === m[0].length ? input.map[m.index + i]! : at);
    last = m.index + m[0].length;
  }
  text.push(input.text.slice(last));
  for (let i = last; i < input.text.length; i++) map.push(input.map[i]!);
  return { text: text.join(''), map };
}

/** Applies `f` to each code point (surrogate pairs kept together). */
function perCodePoint(input: Folded, f: (c: string) => string): Folded {
  return rewrite(input, /[\s\S]/gu, (m) => f(m[0]));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '\u00AD' };

function decodePercentRun(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    // Not UTF-8 (or cut): decode the ASCII bytes only, keep the rest as written.
    return run.replace(/%([0-7][0-9A-Fa-f])/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

// Homoglyphs: letters of one script that look like letters of another.
const CYR_TO_LAT: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', һ: 'h', ԛ: 'q', ԝ: 'w', ӏ: 'l', к: 'k', м: 'm', т: 't', в: 'b', н: 'h',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', І: 'I', Ѕ: 'S', Ј: 'J',
};
const GREEK_TO_LAT: Record<string, string> = {
  ο: 'o', α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ς: 's',
  Α: 'A', Β: 'B', Ε: 'E', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X', Υ: 'Y', Ζ: 'Z',
};
const LAT_TO_CYR: Record<string, string> = {
  a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', y: 'у', x: 'х', i: 'і', k: 'к', m: 'м', h: 'н', b: 'в', t: 'т',
  A: 'А', B: 'В', E: 'Е', K: 'К', M: 'М', H: 'Н', O: 'О', P: 'Р', C: 'С', T: 'Т', X: 'Х', Y: 'У', I: 'І',
};

const isLatin = (c: string) => /\p{Script=Latin}/u.test(c);
const isCyrillic = (c: string) => /\p{Script=Cyrillic}/u.test(c);
const isGreek = (c: string) => /\p{Script=Greek}/u.test(c);

/** A word mixing scripts is read in the script most of its letters are in. */
function foldHomoglyphs(word: string): string {
  const chars = [...word];
  const latin = chars.filter(isLatin).length;
  const cyrillic = chars.filter(isCyrillic).length;
  const greek = chars.filter(isGreek).length;
  if ([latin, cyrillic, greek].filter((n) => n > 0).length < 2) return word;
  if (latin >= cyrillic) return chars.map((c) => CYR_TO_LAT[c] ?? GREEK_TO_LAT[c] ?? c).join('');
  return chars.map((c) => LAT_TO_CYR[c] ?? c).join('');
}

const SPECIAL: Record<string, string> = { ı: 'i', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', æ: 'ae', œ: 'oe', ħ: 'h' };
const APOSTROPHES = /['ʻʼ’‘`´ʹ′ʽ]/u;

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', к: 'k', қ: 'k', л: 'l', м: 'm', н: 'n',
  ң: 'n', о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ұ: 'u', ү: 'u', ф: 'f', х: 'kh', ҳ: 'h', һ: 'h',
  ц: 'ts', ч: 'ch', ҷ: 'j', ш: 'sh', щ: 'sh', ъ: '', ы: 'y', і: 'i', ь: '', э: 'e', ю: 'yu', я: 'ya', ә: 'a', ј: 'j',
};

const charCache = new Map<string, string>();

/** Per code point: compatibility form, marks dropped, lower case, transliterated, apostrophes unified. */
function foldChar(c: string): string {
  const known = charCache.get(c);
  if (known !== undefined) return known;
  const out = foldCharUncached(c);
  charCache.set(c, out);
  return out;
}

function foldCharUncached(c: string): string {
  let s = c.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  s = [...s].map((x) => SPECIAL[x] ?? (APOSTROPHES.test(x) ? "'" : x)).join('');
  return [...s].map((x) => CYRILLIC[x] ?? x).join('');
}

/** The loose Latin rules, applied to an already transliterated, lower-case text. */
const LOOSE: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/dzh|dj|zh/g, () => 'j'],
  [/kh|x/g, () => 'h'],
  [/gh/g, () => 'g'],
  [/q/g, () => 'k'],
  [/w/g, () => 'v'],
  [/ph/g, () => 'f'],
  [/ts|tz/g, () => 'c'],
  [/ou/g, () => 'u'],
  [/ye/g, () => 'e'],
  [/y/g, () => 'i'],
  // "ya/ia" after a consonant is how Russian spells a Central Asian "a" (Гулямова / Gulomova).
  [/(?<=[bcdfghjklmnprstvz])ia/g, () => 'a'],
  [/(\p{Ll})\1+/gu, (m) => m[1]!],
];

/** Folds a text to the loose key, keeping the map back to `original`. */
export function fold(original: string): Folded {
  let f = identity(original);
  f = rewrite(f, /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m) => {
    const e = m[1]!;
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m[0];
    }
    return ENTITIES[e.toLowerCase()] ?? m[0];
  });
  f = rewrite(f, /\\u([0-9a-fA-F]{4})/g, (m) => String.fromCharCode(parseInt(m[1]!, 16)));
  // Twice: a URL encoded twice ("%25D0%25A1…") still spells the name.
  f = rewrite(f, /(?:%[0-9A-Fa-f]{2})+/g, (m) => decodePercentRun(m[0]));
  f = rewrite(f, /(?:%[0-9A-Fa-f]{2})+/g, (m) => decodePercentRun(m[0]));
  // "Kurba-\nnov": a word hyphenated at a line end is one word (before invisible characters go,
  // so that a soft hyphen at the line end counts as a hyphen).
  f = rewrite(f, /(?<=\p{L})[-‐‑\u00AD][ \t\u00AD\u200B]*\r?\n\s*(?=\p{L})/gu, () => '');
  f = rewrite(f, /\p{Default_Ignorable_Code_Point}|[\u061C\u180E]/gu, () => '');
  f = rewrite(f, /(\p{Ll})(\p{Lu})/gu, (m) => `${m[1]} ${m[2]}`);
  f = rewrite(f, /[\p{L}\p{M}]+/gu, (m) => foldHomoglyphs(m[0]));
  f = perCodePoint(f, foldChar);
  f = rewrite(f, /'s(?!\p{L})/gu, () => ' s');
  f = rewrite(f, /'/g, () => '');
  for (const [re, to] of LOOSE) f = rewrite(f, re, to);
  return f;
}

/** The folded key of a short string (a name, a phrase), without the map. */
export const key = (s: string): string => fold(s).text;

/** The folded text with whitespace removed, for phrases that a PDF may wrap anywhere. */
export function compact(f: Folded): Folded {
  return rewrite(f, /\s+/g, () => '');
}
