import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { openForm, postForm, type FormSession } from '../web/forms.js';

/** The address book: the API (bundle-free, by id), its scopes, and the staff pages. */

let t: TestAppWithAuth;
let session: FormSession;
beforeAll(async () => {
  t = await createTestApp();
  await loadDemoData(t.database.db);
  session = await openForm(t.app, '/addressees/new');
});
afterAll(async () => t?.close());

const ombudsman = {
  country: 'KG', title: 'Ombudsperson of the Kyrgyz Republic', name: 'Aida Temirkulova',
  postalAddress: '60 Erkindik Boulevard\nBishkek 720040\nKyrgyzstan', email: 'office@ombudsman.example', fax: '+996 312 00 00 00',
  salutation: 'Dear Ombudsperson', language: 'Kyrgyz, Russian',
};

describe('address book API', () => {
  it('holds the demo authorities of Kazakhstan, by country', async () => {
    const res = await t.app.inject({ url: '/api/v1/addressees?country=KZ' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((a: { title: string }) => a.title)).toEqual([
      'President of the Republic of Kazakhstan', 'Prosecutor General of the Republic of Kazakhstan',
      'Minister of Internal Affairs of the Republic of Kazakhstan', 'Commissioner for Human Rights in the Republic of Kazakhstan',
    ]);
  });

  it('creates, reads, replaces and deletes an addressee by id', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/addressees', payload: ombudsman });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    expect(created.headers.location).toBe(`/api/v1/addressees/${id}`);
    expect((await t.app.inject({ url: `/api/v1/addressees/${id}` })).json()).toMatchObject({ ...ombudsman, id, meta: { version: 1 } });
    const replaced = await t.app.inject({ method: 'PUT', url: `/api/v1/addressees/${id}`, payload: { ...ombudsman, name: null } });
    expect(replaced.json()).toMatchObject({ name: null, meta: { version: 2 } });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/addressees/${id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/addressees/${id}` })).statusCode).toBe(404);
  });

  it('answers 422 listing every bad field', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/addressees',
      payload: { country: 'Kazakhstan', title: ' ', email: 'nobody', fax: 'call me', salutation: 'x'.repeat(201), colour: 'red' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems.map((p: { path: string }) => p.path).sort()).toEqual(['/colour', '/country', '/email', '/fax', '/salutation', '/title']);
  });

  it('lets only record writers change it, and record readers read it', async () => {
    const reader = await t.authenticate({ scopes: ['records:read'] });
    const writer = await t.authenticate({ scopes: ['records:write', 'identities:read'] });
    expect((await t.app.inject({ url: '/api/v1/addressees', headers: reader })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/addressees', payload: ombudsman, headers: reader })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/addressees', payload: ombudsman, headers: writer })).statusCode).toBe(201);
    const lawyer = await t.authenticate('lawyer');
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/addressees/1', headers: lawyer })).statusCode).toBe(403);
  });
});

describe('address book pages', () => {
  it('adds an addressee through the form, shows the errors beside their fields, and edits it', async () => {
    const bad = await postForm(t.app, '/addressees', { country: 'KZ', title: '', email: 'nobody' }, session);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Title: must not be empty');
    expect(bad.body).toContain('E-mail: must be an e-mail address');
    const saved = await postForm(t.app, '/addressees', {
      country: 'KZ', title: 'Minister of Justice of the Republic of Kazakhstan', postalAddress: '8 Mangilik El Avenue\nAstana', salutation: 'Dear Minister',
    }, session);
    expect(saved.statusCode).toBe(303);
    const at = String(saved.headers.location).replace(/\?.*$/, '');
    const detail = await t.app.inject({ url: at });
    expect(detail.body).toContain('Minister of Justice of the Republic of Kazakhstan');
    expect(detail.body).toContain('8 Mangilik El Avenue<br>Astana');
    const edited = await postForm(t.app, at, {
      country: 'KZ', title: 'Minister of Justice of the Republic of Kazakhstan', salutation: 'Dear Minister of Justice',
    }, session);
    expect(edited.statusCode).toBe(303);
    expect((await t.app.inject({ url: at })).body).toContain('Dear Minister of Justice');
    const list = await t.app.inject({ url: '/addressees?country=KZ' });
    expect(list.body).toContain('Minister of Justice of the Republic of Kazakhstan');
  });

  it('offers the address book in the urgent-appeal form, one group of checkboxes per country', async () => {
    const form = await t.app.inject({ url: '/generate/urgent-appeal' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Write to the authorities of Kazakhstan');
    expect(form.body).toMatch(/name="options\.addresseeIds\.KZ" value="\d+"/);
  });

  it('prints the ticked addressees in the preview', async () => {
    const president = (await t.app.inject({ url: '/api/v1/addressees?country=KZ' })).json().items[0];
    const res = await postForm(t.app, '/generate/urgent-appeal/preview', {
      'selection.persons': 'p-kz-0001', 'options.appealCode': 'UA 61/20', format: 'pdf', 'options.addresseeIds.KZ': String(president.id),
    }, session);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.body).toContain('Akorda Presidential Residence<br>');
    expect(res.body).toContain('Salutation: Dear President');
  });
});
