import { describe, expect, it } from 'vitest';
import { foldText, visibleText } from '../../../src/consent/fold.js';
import { tokenize } from '../../../src/consent/tokenize.js';

/** Each folded unit's original text. */
const origins = (text: string) => {
  const f = foldText(text);
  return [...f.text].map((_, i) => text.slice(f.startOf(i), f.endOf(i)));
};

describe('foldText', () => {
  it('copies ASCII and Cyrillic one for one', () => {
    const f = foldText('Rahimov Рахимов');
    expect(f.text).toBe('Rahimov Рахимов');
    expect(origins('Рах')).toEqual(['Р', 'а', 'х']);
  });

  it('drops default-ignorable code points and marks, keeping each letter’s original range', () => {
    const text = 'Ra\u200Bh\u00E1\u0301m\u{E0041}';
    const f = foldText(text);
    expect(f.text).toBe('Raham');
    expect(origins(text)).toEqual(['R', 'a', 'h', '\u00E1\u0301', 'm']);
  });

  it('NFKD: fullwidth, ligatures and mathematical letters, each unit mapped to its source', () => {
    expect(foldText('Ｒａ').text).toBe('Ra');
    expect(origins('ﬁn')).toEqual(['ﬁ', 'ﬁ', 'n']);
    expect(foldText('𝐑𝐚').text).toBe('Ra');
    expect(origins('𝐑𝐚')).toEqual(['𝐑', '𝐚']);
  });

  it('keeps the letters whose mark makes them another letter, composed or not', () => {
    expect(foldText('Šukurov S\u030Cukurov ўзбек у\u0306збек й ё').text).toBe('Šukurov Šukurov ўзбек ўзбек й ё');
    expect(foldText('Äbilov İlyos Rahmónov').text).toBe('Abilov Ilyos Rahmonov');
  });

  it('makes every apostrophe "\'"', () => {
    expect(foldText('Oʻ Oʼ O’ O` O´ O‘').text).toBe("O' O' O' O' O' O'");
  });

  it('decodes percent-escapes leniently, one sequence at a time', () => {
    const text = '%D0%A0%%ZZ%D0x%e2%80%99%41';
    expect(foldText(text).text).toBe("Р%%ZZ%D0x'A");
    expect(origins(text)[0]).toBe('%D0%A0');
    expect(foldText('%').text).toBe('%');
    expect(foldText('%F0%9F%98%80%C0%AF').text).toBe('😀%C0%AF');
  });

  it('keeps a soft hyphen only before white space (a line break may follow)', () => {
    expect(foldText("a\u00ADb T\u00AD'x").text).toBe("ab T'x");
    expect(foldText('a\u00AD\nb').text).toBe('a\u00AD\nb');
  });
});

describe('tokenize', () => {
  const words = (text: string) => tokenize(foldText(text).text).words.map((w) => w.text);
  const segments = (text: string) => tokenize(foldText(text).text).streams[0]?.map((w) => w.text) ?? null;

  it('splits at non-letters, keeps inner apostrophes, joins line-break hyphenation', () => {
    expect(words("O'ktam's umarov1987 a_b 'quoted' Kurba-\nnov Kurba\u00AD\nnov Kok-Tobe")).toEqual([
      "O'ktam's", 'umarov', 'a', 'b', 'quoted', 'Kurbanov', 'Kurbanov', 'Kok', 'Tobe',
    ]);
  });

  it('cuts words at case changes into a second stream', () => {
    expect(segments('plain words only')).toBeNull();
    expect(segments('YusupovKomil RAHIMOVFarrukh mcDonald x')).toEqual(['Yusupov', 'Komil', 'RAHIMOV', 'Farrukh', 'mc', 'Donald', 'x']);
  });

  it('marks initials', () => {
    const t = tokenize(foldText('F.R. F Sh. x. Rahimov, F').text).words;
    expect(t.map((w) => [w.text, w.initial, w.afterComma])).toEqual([
      ['F', 2, false], ['R', 2, false], ['F', 1, false], ['Sh', 2, false], ['x', 1, false], ['Rahimov', 0, false], ['F', 1, true],
    ]);
  });
});

describe('visibleText', () => {
  it('removes invisible characters next to Latin/Cyrillic letters, keeps those other scripts and emoji need', () => {
    expect(visibleText('Ra\u200Bhi\u00ADmov \u202Eabc')).toBe('Rahimov abc');
    expect(visibleText('❤\uFE0F')).toBe('❤\uFE0F');
    expect(visibleText('می\u200Cخواهم')).toBe('می\u200Cخواهم');
    expect(visibleText('e\u0301')).toBe('é');
  });
});
