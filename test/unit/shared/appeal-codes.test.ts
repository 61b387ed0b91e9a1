import { describe, expect, it } from 'vitest';
import {
  alpha3, appealCodeProblem, baseCode, codeForFileName, formatCode, parseScheme, updateCode, updateNumber,
} from '../../../src/shared/appeal-codes.js';

/** The appeal-code scheme module: pure, the numbers come from the caller. */

function pattern(source: string) {
  const parsed = parseScheme(source);
  if (!parsed.ok || parsed.scheme.kind !== 'pattern') throw new Error(`not a pattern: ${JSON.stringify(parsed)}`);
  return parsed.scheme;
}

describe('appeal-code schemes', () => {
  it('writes the Observatory\'s codes: country, case number, month and year, programme number', () => {
    const scheme = pattern('{ISO3} {seq:3}/{MM}{YY}/OBS {n:3}');
    expect(scheme.counters).toEqual(['seq', 'n']);
    expect(formatCode(scheme, { country: 'KZ', date: '2018-03-20', seq: 1, n: 25 })).toBe('KAZ 001/0318/OBS 025');
    expect(formatCode(scheme, { country: 'KZ', date: '2020-05-02', seq: 1, n: 50 })).toBe('KAZ 001/0520/OBS 050');
    expect(formatCode(scheme, { country: 'KG', date: '2016-10-31', seq: 12, n: 1085 })).toBe('KGZ 012/1016/OBS 1085');
  });

  it('writes Amnesty\'s codes: an unpadded number and the year', () => {
    const scheme = pattern('UA {n}/{YY}');
    expect(scheme.counters).toEqual(['n']);
    expect(formatCode(scheme, { country: 'KZ', date: '2020-04-09', seq: 0, n: 61 })).toBe('UA 61/20');
    expect(formatCode(scheme, { country: 'KZ', date: '2016-05-12', seq: 0, n: 115 })).toBe('UA 115/16');
  });

  it('knows the other placeholders', () => {
    expect(formatCode(pattern('{ISO2}-{YYYY}-{seq:4}'), { country: 'kz', date: '2026-12-03', seq: 7, n: 0 })).toBe('KZ-2026-0007');
  });

  it('takes a text without placeholders as the house style, codes typed by hand', () => {
    expect(parseScheme('Our codes look like KAZ 001/0318/OBS 025')).toEqual({ ok: true, scheme: { kind: 'free', source: 'Our codes look like KAZ 001/0318/OBS 025' } });
  });

  it('refuses a scheme that cannot number appeals, with every reason', () => {
    expect(parseScheme('{ISO3}/{MM}{YY}')).toEqual({ ok: false, problems: ['needs a number, {seq:N} or {n:N}, so that two appeals never share a code'] });
    const bad = parseScheme('{ISO4} {seq:9} {n}{n} {YY');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      'unknown placeholder {ISO4}: use {ISO3}, {ISO2}, {seq:N}, {n:N}, {MM}, {YY} or {YYYY}',
      '{seq:9}: at most 6 digits',
      '{n} appears twice',
      'a brace that opens no placeholder: write placeholders as {ISO3}',
    ]);
    expect(parseScheme('   ')).toEqual({ ok: false, problems: ['must not be empty'] });
    expect(parseScheme('UA\t{n}')).toMatchObject({ ok: false, problems: [expect.stringMatching(/printable/)] });
    // Codes must leave room for an update suffix within 40 characters.
    expect(parseScheme('Urgent appeal of the organisation {ISO3} {n:6}/{YYYY}')).toMatchObject({ ok: false, problems: [expect.stringMatching(/must fit in 40/)] });
  });

  it('adds update suffixes to the code of the earlier appeal', () => {
    expect(updateCode('KAZ 001/0520/OBS 050', 1)).toBe('KAZ 001/0520/OBS 050.1');
    expect(updateCode('KAZ 001/0520/OBS 050.1', 2)).toBe('KAZ 001/0520/OBS 050.2');
    expect(baseCode('KAZ 001 / 1016 / OBS 085.3')).toBe('KAZ 001 / 1016 / OBS 085');
    expect(updateNumber('KAZ 001 / 1016 / OBS 085.3')).toBe(3);
    expect(updateNumber('UA 61/20')).toBe(0);
  });

  it('accepts any code up to 40 printable characters', () => {
    for (const code of ['UA 61/20', 'UA 115/16', 'KAZ 001/0520/OBS 050.1', 'KAZ 001 / 1016 / OBS 085.3', 'K'.repeat(40), 'ҚАЗ 001']) {
      expect(appealCodeProblem(code), code).toBeNull();
    }
    expect(appealCodeProblem('K'.repeat(41))).toBe('must be at most 40 characters');
    expect(appealCodeProblem('UA 61/20\n')).toMatch(/printable/);
    expect(appealCodeProblem('UA\u200b61/20')).toMatch(/printable/);
    expect(appealCodeProblem('  ')).toBe('must not be empty');
  });

  it('turns a code into a file name part', () => {
    expect(codeForFileName('KAZ 001 / 1016 / OBS 085.3')).toBe('KAZ-001-1016-OBS-085.3');
    expect(codeForFileName('UA 61/20')).toBe('UA-61-20');
    expect(codeForFileName('../../etc/passwd')).toBe('etc-passwd');
    expect(codeForFileName('"; rm -rf')).toBe('rm-rf');
    expect(codeForFileName('///')).toBe('appeal');
  });

  it('knows alpha-3 codes', () => {
    expect(alpha3('KZ')).toBe('KAZ');
    expect(alpha3('KG')).toBe('KGZ');
    expect(alpha3('UZ')).toBe('UZB');
  });
});
