import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../../src/http/answer-cache.js';

const answer = (bytes: number) => ({ payload: Buffer.alloc(bytes, 0x61), contentType: 'application/json; charset=utf-8', identityRead: null });

describe('AnswerCache', () => {
  it('answers only under the revision an answer was kept at', () => {
    const cache = new AnswerCache(1 << 20);
    cache.set('/api/v1/incidents', '7', answer(100));
    expect(cache.get('/api/v1/incidents', '7')?.payload.length).toBe(100);
    expect(cache.get('/api/v1/incidents', '8')).toBeUndefined();
    // A miss on a newer revision drops the old answer: it can never be current again.
    expect(cache.get('/api/v1/incidents', '7')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('stays within its bytes, letting the least recently used go first', () => {
    const cache = new AnswerCache(100_000);
    for (let i = 0; i < 10; i++) cache.set(`/page/${i}`, '1', answer(20_000));
    expect(cache.size).toBeLessThanOrEqual(100_000);
    expect(cache.get('/page/9', '1')).toBeDefined();
    expect(cache.get('/page/0', '1')).toBeUndefined();
    // Reading an answer makes it the most recently used.
    const kept = [...Array(10).keys()].filter((i) => cache.get(`/page/${i}`, '1') !== undefined);
    cache.get(`/page/${kept[0]}`, '1');
    cache.set('/page/new', '1', answer(20_000));
    expect(cache.get(`/page/${kept[0]}`, '1')).toBeDefined();
    expect(cache.get(`/page/${kept[1]}`, '1')).toBeUndefined();
  });

  it('keeps nothing when disabled, and no answer larger than a quarter of it', () => {
    const off = new AnswerCache(0);
    expect(off.enabled).toBe(false);
    const cache = new AnswerCache(100_000);
    cache.set('/big', '1', answer(30_000));
    expect(cache.get('/big', '1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
