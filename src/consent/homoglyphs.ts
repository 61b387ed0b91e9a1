import { createRequire } from 'node:module';

/**
 * Homoglyphs between scripts, from the Unicode confusables data (UTS #39, as packaged by
 * unhomoglyph): a Cyrillic "а" inside "Rаhimov", a Latin "p" inside "Поnов".
 *
 * Why not the UTS #39 skeleton of everything: it maps Cyrillic letters to Latin prototypes, so
 * "Рахимов" would become "Paxumob"-like junk that no longer reads as the Cyrillic name, and
 * the transliteration keys (phonetic-key.ts) could not match it with "Rakhimov". Instead a token
 * is READ a second time with its homoglyphs resolved towards one script (toLatinLookalikes,
 * toCyrillicLookalikes); both readings are keyed and looked up, so a disguise in either
 * direction is seen and a genuine Cyrillic or Latin word is still read as itself.
 */

const require = createRequire(import.meta.url);
/** character (or sequence) → its prototype, from confusables.txt */
const prototypes = require('unhomoglyph/data.json') as Record<string, string>;

const skeleton = (c: string) => prototypes[c] ?? c;
const isUpper = (c: string) => c !== c.toLowerCase();
const LETTER = /^\p{L}$/u;
const CYRILLIC = /^\p{Script=Cyrillic}$/u;

function build(): { toLatin: Map<string, string>; toCyrillic: Map<string, string> } {
  // ASCII letters by prototype: "I" and "l" share the prototype "l", so pick by case below.
  const asciiByPrototype = new Map<string, string[]>();
  for (let c = 0x41; c <= 0x7a; c++) {
    const ch = String.fromCharCode(c);
    if (!/[A-Za-z]/.test(ch)) continue;
    const list = asciiByPrototype.get(skeleton(ch)) ?? [];
    list.push(ch);
    asciiByPrototype.set(skeleton(ch), list);
  }
  const toLatin = new Map<string, string>();
  const toCyrillic = new Map<string, string>();
  for (const [ch, prototype] of Object.entries(prototypes)) {
    if ([...ch].length !== 1 || !LETTER.test(ch) || ch.charCodeAt(0) < 0x80) continue;
    const candidates = asciiByPrototype.get(prototype);
    if (!candidates) continue;
    const sameCase = candidates.filter((a) => isUpper(a) === isUpper(ch));
    const latin = (sameCase.length > 0 ? sameCase : candidates)[0]!;
    toLatin.set(ch, latin);
    // Latin → Cyrillic only between letters of the same case, preferring the basic Russian block.
    if (CYRILLIC.test(ch) && isUpper(latin) === isUpper(ch)) {
      const current = toCyrillic.get(latin);
      const basic = (s: string) => s.charCodeAt(0) >= 0x410 && s.charCodeAt(0) <= 0x44f;
      if (current === undefined || (!basic(current) && basic(ch))) toCyrillic.set(latin, ch);
    }
  }
  return { toLatin, toCyrillic };
}

const { toLatin: TO_LATIN, toCyrillic: TO_CYRILLIC } = build();

const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * The readings of a cased token besides itself: with non-ASCII lookalikes made Latin, and with
 * Latin lookalikes made Cyrillic. A reading is offered only when it changes something, and, for a
 * token written in one script only, only when EVERY letter has a lookalike: an all-Cyrillic word
 * is read as Latin only if it could be a Latin word in disguise (and vice versa), which keeps
 * ordinary words from growing extra readings.
 */
export function homoglyphReadings(token: string): string[] {
  let ascii = 0;
  let other = 0;
  let latinMapped = 0;
  let cyrMapped = 0;
  let letters = 0;
  for (const ch of token) {
    const c = ch.charCodeAt(0);
    if (ch === "'") continue;
    letters++;
    if (isAsciiLetter(c)) {
      ascii++;
      if (TO_CYRILLIC.has(ch)) cyrMapped++;
    } else {
      other++;
      if (TO_LATIN.has(ch)) latinMapped++;
    }
  }
  const readings: string[] = [];
  const mixed = ascii > 0 && other > 0;
  if (latinMapped > 0 && (mixed || latinMapped === letters)) {
    let s = '';
    for (const ch of token) s += TO_LATIN.get(ch) ?? ch;
    readings.push(s);
  }
  if (cyrMapped > 0 && (mixed || cyrMapped === letters)) {
    let s = '';
    for (const ch of token) s += TO_CYRILLIC.get(ch) ?? ch;
    readings.push(s);
  }
  return readings;
}

/** For tests and docs: the lookalike of one letter, if any. */
export const latinLookalike = (ch: string) => TO_LATIN.get(ch);
export const cyrillicLookalike = (ch: string) => TO_CYRILLIC.get(ch);
