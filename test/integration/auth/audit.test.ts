import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditRow } from '../../../src/db/tables/auth.table.js';
import { hashPassword } from '../../../src/auth/passwords.js';
import { insertUser } from '../../../src/auth/users.repository.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { FORM, form as formBody, setCookies, signIn } from './helpers.js';

/** Each audited action leaves a row naming who did it, to what, and from where. */

let t: TestAppWithAuth;
let admin: Record<string, string>;
let staff: Record<string, string>;
let lawyer: Record<string, string>;
const db = () => t.database.db;

async function rows(action: string, target?: string): Promise<AuditRow[]> {
  let q = db().selectFrom('audit_log').selectAll().where('action', '=', action);
  if (target !== undefined) q = q.where('target', '=', target);
  return q.orderBy('id').execute();
}

beforeAll(async () => {
  t = await createTestApp({}, { actor: null });
  await loadDemoData(t.database.db);
  admin = await t.authenticate('admin', 'audit-admin');
  staff = await t.authenticate('staff', 'audit-staff');
  lawyer = await t.authenticate('lawyer', 'audit-lawyer');
});
afterAll(async () => t?.close());

describe('audit trail', () => {
  it('records sign-ins, failed sign-ins and sign-outs', async () => {
    await insertUser(db(), { name: 'dana', role: 'staff', passwordHash: await hashPassword('dana password 12'), createdBy: 'test' });
    const ok = await signIn(t.app, 'dana', 'dana password 12', { remoteAddress: '198.51.100.4' });
    await signIn(t.app, 'dana', 'not her password');
    await t.app.inject({ method: 'POST', url: '/logout', headers: { cookie: ok.cookie! } });
    expect(await rows('auth.login', 'user:dana')).toMatchObject([{ actor: 'dana', actor_type: 'user', ip: '198.51.100.4' }]);
    expect(await rows('auth.login_failed', 'user:dana')).toMatchObject([{ actor: 'anonymous', details: { reason: 'wrong password' } }]);
    expect(await rows('auth.logout', 'user:dana')).toMatchObject([{ actor: 'dana' }]);
  });

  it('records each record change with the record and its new version', async () => {
    const body = { key: 'org-audit', name: 'Audit Watch', acronym: null, contact: null };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: staff, payload: body })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/organisations/org-audit', headers: staff, payload: { ...body, name: 'Audit Watch II' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/organisations/org-audit', headers: staff })).statusCode).toBe(204);
    expect(await rows('record.created', 'organisation:org-audit')).toMatchObject([{ actor: 'audit-staff', actor_type: 'user', details: { version: 1 } }]);
    expect(await rows('record.replaced', 'organisation:org-audit')).toMatchObject([{ actor: 'audit-staff', details: { version: 2 } }]);
    expect(await rows('record.deleted', 'organisation:org-audit')).toMatchObject([{ actor: 'audit-staff' }]);
    // A refused change is not a change.
    await t.app.inject({ method: 'PUT', url: '/api/v1/organisations/org-missing', headers: staff, payload: body });
    expect(await rows('record.replaced', 'organisation:org-missing')).toEqual([]);
  });

  it('records bundle imports by a service, with the key\'s name as actor', async () => {
    const writer = await t.authenticate({ scopes: ['records:write', 'identities:read'] }, 'importer');
    const bundle = (await t.app.inject({ url: '/api/v1/bundles?country=KZ&from=2018-01-01&to=2018-03-31', headers: staff })).json();
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: writer, payload: bundle })).statusCode).toBe(201);
    expect(await rows('bundle.imported', 'bundle:KZ')).toMatchObject([{ actor: 'importer', actor_type: 'api_key', details: { period: { from: '2018-01-01', to: '2018-03-31' } } }]);
  });

  it('records reads of real names (persons, bundle export), and not pseudonymous reads', async () => {
    const before = (await rows('identities.read')).length;
    await t.app.inject({ url: '/api/v1/persons/p-kz-0019', headers: lawyer });
    await t.app.inject({ url: '/api/v1/persons?limit=5', headers: lawyer });
    const pseudonymous = await t.authenticate({ scopes: ['records:read'] }, 'pseudonymous-reader');
    await t.app.inject({ url: '/api/v1/persons/p-kz-0019', headers: pseudonymous });
    const reads = (await rows('identities.read')).slice(before);
    expect(reads.filter((r) => r.actor === 'pseudonymous-reader')).toEqual([]);
    expect(reads.find((r) => r.target === 'person:p-kz-0019')).toMatchObject({ actor: 'audit-lawyer', details: { persons: ['p-kz-0019'] } });
    const list = reads.find((r) => r.target === 'persons')!;
    expect(list.actor).toBe('audit-lawyer');
    expect((list.details as { persons: string[] }).persons).toHaveLength(5);
    const bundleReads = (await rows('identities.read')).filter((r) => r.target === 'bundle:KZ');
    expect(bundleReads[0]).toMatchObject({ actor: 'audit-staff' });
    expect((bundleReads[0]!.details as { persons: string[] }).persons).toContain('p-kz-0001');
  });

  it('records documents generated, downloaded and approved', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/documents', headers: staff,
      payload: { kind: 'urgent-appeal', format: 'docx', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } },
    });
    const doc = res.json();
    await t.app.inject({ url: doc.links.file, headers: lawyer });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/approve`, headers: lawyer })).statusCode).toBe(200);
    const target = `document:${doc.id}`;
    expect(await rows('document.generated', target)).toMatchObject([{ actor: 'audit-staff', details: { kind: 'urgent-appeal', format: 'docx', version: 1 } }]);
    expect(await rows('document.downloaded', target)).toMatchObject([{ actor: 'audit-lawyer' }]);
    expect(await rows('document.approved', target)).toMatchObject([{ actor: 'audit-lawyer', details: { version: 1 } }]);
  });

  it('records accounts and keys created and revoked', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin, payload: { name: 'new-lawyer', role: 'lawyer' } });
    const key = (await t.app.inject({ method: 'POST', url: '/api/v1/admin/api-keys', headers: admin, payload: { name: 'case-system', scopes: ['records:write', 'identities:read'] } })).json();
    await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/api-keys/${key.id}`, headers: admin });
    expect(await rows('user.created', 'user:new-lawyer')).toMatchObject([{ actor: 'audit-admin', details: { role: 'lawyer' } }]);
    expect(await rows('api_key.created', 'api_key:case-system')).toMatchObject([{ actor: 'audit-admin', details: { scopes: ['records:write', 'identities:read'] } }]);
    expect(await rows('api_key.revoked', 'api_key:case-system')).toMatchObject([{ actor: 'audit-admin' }]);
  });

  it('records changes and real-name reads made through the staff pages too', async () => {
    const headers = { ...staff, accept: 'text/html' };
    const form = await t.app.inject({ url: '/persons/p-kz-0019/edit', headers });
    expect(form.statusCode).toBe(200);
    expect(await rows('identities.read', 'person:p-kz-0019')).toEqual(expect.arrayContaining([expect.objectContaining({
      actor: 'audit-staff', details: expect.objectContaining({ via: 'page', persons: expect.arrayContaining(['p-kz-0019']) }),
    })]));
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const csrfCookie = setCookies(form).get('_csrf')!.value;
    const saved = await t.app.inject({
      method: 'POST', url: '/persons/p-kz-0019',
      headers: { ...headers, ...FORM, cookie: `${staff.cookie}; _csrf=${csrfCookie}` },
      payload: formBody({ _csrf: token, kind: 'individual', name: 'Ardak Ashim', pseudonym: 'Blogger U', occupation: 'blogger' }),
    });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    const version = (await t.database.db.selectFrom('persons').select('version').where('key', '=', 'p-kz-0019').executeTakeFirstOrThrow()).version;
    expect(version).toBeGreaterThan(1);
    expect(await rows('record.replaced', 'person:p-kz-0019')).toMatchObject([{ actor: 'audit-staff', details: { version } }]);
  });

  it('holds no secret and no real name in any row', async () => {
    const dump = JSON.stringify((await sql`select * from audit_log`.execute(t.database.db)).rows);
    expect(dump).not.toMatch(/Tobylova|Ashim|adk_|\$argon2|password 12/);
  });

  it('is append-only in the database itself: updates, deletes and truncation are refused', async () => {
    const count = (await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    await expect(db().updateTable('audit_log').set({ actor: 'someone-else' }).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.database.db)).rejects.toThrow(/append-only/);
    expect((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n).toBe(count);
  });
});

describe('GET /api/v1/audit', () => {
  it('filters by actor, action, target and time, newest first, with pagination', async () => {
    const get = async (query: string) => {
      const res = await t.app.inject({ url: `/api/v1/audit?${query}`, headers: admin });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: Array<{ actor: string; action: string; target: string; at: string; id: string }>; total: number };
    };
    const byActor = await get('actor=audit-lawyer');
    expect(byActor.total).toBeGreaterThan(2);
    expect(byActor.items.every((r) => r.actor === 'audit-lawyer')).toBe(true);
    const ids = byActor.items.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const byAction = await get('action=record.created');
    expect(byAction.items.map((r) => r.target)).toContain('organisation:org-audit');
    expect(byAction.items.every((r) => r.action === 'record.created')).toBe(true);

    expect((await get('target=organisation:org-audit')).total).toBe(3);
    expect((await get('target=organisation:')).items.every((r) => r.target.startsWith('organisation:'))).toBe(true);

    const today = new Date().toISOString().slice(0, 10);
    expect((await get(`from=${today}&to=${today}`)).total).toBe((await get('')).total);
    expect((await get('to=2000-01-01')).total).toBe(0);

    const page1 = await get('limit=2&offset=0');
    const page2 = await get('limit=2&offset=2');
    expect(page1.items).toHaveLength(2);
    expect(page2.items[0]!.id).not.toBe(page1.items[1]!.id);
    expect(Number(page2.items[0]!.id)).toBeLessThan(Number(page1.items[1]!.id));
  });

  it('answers 400 to bad filters and 403 to everyone but admins', async () => {
    expect((await t.app.inject({ url: '/api/v1/audit?action=drop-table', headers: admin })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/audit?from=yesterday', headers: admin })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/audit?from=2020-01-02&to=2020-01-01', headers: admin })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/audit', headers: staff })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/audit', headers: await t.authenticate({ scopes: ['records:read', 'documents:read', 'identities:read'] }) })).statusCode).toBe(403);
  });

  it('shows the trail on the admin page, filtered', async () => {
    const res = await t.app.inject({ url: '/admin/audit?action=api_key.created', headers: { ...admin, accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('api_key:case-system');
    expect(res.body).not.toContain('record.created</code>');
  });
});
