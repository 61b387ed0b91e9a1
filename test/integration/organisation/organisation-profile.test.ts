import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGO_URL, DEMO_PROFILE, loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { pdfInfo, pdfPageText, readDocx, squash, xmlToText } from '../../support/extract.js';
import { viewOf } from '../../support/documents.js';

/**
 * Issue 13, point 1: the organisation profile is the sender of every document — a letterhead
 * (logo, name, contact) in the text of DOCX, PDF and the preview, the files' author, the
 * signature at the end of letters — replaced only by an admin, with every defect listed.
 */

let t: TestAppWithAuth;
let admin: Record<string, string>;
let logo: Buffer;

const profile = () => ({
  name: DEMO_PROFILE.name,
  acronym: DEMO_PROFILE.acronym,
  postalAddress: DEMO_PROFILE.postalAddress,
  email: DEMO_PROFILE.email,
  phone: DEMO_PROFILE.phone,
  website: DEMO_PROFILE.website,
  signatory: DEMO_PROFILE.signatory,
  confidentialityRequest: false,
  appealCodeScheme: DEMO_PROFILE.appealCodeScheme,
  logo: logo.toString('base64'),
});

const put = (body: unknown, headers = admin) => t.app.inject({ method: 'PUT', url: '/api/v1/organisation-profile', headers, payload: body as object });

const unLetter = (extra: Record<string, unknown> = {}) => ({
  kind: 'un-communication', format: 'pdf', selection: { country: 'KZ', from: '2018-03-01', to: '2018-03-15' },
  options: { variant: 'allegation-letter', mandates: ['sr-expression'], ...extra },
});

beforeAll(async () => {
  t = await createTestApp({}, { actor: null });
  admin = await t.authenticate('admin');
  logo = await readFile(DEMO_LOGO_URL);
  await loadDemoData(t.app.db);
});
afterAll(async () => t?.close());

describe('GET/PUT /api/v1/organisation-profile', () => {
  it('is absent until saved, and documents then name the neutral sender, without a letterhead', async () => {
    const staff = await t.authenticate('staff');
    expect((await t.app.inject({ url: '/api/v1/organisation-profile', headers: staff })).statusCode).toBe(404);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: staff, payload: unLetter() });
    expect(res.statusCode, res.body).toBe(201);
    const pdf = (await t.app.inject({ url: `${res.json().links.file}?format=pdf`, headers: staff })).rawPayload;
    expect(squash(await pdfPageText(pdf, 1))).toContain('Submitted by The submitting organisation');
    expect((await pdfInfo(pdf)).fields.Author).toBe('The submitting organisation');
  });

  it('refuses a non-admin (403): staff, lawyers, and keys with every scope', async () => {
    for (const who of ['staff', 'lawyer', { scopes: ['records:read', 'records:write', 'documents:generate', 'documents:read', 'identities:read'] }] as const) {
      const res = await put(profile(), await t.authenticate(who));
      expect(res.statusCode, JSON.stringify(who)).toBe(403);
    }
    expect((await t.app.inject({ url: '/api/v1/organisation-profile', headers: admin })).statusCode).toBe(404);
  });

  it('answers bad fields with 422 listing each one where it is', async () => {
    const res = await put({
      name: '  ', email: 'not-an-address', phone: 'call us', website: 'ftp://steppe-rights.example',
      signatory: { name: 'Marat Yesenov' }, appealCodeScheme: '', colour: 'blue', confidentialityRequest: 'yes',
    });
    expect(res.statusCode, res.body).toBe(422);
    const problems = new Map((res.json().problems as Array<{ path: string; message: string }>).map((p) => [p.path, p.message]));
    expect([...problems.keys()].sort()).toEqual(
      ['/appealCodeScheme', '/colour', '/confidentialityRequest', '/email', '/name', '/phone', '/signatory/title', '/website'].sort(),
    );
    expect(problems.get('/email')).toBe('must be an e-mail address');
    expect(problems.get('/phone')).toMatch(/phone number/);
    expect(problems.get('/website')).toMatch(/https:\/\//);
    expect(problems.get('/colour')).toBe("unknown field 'colour'");
  });

  it('refuses a logo by its bytes: a wrong magic number, SVG, a damaged PNG, and one over 512 KB (422 at /logo)', async () => {
    const gif = Buffer.from('GIF89a\x10\x00\x10\x00\x00\x00\x00;', 'latin1');
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const truncated = logo.subarray(0, logo.length - 40);
    const oversize = Buffer.concat([logo, Buffer.alloc(520 * 1024)]);
    const cases: Array<[Buffer | string, RegExp]> = [
      [gif, /neither a PNG nor a JPEG/],
      [svg, /SVG logos are not accepted/],
      [truncated, /damaged PNG/],
      [oversize, /at most 512 KB/],
      ['data:image/png;base64,@@@@', /base64/],
    ];
    for (const [bytes, message] of cases) {
      const res = await put({ ...profile(), logo: typeof bytes === 'string' ? bytes : bytes.toString('base64') });
      expect(res.statusCode, String(message)).toBe(422);
      expect(res.json().problems, String(message)).toEqual([{ path: '/logo', message: expect.stringMatching(message) }]);
    }
    expect((await t.app.inject({ url: '/api/v1/organisation-profile', headers: admin })).statusCode).toBe(404);
  });

  it('saves for an admin, shows it to any signed-in caller with the logo\'s parsed size, and audits the change', async () => {
    const res = await put(profile());
    expect(res.statusCode, res.body).toBe(200);
    const reader = await t.authenticate({ scopes: ['documents:read'] });
    const got = await t.app.inject({ url: '/api/v1/organisation-profile', headers: reader });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      name: 'Steppe Rights Monitor', acronym: 'SRM', signatory: { name: 'Marat Yesenov', title: 'Director of Monitoring' },
      confidentialityRequest: false, appealCodeScheme: '{ISO3} {seq:3}/{MM}{YY}/SRM {n:3}',
      logo: { contentType: 'image/png', width: 192, height: 192, byteSize: logo.length },
    });
    const image = await t.app.inject({ url: got.json().logo.href, headers: reader });
    expect(image.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(image.rawPayload, logo)).toBe(0);
    // Without a logo in the body the stored one stays.
    const { logo: _, ...withoutLogo } = profile();
    expect((await put({ ...withoutLogo, phone: '+7 727 000 0418' })).json()).toMatchObject({ version: 2, phone: '+7 727 000 0418', logo: { width: 192 } });
    const audit = await t.app.inject({ url: '/api/v1/audit?action=organisation_profile.updated', headers: admin });
    const rows = audit.json().items as Array<{ actor: string; target: string; details: Record<string, unknown> }>;
    expect(rows.map((r) => r.details.logo).sort()).toEqual(['kept', 'replaced']);
    expect(rows.every((r) => r.target === 'organisation-profile' && r.actor.startsWith('admin-'))).toBe(true);
  });
});

describe('the profile as the sender of every document', () => {
  let staff: Record<string, string>;
  beforeAll(async () => {
    staff = await t.authenticate('staff');
    expect((await put(profile())).statusCode).toBe(200);
  });

  it.each([
    ['un-communication', unLetter()],
    ['urgent-appeal', { kind: 'urgent-appeal', format: 'docx', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } }],
    ['eu-briefing', { kind: 'eu-briefing', format: 'pdf', selection: { country: 'KZ', from: '2018-02-01', to: '2018-03-15' } }],
  ])('%s: letterhead (logo, name, contact) on page 1 of both files and in the preview; the files\' author is the sender', async (kind, request) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: staff, payload: request });
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json().links.file as string;
    const pdf = (await t.app.inject({ url: `${file}?format=pdf`, headers: staff })).rawPayload;
    const docx = (await t.app.inject({ url: `${file}?format=docx`, headers: staff })).rawPayload;

    const firstPage = squash(await pdfPageText(pdf, 1));
    expect(firstPage.indexOf('Steppe Rights Monitor')).toBeGreaterThanOrEqual(0);
    expect(firstPage).toContain('Office 4, 17 Zheltoksan Street, Almaty 050000, Kazakhstan');
    expect(firstPage).toContain('Tel. +7 727 000 0417 · appeals@steppe-rights.example · steppe-rights.example');
    const info = await pdfInfo(pdf);
    expect(info.fields.Author).toBe('Steppe Rights Monitor');
    expect(info.xmp).toMatch(/<dc:creator>\s*<rdf:Seq>\s*<rdf:li>Steppe Rights Monitor<\/rdf:li>/);

    const word = await readDocx(docx);
    const body = xmlToText(word.parts.get('word/document.xml')!);
    expect(body.indexOf('Steppe Rights Monitor')).toBeLessThan(body.indexOf('Tel. +7 727 000 0417'));
    expect(xmlToText(word.parts.get('docProps/core.xml')!)).toContain('Steppe Rights Monitor');
    expect([...word.parts.keys()].some((p) => /^word\/media\/.+\.png$/.test(p)), kind).toBe(true);

    const preview = await t.app.inject({ method: 'POST', url: '/api/v1/documents/preview', headers: staff, payload: request });
    expect(preview.body).toMatch(/<header class="letterhead"><img class="letterhead-logo" alt="" width="192" height="192" src="data:image\/png;base64,/);
    expect(preview.body).toContain('<strong class="letterhead-name">Steppe Rights Monitor</strong>');

    // Letters end with the signatory; a briefing paper is not signed.
    const signed = kind !== 'eu-briefing';
    const view = await viewOf(pdf, 'pdf');
    expect(view.body.includes('On behalf of Steppe Rights Monitor, Marat Yesenov Director of Monitoring'), kind).toBe(signed);
  });

  it('a request that names another submitter gets that name in the letterhead, the text and the author, with no logo and no signature', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/documents', headers: staff,
      payload: unLetter({ submittingOrganisation: { name: 'Coalition for Fair Trials', email: 'office@fair-trials.example' } }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const docx = (await t.app.inject({ url: `${res.json().links.file}?format=docx`, headers: staff })).rawPayload;
    const word = await readDocx(docx);
    const all = [...word.parts.entries()].filter(([p]) => p.endsWith('.xml')).map(([, x]) => xmlToText(x)).join('\n');
    expect(all).toContain('Coalition for Fair Trials');
    expect(all).toContain('office@fair-trials.example');
    expect(all).not.toContain('Steppe Rights Monitor');
    expect(all).not.toContain('Marat Yesenov');
    expect([...word.parts.keys()].some((p) => p.startsWith('word/media/'))).toBe(false);
  });

  it('asks for confidentiality as the profile says when the request does not', async () => {
    const text = async (extra: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: staff, payload: unLetter(extra) });
      expect(res.statusCode, res.body).toBe(201);
      return (await viewOf((await t.app.inject({ url: `${res.json().links.file}?format=pdf`, headers: staff })).rawPayload, 'pdf')).body;
    };
    expect(await text({})).toContain('does not ask for its identity to be kept confidential');
    expect(await text({ confidentiality: true })).toContain('asks that its identity be kept confidential');
  });
});
