import type { FastifyInstance } from 'fastify';

/**
 * Liveness (the process answers) and readiness (the database answers, and the work after the
 * start that the first documents would otherwise wait for is done: app.startup).
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await app.database.ping();
      if (app.startup.warming) return reply.code(503).header('Retry-After', '5').send({ status: 'warming', database: app.database.dialect });
      return { status: 'ready', database: app.database.dialect };
    } catch {
      return reply.code(503).header('Retry-After', '2').send({ status: 'unavailable', database: app.database.dialect });
    }
  });
}
