import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGO_URL } from '../../../src/demo/seed.js';
import { getOrganisationProfile } from '../../../src/records/organisation-profile.repository.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { openForm, postForm, type FormSession } from './forms.js';

/** The admin's page for the organisation profile (issue 13, point 1): the same checks as the API, beside each field. */

let t: TestAppWithAuth;
let session: FormSession;
beforeAll(async () => {
  t = await createTestApp({}, { actor: 'admin' });
  session = await openForm(t.app, '/admin/organisation');
});
afterAll(async () => t?.close());

function errorBeside(body: string, name: string): string | null {
  const id = `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const m = new RegExp(`<p class="field-error" id="${id}-error"><span class="visually-hidden">Error: </span>([^<]*)</p>`).exec(body);
  return m ? m[1]! : null;
}

function multipart(fields: Record<string, string>, logo: { name: string; type: string; bytes: Buffer }) {
  const boundary = '----organisation';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="${logo.name}"\r\nContent-Type: ${logo.type}\r\n\r\n`), logo.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: session.cookie }, payload: Buffer.concat(parts) };
}

describe('/admin/organisation', () => {
  it('shows each problem beside its field, keeps the input and saves nothing', async () => {
    const res = await postForm(t.app, '/admin/organisation', { name: '', email: 'nobody', website: 'steppe-rights', 'signatory.name': 'Marat Yesenov' }, session);
    expect(res.statusCode).toBe(422);
    expect(errorBeside(res.body, 'name')).toBe('Name: must not be empty');
    expect(errorBeside(res.body, 'email')).toBe('E-mail: must be an e-mail address');
    expect(errorBeside(res.body, 'website')).toMatch(/^Website: must be a web address/);
    expect(errorBeside(res.body, 'signatory.title')).toMatch(/^Signatory: title: must not be empty/);
    expect(res.body).toContain('value="Marat Yesenov"');
    expect(await getOrganisationProfile(t.app.db)).toBeNull();
  });

  it('refuses an SVG logo beside the logo field, whatever its name says', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
    const res = await t.app.inject({ method: 'POST', url: '/admin/organisation', ...multipart({ _csrf: session.token, name: 'Steppe Rights Monitor' }, { name: 'logo.png', type: 'image/png', bytes: svg }) });
    expect(res.statusCode).toBe(422);
    expect(errorBeside(res.body, 'logo')).toMatch(/^Logo: is an SVG image: SVG logos are not accepted/);
    expect(await getOrganisationProfile(t.app.db)).toBeNull();
  });

  it('saves the profile with an uploaded PNG logo, and shows it back', async () => {
    const png = await readFile(DEMO_LOGO_URL);
    const res = await t.app.inject({
      method: 'POST', url: '/admin/organisation',
      ...multipart({ _csrf: session.token, name: 'Steppe Rights Monitor', email: 'appeals@steppe-rights.example', 'signatory.name': 'Marat Yesenov', 'signatory.title': 'Director of Monitoring' }, { name: 'logo.png', type: 'image/png', bytes: png }),
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/admin/organisation?saved=1');
    const saved = await getOrganisationProfile(t.app.db);
    expect(saved).toMatchObject({ name: 'Steppe Rights Monitor', signatory: { name: 'Marat Yesenov', title: 'Director of Monitoring' }, confidentialityRequest: false, logo: { width: 192, height: 192 } });
    const page = await t.app.inject({ url: '/admin/organisation?saved=1' });
    expect(page.body).toContain('Saved. Documents generated from now on carry this letterhead and signatory.');
    expect(page.body).toMatch(/<img class="logo-current" src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="The current logo" width="192" height="192">/);
    expect(page.body).toContain('value="Steppe Rights Monitor"');
  });

  it('is for admins only', async () => {
    const staff = await t.authenticate('staff');
    expect((await t.app.inject({ url: '/admin/organisation', headers: staff })).statusCode).toBe(403);
  });
});
