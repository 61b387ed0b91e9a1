import type { z } from 'zod';

/** One thing wrong with a request: where (JSON Pointer) and what, in words a person can act on. */
export interface Problem {
  path: string;
  message: string;
}

/** RFC 6901 JSON Pointer for a path of keys and indexes. */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? 'a string' : `'${value}'`;
  return typeof value === 'object' ? 'an object' : String(value);
}

/** Turns zod issues into problems: one per defect, unknown fields reported one by one. */
export function problemsFromZod(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) problems.push({ path: toPointer([...path, key]), message: `unknown field '${key}'` });
        break;
      case 'invalid_type':
        problems.push({
          path: toPointer(path),
          message: issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}, not ${describe(issue.input)}`,
        });
        break;
      case 'invalid_value':
        problems.push({
          path: toPointer(path),
          message: issue.input === undefined
            ? `is required (one of: ${issue.values.map(String).join(', ')})`
            : issue.values.length === 1
              ? `must be ${JSON.stringify(issue.values[0])}`
              : `${describe(issue.input)} is not one of: ${issue.values.map(String).join(', ')}`,
        });
        break;
      case 'invalid_union':
        problems.push({ path: toPointer(path), message: issue.message || 'has an invalid value' });
        break;
      default:
        problems.push({ path: toPointer(path), message: issue.message });
    }
  }
  return problems;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
