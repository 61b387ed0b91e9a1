import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/auth/roles.js';
import { loadIncidentsByKeys } from '../../../src/records/records.repository.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { smallBundle } from '../../support/bundles.js';
import { viewOf } from '../../support/documents.js';
import { formFields, openForm, postForm, type FormSession } from '../web/forms.js';

/**
 * Issue 12, point 6: shared surnames. Aigerim Abenova (fictional) consented to be named in
 * public; her husband Marat Abenov did not. A public appeal about her whose incident text says
 * "the Abenovs" and "Abenov" is previewed with each such name listed (withheld in the text);
 * a final document is refused with one readable problem per name; staff choose whom each
 * means, which stores a new version of the incident, and the appeal is then made.
 */

const INCIDENT = 'kz-2018-03-13-detention';
const SUMMARY = 'Police detained Aigerim Abenova at home; the Abenovs’ flat was searched and Abenov was questioned.';
const never = /Marat|Journalist H/;

function bundle() {
  const b = smallBundle();
  const base = { sex: 'female', birthYear: null, occupation: 'activist', affiliation: null, risk: 'high' };
  b.persons.push(
    { ...base, key: 'p-ab-0001', kind: 'individual', name: 'Aigerim Abenova', nameNative: 'Айгерим Абенова', pseudonym: 'Activist W', consent: { unSubmission: true, publicNaming: true, stateTransmission: true } },
    { ...base, key: 'p-ab-0002', kind: 'individual', sex: 'male', name: 'Marat Abenov', nameNative: 'Марат Абенов', pseudonym: 'Journalist H', consent: { unSubmission: false, publicNaming: false, stateTransmission: false } },
  );
  b.incidents[0]!.victims = ['p-ab-0001'];
  b.incidents[0]!.summary = SUMMARY;
  return b;
}

const REQUEST = {
  kind: 'urgent-appeal', format: 'pdf', selection: { incidents: [INCIDENT] },
  options: { appealCode: 'KAZ 001/0318/OBS 025', addressees: [{ title: 'President of the Republic of Kazakhstan' }] },
};

let t: TestAppWithAuth;
let named: Record<string, string>;
let pseudonymous: Record<string, string>;
let session: FormSession;

beforeAll(async () => {
  t = await createTestApp({ GENERATE_RATE_LIMIT_PER_MINUTE: '1000' });
  named = await t.authenticate({ scopes: [...SCOPES] }, 'trusted-service');
  pseudonymous = await t.authenticate({ scopes: SCOPES.filter((s) => s !== 'identities:read') }, 'pseudonymous-service');
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: named, payload: bundle() as object });
  expect(res.statusCode, res.body).toBe(201);
  session = await openForm(t.app, '/generate/urgent-appeal');
});
afterAll(async () => t?.close());

const summary = async () => (await loadIncidentsByKeys(t.database.db, [INCIDENT]))[0]!;
const previewJson = (headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/documents/preview', headers: { ...headers, accept: 'application/json' }, payload: REQUEST });

/** The preview page for the appeal, as staff get it from the form. */
async function previewPage() {
  const form = (await t.app.inject({ url: '/generate/urgent-appeal' })).body;
  const fields = formFields(form, '/generate/urgent-appeal/preview');
  delete fields._csrf;
  Object.assign(fields, { 'selection.incidents': INCIDENT, 'options.appealCode': REQUEST.options.appealCode, 'options.addressees': 'President of the Republic of Kazakhstan', format: 'pdf' });
  return postForm(t.app, '/generate/urgent-appeal/preview', fields, session);
}

/** The fields of the n-th choice form on a preview page, and the person keys its buttons offer. */
function choiceForm(html: string, n = 0) {
  const forms = [...html.matchAll(/<form method="post" action="\/generate\/urgent-appeal\/mention"[\s\S]*?<\/form>/g)].map((m) => m[0]);
  const form = forms[n];
  if (!form) throw new Error(`no choice form ${n} on the page`);
  const fields = formFields(form, '/generate/urgent-appeal/mention');
  delete fields._csrf;
  const buttons = [...form.matchAll(/<button type="submit" name="person" value="([^"]+)">([^<]*)<\/button>/g)].map((m) => ({ key: m[1]!, label: m[2]! }));
  return { fields, buttons };
}

describe('a typed name that may be the consenting wife or her protected husband', () => {
  it('the preview (JSON) lists each with its pointer and candidates; the text withholds it, never as his pseudonym', async () => {
    const res = await previewJson(named);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.ambiguities).toMatchObject([
      { path: `/incidents/${INCIDENT}/summary`, collection: 'incidents', key: INCIDENT, field: '/summary', text: 'Abenovs', occurrence: 1, blocking: true, candidateCount: 2 },
      { path: `/incidents/${INCIDENT}/summary`, text: 'Abenov', occurrence: 1, candidateCount: 2 },
    ]);
    expect(body.ambiguities[0].candidates).toEqual([
      { key: 'p-ab-0001', name: 'Aigerim Abenova', named: true },
      { key: 'p-ab-0002', name: 'Marat Abenov', named: false },
    ]);
    expect(body.html).toContain('Aigerim Abenova');
    expect(body.html).toContain('[name withheld]');
    expect(body.html).not.toMatch(never);
    // Without Accept: application/json, the preview is the HTML as before.
    const html = await t.app.inject({ method: 'POST', url: '/api/v1/documents/preview', headers: named, payload: REQUEST });
    expect(html.headers['content-type']).toMatch(/^text\/html/);
  });

  it('a caller without identities:read learns where, never what was typed or whom it may be', async () => {
    const res = await previewJson(pseudonymous);
    expect(res.statusCode, res.body).toBe(200);
    const { ambiguities } = res.json();
    expect(ambiguities).toHaveLength(2);
    expect(ambiguities[0]).toEqual({
      path: `/incidents/${INCIDENT}/summary`, collection: 'incidents', key: INCIDENT, field: '/summary', occurrence: 1, blocking: true, candidateCount: 2,
      message: 'A name typed here may refer to more than one person on record; it needs review by a colleague who may see identities.',
    });
    expect(res.body).not.toMatch(/Abenovs|Abenov\b|p-ab-0002/);
    expect(res.body).not.toMatch(never);
  });

  it('a final document is refused (422): one readable problem per name, at its pointer, naming no pseudonym', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: named, payload: REQUEST });
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    expect(body.message).toMatch(/^2 names typed in the selected records may refer to more than one person on record/);
    expect(body.problems).toEqual([
      { path: `/incidents/${INCIDENT}/summary`, message: '“Abenovs” may name either of two persons on record; make it a mention of the person meant, or rewrite it.' },
      { path: `/incidents/${INCIDENT}/summary`, message: '“Abenov” may name either of two persons on record; make it a mention of the person meant, or rewrite it.' },
    ]);
    expect(res.body).not.toMatch(never);
    // Without identities:read the typed names are withheld from the refusal too.
    const shaped = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: pseudonymous, payload: REQUEST });
    expect(shaped.statusCode).toBe(422);
    expect(shaped.json().problems[0]).toEqual({ path: `/incidents/${INCIDENT}/summary`, message: '“[name withheld]” may name either of two persons on record; make it a mention of the person meant, or rewrite it.' });
    expect(shaped.body).not.toMatch(/Abenov|Activist W/);
    expect(shaped.body).not.toMatch(never);
    // A draft is made (the names withheld in it).
    const draft = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: named, payload: { ...REQUEST, draft: true } });
    expect(draft.statusCode, draft.body).toBe(201);
  });

  it('the staff pages: generating lists each name with a link to fix its record', async () => {
    const res = await postForm(t.app, '/generate/urgent-appeal', { request: JSON.stringify(REQUEST) }, session);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Names that may refer to more than one person');
    expect(res.body).toContain(`Incident ${INCIDENT}, summary: “Abenovs” may name either of two persons on record`);
    expect(res.body).toContain(`<a href="/incidents/${INCIDENT}/edit#f-summary">edit the record</a>`);
  });

  it('a choice made on a stale preview (the record was edited meanwhile) is refused with 409 and changes nothing', async () => {
    const page = await previewPage();
    expect(page.statusCode).toBe(200);
    const { fields } = choiceForm(page.body);
    const edited = { ...(await t.app.inject({ url: `/api/v1/incidents/${INCIDENT}`, headers: named })).json() };
    delete edited.meta;
    edited.summary = `On 13 March 2018, ${edited.summary}`; // as stored: her name a mention since the import
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/incidents/${INCIDENT}`, headers: named, payload: edited });
    expect(put.statusCode, put.body).toBe(200);
    const before = await summary();
    const res = await postForm(t.app, '/generate/urgent-appeal/mention', { ...fields, person: 'p-ab-0001' }, session);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('The record changed since this preview, so nothing was saved. Preview again');
    expect(await summary()).toEqual(before);
  });

  it('staff choose whom each name means: new versions, audited; then the appeal is made and prints their choice', async () => {
    const page = await previewPage();
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2 names need a decision');
    expect(/<blockquote class="ambiguity-context">[\s\S]*?<\/blockquote>/.exec(page.body)?.[0]).toMatch(/<blockquote class="ambiguity-context">[^<]*Police detained <span class="mention"[^>]*>Aigerim Abenova<\/span> at home; the <mark>Abenovs<\/mark>’ flat/);
    const first = choiceForm(page.body, 0);
    expect(first.buttons).toEqual([{ key: 'p-ab-0001', label: 'Mention of Aigerim Abenova' }, { key: 'p-ab-0002', label: 'Mention of Marat Abenov' }]);
    expect(page.body).toContain('Rewrite in the record');
    const version = (await summary()).meta.version;

    const wife = await postForm(t.app, '/generate/urgent-appeal/mention', { ...first.fields, person: 'p-ab-0001' }, session);
    expect(wife.statusCode, wife.body.slice(0, 2000)).toBe(200);
    expect(wife.body).toContain(`Saved: the incident ${INCIDENT} now mentions the person chosen (version ${version + 1})`);
    expect(wife.body).toContain('1 name needs a decision');
    expect((await summary()).summary).toBe('On 13 March 2018, Police detained [[person:p-ab-0001]] at home; [[person:p-ab-0001]]’s flat was searched and Abenov was questioned.');

    const husband = await postForm(t.app, '/generate/urgent-appeal/mention', { ...choiceForm(wife.body, 0).fields, person: 'p-ab-0002' }, session);
    expect(husband.statusCode).toBe(200);
    expect(husband.body).not.toContain('needs a decision');
    const stored = await summary();
    expect(stored.summary).toContain('[[person:p-ab-0002]] was questioned');
    expect(stored.meta.version).toBe(version + 2);

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'target', 'details']).where('action', '=', 'record.replaced').where('target', '=', `incident:${INCIDENT}`).execute();
    const viaPreview = audit.map((r) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details)).filter((d) => d?.via === 'preview');
    expect(viaPreview).toEqual([
      { version: version + 1, via: 'preview', field: '/summary', mention: 'p-ab-0001' },
      { version: version + 2, via: 'preview', field: '/summary', mention: 'p-ab-0002' },
    ]);

    const made = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: named, payload: REQUEST });
    expect(made.statusCode, made.body).toBe(201);
    const file = await t.app.inject({ url: made.json().links.file, headers: named });
    const text = (await viewOf(file.rawPayload, 'pdf')).body.replace(/\s+/g, ' ');
    expect(text).toContain('Aigerim Abenova’s flat was searched and Journalist H was questioned');
    expect(text).not.toContain('Marat');
  });

  it('a choice of somebody the typed name cannot mean is refused', async () => {
    await t.app.inject({ method: 'PUT', url: `/api/v1/incidents/${INCIDENT}`, headers: named, payload: { ...(await incidentBody()), summary: SUMMARY } });
    const { fields } = choiceForm((await previewPage()).body);
    const res = await postForm(t.app, '/generate/urgent-appeal/mention', { ...fields, person: 'p-named' }, session);
    expect(res.statusCode).toBe(422);
    expect((await summary()).summary).toBe(SUMMARY);
  });
});

async function incidentBody() {
  const body = (await t.app.inject({ url: `/api/v1/incidents/${INCIDENT}`, headers: named })).json();
  delete body.meta;
  return body;
}
