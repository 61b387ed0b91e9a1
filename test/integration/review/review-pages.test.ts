import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { encodeForm } from '../web/forms.js';

/** The review workflow in the staff pages (server-rendered HTML): buttons per role, forms, views. */
let t: TestAppWithAuth;
let staff: Record<string, string>;
let lawyer: Record<string, string>;
let admin: Record<string, string>;
const INCIDENT = 'kz-2018-03-13-almaty-detentions';
const request = { kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } };

const page = async (url: string, who: Record<string, string>) => {
  const res = await t.app.inject({ url, headers: { ...who, accept: 'text/html' } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res;
};

/** Submits a form on `pageUrl` as a browser would: the page's CSRF cookie and token with the session. */
async function submit(who: Record<string, string>, pageUrl: string, action: string, fields: Record<string, string | string[]>) {
  const res = await page(pageUrl, who);
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
  const raw = res.headers['set-cookie'];
  const csrf = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((c) => c.split(';')[0]!).find((c) => c.startsWith('_csrf='));
  expect(token && csrf, 'a CSRF token and cookie').toBeTruthy();
  return t.app.inject({
    method: 'POST', url: action,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${who.cookie}; ${csrf}` },
    payload: encodeForm({ ...fields, _csrf: token! }),
  });
}

const buttons = (html: string) => ({
  submit: html.includes('>Submit for review<') || html.includes('>Submit for review again<'),
  approve: html.includes('>Approve this version<'),
  requestChanges: html.includes('>Request changes<'),
});

async function generate() {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: staff, payload: request });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; seriesId: string };
}

beforeAll(async () => {
  t = await createTestApp({}, { actor: null });
  await loadDemoData(t.database.db);
  staff = await t.authenticate('staff', 'page-staff');
  lawyer = await t.authenticate('lawyer', 'page-lawyer');
  admin = await t.authenticate('admin', 'page-admin');
});
afterAll(async () => t?.close());

describe('review in the pages', () => {
  it('shows each role only the steps it may take, and walks a version through review to approval', async () => {
    const doc = await generate();
    const url = `/documents/${doc.id}`;

    // A draft: staff may submit it (and pick the lawyer); a lawyer may approve it; an admin sees no step.
    const forStaff = (await page(url, staff)).body;
    expect(buttons(forStaff)).toEqual({ submit: true, approve: false, requestChanges: false });
    expect(forStaff).toContain('<option value="page-lawyer"');
    expect(buttons((await page(url, lawyer)).body)).toMatchObject({ approve: true, requestChanges: false });
    expect(buttons((await page(url, admin)).body)).toEqual({ submit: false, approve: false, requestChanges: false });

    const sent = await submit(staff, url, `${url}/submit`, { assignee: 'page-lawyer' });
    expect(sent.statusCode, sent.body.slice(0, 400)).toBe(303);
    expect(sent.headers.location).toBe(`${url}?review=submitted`);

    // Waiting for the lawyer on their home page; not on the staff member's.
    const home = (await page('/', lawyer)).body;
    expect(home).toContain('Waiting for me');
    expect(home).toContain(`/documents/${doc.id}/review`);
    expect((await page('/', staff)).body).not.toContain('Waiting for me');

    const inReview = (await page(url, lawyer)).body;
    expect(inReview).toContain('In review');
    expect(inReview).toContain('This version is waiting for your review.');
    expect(buttons(inReview)).toEqual({ submit: false, approve: true, requestChanges: true });
    expect(buttons((await page(url, staff)).body)).toEqual({ submit: false, approve: false, requestChanges: false });

    // The review view numbers paragraphs and notes; the lawyer comments on ¶ 2 and note 1.
    const view = (await page(`${url}/review`, lawyer)).body;
    expect(view).toContain('id="p2"');
    expect(view).toContain('¶ 2');
    expect(view).toContain('id="n1"');
    expect(view).toContain('Request changes');
    expect((await page(`${url}/review`, staff)).body).not.toContain('name="comment"');

    const changes = await submit(lawyer, `${url}/review`, `${url}/request-changes`, {
      anchor: ['p2', 'n1', '', '', ''], comment: ['Name the court.', 'Add the second source.', '', '', ''],
    });
    expect(changes.statusCode, changes.body.slice(0, 400)).toBe(303);
    const back = (await page(url, staff)).body;
    expect(back).toContain('Changes requested');
    expect(back).toMatch(/¶ 2<\/a><\/span> Name the court\./);
    expect(back).toMatch(/note 1<\/a><\/span> Add the second source\./);
    expect(buttons(back)).toMatchObject({ submit: true, approve: false });
    expect(back).toContain('>Submit for review again<');
    // The comment sits under its paragraph in the review view.
    const anchored = (await page(`${url}/review`, staff)).body;
    expect(anchored.slice(anchored.indexOf('id="p2"'), anchored.indexOf('id="p3"'))).toContain('Name the court.');

    expect((await submit(staff, url, `${url}/submit`, { assignee: 'page-lawyer' })).statusCode).toBe(303);
    const approved = await submit(lawyer, url, `${url}/approve`, {});
    expect(approved.statusCode, approved.body.slice(0, 400)).toBe(303);
    const done = (await page(`${url}?review=approved`, staff)).body;
    expect(done).toContain('The version is approved.');
    expect(done).toContain('Approved by page-lawyer');
    expect(buttons(done)).toEqual({ submit: false, approve: false, requestChanges: false });
    expect(done).not.toContain('Out of date');

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor']).where('target', '=', `document:${doc.id}`)
      .where('action', 'in', ['document.review_submitted', 'document.changes_requested', 'document.approved']).orderBy('id').execute();
    expect(audit.map((a) => `${a.action} ${a.actor}`)).toEqual([
      'document.review_submitted page-staff', 'document.changes_requested page-lawyer', 'document.review_submitted page-staff', 'document.approved page-lawyer',
    ]);

    // A step refused by the workflow answers a page, not JSON.
    const twice = await submit(lawyer, url, `${url}/approve`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.headers['content-type']).toMatch(/text\/html/);
  });

  it('says an approved version is out of date once its records change, and compares versions', async () => {
    const v1 = await generate();
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/documents/${v1.id}/approve`, headers: lawyer })).statusCode).toBe(200);
    const incident = (await t.app.inject({ url: `/api/v1/incidents/${INCIDENT}`, headers: staff })).json();
    const { meta: _meta, ...body } = incident;
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/incidents/${INCIDENT}`, headers: staff, payload: { ...body, summary: `${body.summary.replace(/\.\s*$/, '')}. A court fined them the next week.` } });
    expect(put.statusCode, put.body).toBe(200);

    const stale = (await page(`/documents/${v1.id}`, staff)).body;
    expect(stale).toContain('Out of date');
    expect(stale).toMatch(/1 record changed since this version was approved/);
    expect(stale).toContain(`<code>${INCIDENT}</code>`);

    const v2 = await generate();
    const compare = await page(`/documents/${v2.id}/compare?with=${v1.id}`, lawyer);
    expect(compare.body).toMatch(/<ins>[^<]*fined them the next week/);
    expect(compare.body).toContain('unchanged');
    const v2page = (await page(`/documents/${v2.id}`, staff)).body;
    expect(v2page.slice(v2page.indexOf('compare-with'), v2page.indexOf('compare-with') + 600)).toContain(`<option value="${v1.id}">${v1.version} (Approved)</option>`);
    expect((await t.app.inject({ url: `/documents/${v2.id}/compare`, headers: { ...lawyer, accept: 'text/html' } })).statusCode).toBe(422);
  });

  it('lists documents with their review status and author; a filter that matches nothing says so', async () => {
    const list = (await page('/documents', staff)).body;
    expect(list).toContain('<th scope="col">Review</th>');
    expect(list).toContain('<th scope="col">Author</th>');
    expect(list).toContain('page-staff');
    expect(list).toContain('Approved');
    const approvedOnly = (await page('/documents?status=approved', staff)).body;
    expect(approvedOnly).not.toContain('Not submitted for review</td>');
    const none = (await page('/documents?status=in_review&q=no-such-title-anywhere', staff)).body;
    expect(none).toContain('No document matches these filters');
    expect(none).not.toContain('No document has been generated yet');
  });
});
