import { describe, expect, it } from 'vitest';
import { ALREADY_VISIBLE, visibleText } from '../../src/shared/text/fold.js';

/** Every code point below U+10000 that the fast path of visibleText takes as it is. */
const fastPathChars = (): string[] => {
  const out: string[] = [];
  for (let cp = 0; cp < 0x10000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCharCode(cp);
    if (ALREADY_VISIBLE.test(ch)) out.push(ch);
  }
  return out;
};

describe('visibleText: text taken as it is without normalising', () => {
  const chars = fastPathChars();

  it('covers Latin, Cyrillic with the Kazakh letters, the narrow no-break space; not the soft hyphen or a zero-width space', () => {
    for (const ch of ['a', 'Ä', 'ș', 'Ж', 'ғ', 'Ұ', 'ә', '\u202F', '–', '«', '€']) expect(ALREADY_VISIBLE.test(ch), ch).toBe(true);
    for (const ch of ['\u00AD', '\u200B', '\u2060', '\u0301', '\u0308', '\u034F', '\u2000', '\u202E']) expect(ALREADY_VISIBLE.test(ch), `U+${ch.charCodeAt(0).toString(16)}`).toBe(false);
  });

  it('holds no default-ignorable code point, and NFC leaves every one of them alone and every pair of them as it is', () => {
    expect(chars.length).toBeGreaterThan(1000);
    const unstable: string[] = [];
    for (const a of chars) {
      if (/\p{Default_Ignorable_Code_Point}/u.test(a)) unstable.push(`ignorable U+${a.charCodeAt(0).toString(16)}`);
      for (const b of chars) {
        const pair = a + b;
        if (pair.normalize('NFC') !== pair) unstable.push(`U+${a.charCodeAt(0).toString(16)} U+${b.charCodeAt(0).toString(16)}`);
      }
    }
    expect(unstable.slice(0, 10)).toEqual([]);
  });

  it('still normalises and strips where the text needs it', () => {
    expect(visibleText('Rahimov')).toBe('Rahimov');
    expect(visibleText('Ра\u200Bхимов')).toBe('Рахимов');
    expect(visibleText('Rahi\u00ADmov')).toBe('Rahimov');
    expect(visibleText('Е\u0308ржан')).toBe('Ёржан');
  });
});
