import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { APPEAL_REQUEST, generatedDocument, PDF_BYTES, UN_REQUEST } from '../../support/interventions.js';
import { formFields, openForm, postForm } from '../web/forms.js';

/** The staff pages of interventions, on a fixed clock: today is 2026-06-15 (a Monday). */

const TODAY = '2026-06-15';
let t: TestAppWithAuth;
let appeal: { id: string };
let draft: { id: string };

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => new Date(`${TODAY}T09:00:00Z`) });
  await loadDemoData(t.database.db);
  appeal = await generatedDocument(t, APPEAL_REQUEST);
  draft = await generatedDocument(t, { ...APPEAL_REQUEST, format: 'docx', options: { ...APPEAL_REQUEST.options, deadline: '2018-05-01' } }, false);
});
afterAll(async () => t?.close());

function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const boundary = '----test-boundary-7d3';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('recording a sending from the document page', () => {
  it('an approved version offers "Record that it was sent"; a draft does not', async () => {
    const page = await t.app.inject({ url: `/documents/${appeal.id}` });
    expect(page.body).toContain(`href="/documents/${appeal.id}/send"`);
    expect(page.body).toContain('Not recorded as sent yet.');
    const unapproved = await t.app.inject({ url: `/documents/${draft.id}` });
    expect(unapproved.body).not.toContain(`/documents/${draft.id}/send"`);
    expect(unapproved.body).toContain('Only an approved version can be recorded as sent.');
  });

  it('the form starts from today and the document\'s addressees, shows every problem, then records and shows the intervention', async () => {
    const form = await t.app.inject({ url: `/documents/${appeal.id}/send` });
    const fields = formFields(form.body, `/documents/${appeal.id}/send`);
    expect(fields).toMatchObject({ sentOn: TODAY, channel: 'email', addressees: ['1', '2'] });
    const session = await openForm(t.app, `/documents/${appeal.id}/send`);

    const bad = await postForm(t.app, `/documents/${appeal.id}/send`, { ...fields, sentOn: '2026-07-01', replyDue: '2026-06-20', channel: '' }, session);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('How it was sent');
    expect(bad.body).toMatch(/is required/);

    const res = await postForm(t.app, `/documents/${appeal.id}/send`, { ...fields, sentOn: '2026-04-01', reference: 'UA 61/20' }, session);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toMatch(/^\/interventions\/\d+\?recorded=1$/);
    const shown = await t.app.inject({ url: res.headers.location as string });
    expect(shown.body).toContain('The sending is recorded. A reply is due by 2026-05-31.');
    expect(shown.body).toContain('President of the Republic of Kazakhstan');
    expect(shown.body).toContain('overdue by 15 days');
    // The document page lists it.
    expect((await t.app.inject({ url: `/documents/${appeal.id}` })).body).toContain('UA 61/20');
  });

  it('an unapproved version is refused even when the form is posted directly', async () => {
    const session = await openForm(t.app, `/documents/${appeal.id}/send`);
    const res = await postForm(t.app, `/documents/${draft.id}/send`, { sentOn: TODAY, channel: 'email', addressees: '1' }, session);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Only an approved version can be recorded as sent');
  });
});

describe('the home page', () => {
  it('lists overdue replies and those due this week, not the later ones', async () => {
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/interventions', payload: { documentId: appeal.id, channel: 'portal', ...payload } });
    await post({ sentOn: '2026-04-20', reference: 'AL KAZ 1/2026' }); // due 19 June: this week
    await post({ sentOn: '2026-06-10', reference: 'AL KAZ 2/2026' }); // due 9 August: later
    const home = await t.app.inject({ url: '/' });
    const section = home.body.slice(home.body.indexOf('id="replies-due"'));
    expect(section).toContain('Replies to chase');
    const overdue = section.slice(section.indexOf('<h3>Overdue</h3>'), section.indexOf('<h3>Due this week</h3>'));
    expect(overdue).toContain('UA 61/20');
    expect(overdue).toContain('overdue by 15 days');
    const week = section.slice(section.indexOf('<h3>Due this week</h3>'), section.indexOf('All interventions'));
    expect(week).toContain('AL KAZ 1/2026');
    expect(week).toContain('2026-06-19 — in 4 days');
    expect(section).not.toContain('AL KAZ 2/2026');
  });
});

describe('the intervention page', () => {
  it('records the reply with its file and the outcome; a file that is no document is refused beside its field', async () => {
    const list = (await t.app.inject({ url: '/api/v1/interventions?overdue=true' })).json();
    const id = list.items[0].id;
    const session = await openForm(t.app, `/interventions/${id}`);
    const fields = { _csrf: session.token, 'reply.receivedOn': '2026-06-12', 'reply.summary': 'The Prosecutor General says the case is under review.', outcome: 'charges-dropped' };

    const bad = await t.app.inject({ method: 'POST', url: `/interventions/${id}`, ...withCookie(multipart(fields, { name: 'reply.pdf', type: 'application/pdf', bytes: Buffer.from('GIF89a not a pdf') }), session.cookie) });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('must be a PDF, a Word document (DOCX) or an OpenDocument text (ODT)');

    const res = await t.app.inject({ method: 'POST', url: `/interventions/${id}`, ...withCookie(multipart(fields, { name: 'reply.pdf', type: 'application/pdf', bytes: PDF_BYTES }), session.cookie) });
    expect(res.statusCode, res.body).toBe(303);
    const page = await t.app.inject({ url: `/interventions/${id}` });
    expect(page.body).toContain('Received 2026-06-12: The Prosecutor General says the case is under review.');
    expect(page.body).toContain(`href="/api/v1/interventions/${id}/reply/file"`);
    expect(page.body).toContain('Charges dropped');
    expect((await t.app.inject({ url: `/api/v1/interventions/${id}/reply/file` })).rawPayload.equals(PDF_BYTES)).toBe(true);
    // No longer overdue on the home page.
    expect((await t.app.inject({ url: '/' })).body).not.toContain('UA 61/20');
  });
});

describe('follow-ups', () => {
  it('an urgent appeal\'s follow-up opens the generate form as "New information" on its code, and generates as its first update', async () => {
    const { items } = (await t.app.inject({ url: `/api/v1/interventions?document=${appeal.id}` })).json();
    const res = await t.app.inject({ url: `/interventions/${items[0].id}/follow-up` });
    expect(res.statusCode).toBe(303);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/generate\/urgent-appeal\?/);
    const query = new URLSearchParams(location.split('?')[1]);
    expect(query.get('options.followsAppeal.code')).toBe('KAZ 001/0318/OBS 025');
    expect(query.getAll('selection.persons')).toEqual(['p-kz-0001']);
    expect(query.getAll('options.addresseeIds.KZ')).toEqual(['1', '2']);

    const form = await t.app.inject({ url: location });
    expect(form.statusCode).toBe(200);
    expect(formFields(form.body, '/generate/urgent-appeal/preview')['options.followsAppeal.code']).toBe('KAZ 001/0318/OBS 025');

    const api = (await t.app.inject({ url: `/api/v1/interventions/${items[0].id}/follow-up` })).json();
    const generated = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: api.request });
    expect(generated.statusCode, generated.body).toBe(201);
    expect(generated.json().fileName).toContain('KAZ-001-0318-OBS-025.1');
  });
});

describe('a UN letter\'s follow-up', () => {
  it('cites the earlier communication\'s reference once the records hold it as a source of its incidents', async () => {
    const letter = await generatedDocument(t, UN_REQUEST);
    const sent = (await t.app.inject({ method: 'POST', url: '/api/v1/interventions', payload: { documentId: letter.id, sentOn: '2026-05-02', channel: 'portal', reference: 'UA KAZ 3/2026' } })).json();
    expect(sent.mandates.map((m: { key: string }) => m.key)).toEqual(['sr-defenders', 'wg-arbitrary-detention']);
    const before = (await t.app.inject({ url: `/api/v1/interventions/${sent.id}/follow-up` })).json();
    expect(before.request).toMatchObject({ kind: 'un-communication', selection: { persons: ['p-kz-0001'] }, options: { variant: 'urgent-appeal', mandates: ['sr-defenders', 'wg-arbitrary-detention'] } });
    expect(before.earlierReference).toEqual({ reference: 'UA KAZ 3/2026', citedBy: [], sources: [] });
    const previewBefore = await t.app.inject({ method: 'POST', url: '/api/v1/documents/preview', payload: before.request });
    expect(previewBefore.body).not.toContain('UA KAZ 3/2026');

    // The intervention page offers to cite it in the records; staff do.
    const page = await t.app.inject({ url: `/interventions/${sent.id}` });
    expect(page.body).toContain('Cite UA KAZ 3/2026 in the case records');
    const session = await openForm(t.app, `/interventions/${sent.id}`);
    const cited = await postForm(t.app, `/interventions/${sent.id}/cite`, {}, session);
    expect(cited.statusCode, cited.body).toBe(303);
    const source = /cited=([a-z0-9-]+)/.exec(cited.headers.location as string)![1]!;
    expect((await t.app.inject({ url: `/api/v1/sources/${source}` })).json()).toMatchObject({ type: 'un-communication', reference: 'UA KAZ 3/2026', reliability: 'A' });
    expect((await t.app.inject({ url: cited.headers.location as string })).body).not.toContain('Cite UA KAZ 3/2026 in the case records');

    const after = (await t.app.inject({ url: `/api/v1/interventions/${sent.id}/follow-up` })).json();
    expect(after.earlierReference.citedBy).toEqual(sent.incidents);
    const preview = await t.app.inject({ method: 'POST', url: '/api/v1/documents/preview', payload: after.request });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('UA KAZ 3/2026');
    // Citing again changes nothing.
    const again = await postForm(t.app, `/interventions/${sent.id}/cite`, {}, session);
    expect(again.headers.location).toBe(`/interventions/${sent.id}?cited=${source}`);
  });
});

describe('a person\'s timeline page', () => {
  it('shows the incident, the documents, the sendings and the reply in date order', async () => {
    const page = await t.app.inject({ url: '/persons/p-kz-0001/timeline' });
    expect(page.statusCode).toBe(200);
    const at = (s: string) => page.body.indexOf(s);
    expect(at('2018-03-13')).toBeGreaterThan(-1);
    expect(at('2018-03-13')).toBeLessThan(at('2026-04-01'));
    expect(at('2026-04-01')).toBeLessThan(at('2026-06-12'));
    expect(page.body).toContain('<strong>Reply</strong>');
    expect(page.body).toContain('(reference UA 61/20)');
    expect((await t.app.inject({ url: '/persons/p-kz-0001' })).body).toContain('href="/persons/p-kz-0001/timeline"');
  });
});

function withCookie(body: { payload: Buffer; headers: Record<string, string> }, cookie: string) {
  return { payload: body.payload, headers: { ...body.headers, cookie } };
}
