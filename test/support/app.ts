import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { insertApiKey } from '../../src/auth/api-keys.repository.js';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Principal, Scope, UserRole } from '../../src/auth/roles.js';
import { createSession } from '../../src/auth/sessions.repository.js';
import { randomToken } from '../../src/auth/tokens.js';
import { insertUser } from '../../src/auth/users.repository.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestDatabase } from './database.js';

/** A signed-in person of a role, or an API key with these scopes. */
export type TestActor = UserRole | { scopes: readonly Scope[] };

export interface TestAppOptions {
  /**
   * Who requests WITHOUT credentials act as. Default 'staff': tests that are not about access
   * inject without credentials and act as a staff member (authorization still applies: a staff
   * member cannot approve documents or read the audit trail). `null`: nobody — requests without
   * credentials are anonymous, as in production (access tests use this).
   */
  actor?: TestActor | null;
  /** A fixed clock (reply deadlines are judged on its date). */
  clock?: () => Date;
}

export type TestApp = { app: FastifyInstance; close: () => Promise<void>; database: Awaited<ReturnType<typeof createTestDatabase>> };

export type TestAppWithAuth = TestApp & {
  /**
   * Real credentials for a new account or key: headers to pass to `app.inject`, e.g.
   * `{ cookie: 'sid=…' }` for a role or `{ authorization: 'Bearer adk_…' }` for scopes.
   * Credentials always win over the default actor.
   */
  authenticate: (who: TestActor, name?: string) => Promise<Record<string, string>>;
};

let serial = 0;

function principalOf(actor: TestActor): Principal {
  return typeof actor === 'string'
    ? { kind: 'user', id: 0, name: `test-${actor}`, role: actor }
    : { kind: 'api_key', id: 0, name: 'test-service', scopes: actor.scopes };
}

/** The real application on a fresh test database, for `app.inject`. */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestAppWithAuth> {
  const database = await createTestDatabase();
  // Render in-process unless a test asks for the worker pool: faster, same code.
  // Tests that generate wait for the document (201) unless a test asks for a shorter wait (the jobs tests).
  const config = loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '0', JOB_WAIT_MS: '120000', ...env });
  const actor = options.actor === undefined ? 'staff' : options.actor;
  const app = await buildApp({
    config, database, ...(actor ? { auth: { testActor: principalOf(actor) } } : {}), ...(options.clock ? { clock: options.clock } : {}),
  });
  await app.ready();
  const db = database.db;
  return {
    app,
    database,
    authenticate: async (who: TestActor, name?: string): Promise<Record<string, string>> => {
      const n = ++serial;
      if (typeof who === 'string') {
        const user = await insertUser(db, { name: name ?? `${who}-${n}`, role: who, passwordHash: await hashPassword(randomToken()), createdBy: 'test' });
        const { token } = await createSession(db, user.id, { idleMs: 3_600_000, maxMs: 3_600_000 });
        return { cookie: `sid=${token}` };
      }
      const { key } = await insertApiKey(db, { name: name ?? `service-${n}`, scopes: who.scopes, createdBy: 'test' });
      return { authorization: `Bearer ${key}` };
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
