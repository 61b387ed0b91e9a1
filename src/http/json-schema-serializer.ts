import fastJson from 'fast-json-stringify';
import { toJSONSchema, type ZodType } from 'zod';

/**
 * A response schema's JSON Schema (the one the OpenAPI document shows, generated from the zod
 * schema) compiled with fast-json-stringify: a list page is written in a fraction of the time zod
 * takes to encode it and JSON.stringify to write it out again.
 *
 * Only for schemas whose answer fast-json-stringify writes exactly as zod does: objects (stripped
 * to their declared keys by both), arrays, records, strings, numbers, booleans, enums, literals,
 * optional and nullable values. A schema with anything else (unions, transforms, codecs, dates,
 * lazy or recursive parts…) gets null, and its route keeps zod.
 *
 * zod also does things on the way out that fast-json-stringify does not: string overwrites
 * (`.trim()`), the refusal of unknown keys by strict objects and of missing required keys, and
 * literals. `matches` checks that an answer needs none of them (stored records are trimmed when
 * saved, and our objects carry their declared keys only); when it does not, the caller encodes
 * that answer with zod, as before (refusing it or not, as before).
 */
export interface FastSerializer {
  /** True when zod would encode `data` into what `write` writes. */
  matches(data: unknown): boolean;
  write(data: unknown): string;
}

type Def = {
  type: string;
  shape?: Record<string, ZodType>;
  element?: ZodType;
  innerType?: ZodType;
  keyType?: ZodType;
  valueType?: ZodType;
  catchall?: ZodType;
  values?: unknown[];
  checks?: Array<{ _zod: { def: { check: string; tx?: (value: string) => string } } }>;
};
const defOf = (schema: ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Checks an answer's value; null when there is nothing to check at this place. */
type Check = ((value: unknown) => boolean) | null;

class Unsupported extends Error {}

const SCALARS = new Set(['string', 'number', 'int', 'boolean', 'null', 'enum', 'unknown', 'any']);
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'readonly', 'nonoptional']);

/** What zod does beyond the JSON Schema at each place, as a check; throws Unsupported for what fast-json-stringify would write differently. */
function checkFor(schema: ZodType, depth = 0): Check {
  if (depth > 64) throw new Unsupported();
  const def = defOf(schema);
  if (WRAPPERS.has(def.type)) {
    const inner = checkFor(def.innerType!, depth + 1);
    return inner && ((v) => v === undefined || v === null || inner(v));
  }
  if (def.type === 'string') {
    const overwrites = (def.checks ?? []).map((c) => c._zod.def).filter((d) => d.check === 'overwrite');
    if (overwrites.some((d) => typeof d.tx !== 'function')) throw new Unsupported();
    if (overwrites.length === 0) return null;
    const txs = overwrites.map((d) => d.tx!);
    return (v) => typeof v !== 'string' || txs.reduce((s, tx) => tx(s), v) === v;
  }
  if (def.type === 'literal') {
    const values = def.values ?? [];
    return (v) => values.includes(v);
  }
  if (SCALARS.has(def.type)) return null;
  if (def.type === 'array') {
    const item = checkFor(def.element!, depth + 1);
    return item && ((v) => !Array.isArray(v) || v.every(item));
  }
  if (def.type === 'record') {
    if (defOf(def.keyType!).type !== 'string' || (defOf(def.keyType!).checks ?? []).length > 0) throw new Unsupported();
    const value = checkFor(def.valueType!, depth + 1);
    return value && ((v) => typeof v !== 'object' || v === null || Object.values(v).every(value));
  }
  if (def.type === 'object') {
    const catchall = def.catchall ? defOf(def.catchall).type : undefined;
    // A loose object passes unknown keys through (fast-json-stringify would drop them).
    if (catchall !== undefined && catchall !== 'never') throw new Unsupported();
    const keys = Object.keys(def.shape!);
    const known = new Set(keys);
    const required = keys.filter((k) => optionalOut(def.shape![k]!) === false);
    const fields = keys.map((k) => [k, checkFor(def.shape![k]!, depth + 1)] as const).filter((f): f is readonly [string, NonNullable<Check>] => f[1] !== null);
    const strict = catchall === 'never';
    if (fields.length === 0 && required.length === 0 && !strict) return null;
    return (v) => {
      if (typeof v !== 'object' || v === null) return true;
      const o = v as Record<string, unknown>;
      for (const k of required) if (o[k] === undefined) return false;
      if (strict) for (const k in o) if (!known.has(k) && o[k] !== undefined) return false;
      for (const [k, check] of fields) if (!check(o[k])) return false;
      return true;
    };
  }
  throw new Unsupported();
}

/** Whether zod lets an object's key be missing from an answer (`.optional()`, unknown values). */
const optionalOut = (schema: ZodType): boolean => (schema as unknown as { _zod: { optout?: string } })._zod.optout === 'optional';

type Json = Record<string, unknown>;
/** Keywords that only describe (for the OpenAPI document); they change nothing that is written. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'deprecated', 'readOnly', 'writeOnly']);

/**
 * The JSON Schema as fast-json-stringify should read it: zod's `anyOf [X, null]` for a nullable
 * value as X with `nullable` (written without a validator); no `required` (fast-json-stringify
 * would write required keys first, and the keys must come in the schema's order, as zod writes
 * them: `matches` checks that required keys are there); no `default` (zod does not fill one in
 * on the way out: a missing field stays an error); no string `format` (fast-json-stringify would
 * reformat Date objects; zod refuses them).
 */
function forSerializer(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forSerializer);
  if (typeof node !== 'object' || node === null) return node;
  const { default: _default, format: _format, $schema: _schema, required: _required, ...rest } = node as Json;
  const anyOf = rest.anyOf as Json[] | undefined;
  const { anyOf: _anyOf, ...besides } = rest;
  if (anyOf && anyOf.length === 2 && Object.keys(besides).every((k) => ANNOTATIONS.has(k))) {
    const other = anyOf.find((s) => s.type !== 'null');
    if (other && anyOf.some((s) => s.type === 'null' && Object.keys(s).length === 1) && typeof other.type === 'string') {
      return { ...besides, ...(forSerializer(other) as Json), nullable: true };
    }
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(rest)) {
    out[key] = key === 'properties' && typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, forSerializer(sub)]))
      : forSerializer(value);
  }
  return out;
}

/** Combinators fast-json-stringify resolves with a validator at run time (and by other rules than zod's). */
function usesCombinators(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(usesCombinators);
  if (typeof node !== 'object' || node === null) return false;
  for (const [key, value] of Object.entries(node)) {
    if (['anyOf', 'oneOf', 'allOf', 'not', 'if', '$ref', 'prefixItems'].includes(key)) return true;
    if (usesCombinators(value)) return true;
  }
  return false;
}

/** The fast serializer of a response schema, or null when its route must keep zod. */
export function fastSerializerFor(schema: ZodType): FastSerializer | null {
  let check: Check;
  let jsonSchema: unknown;
  try {
    check = checkFor(schema);
    jsonSchema = forSerializer(toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw', cycles: 'throw', reused: 'inline' }));
  } catch {
    return null;
  }
  if (usesCombinators(jsonSchema)) return null;
  const write = fastJson(jsonSchema as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
  return { matches: check ?? (() => true), write };
}
