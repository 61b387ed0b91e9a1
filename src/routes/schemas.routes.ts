import type { FastifyInstance } from 'fastify';
import { BUNDLE_SCHEMA_PATH, bundleJsonSchemaText } from '../records/bundle.json-schema.js';

/**
 * The public contract, machine-readable: the case bundle's JSON Schema, generated from the zod
 * schemas the import uses (identical to docs/case-bundle.v1.json). No sign-in: it describes the
 * format, not any record (access rule: public).
 */
export async function schemaRoutes(app: FastifyInstance): Promise<void> {
  const body = bundleJsonSchemaText();
  app.get(BUNDLE_SCHEMA_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('application/schema+json; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      // Other services' browsers and tools may fetch it from anywhere.
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(body));
}
