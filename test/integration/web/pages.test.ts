import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createRenderer } from '../../../src/documents/workers/render-pool.js';
import { loadIncidentsByKeys, loadPersonsByKeys } from '../../../src/records/records.repository.js';
import { webRoutes } from '../../../src/web/index.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { createTestDatabase } from '../../support/database.js';
import { formFields, openForm, postForm, type FormSession } from './forms.js';

let t: TestApp;
let session: FormSession;
beforeAll(async () => {
  t = await createTestApp();
  await loadDemoData(t.database.db);
  session = await openForm(t.app, '/persons/new');
});
afterAll(async () => t?.close());

/** The error shown beside a field, by the field's name (ids are f-<name> with dots as dashes). */
function errorBeside(body: string, name: string): string | null {
  const id = `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const m = new RegExp(`<p class="field-error" id="${id}-error"><span class="visually-hidden">Error: </span>([^<]*)</p>`).exec(body);
  return m ? m[1]! : null;
}

describe('record forms', () => {
  it('puts each person-form problem beside its field, keeps the input, and writes nothing', async () => {
    const res = await postForm(t.app, '/persons', {
      kind: 'individual', name: 'Aigerim Nurlanovna', pseudonym: '', birthYear: 'nineteen-eighty', occupation: 'journalist',
      'consent.publicNaming': 'on',
    }, session);
    expect(res.statusCode).toBe(422);
    expect(errorBeside(res.body, 'pseudonym')).toBe('Pseudonym: must not be empty');
    expect(errorBeside(res.body, 'birthYear')).toMatch(/^Year of birth: must be a number/);
    expect(res.body).toMatch(/<input type="text" id="f-birthYear" name="birthYear" value="nineteen-eighty"[^>]*aria-describedby="f-birthYear-error"/);
    expect(res.body).toContain('value="Aigerim Nurlanovna"');
    expect(res.body).toMatch(/id="f-consent-publicNaming" name="consent.publicNaming" value="on" checked/);
    expect(await loadPersonsByKeys(t.database.db, ['p-aigerim-nurlanovna'])).toEqual([]);
  });

  it('makes a new person\'s key opaque (p-xx-0001), never from the real name; a typed key that spells a name is refused', async () => {
    const res = await postForm(t.app, '/persons', {
      kind: 'individual', name: 'Aigerim Nurlanovna', pseudonym: 'Journalist Z', 'consent.unSubmission': 'on',
    }, session);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/persons\/p-xx-\d{4}\?saved=1$/);
    const key = /\/persons\/([^?]+)/.exec(res.headers.location as string)![1]!;
    const [person] = await loadPersonsByKeys(t.database.db, [key]);
    expect(person?.consent).toEqual({ unSubmission: true, publicNaming: false, stateTransmission: false, unPublicReport: false });
    const page = (await t.app.inject({ url: `/persons/${key}` })).body;
    expect(page).toContain('May be named in a submission to the UN');
    expect(page).toContain('May be named in public documents such as briefings and urgent appeals');
    expect(page).toContain('Knows the UN will transmit the case to the State');
    expect(page).toMatch(/briefings and urgent appeals call them <strong>Journalist Z<\/strong>/);
    const refused = await postForm(t.app, '/persons', {
      key: 'p-aigerim-nurlanovna', kind: 'individual', name: 'Aigerim Nurlanovna', pseudonym: 'Journalist Y',
    }, session);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('spells a person');
  });

  it('edits an incident: the key comes from the address, the version goes up, the links are kept', async () => {
    const key = 'kz-2018-03-15-journalist-questioning';
    const form = (await t.app.inject({ url: `/incidents/${key}/edit` })).body;
    const body = formFields(form, `/incidents/${key}`);
    delete body._csrf;
    // Sent back unchanged, the form changes nothing (not even the order of the ticked boxes).
    const unchanged = await postForm(t.app, `/incidents/${key}`, body, session);
    expect(unchanged.statusCode).toBe(303);
    expect((await loadIncidentsByKeys(t.database.db, [key]))[0]!.meta.version).toBe(1);

    body.summary = 'On 15 March 2018 the blogger was questioned again for six hours.';
    body.key = 'kz-somebody-else';
    const before = (await loadIncidentsByKeys(t.database.db, [key]))[0]!;

    const res = await postForm(t.app, `/incidents/${key}`, body, session);
    expect(res.statusCode, /error-summary[\s\S]*?<\/ul>/.exec(res.body)?.[0]).toBe(303);
    expect(res.headers.location).toBe(`/incidents/${key}?saved=1`);
    const after = (await loadIncidentsByKeys(t.database.db, [key]))[0]!;
    expect(after.summary).toBe(body.summary);
    expect(after.meta.version).toBe(before.meta.version + 1);
    expect(after.victims).toEqual(before.victims);
    expect(after.sources).toEqual(before.sources);
    expect(after.rights).toEqual(before.rights);
    expect(await loadIncidentsByKeys(t.database.db, ['kz-somebody-else'])).toEqual([]);
  });

  it('edits an incident\'s translations side by side, keeping those the form does not show', async () => {
    const key = 'kz-2018-03-15-journalist-home-search';
    const form = (await t.app.inject({ url: `/incidents/${key}/edit` })).body;
    expect(form).toContain('Translations (optional)');
    const body = formFields(form, `/incidents/${key}`);
    delete body._csrf;
    expect(body['translations.fr.title']).toBe('La police perquisitionne le domicile de la blogueuse [[person:p-kz-0019]] à Chymkent');
    body['translations.es.summary'] = 'El 15 de marzo de 2018 la policía registró la vivienda de [[person:p-kz-0019]] en Shymkent.';
    body['translations.ru.title'] = '';
    const res = await postForm(t.app, `/incidents/${key}`, body, session);
    expect(res.statusCode, /error-summary[\s\S]*?<\/ul>/.exec(res.body)?.[0]).toBe(303);
    const after = (await loadIncidentsByKeys(t.database.db, [key]))[0]!;
    expect(after.translations?.es?.summary).toBe(body['translations.es.summary']);
    // Emptied in the form: gone; not on the form (the legal basis, item by item): kept.
    expect(after.translations?.ru?.title).toBeUndefined();
    expect(after.translations?.ru?.legalBasis).toEqual(['Уголовный кодекс, статья 174: возбуждение социальной розни']);
    expect(after.translations?.fr?.perpetrators?.[0]?.description).toBe('police de Chymkent');
  });

  it('refuses an unknown source on an incident beside that source row', async () => {
    const res = await postForm(t.app, '/incidents', {
      title: 'A test incident', date: '2018-03-01', dateAccuracy: 'exact', 'country.code': 'KZ', 'location.place': 'Almaty',
      rights: 'expression', summary: 'Something happened.', status: 'ongoing',
      'sources.0.source': 's-kibhr-2018-03-13', 'sources.0.credibility': '2',
      'sources.3.source': 's-does-not-exist', 'sources.3.credibility': '9',
    }, session);
    expect(res.statusCode).toBe(422);
    // Rows are renumbered: the second filled row is row 1 on the redrawn form.
    expect(errorBeside(res.body, 'sources.1.credibility')).toBe('Source 2, credibility: must be from 1 to 6');
    expect(res.body).toMatch(/<option value="2" selected>/);
  });

  it('shows a bad list filter beside its field with 400, and filters by right', async () => {
    const bad = await t.app.inject({ url: '/incidents?from=2018-13-01' });
    expect(bad.statusCode).toBe(400);
    expect(errorBeside(bad.body, 'from')).toMatch(/^From: must be a real date/);
    const assembly = await t.app.inject({ url: '/incidents?right=peaceful-assembly&country=KZ' });
    expect(assembly.statusCode).toBe(200);
    expect(assembly.body).toContain('Nowruz');
    expect(assembly.body).not.toContain('Khalabuzar');
  });
});

describe('generate forms', () => {
  it('puts request problems beside the option fields, addressees by line', async () => {
    const res = await postForm(t.app, '/generate/urgent-appeal/preview', {
      'selection.persons': 'p-kz-0001', 'options.appealCode': 'KAZ-1'.repeat(9), format: 'pdf',
      'options.addressees': 'President of Kazakhstan\nProsecutor General | | | not-an-email',
    }, session);
    expect(res.statusCode).toBe(422);
    expect(errorBeside(res.body, 'options.appealCode')).toContain('must be at most 40 characters');
    expect(errorBeside(res.body, 'options.addressees')).toMatch(/^Addressees, line 2: must be an e-mail address/);
    expect(res.body).toContain(`value="${'KAZ-1'.repeat(9)}"`);
  });

  it('says which records field to fill when nothing is selected', async () => {
    const res = await postForm(t.app, '/generate/eu-briefing/preview', { format: 'pdf' }, session);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p class="field-error" id="f-selection-error">Records: choose a country');
  });

  it('generates a stored version and regenerates a second version of the same series', async () => {
    const preview = await postForm(t.app, '/generate/urgent-appeal/preview', {
      'selection.persons': 'p-kz-0001', 'options.appealCode': 'KAZ 001/0318/OBS 025', format: 'docx',
    }, session);
    expect(preview.statusCode).toBe(200);
    const request = /<input type="hidden" name="request" value="([^"]+)">/.exec(preview.body)?.[1];
    expect(request).toBeDefined();
    const generated = await postForm(t.app, '/generate/urgent-appeal', { request: unescape(request!) }, session);
    expect(generated.statusCode).toBe(303);
    const docPage = generated.headers.location!.replace(/\?.*$/, '');
    const regenerated = await postForm(t.app, `${docPage}/regenerate`, {}, session);
    expect(regenerated.statusCode).toBe(303);
    const page = (await t.app.inject({ url: regenerated.headers.location! })).body;
    expect(page).toContain('stored as version 2');
    expect(page.match(/\/api\/v1\/documents\/[0-9a-f-]{36}\/file/g)?.length).toBeGreaterThanOrEqual(3);
  });
});

describe('bundle upload', () => {
  it('says beside the file field when the file is not JSON', async () => {
    const boundary = '----upload';
    const res = await t.app.inject({
      method: 'POST', url: '/bundles',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: session.cookie },
      payload: [
        `--${boundary}`, 'Content-Disposition: form-data; name="_csrf"', '', session.token,
        `--${boundary}`, 'Content-Disposition: form-data; name="bundle"; filename="b.json"', 'Content-Type: application/json', '', '{"bundleVersion": 1,',
        `--${boundary}--`, '',
      ].join('\r\n'),
    });
    expect(res.statusCode).toBe(422);
    expect(errorBeside(res.body, 'bundle')).toMatch(/^Bundle file: is not valid JSON/);
  });
});

describe('the signed-in area of the layout', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    // A bare instance with a hook standing in for authentication (another module sets request.user).
    const database = await createTestDatabase();
    app = Fastify();
    app.decorate('db', database.db);
    app.decorate('renderer', createRenderer(0));
    app.decorate('clock', () => new Date());
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request) => {
      if (request.headers['x-test-user']) {
        (request as unknown as { user: unknown }).user = { id: 7, name: String(request.headers['x-test-user']), role: 'staff' };
      }
    });
    await app.register(webRoutes, { config: loadConfig({ DEMO_DATA: 'off' }) });
    await app.ready();
    close = async () => {
      await app.close();
      await database.close();
    };
  });
  afterAll(async () => close?.());

  it('shows who is signed in, with a sign-out form carrying a token', async () => {
    const res = await app.inject({ url: '/', headers: { 'x-test-user': 'Aigerim <Staff>' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Signed in as <strong>Aigerim &lt;Staff&gt;</strong>');
    expect(res.body).toMatch(/<form class="account" method="post" action="\/logout">[\s\S]*name="_csrf" value="[^"]+"[\s\S]*Sign out/);
  });

  it('shows no account area when nobody is signed in', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('Signed in as');
  });
});

/** Undoes Handlebars' escaping of an attribute value. */
function unescape(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('document languages in the pages', () => {
  it('offers the language in the generate form, and the preview and the document list show it', async () => {
    const form = (await t.app.inject({ url: '/generate/urgent-appeal' })).body;
    expect(form).toMatch(/<select[^>]*name="language"/);
    for (const name of ['English', 'French', 'Spanish', 'Russian']) expect(form).toContain(`>${name}</option>`);
    const fields = {
      'selection.persons': 'p-kz-0001', 'options.appealCode': 'KAZ 009/0318/OBS 001', language: 'fr', format: 'pdf',
    };
    const preview = await postForm(t.app, '/generate/urgent-appeal/preview', fields, session);
    expect(preview.statusCode, /error-summary[\s\S]*?<\/ul>/.exec(preview.body)?.[0]).toBe(200);
    expect(preview.body).toContain('— French</h2>');
    expect(preview.body).toContain('Description de la situation');
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: { kind: 'urgent-appeal', language: 'ru', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 010/0318/OBS 001' } } });
    expect(api.statusCode, api.body).toBe(201);
    const list = (await t.app.inject({ url: '/documents' })).body;
    expect(list).toContain('<th scope="col">Language</th>');
    expect(list).toMatch(/<td>Russian<\/td>/);
  });
});
