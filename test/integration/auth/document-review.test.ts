import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';

let t: TestAppWithAuth;
let staff: Record<string, string>;
let lawyer: Record<string, string>;
const request = {
  kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' },
};

beforeAll(async () => {
  t = await createTestApp({}, { actor: null });
  await loadDemoData(t.database.db);
  staff = await t.authenticate('staff', 'sam-staff');
  lawyer = await t.authenticate('lawyer', 'lena-lawyer');
});
afterAll(async () => t?.close());

describe('document review', () => {
  it('a lawyer approves a version; it stays as it was while generating again makes a new draft', async () => {
    const v1 = (await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: staff, payload: request })).json();
    expect(v1).toMatchObject({ version: 1, status: 'draft', createdBy: 'sam-staff', approvedBy: null });
    const bytesBefore = (await t.app.inject({ url: v1.links.file, headers: lawyer })).rawPayload;

    const approved = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${v1.id}/approve`, headers: lawyer });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ id: v1.id, status: 'approved', approvedBy: 'lena-lawyer' });
    expect(Date.parse(approved.json().approvedAt)).toBeGreaterThan(Date.now() - 60_000);

    const again = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${v1.id}/approve`, headers: lawyer });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/already approved \(by lena-lawyer/);

    const v2 = (await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: staff, payload: request })).json();
    expect(v2).toMatchObject({ seriesId: v1.seriesId, version: 2, status: 'draft', approvedBy: null });

    // The list says which version is approved, by whom and when.
    const list = (await t.app.inject({ url: '/api/v1/documents', headers: lawyer })).json().items;
    const byVersion = new Map(list.map((d: { version: number }) => [d.version, d]));
    expect(byVersion.get(1)).toMatchObject({ status: 'approved', approvedBy: 'lena-lawyer', approvedAt: approved.json().approvedAt });
    expect(byVersion.get(2)).toMatchObject({ status: 'draft', approvedBy: null, approvedAt: null });
    expect((await t.app.inject({ url: '/api/v1/documents?status=approved', headers: lawyer })).json().items.map((d: { id: string }) => d.id)).toEqual([v1.id]);

    const bytesAfter = (await t.app.inject({ url: v1.links.file, headers: lawyer })).rawPayload;
    expect(createHash('sha256').update(bytesAfter).digest('hex')).toBe(createHash('sha256').update(bytesBefore).digest('hex'));
  });

  it('the database itself refuses to change or delete an approved version, but not a draft', async () => {
    const [approved] = (await sql<{ id: string }>`select id from documents where status = 'approved'`.execute(t.database.db)).rows;
    const [draft] = (await sql<{ id: string }>`select id from documents where status = 'draft'`.execute(t.database.db)).rows;
    await expect(sql`update documents set title = 'changed' where id = ${approved!.id}`.execute(t.database.db)).rejects.toThrow(/approved and cannot change/);
    await expect(sql`update documents set status = 'draft', approved_by = null where id = ${approved!.id}`.execute(t.database.db)).rejects.toThrow(/approved/);
    await expect(sql`delete from documents where id = ${approved!.id}`.execute(t.database.db)).rejects.toThrow(/approved/);
    await sql`update documents set title = title where id = ${draft!.id}`.execute(t.database.db);
  });

  it('only lawyers approve; a draft with unsourced claims shown cannot be approved; unknown ids get 404', async () => {
    const doc = (await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: staff, payload: { ...request, format: 'docx' } })).json();
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/approve`, headers: staff })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/approve`, headers: await t.authenticate('admin') })).statusCode).toBe(403);
    const service = await t.authenticate({ scopes: ['documents:read', 'documents:generate', 'records:write', 'records:read', 'identities:read'] });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/approve`, headers: service })).statusCode).toBe(403);

    const unsourced = await t.app.inject({
      method: 'POST', url: '/api/v1/documents', headers: staff,
      payload: { kind: 'eu-briefing', format: 'pdf', draft: true, selection: { incidents: ['kz-2018-03-16-dvk-warnings'] } },
    });
    expect(unsourced.statusCode, unsourced.body).toBe(201);
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${unsourced.json().id}/approve`, headers: lawyer });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/unsourced/);

    expect((await t.app.inject({ method: 'POST', url: '/api/v1/documents/00000000-0000-4000-8000-000000000000/approve', headers: lawyer })).statusCode).toBe(404);
  });

  it('separation of duties: a lawyer cannot approve a version they generated; another lawyer can; both audited', async () => {
    const author = await t.authenticate('lawyer', 'lou-lawyer');
    const doc = (await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: author, payload: { ...request, format: 'docx' } })).json();
    expect(doc).toMatchObject({ createdBy: 'lou-lawyer', status: 'draft' });
    const own = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/approve`, headers: author });
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toMatch(/separation of duties/);
    const refusals = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'document.approval_refused').execute();
    expect(refusals).toMatchObject([{ actor: 'lou-lawyer', target: `document:${doc.id}` }]);
    expect((await t.app.inject({ url: `/api/v1/documents/${doc.id}`, headers: author })).json().status).toBe('draft');

    const other = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/approve`, headers: lawyer });
    expect(other.statusCode, other.body).toBe(200);
    const approvals = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'document.approved').where('target', '=', `document:${doc.id}`).execute();
    expect(approvals).toHaveLength(1);
    expect(approvals[0]!.actor).toBe('lena-lawyer');
    expect(approvals[0]!.details).toMatchObject({ author: 'lou-lawyer' });
  });

  it('separation of duties can be turned off (APPROVAL_SEPARATION_OF_DUTIES=off)', async () => {
    const relaxed = await createTestApp({ APPROVAL_SEPARATION_OF_DUTIES: 'off' }, { actor: null });
    try {
      await loadDemoData(relaxed.database.db);
      const solo = await relaxed.authenticate('lawyer', 'solo-lawyer');
      const doc = (await relaxed.app.inject({ method: 'POST', url: '/api/v1/documents', headers: solo, payload: { ...request, format: 'docx' } })).json();
      const res = await relaxed.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/approve`, headers: solo });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await relaxed.close();
    }
  });
});
