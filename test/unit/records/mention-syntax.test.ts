import { describe, expect, it } from 'vitest';
import {
  freeTexts, mapFreeTexts, mentionedKeys, mentionProblems, mentionTokens, recordMentionProblems,
} from '../../../src/records/mention-syntax.js';

describe('mention syntax', () => {
  it('finds well-formed mentions only: [[person:KEY]] with a key of 1–80 [a-z0-9-]', () => {
    const text = 'A [[person:p-kz-0042]], [[person:P-X]], [[person:]], [[person:p x]], [[person:p-1]][[person:p-1]]';
    expect(mentionTokens(text).map((t) => t.key)).toEqual(['p-kz-0042', 'p-1', 'p-1']);
    expect(mentionedKeys(text)).toEqual(['p-kz-0042', 'p-1']);
    expect(mentionTokens(`[[person:${'a'.repeat(81)}]]`)).toEqual([]);
    expect(mentionTokens(`[[person:${'a'.repeat(80)}]]`)).toHaveLength(1);
  });

  it('reports unknown keys and malformed mentions at the field', () => {
    const known = (k: string) => k === 'p-1';
    expect(mentionProblems('[[person:p-1]] and [[person:p-x]]', known, ['incidents', 3, 'summary']))
      .toEqual([{ path: '/incidents/3/summary', message: "unknown person key 'p-x' in mention" }]);
    expect(mentionProblems('[[Person: P-1]]', known, ['text'])[0]!.message).toMatch(/malformed mention/);
    expect(mentionProblems('no mention [[here]]', known, ['text'])).toEqual([]);
  });

  it('lists the contract\'s free-text fields of each record type, with their paths', () => {
    const incident = {
      title: 't', summary: 's', legalBasis: ['l0', 'l1'], perpetrators: [{ description: 'd', stateActor: true }],
      sources: [{ source: 's-1', locator: 'loc', excerpt: null }], location: { place: 'not free text here' },
    };
    expect(freeTexts('incidents', incident).map((f) => f.path.join('/'))).toEqual([
      'title', 'summary', 'legalBasis/0', 'legalBasis/1', 'perpetrators/0/description', 'sources/0/locator',
    ]);
    expect(freeTexts('sources', { title: 'a', author: 'b', url: 'c' }).map((f) => f.path.join('/'))).toEqual(['title', 'author']);
    expect(freeTexts('persons', { name: 'n', occupation: 'o', affiliation: null }).map((f) => f.path.join('/'))).toEqual(['occupation']);
    expect(freeTexts('recommendations', { text: 'x' })).toEqual([{ path: ['text'], text: 'x' }]);
    expect(recordMentionProblems('incidents', { ...incident, legalBasis: ['[[person:p-x]]'] }, () => false, ['incidents', 0]))
      .toEqual([{ path: '/incidents/0/legalBasis/0', message: "unknown person key 'p-x' in mention" }]);
  });

  it('maps free text without touching other fields or the input', () => {
    const rec = { key: 'k', title: 'a', summary: 'b', perpetrators: [{ description: 'c', stateActor: false }], location: { place: 'p' } };
    const out = mapFreeTexts('incidents', rec, (t) => t.toUpperCase());
    expect(out).toEqual({ key: 'k', title: 'A', summary: 'B', perpetrators: [{ description: 'C', stateActor: false }], location: { place: 'p' } });
    expect(rec.title).toBe('a');
  });
});
