import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AddresseeSchema } from '../../records/addressees.schemas.js';
import { listAddressees } from '../../records/addressees.repository.js';
import { createAddressee, readAddressee, removeAddressee, replaceAddressee } from '../../records/addressees.service.js';
import { CountrySchema } from '../../records/bundle.schemas.js';
import { ProblemsResponse } from './schemas/common.schemas.js';
import { pageOf } from './schemas/record.schemas.js';

const AddresseeResponse = AddresseeSchema.extend({
  id: z.number().int().describe('What an urgent-appeal request names in options.addressees'),
  meta: z.object({ version: z.number().int(), createdAt: z.string(), updatedAt: z.string() }),
});
const IdParams = z.strictObject({ id: z.coerce.number().int().min(1).max(2_147_483_647).meta({ maxLength: 10 }) });
const ListQuery = z.strictObject({
  country: CountrySchema.shape.code.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const NoContent = z.null().meta({ type: 'null', description: 'Deleted; no content' });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ProblemsResponse]));
const tags = ['addressees'];

/**
 * The address book (authorities per country, to whom urgent appeals are written): list, read,
 * create, replace, delete by id. Not part of the case bundle. 422 lists every bad field.
 */
export async function addresseeRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/addressees', {
    schema: { tags, summary: 'List the address book, by country', querystring: ListQuery, response: { 200: pageOf(AddresseeResponse), ...errors(400) } },
  }, async (request) => {
    const { limit, offset, country } = request.query;
    const { items, total } = await listAddressees(app.db, { country }, { limit, offset });
    return { items, total, limit, offset };
  });

  r.post('/addressees', {
    bodyLimit: 64 * 1024,
    schema: { tags, summary: 'Add an addressee', body: AddresseeSchema, response: { 201: AddresseeResponse, ...errors(400, 413, 415, 422) } },
  }, async (request, reply) => {
    const saved = await createAddressee(app.db, request.body);
    return reply.code(201).header('location', `/api/v1/addressees/${saved.id}`).send(saved);
  });

  r.get('/addressees/:id', {
    schema: { tags, summary: 'Read an addressee', params: IdParams, response: { 200: AddresseeResponse, ...errors(400, 404) } },
  }, async (request) => readAddressee(app.db, request.params.id));

  r.put('/addressees/:id', {
    bodyLimit: 64 * 1024,
    schema: {
      tags, summary: 'Replace an addressee', description: 'Every field; the version rises only when something changes. Appeals already generated keep what they printed.',
      params: IdParams, body: AddresseeSchema, response: { 200: AddresseeResponse, ...errors(400, 404, 413, 415, 422) },
    },
  }, async (request) => replaceAddressee(app.db, request.params.id, request.body));

  r.delete('/addressees/:id', {
    schema: { tags, summary: 'Delete an addressee', params: IdParams, response: { 204: NoContent, ...errors(400, 404) } },
  }, async (request, reply) => {
    await removeAddressee(app.db, request.params.id);
    return reply.code(204).send(null);
  });
}
