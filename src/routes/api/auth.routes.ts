import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANONYMOUS, maySeeIdentities } from '../../auth/roles.js';

/** Who the API thinks the caller is: handy to check a key's scopes. */
export async function authApiRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/auth/me', {
    schema: {
      tags: ['auth'],
      summary: 'The signed-in user or API key making this request',
      response: {
        200: z.object({
          kind: z.enum(['user', 'api_key']),
          name: z.string(),
          role: z.string().nullable(),
          scopes: z.array(z.string()).nullable(),
          seesRealNames: z.boolean().describe('false: persons come with their pseudonym in place of the name'),
        }),
      },
    },
  }, async (request) => {
    const p = request.principal ?? ANONYMOUS;
    if (p.kind === 'anonymous') throw new Error('unreachable: the route needs a signed-in caller');
    return {
      kind: p.kind, name: p.name, role: p.kind === 'user' ? p.role : null, scopes: p.kind === 'api_key' ? [...p.scopes] : null,
      seesRealNames: maySeeIdentities(p),
    };
  });
}
