import fc from 'fast-check';

/** Generators and the check shared by the unit and integration redirect tests (issue 18, point 2). */

const ORIGIN = 'https://advocacy.example';

/** What a browser would make of a Location header: same origin, a path, no credentials. */
export function isSameOriginPath(location: string): boolean {
  if (!/^[\x21-\x7e]+$/.test(location) || !location.startsWith('/') || location.startsWith('//')) return false;
  // Browsers strip tabs and newlines and read "\" as "/": none may be there to strip or read.
  if (/[\\\s]/.test(location)) return false;
  const url = new URL(location, ORIGIN);
  return url.origin === ORIGIN && url.username === '' && url.password === '';
}

/** Fragments attackers combine: separators, schemes, encodings of each, Unicode spaces. */
const HOSTILE = [
  '/', '//', '\\', '/\\', '\t', '\n', '\r', ' ', '\u3000', '\u00a0', '\u2028', '\u200b', '\u202e', '\u0000',
  '%09', '%0a', '%0d', '%20', '%2f', '%2F', '%5c', '%5C', '%252f', '%25252f', '%E3%80%80', '%e2%80%ae', '%00', '%',
  'evil.example', 'http:', 'https://evil.example', 'javascript:alert(1)', '@', ':', '?', '#', '..', '.', 'login', 'persons',
  '\uFF0F', '\uFE68', 'é', '😀',
];
const hostileString = fc.array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
export const redirectTargets = fc.oneof(
  hostileString,
  hostileString.map((s) => `/${s}`),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `/${s}`),
  fc.webUrl(),
  fc.webPath(),
);
