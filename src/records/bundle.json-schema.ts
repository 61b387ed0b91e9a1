import { z } from 'zod';
import {
  BundleSchema, ConsentSchema, CountrySchema, IncidentSchema, IncidentSourceSchema, IsoDate, Key,
  InterventionSchema, OrganisationSchema, PerpetratorSchema, PersonSchema, RecommendationSchema, SourceSchema,
} from './bundle.schemas.js';

/**
 * The case bundle v1 as JSON Schema (draft 2020-12), generated from the zod schemas in
 * bundle.schema.ts — the same schemas the import validates with — so that the published schema
 * follows every change to them. Served at /schemas/case-bundle.v1.json and committed as
 * docs/case-bundle.v1.json (`npm run schema` rewrites it; a test fails when the two differ).
 *
 * It describes the *input* a caller sends: fields with a default (flags, empty lists) are
 * optional. It checks structure — required and unknown fields, types, vocabularies, patterns,
 * lengths, date format — but not what zod or the import check beyond that: calendar dates before
 * year 1000, text that is blank once trimmed, http(s) URLs, and the rules across records (unique
 * keys, references that resolve, from <= to). See docs/case-bundle.md.
 */

export const BUNDLE_SCHEMA_PATH = '/schemas/case-bundle.v1.json';

/** Names of the reused parts under `$defs`, so that the schema reads like the contract. */
const DEFINITIONS: ReadonlyArray<readonly [z.ZodType, string]> = [
  [Key, 'Key'],
  [IsoDate, 'IsoDate'],
  [CountrySchema, 'Country'],
  [OrganisationSchema, 'Organisation'],
  [PersonSchema, 'Person'],
  [ConsentSchema, 'Consent'],
  [SourceSchema, 'Source'],
  [IncidentSchema, 'Incident'],
  [PerpetratorSchema, 'Perpetrator'],
  [IncidentSourceSchema, 'IncidentSource'],
  [RecommendationSchema, 'Recommendation'],
  [InterventionSchema, 'Intervention'],
];

/**
 * zod's global registry (the `.meta()` the schemas carry: maxLength, format) plus an `id` for each
 * named part, without touching the global registry (where an id would also rename components in
 * the OpenAPI document).
 */
function namingRegistry(): z.core.$ZodRegistry<Record<string, unknown>> {
  const names = new Map<unknown, string>(DEFINITIONS.map(([schema, id]) => [schema, id]));
  const registry = z.registry<Record<string, unknown>>();
  const base = z.globalRegistry;
  registry.get = (schema) => {
    const inherited = base.get(schema) as Record<string, unknown> | undefined;
    const id = names.get(schema);
    if (id === undefined) return inherited;
    return { ...inherited, id };
  };
  return registry;
}

let cached: string | undefined;

/** The schema as an object (a fresh copy each call). */
export function bundleJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(BundleSchema, {
    target: 'draft-2020-12',
    io: 'input',
    // Refinements (real dates, http URLs) are not expressible and are left to the import; a
    // construct with no JSON Schema form at all becomes {} rather than failing the start — the
    // schema test refuses any such unconstrained part.
    unrepresentable: 'any',
    reused: 'inline',
    metadata: namingRegistry(),
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Case bundle v1',
    description:
      'One country and monitoring period of human-rights case records: organisations, persons, sources, '
      + 'incidents, recommendations and interventions, with the links between them. Structure only: the rules across '
      + 'records (unique keys, references that resolve, period from <= to) are checked on '
      + 'import. Contract and changelog: docs/case-bundle.md.',
    ...rest,
  };
}

/** The schema as published: two-space JSON with a final newline, byte for byte the committed file. */
export function bundleJsonSchemaText(): string {
  cached ??= `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`;
  return cached;
}
