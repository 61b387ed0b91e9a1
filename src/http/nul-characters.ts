import type { preValidationHookHandler } from 'fastify';
import { unprocessable } from './errors.js';
import { toPointer, type Problem } from '../shared/problems.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * PostgreSQL text cannot hold the NUL character (U+0000), nor jsonb a lone surrogate: a body
 * that carries one would fail in the database with a 500. Refuse it up front, pointing at each
 * string that has one.
 */
export function nulCharacterProblems(value: unknown, path: PropertyKey[] = []): Problem[] {
  // A file uploaded as bytes (an intervention's reply) is not text.
  if (Buffer.isBuffer(value)) return [];
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [{ path: toPointer(path), message: 'must not contain the NUL character (\\u0000)' }];
    // A lone surrogate (\ud800 escaped in JSON) is no character: text would lose it, and jsonb refuses it.
    if (LONE_SURROGATE.test(value)) return [{ path: toPointer(path), message: 'must not contain a lone UTF-16 surrogate (\\ud800–\\udfff without its pair)' }];
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => nulCharacterProblems(item, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(k.includes('\u0000') || LONE_SURROGATE.test(k) ? [{ path: toPointer([...path, k]), message: 'field name must not contain the NUL character or a lone surrogate' }] : []),
      ...nulCharacterProblems(v, [...path, k]),
    ]);
  }
  return [];
}

export const refuseNulCharacters: preValidationHookHandler = async (request) => {
  const problems = nulCharacterProblems(request.body);
  if (problems.length > 0) throw unprocessable(`The request body is invalid: ${problems.length} problem(s).`, problems);
};
