import { describe, expect, it } from 'vitest';
import { matchesSearch, searchTerms } from '../../../src/shared/text/search.js';

describe('search terms (issue 14.3)', () => {
  it('folds case, marks and script', () => {
    expect(searchTerms('Тобылова')).toEqual(searchTerms('TOBYLOVA'));
    expect(searchTerms('Rahmónov')).toEqual([['rahmonov']]);
  });

  it('stems English words: a word finds its family', () => {
    expect(searchTerms('detained')).toEqual(searchTerms('detention'));
    expect(searchTerms('arrests')).toEqual(searchTerms('arrested'));
    expect(searchTerms('harassment')).toEqual([['harass']]);
    expect(matchesSearch(searchTerms('detained'), 'The court replaced detention with house arrest.')).toBe(true);
    expect(matchesSearch(searchTerms('detention'), 'Police detained the activist.')).toBe(true);
    expect(matchesSearch(searchTerms('detention'), 'Police fined the activist.')).toBe(false);
  });

  it('needs every word; punctuation around a word does not count, punctuation alone does', () => {
    expect(matchesSearch(searchTerms('Almaty, detained'), 'Activist detained in Алматы')).toBe(true);
    expect(matchesSearch(searchTerms('Astana detained'), 'Activist detained in Almaty')).toBe(false);
    expect(searchTerms('%')).toEqual([['%']]);
    expect(searchTerms('   ')).toEqual([]);
  });
});
