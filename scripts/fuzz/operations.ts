import type { JsonSchema } from './schema-arbitrary.js';

/** The JSON routes of an OpenAPI document, flattened into what the fuzzer needs to call them. */

export interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** "POST /api/v1/incidents/{key}" */
  id: string;
  method: string;
  /** OpenAPI path template, e.g. /api/v1/incidents/{key} */
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  /** Header parameters the document names (e.g. Idempotency-Key). */
  headers: Parameter[];
  body?: JsonSchema;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, {
    parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
    requestBody?: { content?: Record<string, { schema: JsonSchema }> };
  }>>;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function operationsOf(document: unknown): Operation[] {
  const doc = document as OpenApiDocument;
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const params = op.parameters ?? [];
      const pick = (where: string) =>
        params.filter((p) => p.in === where).map((p) => ({ name: p.name, required: p.required === true, schema: p.schema }));
      const body = op.requestBody?.content?.['application/json']?.schema;
      out.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: pick('path'),
        query: pick('query'),
        headers: pick('header'),
        ...(body ? { body } : {}),
      });
    }
  }
  return out;
}
