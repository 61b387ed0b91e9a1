import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestDatabase } from '../../support/database.js';
import { signIn } from './helpers.js';

/**
 * The application log carries no personal data and no secret: requests are logged by route
 * pattern, never with their path, query, headers or body.
 */

const lines: string[] = [];
let app: Awaited<ReturnType<typeof buildApp>>;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const ADMIN_PASSWORD = 'log privacy admin password';

beforeAll(async () => {
  database = await createTestDatabase();
  await loadDemoData(database.db);
  app = await buildApp({
    config: loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '0', ADMIN_PASSWORD }),
    database,
    logger: { level: 'trace', stream: { write: (l: string) => void lines.push(l) } } as never,
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('application log', () => {
  it('holds no name, key, search, password, session token or API key from the requests it logs', async () => {
    const { cookie } = await signIn(app, 'admin', ADMIN_PASSWORD);
    const key = (await app.inject({
      method: 'POST', url: '/api/v1/admin/api-keys', headers: { cookie: cookie! }, payload: { name: 'log-test', scopes: ['records:read', 'identities:read'] },
    })).json().key as string;
    const bearer = { authorization: `Bearer ${key}` };
    await app.inject({ url: '/api/v1/persons?q=Tobylova', headers: bearer });
    await app.inject({ url: '/api/v1/persons/p-kz-0001', headers: bearer });
    await app.inject({ url: '/api/v1/persons/p-unknown-bekova', headers: bearer });
    await app.inject({ method: 'PUT', url: '/api/v1/persons/p-kz-0019', headers: { cookie: cookie! }, payload: { name: 'Ardak Ashim' } });
    await app.inject({ url: '/persons/p-kz-0001?q=Akmaral', headers: { accept: 'text/html' } });

    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(log).toContain('/api/v1/persons/:key');
    for (const secret of ['tobylova', 'Tobylova', 'Akmaral', 'bekova', 'ashim', ADMIN_PASSWORD, key, key.slice(4), cookie!.slice(4)]) {
      expect(log.includes(secret), secret).toBe(false);
    }
  });
});
