import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestDatabase } from './database.js';

export type TestApp = { app: FastifyInstance; close: () => Promise<void>; database: Awaited<ReturnType<typeof createTestDatabase>> };

/** The real application on a fresh test database, for `app.inject`. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // Render in-process unless a test asks for the worker pool: faster, same code.
  const config = loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '0', ...env });
  const app = await buildApp({ config, database });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
