import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { maySeeIdentities } from '../../auth/roles.js';
import { suggestMandatesFor } from '../../documents/suggest-mandates.service.js';
import { SelectionSchema } from '../../documents/request.schemas.js';
import { ProblemsResponse } from './schemas/common.schemas.js';

const SuggestMandatesBody = z.strictObject({ selection: SelectionSchema })
  .describe('The `selection` of a document request: the incidents a UN communication would be about.');

const Suggestion = z.object({
  id: z.string().describe('mandate key, as `options.mandates` of a UN communication takes it'),
  title: z.string().describe('the mandate\'s official title'),
  reason: z.string().describe('why, in one line; names nobody'),
  incidentKeys: z.array(z.string().nullable()).describe('the incidents that give the reason (a key that spells a protected name is null for callers without identities:read)'),
});

/** Issue 13, point 4: which Special Procedures mandates a communication about these incidents should address. */
export async function mandateRoutes(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post('/documents/suggest-mandates', {
    schema: {
      tags: ['documents'],
      summary: 'Suggest the UN mandates to address for a selection of incidents, each with its reason',
      body: SuggestMandatesBody,
      response: { 200: z.array(Suggestion), 422: ProblemsResponse },
    },
  }, async (request) => {
    const aliases = request.principal ? maySeeIdentities(request.principal) : false;
    return suggestMandatesFor(app.db, request.body.selection, aliases);
  });
}
