import { serializerCompiler } from 'fastify-type-provider-zod';
import { safeEncode, type ZodType } from 'zod';
import { fastSerializerFor } from './json-schema-serializer.js';

/**
 * Responses are encoded by their zod schemas (unknown fields stripped, shapes checked), like
 * fastify-type-provider-zod's serializer, with one difference: a text longer than its field's
 * input limit is still answered. Shaping for a caller without identities:read replaces a name
 * by its pseudonym, which may be longer ("Rahimov" → "Journalist Z"): a summary stored at its
 * maximum length then comes back a few characters over it. That is our text, not a client's
 * mistake, and used to be a 500. Any other mismatch still fails as before.
 *
 * Where the schema allows (json-schema-serializer.ts), an answer is written by fast-json-stringify
 * from the schema's JSON Schema instead, zod not running at all: the same JSON, several times
 * faster (a 50-incident page is ~125 KB). An answer that zod would change or refuse takes the
 * zod path.
 */
type Compile = typeof serializerCompiler;
type Path = ReadonlyArray<PropertyKey>;

const at = (value: unknown, path: Path): unknown => path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)?.[k], value);
function put(value: unknown, path: Path, text: unknown): void {
  const parent = at(value, path.slice(0, -1)) as Record<PropertyKey, unknown>;
  parent[path[path.length - 1]!] = text;
}

export const responseSerializerCompiler: Compile = (route) => {
  const schema = ('properties' in (route.schema as object) ? (route.schema as { properties: ZodType }).properties : route.schema) as ZodType;
  const viaZod = zodSerializer(route, schema);
  const fast = fastSerializerFor(schema);
  if (fast === null) return viaZod;
  return (data: unknown) => (fast.matches(data) ? fast.write(data) : viaZod(data));
};

function zodSerializer(route: Parameters<Compile>[0], schema: ZodType): (data: unknown) => string {
  const strict = serializerCompiler(route);
  return (data: unknown) => {
    try {
      return strict(data);
    } catch (err) {
      const first = safeEncode(schema, data);
      if (first.success) throw err;
      const issues = first.error.issues;
      const overLong = issues.every((i) => i.code === 'too_big' && i.origin === 'string' && typeof at(data, i.path) === 'string');
      if (!overLong) throw err;
      // Encode a copy with those texts cut to their limit, then put them back whole.
      const copy = structuredClone(data);
      for (const i of issues) put(copy, i.path, (at(data, i.path) as string).slice(0, Number((i as { maximum?: number | bigint }).maximum ?? 0)));
      const second = safeEncode(schema, copy);
      if (!second.success) throw err;
      for (const i of issues) put(second.data, i.path, at(data, i.path));
      return JSON.stringify(second.data);
    }
  };
}
