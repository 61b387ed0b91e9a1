import type { ProtectedPerson } from '../../../src/consent/index.js';

/**
 * Fictional protected persons (made-up combinations of common Central Asian and Russian names),
 * plus two names from the existing fixtures (test/support/own-bundles.ts).
 */
const individual = (key: string, name: string, nameNative: string | null, pseudonym: string): ProtectedPerson => ({
  key, kind: 'individual', name, nameNative, pseudonym,
});

export const OKTAM = individual('p-oktam', "O'ktam To'xtayev", 'Ўктам Тўхтаев', 'Blogger A');
export const FARRUKH = individual('p-farrukh', 'Farrukh Rahimov', 'Фаррух Рахимов', 'Blogger F');
export const SHAVKAT = individual('p-shavkat', 'Shavkat Karimovich Rustamov', 'Шавкат Каримович Рустамов', 'Lawyer S');
export const YERZHAN = individual('p-yerzhan', 'Yerzhan Zhumabayev', 'Ержан Жұмабаев', 'Activist E');
export const GULNARA = individual('p-gulnara', 'Gulnara Tobylova', 'Гульнара Тобылова', 'Witness D');
export const AIGERIM = individual('p-aigerim', 'Aigerim Seitova', 'Айгерім Сейтова', 'Student G');
export const KOMIL = individual('p-komil', 'Komil Yusupov', null, 'Unionist K');
export const DILSHOD = individual('p-dilshod', 'Dilshod Kurbanov', 'Дилшод Қурбонов', 'Farmer Q');
export const BAKHROM = individual('p-bakhrom', 'Bakhrom Umarov', 'Баҳром Умаров', 'Teacher U');
export const PARVIZ = individual('p-parviz', 'Parviz Rahmonov', 'Парвиз Раҳмонов', 'Poet P');
export const ZARINA = individual('p-zarina', 'Zarina Abilova', 'Зарина Әбілова', 'Nurse Z');
export const LYUDMILA = individual('p-lyudmila', 'Lyudmila Zhuravskaya', 'Людмила Журавская', 'Editor L');
export const NURLAN = individual('p-nurlan', 'Nurlan Abenuly', 'Нұрлан Әбенұлы', 'Driver N');
export const ILYOS = individual('p-ilyos', 'Ilyos Abbas', null, 'Imam I');
export const FYODOR = individual('p-fyodor', 'Fyodor Lyokhin', 'Фёдор Лёхин', 'Miner M');
export const TIMUR = individual('p-timur', 'Timur Li', 'Тимур Ли', 'Cook T');
export const ASEL = individual('p-kz-0101', 'Asel Kasymova', 'Әсел Қасымова', 'Activist A2');
export const RUSLAN = individual('p-kz-0103', 'Ruslan Ashimov', 'Руслан Әшімов', 'Blogger C');
export const RESIDENTS: ProtectedPerson = {
  key: 'p-kz-0105', kind: 'group', name: 'Residents of Kok-Tobe street', nameNative: null, pseudonym: 'Group E (neighbours)',
};
export const ORGANISATION: ProtectedPerson = {
  key: 'p-steppe-voice', kind: 'organisation', name: 'Steppe Voice Initiative', nameNative: 'Дала Үні', pseudonym: 'Organisation O',
};

export const ALL: ProtectedPerson[] = [
  OKTAM, FARRUKH, SHAVKAT, YERZHAN, GULNARA, AIGERIM, KOMIL, DILSHOD, BAKHROM, PARVIZ, ZARINA, LYUDMILA, NURLAN, ILYOS,
  FYODOR, TIMUR, ASEL, RUSLAN, RESIDENTS, ORGANISATION,
];
