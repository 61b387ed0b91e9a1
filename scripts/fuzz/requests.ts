import fc from 'fast-check';
import { HOSTILE_KEYS, hostileString, hostileValue, deeplyNested } from './hostile.js';
import type { Operation, Parameter } from './operations.js';
import { arbitraryFor, type Hints, type JsonSchema } from './schema-arbitrary.js';

/**
 * One generated HTTP request for an operation: valid, or with one part mutated (path, query,
 * body value, raw body bytes, content type).
 */
export interface FuzzRequest {
  operation: string;
  /** Which kind of case this is, for the report. */
  mode: 'valid' | 'path' | 'query' | 'header' | 'body' | 'raw-body' | 'content-type';
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export interface RequestContext {
  hints: Hints;
  /** Known-valid bodies per operation id (shipped bundles, demo records, working document requests). */
  examples: Record<string, Array<{ body: unknown; pathParams?: Record<string, string> }>>;
}

// --- Encoding --------------------------------------------------------------------------------

/**
 * Percent-encodes like encodeURIComponent, but a lone surrogate becomes its WTF-8 bytes
 * (%ED%A0%80 …): malformed UTF-8 on purpose, where encodeURIComponent would throw.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isHigh = code >= 0xd800 && code <= 0xdbff;
    const next = text.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(text[i] as string);
    }
  }
  return out;
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

/** Path segments that are broken as URLs, not just as values. */
const RAW_SEGMENTS = ['%', '%zz', '%ED%A0%80', '%C0%AF', '%FF', '%00', '..', '%2e%2e', '%2F', '.', '%20', 'a%0Ab', '~', '*'];
/** Query strings that are broken as encodings. */
const RAW_QUERIES = ['%', 'limit=%', 'q=%ED%A0%80', 'q=%FF%FE', 'q=%00', '&&&', '=', 'limit', '__proto__[x]=1', 'constructor[prototype][x]=1', 'a=1&a=2&a=3'];

// --- JSON mutation ---------------------------------------------------------------------------

type Segment = string | number;
interface Mutation {
  pick: number;
  op: 'replace' | 'delete' | 'add-key' | 'wrap-array' | 'repeat' | 'stringify' | 'nest';
  value: unknown;
  key: string;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'add-key', 'wrap-array', 'repeat', 'stringify', 'nest'),
  value: hostileValue,
  key: fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 12 })),
});

function allPaths(value: unknown, prefix: Segment[] = [], out: Segment[][] = []): Segment[][] {
  if (out.length > 5000) return out;
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
  return out;
}

function setKey(target: Record<string, unknown> | unknown[], key: Segment, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies one mutation at one node of a (cloned) JSON value; returns the new root. */
function mutate(root: unknown, m: Mutation): unknown {
  const paths = allPaths(root);
  const path = paths[m.pick % paths.length] as Segment[];
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  let parent: unknown = root;
  for (const seg of parentPath) parent = (parent as Record<Segment, unknown>)[seg];
  const current = last === undefined ? root : (parent as Record<Segment, unknown>)[last];

  // A copy: the hostile values are shared constants, and a later mutation may write into this one.
  const value = JSON.parse(JSON.stringify(m.value) ?? 'null') as unknown;
  const replaced = ((): unknown => {
    switch (m.op) {
      case 'replace': return value;
      case 'wrap-array': return [current];
      // Many copies of a small node, a few of a large one: about 200 kB at most per mutation.
      case 'repeat': {
        const size = Math.max(1, (JSON.stringify(current) ?? '').length);
        return Array.from({ length: Math.max(2, Math.min(2000, Math.floor(200_000 / size))) }, () => current);
      }
      case 'stringify': return JSON.stringify(current) ?? 'undefined';
      case 'nest': return deeplyNested(70);
      case 'add-key':
        if (current && typeof current === 'object' && !Array.isArray(current)) {
          setKey(current as Record<string, unknown>, m.key, value);
          return current;
        }
        return value;
      case 'delete':
        return undefined;
    }
  })();
  if (last === undefined) return replaced === undefined ? {} : replaced;
  const container = parent as Record<Segment, unknown> | unknown[];
  if (replaced === undefined) {
    if (Array.isArray(container)) container.splice(last as number, 1);
    else delete (container as Record<Segment, unknown>)[last];
  } else {
    setKey(container, last, replaced);
  }
  return root;
}

// --- Request parts ---------------------------------------------------------------------------

function validParam(p: Parameter, op: Operation, ctx: RequestContext): fc.Arbitrary<string> {
  return arbitraryFor(p.schema, ctx.hints, `${p.name}@${op.path}`).map(asText);
}

function pathFor(op: Operation, values: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'x');
}

function validPath(op: Operation, ctx: RequestContext): fc.Arbitrary<string> {
  if (op.pathParams.length === 0) return fc.constant(op.path);
  const model = Object.fromEntries(op.pathParams.map((p) => [p.name, validParam(p, op, ctx).map(percentEncode)]));
  return fc.record(model).map((values) => pathFor(op, values));
}

function mutatedPath(op: Operation): fc.Arbitrary<string> {
  const segment = fc.oneof(fc.constantFrom(...RAW_SEGMENTS), hostileString.map(percentEncode), fc.constant('k'.repeat(10_000)));
  const model = Object.fromEntries(op.pathParams.map((p) => [p.name, segment]));
  return fc.record(model).map((values) => pathFor(op, values));
}

function queryString(entries: Array<[string, string]>): string {
  return entries.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

function validQuery(op: Operation, ctx: RequestContext): fc.Arbitrary<string> {
  if (op.query.length === 0) return fc.constant('');
  const model = Object.fromEntries(op.query.map((p) => [p.name, validParam(p, op, ctx)]));
  const requiredKeys = op.query.filter((p) => p.required).map((p) => p.name);
  return fc.record(model, { requiredKeys }).map((q) => queryString(Object.entries(q) as Array<[string, string]>));
}

function mutatedQuery(op: Operation, ctx: RequestContext): fc.Arbitrary<string> {
  const names = [...op.query.map((p) => p.name), ...HOSTILE_KEYS.slice(0, 4), 'unknown'];
  return fc.oneof(
    fc.constantFrom(...RAW_QUERIES),
    fc.tuple(validQuery(op, ctx), fc.constantFrom(...names), hostileValue)
      .map(([base, name, value]) => [base, queryString([[name, asText(value)]])].filter(Boolean).join('&')),
    fc.tuple(validQuery(op, ctx), fc.constantFrom(...names), fc.array(fc.string({ maxLength: 5 }), { minLength: 2, maxLength: 4 }))
      .map(([base, name, values]) => [base, queryString(values.map((v) => [name, v]))].filter(Boolean).join('&')),
  );
}

function validBody(op: Operation, ctx: RequestContext): fc.Arbitrary<unknown> {
  const fromSchema = arbitraryFor(op.body as JsonSchema, ctx.hints, '');
  const examples = ctx.examples[op.id]?.map((e) => e.body) ?? [];
  if (examples.length === 0) return fromSchema;
  return fc.oneof(fc.constantFrom(...examples).map((b) => structuredClone(b)), fromSchema);
}

/** Raw bodies that are broken before they are JSON: encodings, syntax, sizes. */
const rawBodyArb: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constantFrom(
    '{', '{"a":', '{\'a\':1}', 'nul', '[1,]', '{"a":1}}', '{"a":1} trailing', '1e999', '"just a string"', 'null', 'true',
    '[]', '0', '-', '{"a":"\\x41"}', '{"a":"\\u12"}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}',
    '\uFEFF{}', ' \n ', '{"a":1,"a":2}',
  ).map((s) => Buffer.from(s, 'utf8')),
  // Malformed UTF-8: a stray continuation byte, an overlong '/', an encoded surrogate, bytes never valid.
  fc.constantFrom(
    [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d],
    [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d],
    [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d],
    [0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00],
    [0x80],
  ).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(100, 1000, 100_000).map((depth) => Buffer.from('['.repeat(depth) + ']'.repeat(depth))),
  fc.constant(Buffer.from(`{"a":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_001)}`)),
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
);

const CONTENT_TYPES = [
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml',
  'application/json; charset=utf-16', 'application/JSON', 'application/json;;', '', 'application/octet-stream',
];

/** Header parameters: each present or not, with a valid value (a few fixed ones, so retries repeat). */
function validHeaders(op: Operation, ctx: RequestContext): fc.Arbitrary<Record<string, string>> {
  if (op.headers.length === 0) return fc.constant({});
  const model = Object.fromEntries(op.headers.map((p) => [
    p.name,
    fc.oneof(fc.constantFrom('retry-1', 'retry-2', 'retry-3'), validParam(p, op, ctx)),
  ]));
  return fc.record(model, { requiredKeys: op.headers.filter((p) => p.required).map((p) => p.name) });
}

/** Header values a client library would still send: long, empty, non-ASCII (as latin1 bytes), lists. */
function mutatedHeaders(op: Operation): fc.Arbitrary<Record<string, string>> {
  const value = fc.oneof(
    fc.constantFrom('', ' ', 'a b', 'x'.repeat(300), 'k'.repeat(10_000), 'é', 'a,b', '__proto__', '{{lookup this "constructor"}}'),
    fc.string({ unit: 'binary-ascii', maxLength: 20 }).map((s) => s.replace(/[\r\n\0]/g, '')),
  );
  return fc.record(Object.fromEntries(op.headers.map((p) => [p.name, value])));
}

// --- Cases ---------------------------------------------------------------------------------

export function requestArbitrary(op: Operation, ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  const make = (
    mode: FuzzRequest['mode'], path: string, query: string, payload?: string | Buffer, contentType = 'application/json',
    headers: Record<string, string> = {},
  ): FuzzRequest => ({
    operation: op.id,
    mode,
    method: op.method,
    url: query ? `${path}?${query}` : path,
    headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': contentType }) },
    ...(payload === undefined ? {} : { payload }),
  });
  const json = (v: unknown) => JSON.stringify(v) ?? 'null';
  const body = op.body ? validBody(op, ctx) : fc.constant(undefined);
  const bodyText = (b: unknown) => (b === undefined ? undefined : json(b));

  // A valid path and body that belong together (PUT /persons/p-x with p-x's record).
  const examplesWithPaths = (ctx.examples[op.id] ?? []).filter((e) => e.pathParams);
  const pairedValid = examplesWithPaths.length
    ? fc.tuple(fc.constantFrom(...examplesWithPaths), validQuery(op, ctx))
      .map(([e, q]) => make('valid', pathFor(op, e.pathParams as Record<string, string>), q, json(e.body)))
    : undefined;

  const cases: Array<fc.WeightedArbitrary<FuzzRequest>> = [
    {
      weight: 4,
      arbitrary: fc.tuple(validPath(op, ctx), validQuery(op, ctx), body, validHeaders(op, ctx))
        .map(([p, q, b, h]) => make('valid', p, q, bodyText(b), 'application/json', h)),
    },
    ...(op.headers.length ? [{
      weight: 2,
      arbitrary: fc.tuple(validPath(op, ctx), body, mutatedHeaders(op)).map(([p, b, h]) => make('header', p, '', bodyText(b), 'application/json', h)),
    }] : []),
    ...(pairedValid ? [{ weight: 2, arbitrary: pairedValid }] : []),
    ...(op.pathParams.length ? [{ weight: 2, arbitrary: fc.tuple(mutatedPath(op), validQuery(op, ctx), body).map(([p, q, b]) => make('path', p, q, bodyText(b))) }] : []),
    { weight: op.query.length ? 3 : 1, arbitrary: fc.tuple(validPath(op, ctx), mutatedQuery(op, ctx), body).map(([p, q, b]) => make('query', p, q, bodyText(b))) },
  ];
  if (op.body) {
    cases.push(
      {
        weight: 8,
        arbitrary: fc.tuple(validPath(op, ctx), body, fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
          .map(([p, b, ms]) => make('body', p, '', json(ms.reduce((v, m) => mutate(v, m), JSON.parse(json(b)) as unknown)))),
      },
      { weight: 2, arbitrary: fc.tuple(validPath(op, ctx), rawBodyArb).map(([p, raw]) => make('raw-body', p, '', raw)) },
      {
        weight: 1,
        arbitrary: fc.tuple(validPath(op, ctx), body, fc.constantFrom(...CONTENT_TYPES))
          .map(([p, b, type]) => make('content-type', p, '', json(b), type)),
      },
    );
  }
  return fc.oneof(...cases);
}
