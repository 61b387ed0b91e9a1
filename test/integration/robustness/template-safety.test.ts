import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_INJECTIONS } from '../../../scripts/fuzz/hostile.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { smallBundle } from '../../support/bundles.js';
import { readDocx, squash } from '../../support/extract.js';

/**
 * Template code sent through the API edge — in request options (addressees, organisation,
 * remedies, requests, actions, dialogue place) and as record keys named after Object.prototype
 * members — is shown as text, never run, and leaves the templates as they were. (Record text
 * through every kind and format is covered in test/documents/hostile-text.test.ts.)
 */

let t: TestApp;
// Taken before any request: a template that reached Object.prototype would add to it.
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
const payload = (i: number) => TEMPLATE_INJECTIONS[i % TEMPLATE_INJECTIONS.length]!;
const plainRequest = { kind: 'eu-briefing', format: 'docx', draft: true, selection: { country: 'KZ', rights: ['association'] } };

beforeAll(async () => {
  t = await createTestApp({ GENERATE_RATE_LIMIT_PER_MINUTE: '1000000' });
  await loadDemoData(t.app.db);
});
afterAll(async () => t?.close());

async function preview(body: object): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents/preview', payload: body });
  expect(res.statusCode, res.body).toBe(200);
  // The day of generation is in the text; compare the rest.
  return res.body.replace(/\d{1,2} [A-Z][a-z]+ 20\d\d/g, 'DATE');
}

async function documentText(body: object): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  const file = await t.app.inject({ method: 'GET', url: `/api/v1/documents/${(res.json() as { id: string }).id}/file` });
  const docx = await readDocx(file.rawPayload);
  return squash([...docx.paragraphs.map((p) => p.text), ...docx.footnotes.values()].join(' '));
}

const decodeHtml = (html: string) =>
  html.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&#x3D;|&#61;/g, '=').replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('template code in request options', () => {
  let before: string;
  beforeAll(async () => {
    before = await preview(plainRequest);
  });

  const requests: Array<[string, object, string[]]> = [
    ['UN communication', {
      kind: 'un-communication', format: 'docx', selection: { persons: ['p-kz-0001'] },
      options: {
        variant: 'urgent-appeal', mandates: ['sr-defenders'],
        submittingOrganisation: { name: payload(0), address: payload(1) },
        domesticRemedies: payload(2), requests: [payload(3), payload(1)],
      },
    }, [payload(0), payload(2), payload(3)]],
    ['urgent appeal', {
      kind: 'urgent-appeal', format: 'docx', selection: { persons: ['p-kz-0001'] },
      options: {
        appealCode: 'KAZ 001/0318/OBS 025', violation: payload(1),
        addressees: [{ title: payload(0), name: payload(2), address: payload(6) }], actions: [payload(1), payload(4)],
        submittingOrganisation: { name: payload(5) },
      },
    }, [payload(0), payload(1), payload(4)]],
    ['EU briefing', {
      kind: 'eu-briefing', format: 'docx', draft: true, selection: { country: 'KZ', rights: ['association'] },
      options: { dialogueRound: { number: 3, place: payload(1) }, submittingOrganisation: { name: payload(0) } },
    }, [payload(0), payload(1)]],
  ];

  for (const [kind, body, shown] of requests) {
    it(`${kind}: the document and its preview show the code as typed`, async () => {
      const text = await documentText(body);
      for (const code of shown) expect(text, code).toContain(squash(code));
      const html = decodeHtml(await preview(body));
      for (const code of shown) expect(html, code).toContain(code);
    });
  }

  it('nothing ran: the templates give the same document as before, and no prototype was touched', async () => {
    expect(await preview(plainRequest)).toBe(before);
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(typeof Object.prototype.toString).toBe('function');
  });
});

describe('records named after Object.prototype members', () => {
  it('are stored, read back and cited like any other record', async () => {
    const bundle = smallBundle();
    bundle.country = { code: 'UZ', name: 'Uzbekistan' };
    const [anon, named] = bundle.persons;
    const [note, secret] = bundle.sources;
    const [first, second] = bundle.incidents;
    const rename = { 'p-anon': 'constructor', 'p-named': 'prototype', 's-note': 'tostring', 's-secret': 'valueof' } as Record<string, string>;
    anon!.key = 'constructor';
    named!.key = 'prototype';
    note!.key = 'tostring';
    secret!.key = 'valueof';
    first!.key = 'hasownproperty';
    first!.summary = `Activist detained. ${payload(1)}`;
    second!.followUpOf = 'hasownproperty';
    for (const i of bundle.incidents) {
      i.victims = i.victims.map((v) => rename[v] ?? v);
      i.sources = i.sources.map((s) => ({ ...s, source: rename[s.source] ?? s.source })) as typeof i.sources;
    }
    bundle.recommendations[0]!.incidents = ['hasownproperty'];
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle });
    expect(imported.statusCode, imported.body).toBe(201);

    for (const [collection, key] of [['persons', 'constructor'], ['persons', 'prototype'], ['sources', 'tostring'], ['sources', 'valueof'], ['incidents', 'hasownproperty']]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/${collection}/${key}` });
      expect(res.statusCode, `${collection}/${key}`).toBe(200);
      expect((res.json() as { key: string }).key).toBe(key);
    }

    const text = await documentText({
      kind: 'urgent-appeal', format: 'docx', selection: { persons: ['constructor'] }, options: { appealCode: 'UZB 001/0318/OBS 025' },
    });
    expect(text).toContain(squash(payload(1)));
    expect(text).toContain('Monitoring note 12');
  });
});
