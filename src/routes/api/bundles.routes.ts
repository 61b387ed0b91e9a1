import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BundleSchema, IsoDate } from '../../records/bundle.schemas.js';
import { maySeeIdentities, ANONYMOUS } from '../../auth/roles.js';
import { importPreparedBundle, prepareBundleImport } from '../../consent/bundle-import.js';
import { exportBundle } from '../../records/bundle.service.js';
import { HttpError, notFound, unprocessable } from '../../http/errors.js';
import { ProblemsResponse } from './schemas/common.schemas.js';
import { KeysRenamed, keysRenamedJson } from './schemas/record.schemas.js';

const Tally = z.object({ created: z.number(), updated: z.number(), unchanged: z.number() });
const PerRecord = z.record(z.string(), z.number()).optional();
const ImportResponse = z.object({
  countries: Tally, organisations: Tally, persons: Tally, sources: Tally, incidents: Tally, recommendations: Tally, interventions: Tally,
  mentionsConverted: z.object({
    total: z.number(), persons: PerRecord, sources: PerRecord, incidents: PerRecord, recommendations: PerRecord,
  }).describe('Typed names of known persons converted into mentions [[person:KEY]], per record key and in all'),
  keysRenamed: KeysRenamed,
});

/** Bulk exchange in the case-bundle v1 format (shared/case-bundle.md). */
export async function bundleRoutes(app: FastifyInstance, opts: { bodyLimit: number; exportMaxIncidents: number }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/bundles', {
    bodyLimit: opts.bodyLimit,
    // The whole bundle is validated in the handler so that structural and cross-record defects
    // are reported together; the schema here documents the contract in OpenAPI.
    validatorCompiler: () => (data) => ({ value: data }),
    schema: {
      tags: ['bundles'],
      summary: 'Import a case bundle (upsert by key, all or nothing)',
      body: BundleSchema,
      response: { 201: ImportResponse, 422: ProblemsResponse },
    },
  }, async (request, reply) => {
    const result = await prepareBundleImport(app.db, request.body, { storedNames: maySeeIdentities(request.principal ?? ANONYMOUS) });
    // Refused as a whole: invalid records, and record keys that spell a name (consent/record-keys.ts).
    if (!result.ok) throw unprocessable(`The bundle has ${result.problems.length} problem(s); nothing was written.`, result.problems);
    const { mentionsConverted } = result;
    // Keys stored earlier that spell a name the bundle brings become opaque in the import's
    // transaction; with an Idempotency-Key, the response is stored there too.
    const { summary, keysRenamed } = await importPreparedBundle(app.db, result, async (trx, s, renamed) =>
      request.idempotency?.complete(trx, 201, { ...s, mentionsConverted, keysRenamed: keysRenamedJson(renamed) }));
    return reply.code(201).send({ ...summary, mentionsConverted, keysRenamed: keysRenamedJson(keysRenamed) });
  });

  r.get('/bundles', {
    schema: {
      tags: ['bundles'],
      summary: 'Export the records of one country and period as a bundle',
      description: 'A period of more incidents than BUNDLE_EXPORT_MAX_INCIDENTS (default 2,000) gets 422 with a `to` that keeps the first of them: export it in shorter periods.',
      querystring: z.strictObject({
        country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. KZ').meta({ maxLength: 2 }),
        from: IsoDate,
        to: IsoDate,
      }),
    },
  }, async (request) => {
    const { country, from, to } = request.query;
    if (from > to) throw new HttpError(400, `'from' (${from}) is after 'to' (${to})`, [{ path: '/to', message: 'must not be before from' }]);
    const outcome = await exportBundle(app.db, { country, from, to }, opts.exportMaxIncidents);
    if (outcome.kind === 'unknown-country') throw notFound(`Country ${country}`);
    if (outcome.kind === 'too-many') {
      const { incidents, maxIncidents, shorter } = outcome;
      const hint = shorter === null
        ? `more than ${maxIncidents} of them began on ${from} or before (still going on then): no shorter period fits; raise BUNDLE_EXPORT_MAX_INCIDENTS`
        : `to=${shorter.to} takes the first ${maxIncidents} or fewer; export the rest from ${shorter.restFrom}`;
      throw unprocessable(`The period holds ${incidents} incidents; a bundle holds at most ${maxIncidents}.`,
        [{ path: '/to', message: `${from} to ${to} holds ${incidents} incidents, more than ${maxIncidents}: ${hint}` }]);
    }
    return outcome.bundle;
  });
}
