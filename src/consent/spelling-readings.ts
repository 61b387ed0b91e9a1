/**
 * Other readings of a word of text, for spellings of a name that no key of the name's own
 * spellings reaches (name-matcher.ts wordKeys reads each word as these too). Text side, not
 * index side: a reading costs one more key look-up for the few words that have one, where a key
 * more per name would grow every index (24 MB at 20,000 persons).
 *
 * - The old French and German press ending -off/-eff for -ov/-ev ("Rahimoff", "Yusupoff").
 * - Kazakh қ (Q in the 2021 Latin alphabet) where Russian writes х (Рақымов, Raqymov for
 *   Рахимов, Rakhimov): read as х/kh. (Қ for к is read alike by the keys already.)
 * - The Uzbek and Tajik -jon (-жон, -джон) added to a first name (Rustamjon, Dilnozajon): read
 *   without it.
 * - A Kazakh -ұлы/-қызы surname for an -ов/-ев one (Жұмабайұлы, Jumabaiuly for Жұмабаев,
 *   Zhumabayev), as a person is written after taking the Kazakh form: read as the -ов/-ев form
 *   (the name's own keys reach that form only beside the first name).
 */
const OFF = /^(\p{L}{3,})([oe])ff$/iu;
const Q = /[qқ]/iu;
const JON = /^(\p{L}{4,}?)(?:jon|djon|dzhon|жон|джон)$/iu;
const ULY = /^(\p{L}{3,}?)([йyi]?)(ұлы|улы|uly|uli|ulı|қызы|кызы|kyzy|qyzy|qizi|qızı)$/iu;
const CYRILLIC = /\p{Script=Cyrillic}/u;

export function spellingReadings(word: string): string[] {
  if (word.length < 5) return [];
  const out: string[] = [];
  const off = OFF.exec(word);
  if (off) out.push(`${off[1]}${off[2]}v`);
  if (Q.test(word)) out.push(word.replace(/q/g, 'kh').replace(/Q/g, 'Kh').replace(/қ/g, 'х').replace(/Қ/g, 'Х'));
  const jon = JON.exec(word);
  if (jon) out.push(jon[1]!);
  const uly = ULY.exec(word);
  if (uly) {
    const [, root, glide, ending] = uly as unknown as [string, string, string, string];
    const cyrillic = CYRILLIC.test(word);
    const daughter = /^(қызы|кызы|kyzy|qyzy|qizi|qızı)$/iu.test(ending);
    // -ев after a vowel is й + ов: Жұмабайұлы → Жұмабаев; otherwise -ов: Әбенұлы → Әбенов.
    const suffix = glide !== '' ? (cyrillic ? 'ев' : 'ev') : (cyrillic ? 'ов' : 'ov');
    out.push(`${root}${suffix}${daughter ? (cyrillic ? 'а' : 'a') : ''}`);
  }
  return out;
}
