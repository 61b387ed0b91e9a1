import type { FastifyInstance } from 'fastify';
import { incidentStore, personStore, sourceStore } from '../records/record-stores.repository.js';
import { searchText } from './records/record-pages.js';

/** At most this many keys per answer: a picker shows what matches among the choices it already has. */
const PICKER_LIMIT = 200;


/**
 * GET /pickers/:collection?q= — the keys of the records that match `q`, for the pickers' search
 * boxes (public/js/enhance.js): the same search as the lists (folded case and script, stemmed
 * English words). Keys only, never names, and for signed-in people only (the access rule).
 */
export async function pickerRoutes(web: FastifyInstance): Promise<void> {
  web.get<{ Params: { collection: string }; Querystring: { q?: unknown } }>('/pickers/:collection', async (request, reply) => {
    const { collection } = request.params;
    const q = searchText(typeof request.query.q === 'string' ? request.query.q : undefined)?.trim() ?? '';
    const page = { limit: PICKER_LIMIT, offset: 0 };
    reply.header('cache-control', 'no-store');
    if (!['persons', 'sources', 'incidents'].includes(collection)) {
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No picker for '${collection}'` });
    }
    if (q === '') return { keys: [], total: 0 };
    const found = collection === 'persons' ? await personStore.list(web.db, { q }, page)
      : collection === 'sources' ? await sourceStore.list(web.db, { q }, page)
        : await incidentStore.list(web.db, { q }, page);
    return { keys: found.items.map((i) => i.key), total: found.total };
  });
}
