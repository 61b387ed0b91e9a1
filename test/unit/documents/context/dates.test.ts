import { describe, expect, it } from 'vitest';
import { capitalised, formatDate, formatMonth, formatPeriod, formatSpan, leadPhrase } from '../../../../src/documents/context/dates.js';

describe('dates as letters write them', () => {
  it('formats a day, a month, and an approximate day', () => {
    expect(formatDate('2018-03-13')).toBe('13 March 2018');
    expect(formatDate('2018-03-13', 'month')).toBe('March 2018');
    expect(formatDate('2018-03-06', 'approximate')).toBe('around 6 March 2018');
    expect(formatMonth('2018-12-31')).toBe('December 2018');
  });

  it('spans days only when the end differs, and never says "around" twice', () => {
    expect(formatSpan('2018-03-15', null, 'exact')).toBe('15 March 2018');
    expect(formatSpan('2018-03-15', '2018-03-15', 'exact')).toBe('15 March 2018');
    expect(formatSpan('2018-03-15', '2018-03-16', 'exact')).toBe('15 March 2018 to 16 March 2018');
    expect(formatSpan('2018-03-15', '2018-03-20', 'approximate')).toBe('around 15 March 2018 to 20 March 2018');
  });

  it('names a period by month, merging what two ends share', () => {
    expect(formatPeriod('2018-03-01', '2018-03-31')).toBe('March 2018');
    expect(formatPeriod('2018-01-01', '2018-03-31')).toBe('January–March 2018');
    expect(formatPeriod('2017-11-01', '2018-02-28')).toBe('November 2017–February 2018');
  });

  it('opens a sentence with the date in the form its accuracy allows', () => {
    expect(leadPhrase('2018-03-13', null, 'exact')).toBe('On 13 March 2018');
    expect(leadPhrase('2018-02-01', null, 'month')).toBe('In February 2018');
    expect(leadPhrase('2018-02-01', '2018-04-01', 'month')).toBe('From February 2018 to April 2018');
    expect(leadPhrase('2018-02-06', null, 'approximate')).toBe('Around 6 February 2018');
    expect(leadPhrase('2018-03-15', '2018-03-16', 'exact')).toBe('From 15 March 2018 to 16 March 2018');
    expect(capitalised('around 6 February 2018')).toBe('Around 6 February 2018');
  });
});
