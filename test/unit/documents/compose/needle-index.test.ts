import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NeedleIndex } from '../../../../src/documents/compose/needle-index.js';

const naive = (needles: string[], text: string) => new Set(needles.filter((n) => text.includes(n)));

describe('NeedleIndex (the citation audit\'s summary finder)', () => {
  it('finds exactly the needles that String.includes finds', () => {
    // A tiny alphabet makes near-misses and overlaps common; short windows exercise the hash.
    const alphabet = fc.constantFrom('a', 'b', ' ', 'ә', 'Ж', '\u0301');
    const str = (min: number, max: number) => fc.array(alphabet, { minLength: min, maxLength: max }).map((cs) => cs.join(''));
    fc.assert(fc.property(fc.array(str(1, 12), { maxLength: 12 }), str(0, 80), fc.integer({ min: 1, max: 8 }), (needles, text, window) => {
      // Half the needles are cut from the text itself, so that many of them occur.
      const cut = needles.map((n, i) => (i % 2 === 0 && text.length > 0 ? text.slice(i % text.length, (i % text.length) + n.length) || n : n));
      expect(new NeedleIndex(cut, window).occurringIn(text)).toEqual(naive(cut, text));
    }), { numRuns: 2000 });
  });

  it('finds exactly what String.includes finds with windows longer than a gram (the text read at intervals)', () => {
    // Windows over 8 characters: the text is hashed every (window − 7)-th position only, so every
    // offset of a needle against those positions must be found (the audit's window is 20).
    const alphabet = fc.constantFrom('a', 'b', ' ', 'ә', 'Ж');
    const str = (min: number, max: number) => fc.array(alphabet, { minLength: min, maxLength: max }).map((cs) => cs.join(''));
    fc.assert(fc.property(fc.array(str(6, 30), { maxLength: 10 }), str(0, 160), fc.integer({ min: 9, max: 24 }), fc.nat(), (needles, text, window, shift) => {
      const cut = needles.map((n, i) => (i % 2 === 0 && text.length > 0 ? text.slice((i + shift) % text.length, ((i + shift) % text.length) + n.length) || n : n));
      expect(new NeedleIndex(cut, window).occurringIn(text)).toEqual(naive(cut, text));
    }), { numRuns: 2000 });
  });

  it('finds summary openings in long Cyrillic and Latin text', () => {
    const summaries = Array.from({ length: 300 }, (_, i) => `On ${i} March police in Алматы detained Айгерим Нұрланова (case ${i}) outside the court`);
    const text = `Intro. ${summaries[17]} and later ${summaries[250]!.slice(0, 40)}… ${summaries[299]}.`;
    const index = new NeedleIndex(summaries, 20);
    expect(index.occurringIn(text)).toEqual(new Set([summaries[17], summaries[299]]));
    expect(index.occurringIn('')).toEqual(new Set());
  });
});
