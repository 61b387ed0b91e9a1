import { createRequire } from 'node:module';
import { transliterates } from './transliterate.js';

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
    // Latin → Cyrillic only between letters of the same case, to letters the transliteration
    // knows (a Komi Ԍ for G would read as nothing), preferring the basic Russian block.
    if (CYRILLIC.test(ch) && isUpper(latin) === isUpper(ch) && transliterates(ch.toLowerCase())) {
      const current = toCyrillic.get(latin);
      const basic = (s: string) => s.charCodeAt(0) >= 0x410 && s.charCodeAt(0) <= 0x44f;
      if (current === undefined || (!basic(current) && basic(ch))) toCyrillic.set(latin, ch);
    }
  }
  return { toLatin, toCyrillic };
}

const { toLatin: TO_LATIN, toCyrillic: TO_CYRILLIC } = build();

const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isCyrillicLetter = (c: number) => c >= 0x400 && c <= 0x52f;

/** The Cyrillic lookalike of a letter of another script (a Greek Η is a Latin H is a Cyrillic Н). */
const cyrillicOf = (ch: string) => TO_CYRILLIC.get(ch) ?? TO_CYRILLIC.get(TO_LATIN.get(ch) ?? '');

/**
 * The readings of a cased token besides itself: with its letters made Latin where they have a
 * Latin lookalike, and made Cyrillic where they have a Cyrillic one. A reading is offered only when
 * it changes something and the token has letters of that script already, or EVERY letter has a
 * lookalike: an all-Cyrillic word is read as Latin only if it could be a Latin word in disguise
 * (and vice versa), which keeps ordinary words from growing extra readings.
 */
export function homoglyphReadings(token: string): string[] {
  let letters = 0;
  let latin = 0;
  let cyrillic = 0;
  let toLatin = 0;
  let toCyrillic = 0;
  for (const ch of token) {
    if (ch === "'") continue;
    const c = ch.charCodeAt(0);
    letters++;
    if (isAsciiLetter(c)) latin++;
    else if (TO_LATIN.has(ch)) toLatin++;
    if (isCyrillicLetter(c)) cyrillic++;
    else if (cyrillicOf(ch) !== undefined) toCyrillic++;
  }
  const readings: string[] = [];
  if (toLatin > 0 && (latin > 0 || toLatin === letters)) {
    let s = '';
    for (const ch of token) s += TO_LATIN.get(ch) ?? ch;
    readings.push(s);
  }
  if (toCyrillic > 0 && (cyrillic > 0 || toCyrillic === letters)) {
    let s = '';
    for (const ch of token) s += (isCyrillicLetter(ch.charCodeAt(0)) ? undefined : cyrillicOf(ch)) ?? ch;
    readings.push(s);
  }
  return readings;
}

/** For tests and docs: the lookalike of one letter, if any. */
export const latinLookalike = (ch: string) => TO_LATIN.get(ch);
export const cyrillicLookalike = (ch: string) => TO_CYRILLIC.get(ch);
