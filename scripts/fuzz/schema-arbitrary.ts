import fc from 'fast-check';
import { HOSTILE_STRINGS } from './hostile.js';
import { pathologicalText } from './pathological.js';

/**
 * JSON Schema (the OpenAPI 3.0 flavour @fastify/swagger publishes) → a fast-check arbitrary of
 * values that satisfy it as far as JSON Schema can say. Refinements the schema cannot state (a
 * real calendar date, cross-record references) come from `hints`, so most generated requests get
 * past validation and reach the handlers and the database.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
}

/** Known-good values for strings the schema alone cannot produce (record keys that exist, dates). */
export interface Hints {
  /** Returns an arbitrary for this string schema at this property name, or undefined for the default. */
  string?(schema: JsonSchema, name: string): fc.Arbitrary<string> | undefined;
}

const MAX_ITEMS = 3;

export function arbitraryFor(schema: JsonSchema, hints: Hints = {}, name = '', depth = 0): fc.Arbitrary<unknown> {
  const base = nonNullable(schema, hints, name, depth);
  return schema.nullable ? fc.oneof({ weight: 5, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
}

function nonNullable(schema: JsonSchema, hints: Hints, name: string, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, hints, name, depth)));
  if (schema.allOf?.length) return arbitraryFor(Object.assign({}, ...schema.allOf) as JsonSchema, hints, name, depth);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema, hints, name);
    case 'integer':
      return fc.integer({ min: lower(schema, -1_000_000, 1), max: upper(schema, 1_000_000, 1) });
    case 'number':
      return fc.double({ min: lower(schema, -1e6, 0), max: upper(schema, 1e6, 0), noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryFor(schema.items ?? {}, hints, name, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS)),
      });
    case 'object':
      return objectFor(schema, hints, depth);
    default:
      // An unconstrained schema: any small JSON value.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function lower(schema: JsonSchema, fallback: number, step: number): number {
  if (typeof schema.exclusiveMinimum === 'number') return schema.exclusiveMinimum + step;
  if (schema.minimum === undefined) return fallback;
  return schema.exclusiveMinimum === true ? schema.minimum + step : schema.minimum;
}

function upper(schema: JsonSchema, fallback: number, step: number): number {
  if (typeof schema.exclusiveMaximum === 'number') return schema.exclusiveMaximum - step;
  if (schema.maximum === undefined) return fallback;
  return schema.exclusiveMaximum === true ? schema.maximum - step : schema.maximum;
}

function objectFor(schema: JsonSchema, hints: Hints, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(properties)) model[key] = arbitraryFor(sub, hints, key, depth + 1);
  const requiredKeys = Object.keys(properties).filter((k) => required.has(k));
  return fc.record(model, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>;
}

const TEXT_SAMPLES = [
  'Әсел Қасымова', 'Иван Петров', 'Almaty', 'Nur-Sultan', 'Police detained the activist at home.',
  'Kazakhstan: Detention of civil society activist', 'President of the Republic of Kazakhstan',
  'لا للاعتقال', '逮捕', 'Zoë Ødegård', 'O\'Brien & "Sons" <Ltd>',
];

function stringFor(schema: JsonSchema, hints: Hints, name: string): fc.Arbitrary<string> {
  const hinted = hints.string?.(schema, name);
  if (hinted) return hinted;
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'email') return fc.constantFrom('info@example.org', 'a.b+c@mail.example.kz', 'x@y.io');
  if (schema.format === 'date') return isoDate();
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 200, 200));
  const fits = TEXT_SAMPLES.filter((t) => t.length >= min && t.length <= max);
  // Within the limits, yet hostile: lone surrogates, controls, template code, bidi overrides.
  const hostile = HOSTILE_STRINGS.filter((t) => t.length >= Math.max(min, 1) && t.length <= (schema.maxLength ?? 10_000));
  const free = fc.string({ minLength: min, maxLength: max, unit: 'grapheme' });
  const binary = fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(min, 1, Math.min(max, 40)), unit: 'binary' });
  return fc.oneof(
    { weight: 4, arbitrary: fits.length ? fc.constantFrom(...fits) : free },
    { weight: 3, arbitrary: free },
    { weight: 1, arbitrary: binary },
    ...(hostile.length ? [{ weight: 1, arbitrary: fc.constantFrom(...hostile) }] : []),
    // Repeated letters, stacked endings, separators… at the field's maximum length (ReDoS).
    ...(schema.maxLength !== undefined && schema.maxLength >= Math.max(min, 1) ? [{ weight: 1, arbitrary: pathologicalText(schema.maxLength) }] : []),
  );
}

/** Real calendar dates, mostly inside the demo data's period so that selections find incidents. */
export function isoDate(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.date({ min: new Date('2018-01-01T00:00:00Z'), max: new Date('2018-03-31T00:00:00Z'), noInvalidDate: true }) },
    { weight: 1, arbitrary: fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }) },
  ).map((d) => d.toISOString().slice(0, 10));
}
