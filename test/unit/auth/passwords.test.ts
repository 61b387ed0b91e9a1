import { getHeapStatistics } from 'node:v8';
import { describe, expect, it, vi } from 'vitest';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import { FORGET_AFTER_MS, passwordProblem, strengthCheckerHeld } from '../../../src/auth/passwords.js';
import { collectGarbage } from '../../../src/documents/workers/thread-settle.js';

/** Issue 18, point 5: the password rule (OWASP ASVS V6): length, the offline common list, strength. */
describe('passwordProblem', () => {
  it('refuses the passwords of issue 18 and other easy guesses', () => {
    for (const weak of [
      ' '.repeat(12), 'password1234', 'aaaaaaaaaaaa', 'Password1234', 'qwertyuiop12', '123456789012', 'abcdefghijkl',
      'iloveyou2026', 'qwerty123456', '\t'.repeat(14), 'passwordpassword',
    ]) {
      expect(passwordProblem(weak), JSON.stringify(weak)).not.toBeNull();
    }
  });

  it('refuses every 12+ character password of the offline common-password list', () => {
    const long = zxcvbnCommon.dictionary['passwords-common'].filter((p) => [...p].length >= 12);
    expect(long.length).toBeGreaterThan(100);
    const accepted = long.filter((p) => passwordProblem(p) === null);
    expect(accepted).toEqual([]);
    expect(passwordProblem(long[0]!.toUpperCase())).toMatch(/common or breached/);
  });

  it('refuses a password built on the user name', () => {
    expect(passwordProblem('aigerim-nurlanova', ['aigerim-nurlanova'])).not.toBeNull();
    expect(passwordProblem('aigerim-nurlanova')).toBeNull();
  });

  it('keeps the length bounds', () => {
    expect(passwordProblem('Zq7#k2')).toMatch(/at least 12/);
    expect(passwordProblem('correct horse battery staple '.repeat(10))).toMatch(/at most 256/);
  });

  it('accepts passphrases and random strings', () => {
    for (const good of ['correct horse battery staple', 'first password 1', 'kz-advocacy-2026!', 'q8VtR2xLm9Pz', 'Ainur owns three blue kettles']) {
      expect(passwordProblem(good), good).toBeNull();
    }
  });
});

describe('the strength checker between checks', () => {
  it('is let go ten seconds after the last check (~5 MB a service kept after start-up), and judges the same after', () => {
    vi.useFakeTimers();
    try {
      expect(passwordProblem('password1234')).not.toBeNull();
      expect(passwordProblem('correct horse battery staple')).toBeNull();
      collectGarbage();
      const held = getHeapStatistics().used_heap_size;
      vi.advanceTimersByTime(FORGET_AFTER_MS - 1_000);
      expect(strengthCheckerHeld()).toBe(true);
      vi.advanceTimersByTime(1_000);
      expect(strengthCheckerHeld()).toBe(false);
      collectGarbage();
      expect(FORGET_AFTER_MS).toBeLessThanOrEqual(10_000);
      expect(held - getHeapStatistics().used_heap_size).toBeGreaterThan(2 * 1024 * 1024);
      expect(passwordProblem('password1234')).not.toBeNull();
      expect(passwordProblem('correct horse battery staple')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
