import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { APPEAL_REQUEST, generatedDocument, odtBytes, PDF_BYTES } from '../../support/interventions.js';

/** Interventions over the API, on a fixed clock: today is 2026-06-15. */

const TODAY = '2026-06-15';
let t: TestAppWithAuth;
let appeal: { id: string; title: string };
let realName: string;

beforeAll(async () => {
  t = await createTestApp({ REPLY_FILE_MAX_BYTES: '4096' }, { clock: () => new Date(`${TODAY}T10:00:00Z`) });
  await loadDemoData(t.database.db);
  appeal = await generatedDocument(t, APPEAL_REQUEST);
  realName = (await t.app.inject({ url: '/api/v1/persons/p-kz-0001' })).json().name;
});
afterAll(async () => t?.close());

const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/interventions', payload });

describe('recording that a document was sent', () => {
  it('refuses a version that is not approved (409) and records nothing', async () => {
    const draft = await generatedDocument(t, { ...APPEAL_REQUEST, format: 'docx', options: { ...APPEAL_REQUEST.options, deadline: '2018-05-01' } }, false);
    const res = await post({ documentId: draft.id, sentOn: '2026-06-01', channel: 'email' });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().message).toMatch(/Only an approved version/);
    expect((await t.app.inject({ url: `/api/v1/interventions?document=${draft.id}` })).json().total).toBe(0);
  });

  it('records an approved appeal: persons, incidents, country and code from the document; addressees from its request; due in 60 days', async () => {
    const res = await post({ documentId: appeal.id, sentOn: '2026-06-01', channel: 'email', reference: 'UA 61/20' });
    expect(res.statusCode, res.body).toBe(201);
    const iv = res.json();
    expect(res.headers.location).toBe(`/api/v1/interventions/${iv.id}`);
    expect(iv).toMatchObject({
      documentId: appeal.id, documentKind: 'urgent-appeal', documentCode: 'KAZ 001/0318/OBS 025', country: 'KZ',
      persons: [{ key: 'p-kz-0001', name: realName, pseudonym: 'Activist A' }, { key: 'p-kz-0002', name: expect.any(String), pseudonym: expect.any(String) }], incidents: expect.arrayContaining(['kz-2018-03-13-almaty-detentions']),
      addressees: [{ id: 1, title: 'President of the Republic of Kazakhstan' }, { id: 2, title: 'Prosecutor General of the Republic of Kazakhstan' }],
      sentOn: '2026-06-01', channel: 'email', reference: 'UA 61/20', replyDue: '2026-07-31',
      status: 'awaiting-reply', overdue: false, daysUntilDue: 46, reply: null, outcome: null,
    });
    expect((await t.app.inject({ url: iv.links.self })).json()).toMatchObject({ id: iv.id, replyDue: '2026-07-31' });
  });

  it('lists every bad field at once: the schema\'s, then the rules\'', async () => {
    const bad = await post({ documentId: 'nope', sentOn: '2026-02-30', channel: 'pigeon', mandates: ['sr-nobody'], colour: 'red' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().problems.map((p: { path: string }) => p.path).sort()).toEqual(['/channel', '/colour', '/documentId', '/mandates/0', '/sentOn']);

    const rules = await post({ documentId: appeal.id, sentOn: '2026-07-01', channel: 'post', addressees: [999], replyDue: '2026-06-20' });
    expect(rules.statusCode).toBe(422);
    expect(rules.json().problems).toEqual([
      { path: '/addressees/0', message: 'unknown addressee id 999 (see /api/v1/addressees)' },
      { path: '/sentOn', message: `must not be in the future (today is ${TODAY})` },
      { path: '/replyDue', message: 'must not be before it was sent (2026-07-01)' },
    ]);
    const none = await post({ documentId: appeal.id, sentOn: '2026-06-01', channel: 'post', addressees: [], mandates: [] });
    expect(none.json().problems).toEqual([{ path: '/mandates', message: expect.stringMatching(/at least one recipient/) }]);
    expect((await post({ documentId: '00000000-0000-4000-8000-000000000000', sentOn: '2026-06-01', channel: 'post' })).statusCode).toBe(404);
  });
});

describe('listing and deadlines', () => {
  let overdueId: number;
  let repliedId: number;
  beforeAll(async () => {
    // Sent to the UN in March: due 60 days later, on 30 April — overdue on 15 June.
    overdueId = (await post({ documentId: appeal.id, sentOn: '2026-03-01', channel: 'portal', mandates: ['sr-defenders'], addressees: [] })).json().id;
    repliedId = (await post({ documentId: appeal.id, sentOn: '2026-02-01', channel: 'post', replyDue: '2026-03-01' })).json().id;
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/interventions/${repliedId}`, payload: { reply: { receivedOn: '2026-02-20', summary: 'The authorities say the detention was lawful.' } } });
    expect(patched.statusCode, patched.body).toBe(200);
  });

  it('overdue=true: no reply, no outcome, deadline passed — judged on the clock\'s today, or on asOf', async () => {
    const overdue = (await t.app.inject({ url: '/api/v1/interventions?overdue=true' })).json();
    expect(overdue.items.map((i: { id: number }) => i.id)).toEqual([overdueId]);
    expect(overdue.items[0]).toMatchObject({ replyDue: '2026-04-30', overdue: true, daysUntilDue: -46, mandates: [{ key: 'sr-defenders', title: 'Special Rapporteur on the situation of human rights defenders' }] });
    // On 1 April nothing was overdue yet.
    expect((await t.app.inject({ url: '/api/v1/interventions?overdue=true&asOf=2026-04-01' })).json().total).toBe(0);
    const notOverdue = (await t.app.inject({ url: '/api/v1/interventions?overdue=false' })).json().items.map((i: { id: number }) => i.id);
    expect(notOverdue).toContain(repliedId);
    expect(notOverdue).not.toContain(overdueId);
  });

  it('filters by status, country and person, with pagination', async () => {
    const replied = (await t.app.inject({ url: '/api/v1/interventions?status=replied' })).json();
    expect(replied.items.map((i: { id: number }) => i.id)).toEqual([repliedId]);
    expect(replied.items[0]).toMatchObject({ status: 'replied', overdue: false, daysUntilDue: null, reply: { receivedOn: '2026-02-20', file: null } });
    expect((await t.app.inject({ url: '/api/v1/interventions?country=KZ' })).json().total).toBe(3);
    expect((await t.app.inject({ url: '/api/v1/interventions?country=KG' })).json().total).toBe(0);
    expect((await t.app.inject({ url: '/api/v1/interventions?person=p-kz-0001' })).json().total).toBe(3);
    expect((await t.app.inject({ url: '/api/v1/interventions?person=p-kz-0005' })).json().total).toBe(0);
    const page = (await t.app.inject({ url: '/api/v1/interventions?limit=1&offset=1' })).json();
    expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.items).toHaveLength(1);
    const bad = await t.app.inject({ url: '/api/v1/interventions?status=lost&overdue=maybe&limit=0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems.map((p: { path: string }) => p.path).sort()).toEqual(['/limit', '/overdue', '/status']);
  });

  it('an outcome closes it; a reply before the sending is refused', async () => {
    const closed = await t.app.inject({ method: 'PATCH', url: `/api/v1/interventions/${overdueId}`, payload: { outcome: 'released', outcomeNote: 'Released on bail on 10 June.' } });
    expect(closed.json()).toMatchObject({ status: 'closed', overdue: false, outcome: 'released', meta: { version: 2 } });
    const early = await t.app.inject({ method: 'PATCH', url: `/api/v1/interventions/${overdueId}`, payload: { reply: { receivedOn: '2026-02-01' }, outcome: 'freed' } });
    expect(early.statusCode).toBe(422);
    expect(early.json().problems.map((p: { path: string }) => p.path)).toEqual(['/outcome']);
    const before = await t.app.inject({ method: 'PATCH', url: `/api/v1/interventions/${overdueId}`, payload: { reply: { receivedOn: '2026-02-01' } } });
    expect(before.json().problems).toEqual([{ path: '/reply/receivedOn', message: 'must not be before it was sent (2026-03-01)' }]);
    expect((await t.app.inject({ url: '/api/v1/interventions?overdue=true' })).json().total).toBe(0);
  });
});

describe('the reply\'s file', () => {
  let id: number;
  beforeAll(async () => {
    id = (await post({ documentId: appeal.id, sentOn: '2026-06-02', channel: 'email' })).json().id;
  });
  const upload = (body: Buffer, type = 'application/pdf', query = '') =>
    t.app.inject({ method: 'PUT', url: `/api/v1/interventions/${id}/reply/file${query}`, headers: { 'content-type': type }, payload: body });

  it('takes a PDF (recorded as received today when no reply was), and gives the same bytes back', async () => {
    const res = await upload(PDF_BYTES, 'application/pdf', '?fileName=Reply%20of%20the%20MFA.pdf');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().reply).toMatchObject({ receivedOn: TODAY, file: { fileName: 'Reply of the MFA.pdf', contentType: 'application/pdf', byteSize: PDF_BYTES.length } });
    const got = await t.app.inject({ url: `/api/v1/interventions/${id}/reply/file` });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe('attachment; filename="Reply of the MFA.pdf"');
    expect(got.rawPayload.equals(PDF_BYTES)).toBe(true);
  });

  it('knows an ODT by its bytes whatever it is called or declared as; replaces the earlier file', async () => {
    const res = await upload(odtBytes(), 'application/octet-stream', '?fileName=reply.pdf');
    expect(res.json().reply.file).toMatchObject({ fileName: 'reply.odt', contentType: 'application/vnd.oasis.opendocument.text' });
  });

  it('knows a real Word document (the appeal\'s own DOCX) by its bytes', async () => {
    const docx = (await t.app.inject({ url: `/api/v1/documents/${appeal.id}/file?format=docx` })).rawPayload;
    const big = await createTestApp({}, { clock: () => new Date(`${TODAY}T10:00:00Z`) });
    try {
      // The appeal's DOCX is larger than this file's 4 KB limit: the default limit (10 MB) takes it.
      await loadDemoData(big.database.db);
      const doc = await generatedDocument(big, APPEAL_REQUEST);
      const sent = (await big.app.inject({ method: 'POST', url: '/api/v1/interventions', payload: { documentId: doc.id, sentOn: '2026-06-01', channel: 'email' } })).json();
      const res = await big.app.inject({
        method: 'PUT', url: `/api/v1/interventions/${sent.id}/reply/file?fileName=answer.docx`, payload: docx,
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().reply.file).toMatchObject({ fileName: 'answer.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', byteSize: docx.length });
    } finally {
      await big.close();
    }
  });

  it('refuses what is not a PDF, DOCX or ODT (a PNG sent as a PDF), an empty file, one over the limit, and JSON', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);
    const refused = await upload(png);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems).toEqual([{ path: '/file', message: 'must be a PDF, a Word document (DOCX) or an OpenDocument text (ODT)' }]);
    expect((await upload(Buffer.alloc(0))).statusCode).toBe(422);
    expect((await upload(Buffer.concat([PDF_BYTES, Buffer.alloc(5000)]))).statusCode).toBe(413);
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/interventions/${id}/reply/file`, payload: { file: 'x' } })).statusCode).toBe(415);
    // The ODT stored before is still there.
    expect((await t.app.inject({ url: `/api/v1/interventions/${id}` })).json().reply.file.contentType).toBe('application/vnd.oasis.opendocument.text');
  });
});

describe('callers without identities:read', () => {
  it('see the person by pseudonym only, and may not download a reply (it names the person)', async () => {
    const key = await t.authenticate({ scopes: ['records:read', 'documents:read'] });
    const list = await t.app.inject({ url: '/api/v1/interventions?person=p-kz-0001', headers: key });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(realName);
    expect(list.body).not.toContain(realName.split(' ')[1]!);
    expect(list.json().items[0].persons[0]).toEqual({ key: 'p-kz-0001', name: 'Activist A', pseudonym: 'Activist A' });
    const withFile = list.json().items.find((i: { reply: { file: unknown } | null }) => i.reply?.file);
    expect((await t.app.inject({ url: withFile.links.replyFile, headers: key })).statusCode).toBe(403);

    const timeline = await t.app.inject({ url: '/api/v1/persons/p-kz-0001/timeline', headers: key });
    expect(timeline.statusCode).toBe(200);
    expect(timeline.body).not.toContain(realName.split(' ')[1]!);
    expect(timeline.json().person).toEqual({ key: 'p-kz-0001', name: 'Activist A', pseudonym: 'Activist A' });
  });

  it('a key that may see identities reads the reply, and the read is audited with the person', async () => {
    const key = await t.authenticate({ scopes: ['records:read', 'documents:read', 'identities:read'] }, 'trusted-reader');
    const list = (await t.app.inject({ url: '/api/v1/interventions?person=p-kz-0001', headers: key })).json();
    const withFile = list.items.find((i: { reply: { file: unknown } | null }) => i.reply?.file);
    expect((await t.app.inject({ url: withFile.links.replyFile, headers: key })).statusCode).toBe(200);
    const admin = await t.authenticate('admin');
    const audit = (await t.app.inject({ url: `/api/v1/audit?actor=trusted-reader&target=intervention:${withFile.id}`, headers: admin })).json().items;
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual(['identities.read', 'intervention.reply_downloaded']);
    expect(audit.find((a: { action: string }) => a.action === 'identities.read').details.persons).toContain('p-kz-0001');
  });
});

describe('a person\'s timeline', () => {
  it('puts the incident, the documents, the sendings and the replies in date order', async () => {
    const res = await t.app.inject({ url: '/api/v1/persons/p-kz-0001/timeline' });
    expect(res.statusCode).toBe(200);
    const events = res.json().events as Array<{ type: string; date: string }>;
    expect(events[0]).toMatchObject({ type: 'incident', date: '2018-03-13', key: 'kz-2018-03-13-almaty-detentions' });
    expect(events.map((e) => e.date)).toEqual([...events.map((e) => e.date)].sort());
    expect(events.filter((e) => e.type === 'document').length).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.type === 'intervention')).toHaveLength(4);
    expect(events.filter((e) => e.type === 'reply').map((e) => e.date)).toEqual(['2026-02-20', TODAY]);
    expect((await t.app.inject({ url: '/api/v1/persons/p-nobody/timeline' })).statusCode).toBe(404);
  });
});

// Last: it adds an intervention of its own.
describe('free text typed into an intervention', () => {
  it('a caller without identities:read sees no name typed into a reply summary, a reference or an outcome: the same pseudonyms as everywhere', async () => {
    const surname = realName.split(' ').at(-1)!;
    const sent = await post({ documentId: appeal.id, sentOn: '2026-06-02', channel: 'email', reference: `UA 62/20 (${surname})` });
    expect(sent.statusCode, sent.body).toBe(201);
    const id = sent.json().id;
    const typed = { reply: { receivedOn: '2026-06-10', summary: `The authorities say ${realName} was released; ${surname}'s lawyer disagrees.` }, outcome: 'released' };
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/interventions/${id}`, payload: typed });
    expect(patched.statusCode, patched.body).toBe(200);
    const key = await t.authenticate({ scopes: ['records:read', 'documents:read'] });
    for (const url of [`/api/v1/interventions/${id}`, '/api/v1/interventions?person=p-kz-0001', '/api/v1/persons/p-kz-0001/timeline']) {
      const res = await t.app.inject({ url, headers: key });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain(surname);
    }
    const one = (await t.app.inject({ url: `/api/v1/interventions/${id}`, headers: key })).json();
    expect(one.reply.summary).toBe("The authorities say Activist A was released; Activist A's lawyer disagrees.");
  });

});
