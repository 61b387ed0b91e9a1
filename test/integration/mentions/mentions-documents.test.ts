import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { smallBundle } from '../../support/bundles.js';
import { generate, importBundle, occurrences, viewOf, type DocumentView, type Format } from '../../support/documents.js';
import { openForm, postForm } from '../web/forms.js';

/**
 * Mentions in documents and on the staff pages: a document for the public renders a protected
 * person's mention as the pseudonym and a consenting person's as the name (read back from the
 * DOCX and the PDF), also for persons mentioned who are no victim; the staff pages show mentions
 * as marked names; the record forms show what they converted before saving.
 */

let t: TestApp;
const views = new Map<string, DocumentView>();

function bundle() {
  const b = smallBundle();
  b.persons.push(
    {
      key: 'p-witness', kind: 'individual', name: 'Gulnara Seitkali', nameNative: 'Гульнара Сейтқали', pseudonym: 'Witness W',
      sex: 'female', birthYear: null, occupation: 'neighbour', affiliation: null,
      consent: { unSubmission: false, publicNaming: false, stateTransmission: false }, risk: 'high',
    },
    {
      key: 'p-lawyer', kind: 'individual', name: 'Marat Omarov', nameNative: 'Марат Омаров', pseudonym: 'Lawyer L',
      sex: 'male', birthYear: null, occupation: 'lawyer', affiliation: null,
      consent: { unSubmission: true, publicNaming: true, stateTransmission: true }, risk: 'low',
    },
  );
  // p-anon: named to the UN only; p-named: named to everyone; p-witness: to nobody; p-lawyer: to everyone (not victims).
  b.incidents[0]!.summary = 'Police detained [[person:p-anon]] at home while [[person:p-named]] filmed; neighbour [[person:p-witness]] '
    + 'saw it and lawyer [[person:p-lawyer]] was refused access.';
  b.incidents[0]!.sources[0]!.excerpt = '[[person:p-witness]] confirmed the time.';
  return b;
}

beforeAll(async () => {
  t = await createTestApp();
  await importBundle(t.app, bundle());
  for (const format of ['docx', 'pdf'] as Format[]) {
    const appeal = await generate(t.app, {
      kind: 'urgent-appeal', format, selection: { incidents: ['kz-2018-03-13-detention'] },
      options: { appealCode: 'KAZ 001/0318/OBS 025', addressees: [{ title: 'President of the Republic of Kazakhstan' }] },
    });
    views.set(`public ${format}`, await viewOf(appeal.bytes, format));
    const letter = await generate(t.app, {
      kind: 'un-communication', format, selection: { incidents: ['kz-2018-03-13-detention'] },
      options: { variant: 'allegation-letter', mandates: ['sr-expression'] },
    });
    views.set(`un ${format}`, await viewOf(letter.bytes, format));
  }
});
afterAll(async () => t?.close());

describe.each(['docx', 'pdf'] as Format[])('mentions in documents (%s)', (format) => {
  it('public audience: the protected person by pseudonym, consenting persons by name, no role word doubled', () => {
    const view = views.get(`public ${format}`)!;
    expect(occurrences(view.body, 'Police detained Activist A at home while Ivan Petrov filmed; Witness W saw it and lawyer Marat Omarov was refused access.')).toBeGreaterThan(0);
    // The excerpt mentions the protected witness: its source identifies her, so for this audience it
    // is cited like a confidential one (type and month) and the excerpt is not printed.
    expect([...view.notes.values()].some((n) => n.includes('Confidential source ('))).toBe(true);
    expect([...view.notes.values()].some((n) => n.includes('confirmed the time'))).toBe(false);
    const everything = view.everywhere.join('\n');
    for (const hidden of ['Әсел Қасымова', 'Gulnara Seitkali', 'Seitkali', 'Сейтқали', '[[person:', 'p-witness']) expect(everything).not.toContain(hidden);
  });

  it('UN audience: the person who consented to UN submission by name, the unconsenting witness by pseudonym', () => {
    const view = views.get(`un ${format}`)!;
    expect(occurrences(view.body, 'Police detained Әсел Қасымова at home while Ivan Petrov filmed; Witness W saw it')).toBeGreaterThan(0);
    expect(view.everywhere.join('\n')).not.toContain('Seitkali');
  });
});

describe('staff pages', () => {
  it('show mentions as marked names', async () => {
    const page = await t.app.inject({ url: '/incidents/kz-2018-03-13-detention' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<span class="mention" title="person p-witness">Gulnara Seitkali</span>');
    expect(page.body).not.toContain('[[person:');
    // The edit form keeps the mention as written: that is what staff edit.
    const form = await t.app.inject({ url: '/incidents/kz-2018-03-13-detention/edit' });
    expect(form.body).toContain('[[person:p-witness]]');
  });

  it('a form converts typed names of persons on record and shows what it replaced before saving', async () => {
    const session = await openForm(t.app, '/recommendations/r-release/edit');
    const fields = { right: 'association', addressee: 'state', text: 'Release Ivan Petrov and protect Marat Omarov.', incidents: 'kz-2018-03-13-detention' };
    const step = await postForm(t.app, '/recommendations/r-release', fields, session);
    expect(step.statusCode).toBe(200);
    expect(step.body).toContain('We replaced 2 names with mentions');
    expect(step.body).toContain('<span class="mention" title="person p-named">Ivan Petrov</span>');
    // Nothing is saved yet.
    expect((await t.app.inject({ url: '/api/v1/recommendations/r-release' })).json().text).toBe('Release the activist.');

    // Edit: back to the form as typed.
    const edit = await postForm(t.app, '/recommendations/r-release', { ...fields, mentionsEdit: '1' }, session);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Release Ivan Petrov and protect Marat Omarov.');

    // Save: the hidden fields of the Save form carry the converted text.
    const saveForm = step.body.slice(0, step.body.indexOf('name="mentionsConfirmed"'));
    const converted = /name="text" value="([^"]*)"/.exec(saveForm)![1]!.replace(/&#61;/g, '=').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(converted).toBe('Release [[person:p-named]] and protect [[person:p-lawyer]].');
    const saved = await postForm(t.app, '/recommendations/r-release', { ...fields, text: converted, mentionsConfirmed: '1' }, session);
    expect(saved.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/api/v1/recommendations/r-release' })).json().text).toBe(converted);
  });

  it('a form refuses a mention of an unknown person beside the field', async () => {
    const session = await openForm(t.app, '/recommendations/r-release/edit');
    const res = await postForm(t.app, '/recommendations/r-release', {
      right: 'association', addressee: 'state', text: 'Release [[person:p-ghost]].', incidents: 'kz-2018-03-13-detention',
    }, session);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Text: unknown person key &#x27;p-ghost&#x27; in mention');
  });
});
