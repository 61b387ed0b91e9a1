import type { DatabaseHandle, Db } from '../db/database.js';
import type { DocumentRenderer } from '../documents/render/render-pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    database: DatabaseHandle;
    renderer: DocumentRenderer;
  }
  interface FastifyRequest {
    /** Who is acting (user name or API key name), set by authentication. */
    actor?: string;
  }
}
