import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { saveOrganisationProfile } from '../../../src/records/organisation-profile.repository.js';
import { smallBundle } from '../../support/bundles.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { pdfPages, squash } from '../../support/extract.js';
import { hasTools } from '../../support/tools.js';

/**
 * Urgent appeals the way issuers write them (issue 13, point 6): codes of any house style, numbered
 * by the organisation's scheme with update suffixes, "New information" on the earlier appeal,
 * the address book's blocks, and no honorific or role word before a pseudonym. Read as a user
 * would: the PDF's text and its file name.
 */

const OBSERVATORY = '{ISO3} {seq:3}/{MM}{YY}/OBS {n:3}';
/** The scheme comes from the organisation profile (appeal-code-scheme.source.ts). */
async function useScheme(scheme: string | null) {
  await saveOrganisationProfile(t.database.db, {
    name: 'Steppe Rights Monitor', acronym: null, postalAddress: null, email: null, phone: null, website: null,
    signatory: null, confidentialityRequest: true, appealCodeScheme: scheme,
  }, 'test');
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await loadDemoData(t.database.db);
});
afterAll(async () => t?.close());
afterEach(async () => {
  await useScheme(null);
});

const appeal = (options: Record<string, unknown>, persons = ['p-kz-0001'], format = 'pdf') => ({
  kind: 'urgent-appeal', format, selection: { persons }, options,
});

async function generate(payload: unknown) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: payload as object });
  expect(res.statusCode, res.body).toBe(201);
  const meta = res.json();
  const file = await t.app.inject({ url: meta.links.file });
  const name = /filename="([^"]+)"/.exec(String(file.headers['content-disposition']))![1]!;
  return { meta, name, bytes: file.rawPayload };
}

async function problemsOf(payload: unknown) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: payload as object });
  expect(res.statusCode, res.body).toBe(422);
  return res.json().problems as Array<{ path: string; message: string }>;
}

const today = () => new Date();
const mmyy = () => `${String(today().getUTCMonth() + 1).padStart(2, '0')}${String(today().getUTCFullYear()).slice(2)}`;
const longToday = () => today().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

describe.runIf(hasTools('pdftotext'))('urgent appeals', () => {
  it.each([
    ['UA 61/20', 'urgent-appeal-UA-61-20.pdf'],
    ['KAZ 001/0520/OBS 050.1', 'urgent-appeal-KAZ-001-0520-OBS-050.1.pdf'],
    ['KAZ 001 / 1016 / OBS 085.3', 'urgent-appeal-KAZ-001-1016-OBS-085.3.pdf'],
  ])('takes the code %s as written, prints it once on page 1 and names the file after it', async (code, fileName) => {
    const { name, bytes } = await generate(appeal({ appealCode: code }));
    expect(name).toBe(fileName);
    const [page1] = await pdfPages(bytes);
    expect(squash(page1!).split(code).length - 1).toBe(1);
  });

  it('refuses a code of 41 characters or with a control character, at the field', async () => {
    expect(await problemsOf(appeal({ appealCode: 'K'.repeat(41) }))).toEqual([{ path: '/options/appealCode', message: 'must be at most 40 characters' }]);
    expect((await problemsOf(appeal({ appealCode: 'KAZ 001\u0007/0318' })))[0]).toMatchObject({ path: '/options/appealCode', message: expect.stringMatching(/printable/) });
    // 40 is fine.
    const { meta } = await generate(appeal({ appealCode: 'K'.repeat(40) }));
    expect(meta.title).toMatch(/^K{40} — /);
  });

  it('asks for a code when the organisation has no scheme', async () => {
    expect(await problemsOf(appeal({}, ['p-kz-0006']))).toEqual([{ path: '/options/appealCode', message: expect.stringMatching(/^is required: the organisation has no appeal-code scheme/) }]);
  });

  it('numbers appeals by the scheme: two the same day get different codes and file names; asking again keeps the code', async () => {
    await useScheme(OBSERVATORY);
    const first = await generate(appeal({}, ['p-kz-0010']));
    const second = await generate(appeal({}, ['p-kz-0011']));
    const codes = [first.meta.title, second.meta.title].map((title: string) => title.split(' — ')[0]);
    expect(codes).toEqual([`KAZ 001/${mmyy()}/OBS 001`, `KAZ 002/${mmyy()}/OBS 002`]);
    expect(first.name).toBe(`urgent-appeal-KAZ-001-${mmyy()}-OBS-001.pdf`);
    expect(second.name).not.toBe(first.name);
    expect(squash((await pdfPages(second.bytes))[0]!)).toContain(`URGENT APPEAL — KAZ 002/${mmyy()}/OBS 002`);

    // A new version, and the same appeal in Word, keep the code they were given.
    const again = await generate(appeal({}, ['p-kz-0010']));
    expect(again.meta.version).toBe(2);
    expect(again.name).toBe(first.name);
    const docx = await generate(appeal({}, ['p-kz-0010'], 'docx'));
    expect(docx.name).toBe(`urgent-appeal-KAZ-001-${mmyy()}-OBS-001.docx`);
  });

  it('gives appeals generated at the same moment different numbers', async () => {
    await useScheme('UA {n}/{YY}');
    const results = await Promise.all(['p-kz-0012', 'p-kz-0016', 'p-kz-0017'].map((p) => generate(appeal({}, [p]))));
    const codes = results.map((r) => r.meta.title.split(' — ')[0]).sort();
    const yy = mmyy().slice(2);
    expect(codes).toEqual([`UA 1/${yy}`, `UA 2/${yy}`, `UA 3/${yy}`]);
  });

  it('numbers follow-ups ".1" then ".2", and says in "New information" which appeal they update and when', async () => {
    const original = await generate(appeal({ appealCode: 'KAZ 003/0318/OBS 027' }, ['p-kz-0008']));
    const update1 = await generate(appeal({ followsAppeal: { code: 'KAZ 003/0318/OBS 027' }, violation: 'Conviction' }, ['p-kz-0008']));
    const update2 = await generate(appeal({ followsAppeal: { code: 'KAZ 003/0318/OBS 027.1' }, violation: 'Imprisonment' }, ['p-kz-0008']));
    expect(update1.meta.title).toMatch(/^KAZ 003\/0318\/OBS 027\.1 — /);
    expect(update2.meta.title).toMatch(/^KAZ 003\/0318\/OBS 027\.2 — /);
    expect(update2.name).toBe('urgent-appeal-KAZ-003-0318-OBS-027.2.pdf');
    expect(original.name).toBe('urgent-appeal-KAZ-003-0318-OBS-027.pdf');
    const text = squash((await pdfPages(update1.bytes)).join('\n'));
    expect(text).toContain('New information');
    expect(text).toContain(`This appeal updates appeal KAZ 003/0318/OBS 027 of ${longToday()}.`);
  });

  it('takes the date of an earlier appeal issued elsewhere from the request, and asks for it when missing', async () => {
    expect(await problemsOf(appeal({ followsAppeal: { code: 'UA 115/16' } }, ['p-kz-0020']))).toEqual([
      { path: '/options/followsAppeal/date', message: "appeal 'UA 115/16' was not issued here: give its date" },
    ]);
    const { meta, bytes } = await generate(appeal({ followsAppeal: { code: 'UA 115/16', date: '2016-05-12' } }, ['p-kz-0020']));
    expect(meta.title).toMatch(/^UA 115\/16\.1 — /);
    expect(squash((await pdfPages(bytes)).join('\n'))).toContain('This appeal updates appeal UA 115/16 of 12 May 2016.');
  });

  it('prints the address book\'s blocks with postal address and salutation, the deadline, the languages and a sample letter', async () => {
    const list = (await t.app.inject({ url: '/api/v1/addressees?country=KZ' })).json();
    const president = list.items.find((a: { title: string }) => a.title === 'President of the Republic of Kazakhstan');
    const prosecutor = list.items.find((a: { title: string }) => a.title.startsWith('Prosecutor General'));
    const { bytes } = await generate(appeal({
      appealCode: 'KAZ 004/0318/OBS 028', addressees: [president.id, prosecutor.id], deadline: '2018-04-30', sampleLetter: true,
    }, ['p-kz-0021']));
    const text = squash((await pdfPages(bytes)).join('\n'));
    expect(text).toContain('President of the Republic of Kazakhstan Daniyar Kemelbekov Akorda Presidential Residence Mangilik El Avenue Astana 010000 Kazakhstan E-mail: letters@president.example Fax: +7 7172 00 00 11 Salutation: Dear President');
    expect(text).toContain('Salutation: Dear Prosecutor General');
    expect(text).toContain('Please write before 30 April 2018. Write in Kazakh, Russian or English, or in your own language.');
    expect(text).toMatch(/Sample letter Dear President, I am writing to express my deep concern about the .+ of Ms Nataliya Tomilova, a labour rights activist in Kazakhstan\. I urge you to:/);
    expect(text).toMatch(/Yours sincerely,/);
  });

  it('refuses an addressee id the address book does not have, at its place', async () => {
    expect(await problemsOf(appeal({ appealCode: 'UA 1/18', addressees: [{ title: 'Mayor of Almaty' }, 999999] }))).toEqual([
      { path: '/options/addressees/1', message: 'no addressee 999999 in the address book' },
    ]);
  });

  it('prints the concern line and the background on the person from the record', async () => {
    const { bytes } = await generate(appeal({ appealCode: 'KAZ 005/0318/OBS 029', background: 'She has monitored trials in Almaty since 2015.' }, ['p-kz-0001']));
    const text = squash((await pdfPages(bytes)).join('\n'));
    expect(text).toMatch(/Kazakhstan: .+ of Activist A (Arbitrary detention|Judicial harassment)/);
    expect(text).toContain('About Activist A The person concerned, referred to here as Activist A for their protection, is a civil society activist');
    expect(text).toContain('She has monitored trials in Almaty since 2015.');
    expect(text).not.toMatch(/tobylova/i);
  });
});

describe.runIf(hasTools('pdftotext'))('a pseudonym that is a role word', () => {
  let second: TestApp;
  beforeAll(async () => {
    second = await createTestApp();
    const bundle = smallBundle();
    // Protected in public, female, a journalist, known as "Journalist Z".
    Object.assign(bundle.persons[0]!, { pseudonym: 'Journalist Z', occupation: 'journalist', affiliation: 'Free Steppe newspaper' });
    const res = await second.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => second?.close());

  it('never puts an honorific or the role before it, in the headline, background, actions or sample letter', async () => {
    const res = await second.app.inject({
      method: 'POST', url: '/api/v1/documents',
      payload: appeal({
        appealCode: 'UA 61/20',
        background: 'Ms Әсел Қасымова has written about corruption in Almaty courts.',
        sampleLetterText: 'Dear Prosecutor General,\n\nI am concerned about journalist Әсел Қасымова and ask you to protect Ms Қасымова.',
        actions: ['Release Ms Әсел Қасымова immediately.'],
      }, ['p-anon']),
    });
    expect(res.statusCode, res.body).toBe(201);
    const bytes = (await second.app.inject({ url: res.json().links.file })).rawPayload;
    const text = squash((await pdfPages(bytes)).join('\n'));
    expect(text).toContain('Journalist Z');
    expect(text).toContain('Journalist Z has written about corruption in Almaty courts.');
    expect(text).toContain('I am concerned about Journalist Z and ask you to protect Journalist Z.');
    expect(text).toContain('Release Journalist Z immediately.');
    expect(text).not.toMatch(/\b(Ms|Mrs|Mr|Miss|Dr)\.?\s+Journalist Z/i);
    expect(text).not.toMatch(/journalist\s+Journalist Z/i);
    expect(text).not.toMatch(/Әсел|Қасымова/);
  });
});
