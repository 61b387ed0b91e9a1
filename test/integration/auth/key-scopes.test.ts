import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { createTestDatabase } from '../../support/database.js';
import { FORM, form, signIn } from './helpers.js';

/**
 * Issue 12: writing records needs identities:read as well as records:write (access-rules.ts). A
 * key with records:write alone would get 403 on every write: no way of creating keys issues one
 * (accounts.service.ts issueApiKey, one rule for the API, the admin page and the CLI).
 */

let t: TestAppWithAuth;
let adminCookie: string;
const ADMIN_PASSWORD = 'key scopes admin password';
const admin = () => ({ cookie: adminCookie });

const keyRows = async () => (await t.database.db.selectFrom('api_keys').select('name').orderBy('name').execute()).map((r) => r.name);

beforeAll(async () => {
  t = await createTestApp({ ADMIN_PASSWORD }, { actor: null });
  adminCookie = (await signIn(t.app, 'admin', ADMIN_PASSWORD)).cookie!;
});
afterAll(async () => t?.close());

describe('a key with records:write but without identities:read', () => {
  it('the API refuses it: 422 at /scopes naming identities:read; nothing is created', async () => {
    const before = await keyRows();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/api-keys', headers: admin(), payload: { name: 'case-writer', scopes: ['records:read', 'records:write'] } });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().problems).toEqual([{ path: '/scopes', message: expect.stringMatching(/records:write also needs identities:read/) }]);
    expect(res.body).not.toMatch(/adk_/);
    expect(await keyRows()).toEqual(before);
    expect(await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'api_key.created').execute()).toEqual([]);

    // With identities:read the same key is created, and it can write (so the refusal is about the scope).
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/admin/api-keys', headers: admin(), payload: { name: 'case-writer', scopes: ['records:read', 'records:write', 'identities:read'] } });
    expect(ok.statusCode, ok.body).toBe(201);
    const write = await t.app.inject({
      method: 'POST', url: '/api/v1/organisations', headers: { authorization: `Bearer ${ok.json().key}` },
      payload: { key: 'org-ks-0001', name: 'A monitoring group' },
    });
    expect(write.statusCode, write.body).toBe(201);
  });

  it('the admin page shows the reason in the form and creates no key', async () => {
    const html = (await t.app.inject({ url: '/admin', headers: { ...admin(), accept: 'text/html' } })).body;
    const csrf = /<form[^>]*action="\/admin\/api-keys"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const before = await keyRows();
    const res = await t.app.inject({
      method: 'POST', url: '/admin/api-keys', headers: { ...FORM, ...admin(), accept: 'text/html' },
      payload: form({ _csrf: csrf, name: 'form-writer', scopes: ['records:write', 'documents:generate'] }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/field-error[^>]*>.*A key with records:write also needs identities:read/);
    expect(res.body).not.toMatch(/<code class="hash">/); // no secret shown
    expect(await keyRows()).toEqual(before);
    // Ticking identities:read as well creates it.
    const ok = await t.app.inject({
      method: 'POST', url: '/admin/api-keys', headers: { ...FORM, ...admin(), accept: 'text/html' },
      payload: form({ _csrf: csrf, name: 'form-writer', scopes: ['records:write', 'identities:read'] }),
    });
    expect(ok.statusCode).toBe(201);
    expect(await keyRows()).toEqual([...before, 'form-writer'].sort());
  });

  it('npm run api-key exits non-zero with the reason on stderr and creates no key', async () => {
    const postgres = process.env.TEST_DATABASE_URL ? await createTestDatabase({ migrated: false }) : null;
    const dir = await mkdtemp(join(tmpdir(), 'api-key-scopes-'));
    try {
      const env = { ...process.env, DATA_DIR: dir, DEMO_DATA: 'off', DATABASE_URL: postgres?.url ?? '' };
      const cli = (...args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/create-api-key.ts', ...args], { env });
      const refused = await cli('--name', 'cli-writer', '--scope', 'records:write').then(
        () => { throw new Error('the CLI created a key with records:write alone'); },
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/A key with records:write also needs identities:read/);
      expect(refused.stdout).not.toMatch(/adk_/);
      const database = postgres ?? (await openDatabase({ dataDir: dir }));
      try {
        expect(await database.db.selectFrom('api_keys').select('name').execute()).toEqual([]);
      } finally {
        if (!postgres) await database.close();
      }
    } finally {
      await postgres?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
