import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  saveCountry, saveIncident, savePerson, saveRecommendation, saveSource,
} from '../../../src/records/records-write.repository.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { openForm, postForm } from './forms.js';

/**
 * Record text is data, never markup: every page prints it escaped, and no page carries inline
 * script, event handlers or style attributes (so a strict Content-Security-Policy fits).
 */

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
/** How Handlebars prints IMG: every markup character escaped. */
const IMG_ESCAPED = '&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await saveCountry(db, 'KZ', `Kazakhstan ${SCRIPT}`);
  await savePerson(db, {
    key: 'p-hostile', kind: 'individual', name: `Aigerim ${SCRIPT}`, nameNative: '<u>Айгерим</u>', pseudonym: 'Activist <img src=y onerror=alert(7)>',
    sex: null, birthYear: null, occupation: '<em>journalist</em>', affiliation: '<a href=javascript:alert(6)>x</a>',
    consent: { unSubmission: true, publicNaming: true, stateTransmission: true, unPublicReport: true }, risk: null,
  }, 'KZ');
  await saveSource(db, {
    key: 's-hostile', type: 'media', title: 'Report <img src=w onerror=alert(9)>', author: SCRIPT, organisation: null, date: '2018-03-01',
    url: 'https://example.org/"><script>alert(3)</script>', reliability: 'B', confidential: false,
  }, 'KZ');
  await saveIncident(db, {
    key: 'kz-hostile', title: `Detention ${SCRIPT}`, date: '2018-03-02', dateAccuracy: 'exact', endDate: null,
    // Each value distinct: the citation audit looks for the summary's text elsewhere in the document.
    location: { place: 'Almaty <iframe src=//evil>', region: SCRIPT }, rights: ['expression'], violations: ['detention'], summary: IMG,
    victims: ['p-hostile'], perpetrators: [{ description: '<b onmouseover=alert(4)>police</b>', stateActor: true }], legalBasis: [SCRIPT],
    status: 'ongoing', urgent: true, followUpOf: null, internationalProcedures: [],
    sources: [{ source: 's-hostile', credibility: 2, locator: '<i>para. 3</i>', excerpt: '<svg onload=alert(5)>' }],
  }, 'KZ');
  await saveRecommendation(db, { key: 'r-hostile', right: 'expression', addressee: 'state', text: 'Release them <img src=z onerror=alert(8)>', incidents: ['kz-hostile'] }, 'KZ');
});
afterAll(async () => t?.close());

const PAGES = [
  '/', '/incidents', '/incidents?q=Detention', '/incidents/kz-hostile', '/incidents/kz-hostile/edit', '/incidents/new',
  '/persons', '/persons/p-hostile', '/persons/p-hostile/edit', '/sources', '/sources/s-hostile', '/sources/s-hostile/edit',
  '/recommendations', '/recommendations/r-hostile', '/recommendations/r-hostile/edit', '/bundles', '/generate',
  '/generate/urgent-appeal?selection.incidents=kz-hostile', '/generate/un-communication', '/generate/eu-briefing', '/documents',
];

function assertInert(url: string, body: string): void {
  expect(body, url).not.toContain('<img src=x');
  expect(body, url).not.toContain('<script>alert');
  expect(body, url).not.toMatch(/<(img|iframe|svg)\b|<b onmouseover/);
  // CSP-ready: scripts only from files, no inline handlers, no style attributes, no javascript: links.
  expect(body.match(/<script\b(?![^>]*\ssrc=)[^>]*>/gi) ?? [], url).toEqual([]);
  expect(body.match(/<[^>]*\son[a-z]+\s*=/gi) ?? [], url).toEqual([]);
  expect(body.match(/<[^>]*\sstyle\s*=/gi) ?? [], url).toEqual([]);
  expect(body, url).not.toMatch(/(href|src|action)\s*=\s*["']?\s*javascript:/i);
}

describe('escaping on the staff pages', () => {
  it.each(PAGES)('%s prints record text as text and has no inline script or style', async (url) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    assertInert(url, res.body);
  });

  it('shows the hostile values themselves, escaped, where the record is shown', async () => {
    const incident = (await t.app.inject({ url: '/incidents/kz-hostile' })).body;
    expect(incident).toContain(`<div class="summary-text">${IMG_ESCAPED}</div>`);
    expect(incident).toContain('Detention &lt;script&gt;alert(2)&lt;/script&gt;');
    const form = (await t.app.inject({ url: '/incidents/kz-hostile/edit' })).body;
    expect(form).toMatch(new RegExp(`<textarea id="f-summary"[^>]*>${IMG_ESCAPED.replace(/[()]/g, '\\$&')}</textarea>`));
    const person = (await t.app.inject({ url: '/persons/p-hostile' })).body;
    expect(person).toContain('Activist &lt;img src&#x3D;y onerror&#x3D;alert(7)&gt;');
  });

  it('previews a document on hostile records with every value escaped', async () => {
    const session = await openForm(t.app, '/generate/urgent-appeal');
    const res = await postForm(t.app, '/generate/urgent-appeal/preview', {
      'selection.incidents': 'kz-hostile', 'options.appealCode': 'KAZ 001/0318/OBS 025', format: 'pdf',
    }, session);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.body).toContain('class="preview-frame"');
    expect(res.body).toContain('&lt;img');
    assertInert('preview', res.body);
  });

  it('shows a 404 page for an unknown record with the key escaped', async () => {
    const res = await t.app.inject({ url: `/incidents/${encodeURIComponent('<b>x</b>')}` });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    assertInert('404', res.body);
    expect(res.body).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});
