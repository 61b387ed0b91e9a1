/**
 * What every response must satisfy, whatever was sent: no 5xx; a 4xx says what is wrong (a
 * message, and for 400/422 a list of problems with a JSON Pointer each); no body reveals a stack
 * trace, SQL, or a database driver's error text.
 */

export interface ObservedResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** Signatures of internals; none can come from the service's own messages or from record text we send. */
const LEAKS: Array<[string, RegExp]> = [
  ['stack trace', /\n\s+at [^\n]+(?::\d+:\d+|\(native\)|\(node:)/],
  ['source path', /(?:node_modules\/|\/src\/[\w/.-]+\.(?:ts|js)|file:\/\/\/)/],
  ['SQL text', /\b(?:select\s+(?:"|\*|count\()|insert\s+into\s+"|update\s+"\w+"\s+set|delete\s+from\s+"|returning\s+")/i],
  ['PostgreSQL error', /\b(?:syntax error at or near|violates (?:foreign key|unique|check|not-null) constraint|duplicate key value|invalid input syntax for|relation "[^"]+" does not exist|column "[^"]+" (?:does not exist|of relation)|current transaction is aborted|invalid byte sequence for encoding|unsupported Unicode escape sequence|out of range for type|value too long for type|SQLSTATE)\b/i],
  ['driver error', /\b(?:ECONNREFUSED|ECONNRESET|Connection terminated|PGlite|kysely|node-postgres|pg-pool|RangeError|TypeError|ReferenceError|Maximum call stack)\b/],
];

export function leaksIn(body: string): string[] {
  return LEAKS.filter(([, re]) => re.test(body)).map(([name]) => name);
}

const isJson = (headers: ObservedResponse['headers']) => String(headers['content-type'] ?? '').includes('application/json');

/** Every defect of one response; empty when it is acceptable. */
export function defectsOf(res: ObservedResponse): string[] {
  const defects: string[] = [];
  if (res.statusCode >= 500) defects.push(`status ${res.statusCode}`);
  // File downloads are binary; everything else is text that must not leak internals.
  const contentType = String(res.headers['content-type'] ?? '');
  if (!/officedocument|application\/pdf/.test(contentType)) {
    for (const leak of leaksIn(res.body)) defects.push(`body reveals ${leak}`);
  }
  if (res.statusCode >= 400 && res.statusCode < 500) {
    if (!isJson(res.headers)) {
      defects.push(`${res.statusCode} is not JSON (${contentType || 'no content type'})`);
      return defects;
    }
    let body: { message?: unknown; problems?: unknown };
    try {
      body = JSON.parse(res.body) as typeof body;
    } catch {
      defects.push(`${res.statusCode} body is not parseable JSON`);
      return defects;
    }
    if (typeof body.message !== 'string' || body.message.trim() === '') defects.push(`${res.statusCode} without a message`);
    if (res.statusCode === 400 || res.statusCode === 422) {
      const problems = body.problems;
      const wellFormed = Array.isArray(problems) && problems.length > 0 && problems.every(
        (p: { path?: unknown; message?: unknown }) => typeof p?.path === 'string' && typeof p?.message === 'string' && p.message.trim() !== '',
      );
      if (!wellFormed) defects.push(`${res.statusCode} without problems [{path, message}]`);
    }
  }
  return defects;
}
