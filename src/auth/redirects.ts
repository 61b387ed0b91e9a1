/**
 * Where a redirect may send the browser after sign-in: only a path on this site, parsed strictly.
 *
 * Browsers are lenient where we must not be: they drop tabs and newlines inside URLs ("/\t/evil"
 * becomes "//evil"), read "\" as "/", and a header value outside Latin-1 makes Node throw. So a
 * target is refused (→ "/") unless it is printable ASCII with no space or backslash, starts with
 * exactly one "/", has no "//" anywhere, and stays so after percent-decoding (repeatedly, so
 * "%252F" counts as "/") — no control character, whitespace of any script, backslash or "//"
 * hiding in an encoded form. Finally the URL parser must agree that it names a path on our origin.
 */

const MAX_LENGTH = 2048;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
// Control characters, any whitespace (Unicode Z* and the ASCII ones), format characters (bidi
// overrides, zero-width), backslash.
const FORBIDDEN_DECODED = /[\p{Cc}\p{Cf}\p{Z}\s\\]/u;
const PROBE_ORIGIN = 'http://origin.invalid';

function hostile(text: string): boolean {
  return FORBIDDEN_DECODED.test(text) || text.includes('//') || !text.startsWith('/');
}

/** A same-origin path to redirect to, or null when `target` is not one. */
export function sameOriginPath(target: unknown): string | null {
  if (typeof target !== 'string' || target.length === 0 || target.length > MAX_LENGTH) return null;
  if (!PRINTABLE_ASCII.test(target) || hostile(target)) return null;
  let decoded = target;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return null; // malformed escapes: not a path we made
    }
    if (hostile(next)) return null;
    if (next === decoded) break;
    decoded = next;
    if (i === 3) return null; // still decoding after four rounds: nobody writes that
  }
  try {
    const url = new URL(target, PROBE_ORIGIN);
    if (url.origin !== PROBE_ORIGIN || url.username || url.password) return null;
  } catch {
    return null;
  }
  return target;
}

/** The page to go to after signing in: a same-origin path, never the sign-in pages; else "/". */
export function safeNext(next: unknown): string {
  const path = sameOriginPath(next);
  if (path === null) return '/';
  if (/^\/(login|logout)(?=$|[/?#])/i.test(path)) return '/';
  return path;
}
