import { serializerCompiler } from 'fastify-type-provider-zod';
import { safeEncode, type ZodType } from 'zod';

/**
 * Responses are encoded by their zod schemas (unknown fields stripped, shapes checked), like
 * fastify-type-provider-zod's serializer, with one difference: a text longer than its field's
 * input limit is still answered. Shaping for a caller without identities:read replaces a name
 * by its pseudonym, which may be longer ("Rahimov" → "Journalist Z"): a summary stored at its
 * maximum length then comes back a few characters over it. That is our text, not a client's
 * mistake, and used to be a 500. Any other mismatch still fails as before.
 */
type Compile = typeof serializerCompiler;
type Path = ReadonlyArray<PropertyKey>;

const at = (value: unknown, path: Path): unknown => path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)?.[k], value);
function put(value: unknown, path: Path, text: unknown): void {
  const parent = at(value, path.slice(0, -1)) as Record<PropertyKey, unknown>;
  parent[path[path.length - 1]!] = text;
}

export const responseSerializerCompiler: Compile = (route) => {
  const strict = serializerCompiler(route);
  const schema = ('properties' in (route.schema as object) ? (route.schema as { properties: ZodType }).properties : route.schema) as ZodType;
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
};
