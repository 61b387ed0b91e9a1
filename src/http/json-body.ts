import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

/**
 * JSON bodies are parsed here rather than by Fastify's default parser, to refuse three kinds of
 * hostile input with a 400 that says what is wrong, before any of it reaches a handler:
 *   - bytes that are not UTF-8 (the default decoder would silently turn them into U+FFFD);
 *   - nesting deeper than any request needs (recursive validators would overflow the stack: a 500);
 *   - `__proto__` / `constructor.prototype` keys (refused by Fastify's parser, but reported as
 *     "not valid JSON", which is not what is wrong).
 */

/** The deepest request (a bundle's incident → sources → source) is 5 levels; 64 leaves room. */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Nesting depth of JSON text, counting brackets outside strings; stops as soon as it passes `limit`. */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

const badBody = (message: string) => new HttpError(400, message, [{ path: '', message }]);

export function installJsonBodyParser(app: FastifyInstance): void {
  const parseSecurely = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    if (body.length === 0) return done(badBody('The JSON body is empty.'), undefined);
    if (!isUtf8(body)) return done(badBody('The body is not valid UTF-8 text.'), undefined);
    if (jsonDepthExceeds(body, MAX_JSON_DEPTH)) {
      return done(badBody(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
    }
    // RFC 8259 lets a parser ignore a byte order mark; JSON.parse would choke on it.
    const text = body.toString('utf8').replace(/^\uFEFF/, '');
    parseSecurely(request, text, (err, value) => {
      if (!err) return done(null, value);
      done(badBody(diagnose(text)), undefined);
    });
  });
}

/** Why the secure parser refused the text: a syntax error, or a prototype-polluting key. */
function diagnose(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return `The body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`;
  }
  return 'The JSON body contains a "__proto__" or "constructor.prototype" key; such keys are refused.';
}
