import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { BundleSchema } from '../../../src/records/bundle.schemas.js';
import { bundleJsonSchema, bundleJsonSchemaText } from '../../../src/records/bundle.json-schema.js';

/**
 * The published JSON Schema of the case bundle (docs/case-bundle.v1.json) against the zod schemas
 * it is generated from, and the bundles we ship against it — checked by ajv, a validator that
 * shares nothing with zod.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const COMMITTED = join(root, 'docs/case-bundle.v1.json');
const bundleFiles = (dir: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.bundle.json')).map((f) => `${dir}/${f}`);
const SHIPPED = [...bundleFiles('src/demo'), ...bundleFiles('test/fixtures')];

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;

let validate: ValidateFunction;

beforeAll(() => {
  // strict: an unknown keyword or a malformed part of the schema is an error, not a silent pass.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  validate = ajv.compile(JSON.parse(readFileSync(COMMITTED, 'utf8')) as object);
});

const errorsOf = (data: unknown): string[] =>
  validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);

describe('the committed JSON Schema (docs/case-bundle.v1.json)', () => {
  it('is what the zod schemas generate today (a schema change needs `npm run schema` and a docs/case-bundle.md update)', () => {
    const committed = readFileSync(COMMITTED, 'utf8');
    expect(committed, 'docs/case-bundle.v1.json is out of date with src/records/bundle.schema.ts: run `npm run schema` and say what changed in docs/case-bundle.md').toBe(bundleJsonSchemaText());
  });

  it('is a draft 2020-12 schema whose every part constrains something (no {} from an unrepresentable zod construct)', () => {
    const schema = bundleJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const loose: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${path}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      const isSchema = /\/(properties\/[^/]+|items|anyOf\/\d+|\$defs\/[^/]+)$/.test(path) || path === '';
      if (isSchema && !['type', '$ref', 'anyOf', 'const', 'enum'].some((k) => k in o)) loose.push(path || '/');
      for (const [k, v] of Object.entries(o)) visit(v, `${path}/${k}`);
    };
    visit(schema, '');
    expect(loose).toEqual([]);
    // The record types are named, as in the contract.
    expect(Object.keys(schema.$defs as object)).toEqual(expect.arrayContaining(['Person', 'Source', 'Incident', 'Organisation', 'Recommendation', 'Consent']));
  });
});

describe('docs/case-bundle.md', () => {
  it('documents every field and every vocabulary value the generated schema has', () => {
    const doc = readFileSync(join(root, 'docs/case-bundle.md'), 'utf8');
    const names = new Set<string>();
    const values = new Set<string>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.properties && typeof o.properties === 'object') Object.keys(o.properties).forEach((k) => names.add(k));
      if (Array.isArray(o.enum)) o.enum.forEach((v) => values.add(String(v)));
      Object.values(o).forEach(visit);
    };
    visit(bundleJsonSchema());
    const undocumented = [...names, ...values].filter((n) => !doc.includes(`"${n}"`) && !doc.includes(`\`${n}\``));
    expect(undocumented, 'a field or value the service accepts is missing from docs/case-bundle.md: document it and add a changelog line').toEqual([]);
    // The schema is linked from the document, under the name it is served and committed as.
    expect(doc).toContain('/schemas/case-bundle.v1.json');
    expect(doc).toContain('case-bundle.v1.json');
  });
});

describe('the bundles we ship validate against it', () => {
  it('finds the demo bundle and the fixtures', () => {
    expect(SHIPPED).toContain('src/demo/kz-2018-q1.bundle.json');
    expect(SHIPPED.some((f) => f.startsWith('test/fixtures/'))).toBe(true);
  });

  it.each(SHIPPED)('%s is valid for ajv and for zod alike', (file) => {
    const bundle = readJson(file);
    expect(errorsOf(bundle)).toEqual([]);
    expect(BundleSchema.safeParse(bundle).success).toBe(true);
  });
});

describe('it refuses what the contract refuses', () => {
  const demo = () => structuredClone(readJson('src/demo/kz-2018-q1.bundle.json')) as Record<string, any>;

  it.each([
    ['another bundleVersion', (b: Record<string, any>) => { b.bundleVersion = 2; }, '/bundleVersion'],
    ['an unknown top-level field', (b: Record<string, any>) => { b.extra = true; }, ''],
    ['an unknown person field', (b: Record<string, any>) => { b.persons[0].nickname = 'x'; }, '/persons/0'],
    ['a missing pseudonym', (b: Record<string, any>) => { delete b.persons[0].pseudonym; }, '/persons/0'],
    ['a right outside the vocabulary', (b: Record<string, any>) => { b.incidents[0].rights = ['happiness']; }, '/incidents/0/rights/0'],
    ['a malformed key', (b: Record<string, any>) => { b.incidents[0].key = 'Not A Key'; }, '/incidents/0/key'],
    ['an impossible date', (b: Record<string, any>) => { b.period.to = '2018-02-30'; }, '/period/to'],
    ['a credibility of 7', (b: Record<string, any>) => { b.incidents[0].sources = [{ source: 'x', credibility: 7 }]; }, '/incidents/0/sources/0/credibility'],
    ['reliability "G"', (b: Record<string, any>) => { b.sources[0].reliability = 'G'; }, '/sources/0/reliability'],
    ['a summary over 10,000 characters', (b: Record<string, any>) => { b.incidents[0].summary = 'x'.repeat(10_001); }, '/incidents/0/summary'],
  ])('%s', (_what, spoil, path) => {
    const bundle = demo();
    spoil(bundle);
    const errors = errorsOf(bundle);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.startsWith(`${path} `))).toBe(true);
    // …and so does the import's own schema.
    expect(BundleSchema.safeParse(bundle).success).toBe(false);
  });

  it('takes a bundle that leaves out every field with a default', () => {
    const minimal = { bundleVersion: 1, country: { code: 'KZ', name: 'Kazakhstan' }, period: { from: '2018-01-01', to: '2018-03-31' } };
    expect(errorsOf(minimal)).toEqual([]);
    expect(BundleSchema.safeParse(minimal).success).toBe(true);
  });
});
