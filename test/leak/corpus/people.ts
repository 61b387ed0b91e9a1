/**
 * The corpus's people: FICTIONAL persons with Tajik, Uzbek, Kazakh and Russian names, in Latin
 * and native script. Any likeness to real people is accidental. Each carries the spelling
 * variants the attack generators need (transliterations, the other gender's form, ё).
 */

export type Origin = 'uz' | 'tj' | 'kz' | 'ru';
/** public: may be named to the UN only; all: may not be named anywhere; consenting: may be named everywhere. */
export type Protection = 'public' | 'all' | 'consenting';

export interface PersonSpec {
  origin: Origin;
  sex: 'female' | 'male';
  first: string;
  patronymic?: string;
  surname: string;
  firstNative: string;
  patronymicNative?: string;
  surnameNative: string;
  protection: Protection;
  role: string;
  /** Other spellings of the surname seen in the wild (Latin or Cyrillic). */
  translit: string[];
  /** Other spellings of the first name. */
  firstTranslit?: string[];
  /** Town named in identifying descriptions. */
  town: string;
}

export const PEOPLE: readonly PersonSpec[] = [
  { origin: 'uz', sex: 'male', first: "O'ktam", surname: "To'xtayev", firstNative: 'Ўктам', surnameNative: 'Тўхтаев', protection: 'public', role: 'farmer', translit: ['Tokhtayev', 'Tukhtaev', 'Тухтаев', 'Toxtayev'], firstTranslit: ['Uktam', 'Oktam'], town: 'Saryagash' },
  { origin: 'uz', sex: 'male', first: "G'ayrat", surname: "Xo'jayev", firstNative: 'Ғайрат', surnameNative: 'Хўжаев', protection: 'all', role: 'imam', translit: ['Khodjaev', 'Khojaev', 'Xodjayev', 'Ходжаев'], firstTranslit: ['Gayrat', 'Gairat'], town: 'Turkistan' },
  { origin: 'uz', sex: 'female', first: 'Shoira', surname: "G'ulomova", firstNative: 'Шоира', surnameNative: 'Ғуломова', protection: 'public', role: 'nurse', translit: ['Gulomova', 'Gulyamova', 'Гулямова', 'Ghulomova'], town: 'Shymkent' },
  { origin: 'uz', sex: 'male', first: 'Komil', patronymic: 'Abdullayevich', surname: 'Yusupov', firstNative: 'Комил', patronymicNative: 'Абдуллаевич', surnameNative: 'Юсупов', protection: 'public', role: 'lawyer', translit: ['Iusupov', 'Yusupow', 'Youssoupov'], firstTranslit: ['Kamil'], town: 'Kentau' },
  { origin: 'uz', sex: 'male', first: 'Shavkat', surname: 'Rustamov', firstNative: 'Шавкат', surnameNative: 'Рустамов', protection: 'all', role: 'trader', translit: ['Rustamow', 'Roustamov', 'Рустамов'], town: 'Jetisay' },
  { origin: 'uz', sex: 'male', first: 'Bahodir', surname: 'Umarov', firstNative: 'Баҳодир', surnameNative: 'Умаров', protection: 'public', role: 'driver', translit: ['Oumarov', 'Umarow', 'Умаров'], firstTranslit: ['Bakhodir', 'Baxodir'], town: 'Lenger' },
  { origin: 'uz', sex: 'female', first: 'Dilnoza', surname: 'Rahimova', firstNative: 'Дилноза', surnameNative: 'Раҳимова', protection: 'all', role: 'seamstress', translit: ['Rakhimova', 'Raximova', 'Рахимова', 'Rahimowa'], town: 'Sayram' },
  { origin: 'uz', sex: 'male', first: 'Farrukh', surname: 'Rahimov', firstNative: 'Фаррух', surnameNative: 'Раҳимов', protection: 'consenting', role: 'engineer', translit: [], town: 'Sayram' },
  { origin: 'uz', sex: 'female', first: 'Zulfiya', surname: 'Karimova', firstNative: 'Зулфия', surnameNative: 'Каримова', protection: 'public', role: 'teacher', translit: ['Karimowa', 'Qarimova', 'Каримова'], town: 'Arys' },
  { origin: 'uz', sex: 'male', first: 'Sanjar', surname: 'Xolmatov', firstNative: 'Санжар', surnameNative: 'Холматов', protection: 'public', role: 'blogger', translit: ['Kholmatov', 'Holmatov', 'Халматов'], town: 'Shardara' },
  { origin: 'uz', sex: 'female', first: 'Laylo', surname: 'Ergasheva', firstNative: 'Лайло', surnameNative: 'Эргашева', protection: 'all', role: 'student', translit: ['Irgasheva', 'Ergashewa', 'Эргашева'], firstTranslit: ['Lailo', 'Leyla'], town: 'Kazygurt' },
  { origin: 'uz', sex: 'female', first: 'Malika', surname: 'Tursunova', firstNative: 'Малика', surnameNative: 'Турсунова', protection: 'consenting', role: 'journalist', translit: [], town: 'Shymkent' },
  { origin: 'tj', sex: 'male', first: 'Rustam', surname: 'Rahmonov', firstNative: 'Рустам', surnameNative: 'Раҳмонов', protection: 'public', role: 'migrant worker', translit: ['Rakhmonov', 'Rahmanov', 'Рахмонов', 'Rakhmanov'], town: 'Vahdat' },
  { origin: 'tj', sex: 'male', first: 'Jamshed', surname: 'Kurbanov', firstNative: 'Ҷамшед', surnameNative: 'Қурбонов', protection: 'all', role: 'builder', translit: ['Qurbonov', 'Kurbonov', 'Курбанов', 'Qurbonow'], firstTranslit: ['Dzhamshed', 'Djamshed', 'Jamshid'], town: 'Kulob' },
  { origin: 'tj', sex: 'female', first: 'Firuza', surname: 'Nazarova', firstNative: 'Фирӯза', surnameNative: 'Назарова', protection: 'public', role: 'midwife', translit: ['Nazarowa', 'Nazarava', 'Назарова'], town: 'Panjakent' },
  { origin: 'tj', sex: 'male', first: 'Mahmadali', surname: 'Davlatov', firstNative: 'Маҳмадалӣ', surnameNative: 'Давлатов', protection: 'public', role: 'shopkeeper', translit: ['Dawlatov', 'Davlatow', 'Давлатов'], firstTranslit: ['Makhmadali'], town: 'Istaravshan' },
  { origin: 'tj', sex: 'female', first: 'Gulnora', surname: 'Safarova', firstNative: 'Гулнора', surnameNative: 'Сафарова', protection: 'public', role: 'teacher', translit: ['Safarowa', 'Saffarova', 'Сафарова'], town: 'Vahdat' },
  { origin: 'tj', sex: 'male', first: 'Sherali', surname: 'Mirzoev', firstNative: 'Шералӣ', surnameNative: 'Мирзоев', protection: 'all', role: 'electrician', translit: ['Mirzoyev', 'Mirzoyew', 'Мирзоев'], town: 'Hisor' },
  { origin: 'tj', sex: 'male', first: 'Parviz', surname: 'Rahimzoda', firstNative: 'Парвиз', surnameNative: 'Раҳимзода', protection: 'public', role: 'poet', translit: ['Rakhimzoda', 'Rahimzodah', 'Рахимзода'], town: 'Khujand' },
  { origin: 'kz', sex: 'female', first: 'Aigerim', surname: 'Seitova', firstNative: 'Айгерім', surnameNative: 'Сейтова', protection: 'public', role: 'activist', translit: ['Seytova', 'Seitowa', 'Seıtova'], firstTranslit: ['Aygerim', 'Aıgerim'], town: 'Zhanaozen' },
  { origin: 'kz', sex: 'male', first: 'Yerzhan', surname: 'Zhumabayev', firstNative: 'Ержан', surnameNative: 'Жұмабаев', protection: 'public', role: 'oil worker', translit: ['Jumabaev', 'Dzhumabaev', 'Djumabayev', 'Жумабаев'], firstTranslit: ['Erzhan', 'Erjan', 'Yerjan'], town: 'Aktau' },
  { origin: 'kz', sex: 'male', first: 'Daulet', surname: 'Abilov', firstNative: 'Дәулет', surnameNative: 'Әбілов', protection: 'all', role: 'union leader', translit: ['Äbilov', 'Abylov', 'Абилов'], firstTranslit: ['Dauliet', 'Dáulet'], town: 'Kentau' },
  { origin: 'kz', sex: 'male', first: 'Serik', surname: 'Ibrayev', firstNative: 'Серік', surnameNative: 'Ибраев', protection: 'public', role: 'pensioner', translit: ['Ibraev', 'İbraev', 'Ybrayev'], town: 'Taraz' },
  { origin: 'kz', sex: 'female', first: 'Gulmira', surname: 'Nurpeisova', firstNative: 'Гүлмира', surnameNative: 'Нұрпейісова', protection: 'public', role: 'accountant', translit: ['Nurpeiisova', 'Nurpeyisova', 'Нурпеисова'], town: 'Oral' },
  { origin: 'kz', sex: 'male', first: 'Nurlan', surname: 'Baimukhanov', firstNative: 'Нұрлан', surnameNative: 'Баймұханов', protection: 'consenting', role: 'human rights lawyer', translit: [], town: 'Almaty' },
  { origin: 'kz', sex: 'female', first: 'Ainur', surname: 'Kemelbekova', firstNative: 'Айнұр', surnameNative: 'Кемелбекова', protection: 'all', role: 'doctor', translit: ['Kemelbekowa', 'Кемелбекова', 'Кемельбекова'], town: 'Semey' },
  { origin: 'ru', sex: 'male', first: 'Pyotr', surname: 'Fyodorov', firstNative: 'Пётр', surnameNative: 'Фёдоров', protection: 'public', role: 'pastor', translit: ['Fedorov', 'Fiodorov', 'Федоров'], firstTranslit: ['Petr', 'Piotr'], town: 'Ust-Kamenogorsk' },
  { origin: 'ru', sex: 'female', first: 'Alyona', surname: 'Semyonova', firstNative: 'Алёна', surnameNative: 'Семёнова', protection: 'all', role: 'photographer', translit: ['Semenova', 'Semionova', 'Семенова'], firstTranslit: ['Alena', 'Aliona'], town: 'Pavlodar' },
  { origin: 'ru', sex: 'male', first: 'Viktor', patronymic: 'Pavlovich', surname: 'Kuznetsov', firstNative: 'Виктор', patronymicNative: 'Павлович', surnameNative: 'Кузнецов', protection: 'public', role: 'retired officer', translit: ['Kuznetzov', 'Kouznetsov', 'Kuznecov'], town: 'Karaganda' },
  { origin: 'ru', sex: 'female', first: 'Irina', surname: 'Belousova', firstNative: 'Ирина', surnameNative: 'Белоусова', protection: 'public', role: 'librarian', translit: ['Beloussova', 'Belousowa', 'Bielousova'], town: 'Kostanay' },
  { origin: 'ru', sex: 'male', first: 'Andrei', surname: 'Morozov', firstNative: 'Андрей', surnameNative: 'Морозов', protection: 'consenting', role: 'journalist', translit: [], town: 'Almaty' },
  { origin: 'kz', sex: 'male', first: 'Yerlan', patronymic: 'Serikovich', surname: 'Dzhaksylykov', firstNative: 'Ерлан', patronymicNative: 'Серікұлы', surnameNative: 'Жақсылықов', protection: 'public', role: 'farmer', translit: ['Zhaksylykov', 'Jaqsylyqov', 'Жаксылыков'], firstTranslit: ['Erlan'], town: 'Kyzylorda' },
];

/** Masculine form of a surname (families, plurals): drops a feminine -a after -ov/-ev/-in. */
export const masculine = (surname: string): string => surname.replace(/(ov|ev|in|ёв|ов|ев|ин)(a|а)$/iu, '$1');
/** The other gender's form, or null where the surname does not inflect for gender (-zoda). */
export function otherGender(surname: string, sex: 'female' | 'male'): string | null {
  if (!/(ov|ev|in|ов|ев|ёв|ин)(a|а)?$/iu.test(surname)) return null;
  if (sex === 'female') return masculine(surname);
  return surname + (/\p{Script=Cyrillic}/u.test(surname) ? 'а' : 'a');
}
