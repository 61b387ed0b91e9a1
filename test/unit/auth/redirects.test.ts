import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext, sameOriginPath } from '../../../src/auth/redirects.js';
import { isSameOriginPath, redirectTargets } from '../../support/redirects.js';

describe('safeNext', () => {
  it('refuses the targets of issue 18 and their encoded variants', () => {
    for (const target of [
      '/\t/evil.example', '/%09/evil.example', '/%0a/evil.example', '/%E3%80%80/x', '/\u3000/x', '//evil.example',
      '/\\evil.example', '/%5Cevil.example', '/%2F/evil.example', '/%252F/evil.example', '/ /x', 'https://evil.example/',
      'evil.example', '/x%', '/%E2%80%AE', '/login', '/logout?x=1', '/a//b', '/documents?q=a%20b', '',
    ]) {
      expect(safeNext(target), JSON.stringify(target)).toBe('/');
    }
  });

  it('keeps ordinary paths of this site', () => {
    for (const target of ['/', '/persons', '/persons/p-x?saved=1', '/generate/eu-briefing#form', '/documents?q=a+b', '/login-help']) {
      expect(safeNext(target)).toBe(target);
    }
  });

  it('always answers a same-origin path, whatever the input (property)', () => {
    fc.assert(fc.property(redirectTargets, (target) => {
      const out = safeNext(target);
      expect(isSameOriginPath(out), JSON.stringify({ target, out })).toBe(true);
      // Idempotent: a target it lets through is let through again unchanged.
      expect(sameOriginPath(out)).toBe(out);
    }), { numRuns: 5000, seed: 18 });
  });
});
