import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';

/** The review workflow through the API: each step allowed and refused, audited; out of date; compare. */
let t: TestAppWithAuth;
let staff: Record<string, string>;
let lawyer: Record<string, string>;
let other: Record<string, string>;
const INCIDENT = 'kz-2018-03-13-almaty-detentions';
const request = { kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } };

const post = (url: string, headers: Record<string, string>, payload?: unknown) =>
  t.app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const generate = async (headers = staff, payload: object = request) => {
  const res = await post('/api/v1/documents', headers, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; seriesId: string; version: number; links: Record<string, string> };
};
const auditRows = (action: string, id: string) => t.database.db.selectFrom('audit_log').selectAll()
  .where('action', '=', action).where('target', '=', `document:${id}`).execute();

beforeAll(async () => {
  t = await createTestApp({}, { actor: null });
  await loadDemoData(t.database.db);
  staff = await t.authenticate('staff', 'rev-staff');
  lawyer = await t.authenticate('lawyer', 'rev-lawyer');
  other = await t.authenticate('lawyer', 'rev-other');
});
afterAll(async () => t?.close());

describe('review workflow (API)', () => {
  it('draft → in review → changes requested → in review again → approved, each step audited', async () => {
    const doc = await generate();
    const text = (await t.app.inject({ url: `/api/v1/documents/${doc.id}/text`, headers: lawyer })).json();
    expect(text.paragraphs.length).toBeGreaterThan(3);
    expect(text.paragraphs[0]).toMatchObject({ number: 1 });
    expect(text.notes[0]).toMatchObject({ number: 1 });
    expect(JSON.stringify(text)).toContain('[1]'); // the note mark where it is printed

    const submitted = await post(`/api/v1/documents/${doc.id}/submit`, staff, { assignee: 'rev-lawyer' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'in_review', review: { assignee: 'rev-lawyer', submittedBy: 'rev-staff' } });
    expect(await auditRows('document.review_submitted', doc.id)).toMatchObject([{ actor: 'rev-staff', details: { assignee: 'rev-lawyer', version: 1 } }]);

    // Waiting for the lawyer: the list by assignee and status.
    const waiting = (await t.app.inject({ url: '/api/v1/documents?status=in_review&assignee=rev-lawyer', headers: lawyer })).json();
    expect(waiting.items.map((d: { id: string }) => d.id)).toEqual([doc.id]);

    const changes = await post(`/api/v1/documents/${doc.id}/request-changes`, lawyer, {
      comments: [{ paragraph: 2, text: 'Say which court ordered the detention.' }, { note: 1, text: 'Cite the second source too.' }, { text: 'Shorter, please.' }],
    });
    expect(changes.statusCode, changes.body).toBe(200);
    expect(changes.json().status).toBe('changes_requested');
    const comments = (await t.app.inject({ url: `/api/v1/documents/${doc.id}/text`, headers: staff })).json().comments;
    expect(comments).toMatchObject([
      { paragraph: 2, note: null, text: 'Say which court ordered the detention.', author: 'rev-lawyer' },
      { paragraph: null, note: 1, text: 'Cite the second source too.' },
      { paragraph: null, note: null, text: 'Shorter, please.' },
    ]);
    expect(await auditRows('document.changes_requested', doc.id)).toMatchObject([{ actor: 'rev-lawyer', details: { comments: 3, version: 1 } }]);

    // Approving while changes are requested is refused; the same version goes back to the same lawyer.
    const early = await post(`/api/v1/documents/${doc.id}/approve`, lawyer);
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toMatch(/Changes were requested/);
    const again = await post(`/api/v1/documents/${doc.id}/submit`, staff, {});
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'in_review', review: { assignee: 'rev-lawyer' } });

    const approved = await post(`/api/v1/documents/${doc.id}/approve`, lawyer);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approvedBy: 'rev-lawyer' });
    expect(await auditRows('document.review_submitted', doc.id)).toHaveLength(2);
    expect(await auditRows('document.approved', doc.id)).toHaveLength(1);
  });

  it('after changes are requested, a new version generated to make them goes to the same lawyer; its page shows the earlier comments', async () => {
    const v1 = await generate();
    expect((await post(`/api/v1/documents/${v1.id}/submit`, staff, { assignee: 'rev-other' })).statusCode).toBe(200);
    expect((await post(`/api/v1/documents/${v1.id}/request-changes`, lawyer, { comments: [{ paragraph: 1, text: 'Regenerate after the edit.' }] })).statusCode).toBe(200);
    const v2 = await generate();
    expect(v2.seriesId).toBe(v1.seriesId);
    const sent = await post(`/api/v1/documents/${v2.id}/submit`, staff, {});
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'in_review', review: { assignee: 'rev-other' } });
    const pageOfV2 = await t.app.inject({ url: `/documents/${v2.id}`, headers: { ...staff, accept: 'text/html' } });
    expect(pageOfV2.body).toMatch(/Comments on earlier versions \(\d+\)/);
    expect(pageOfV2.body).toContain('Regenerate after the edit.');
  });

  it('refuses each step not allowed from the current status with 409, and nothing is audited', async () => {
    const doc = await generate();
    const refused = async (url: string, who: Record<string, string>, body: unknown, pattern: RegExp) => {
      const res = await post(url, who, body);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().message).toMatch(pattern);
    };
    const comment = { comments: [{ text: 'x' }] };
    await refused(`/api/v1/documents/${doc.id}/request-changes`, lawyer, comment, /only while it is in review/);
    expect((await post(`/api/v1/documents/${doc.id}/submit`, staff, { assignee: 'rev-lawyer' })).statusCode).toBe(200);
    await refused(`/api/v1/documents/${doc.id}/submit`, staff, { assignee: 'rev-other' }, /already in review/);
    expect((await post(`/api/v1/documents/${doc.id}/approve`, other)).statusCode).toBe(200);
    await refused(`/api/v1/documents/${doc.id}/submit`, staff, { assignee: 'rev-lawyer' }, /approved/);
    await refused(`/api/v1/documents/${doc.id}/request-changes`, lawyer, comment, /approved/);
    await refused(`/api/v1/documents/${doc.id}/approve`, lawyer, undefined, /already approved/);
    expect(await auditRows('document.changes_requested', doc.id)).toHaveLength(0);
    expect(await auditRows('document.review_submitted', doc.id)).toHaveLength(1);
  });

  it('validates: the assignee is an active lawyer and not the author; comments anchor inside the version; roles', async () => {
    const authorLawyer = await t.authenticate('lawyer', 'rev-author');
    // A series of its own: no earlier reviewer to default to.
    const doc = await generate(authorLawyer, { ...request, methodologyNote: true });
    const bad = async (who: Record<string, string>, body: unknown, status: number, path?: string) => {
      const res = await post(`/api/v1/documents/${doc.id}/submit`, who, body);
      expect(res.statusCode, res.body).toBe(status);
      if (path) expect(res.json().problems.map((p: { path: string }) => p.path)).toContain(path);
    };
    await bad(staff, {}, 422, '/assignee');
    await bad(staff, { assignee: 'rev-staff' }, 422, '/assignee');
    await bad(staff, { assignee: 'nobody-here' }, 422, '/assignee');
    await bad(staff, { assignee: 'rev-author' }, 422, '/assignee'); // separation of duties
    await bad(staff, { assignee: 'rev-lawyer', extra: 1 }, 422, '/extra');
    await bad(await t.authenticate('admin'), { assignee: 'rev-lawyer' }, 403);
    await bad(await t.authenticate({ scopes: ['documents:read', 'documents:generate', 'records:read', 'identities:read'] }), { assignee: 'rev-lawyer' }, 403);
    expect((await post(`/api/v1/documents/${doc.id}/submit`, staff, { assignee: 'rev-lawyer' })).statusCode).toBe(200);

    const text = (await t.app.inject({ url: `/api/v1/documents/${doc.id}/text`, headers: lawyer })).json();
    const out = await post(`/api/v1/documents/${doc.id}/request-changes`, lawyer, {
      comments: [{ paragraph: text.paragraphs.length + 1, text: 'a' }, { note: text.notes.length + 5, text: 'b' }, { paragraph: 1, note: 1, text: 'c' }, { text: '  ' }],
    });
    // The schema lists every bad field at once.
    expect(out.statusCode, out.body).toBe(422);
    expect(out.json().problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['/comments/2', '/comments/3/text']));
    const empty = await post(`/api/v1/documents/${doc.id}/request-changes`, lawyer, { comments: [] });
    expect(empty.statusCode).toBe(422);
    const anchors = await post(`/api/v1/documents/${doc.id}/request-changes`, lawyer, {
      comments: [{ paragraph: text.paragraphs.length + 1, text: 'a' }, { note: text.notes.length + 5, text: 'b' }],
    });
    expect(anchors.statusCode).toBe(422);
    expect(anchors.json().problems.map((p: { path: string }) => p.path)).toEqual(['/comments/0/paragraph', '/comments/1/note']);
    // The author may not review their own version; staff may not request changes.
    expect((await post(`/api/v1/documents/${doc.id}/request-changes`, authorLawyer, { comments: [{ text: 'mine' }] })).statusCode).toBe(403);
    expect((await post(`/api/v1/documents/${doc.id}/request-changes`, staff, { comments: [{ text: 'mine' }] })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/v1/documents/${doc.id}`, headers: staff })).json().status).toBe('in_review');
  });

  it('an approved version is out of date once a record it used changes: N records with their keys and titles', async () => {
    const doc = await generate();
    expect((await post(`/api/v1/documents/${doc.id}/approve`, lawyer)).statusCode).toBe(200);
    const fresh = (await t.app.inject({ url: `/api/v1/documents/${doc.id}`, headers: staff })).json();
    expect(fresh.outOfDate).toBeNull();

    const incident = (await t.app.inject({ url: `/api/v1/incidents/${INCIDENT}`, headers: staff })).json();
    const { meta: _meta, ...body } = incident;
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/incidents/${INCIDENT}`, headers: staff, payload: { ...body, summary: `${body.summary} Released on bail later.` } });
    expect(put.statusCode, put.body).toBe(200);

    const stale = (await t.app.inject({ url: `/api/v1/documents/${doc.id}`, headers: staff })).json();
    expect(stale.outOfDate).toMatchObject({ count: 1, templateChanged: false, records: [{ type: 'incident', key: INCIDENT, currentVersion: stale.outOfDate.records[0].version + 1 }] });
    expect(stale.outOfDate.records[0].title).toContain('[[person:p-kz-0001]]');

    // A caller without identities:read gets the title with the pseudonym, never the name.
    const service = await t.authenticate({ scopes: ['documents:read', 'records:read'] });
    const shaped = (await t.app.inject({ url: `/api/v1/documents/${doc.id}`, headers: service })).json();
    expect(shaped.outOfDate.count).toBe(1);
    expect(shaped.outOfDate.records[0].title).toContain('Activist A');
    expect(JSON.stringify(shaped)).not.toMatch(/Tobylova|Akmaral|\[\[person/);
    // A draft is not "out of date": it is still being worked on.
    const draft = await generate();
    expect((await t.app.inject({ url: `/api/v1/documents/${draft.id}`, headers: staff })).json().outOfDate).toBeNull();
  });

  it('an approved version whose template changed since is out of date too', async () => {
    const doc = await generate();
    // An approved version made with an earlier template (a row as an older release stored it).
    const id = randomUUID();
    await sql`insert into documents (id, series_id, version, kind, format, language, title, file_name, content_type, status, draft,
        request, provenance, byte_size, sha256, template_hash, claims, incidents, sources, created_by, approved_by, approved_at, text)
      select ${id}, series_id, 900, kind, format, language, title, file_name, content_type, 'approved', draft,
        request, provenance, byte_size, sha256, 'an-earlier-template', claims, incidents, sources, created_by, 'rev-lawyer', now(), text
      from documents where id = ${doc.id}`.execute(t.database.db);
    const meta = (await t.app.inject({ url: `/api/v1/documents/${id}`, headers: staff })).json();
    expect(meta.outOfDate).toEqual({ count: 0, templateChanged: true, records: [] });
    const html = (await t.app.inject({ url: `/documents/${id}`, headers: { ...staff, accept: 'text/html' } })).body;
    expect(html).toContain('Out of date');
    expect(html).toContain('the template changed');
  });

  it('compares two versions: paragraphs and notes, with words inserted and deleted', async () => {
    const v1 = await generate();
    const incident = (await t.app.inject({ url: `/api/v1/incidents/${INCIDENT}`, headers: staff })).json();
    const { meta: _meta, ...body } = incident;
    await t.app.inject({ method: 'PUT', url: `/api/v1/incidents/${INCIDENT}`, headers: staff, payload: { ...body, summary: body.summary.replace(/\.\s*$/, '') + ' The court extended the detention by two months.' } });
    const v2 = await generate();
    expect(v2.seriesId).toBe(v1.seriesId);

    const res = await t.app.inject({ url: `/api/v1/documents/${v2.id}/compare?with=${v1.id}`, headers: lawyer });
    expect(res.statusCode, res.body).toBe(200);
    const cmp = res.json();
    expect(cmp.from).toMatchObject({ id: v1.id }); // the earlier first whatever the order asked
    expect(cmp.to).toMatchObject({ id: v2.id });
    const changed = cmp.paragraphs.filter((p: { status: string }) => p.status === 'changed');
    expect(changed.length).toBeGreaterThan(0);
    const added = changed.flatMap((p: { parts: Array<{ type: string; text: string }> }) => p.parts.filter((x) => x.type === 'added').map((x) => x.text)).join('');
    expect(added).toContain('extended the detention by two months');
    expect(cmp.summary.paragraphs.unchanged).toBeGreaterThan(0);

    const same = (await t.app.inject({ url: `/api/v1/documents/${v1.id}/compare?with=${v1.id}`, headers: lawyer })).json();
    expect(same.summary.paragraphs).toMatchObject({ added: 0, removed: 0, changed: 0 });

    const otherDoc = (await post('/api/v1/documents', staff, { ...request, format: 'docx' })).json();
    expect((await t.app.inject({ url: `/api/v1/documents/${v1.id}/compare?with=${otherDoc.id}`, headers: lawyer })).statusCode).toBe(422);
    expect((await t.app.inject({ url: `/api/v1/documents/${v1.id}/compare?with=nope`, headers: lawyer })).statusCode).toBe(400);

    // Shaped for a caller without identities:read: pseudonyms only, in every part.
    const service = await t.authenticate({ scopes: ['documents:read', 'records:read'] });
    const shaped = await t.app.inject({ url: `/api/v1/documents/${v2.id}/compare?with=${v1.id}`, headers: service });
    expect(shaped.statusCode, shaped.body).toBe(200);
    expect(shaped.body).not.toMatch(/Tobylova|Akmaral/);
    expect(shaped.body).toContain('Activist A');
  });

  it('a UN communication naming a person protected in public: text and comparison refused without identities:read', async () => {
    const un = { kind: 'un-communication', format: 'docx', selection: { persons: ['p-kz-0001'] }, options: { variant: 'allegation-letter', mandates: ['sr-defenders'] } };
    const res = await post('/api/v1/documents', staff, un);
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc.namesProtectedPersons).toBe(true);
    const service = await t.authenticate({ scopes: ['documents:read', 'records:read'] });
    expect((await t.app.inject({ url: `/api/v1/documents/${doc.id}/text`, headers: service })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/v1/documents/${doc.id}/compare?with=${doc.id}`, headers: service })).statusCode).toBe(403);
    const full = await t.app.inject({ url: `/api/v1/documents/${doc.id}/text`, headers: lawyer });
    expect(full.statusCode).toBe(200);
    expect(full.body).toMatch(/Tobylova/);
  });
});
