import { describe, expect, it } from 'vitest';
import { defineDocumentMatrix } from '../../support/document-matrix.js';
import { importBundle, occurrences, type Format } from '../../support/documents.js';
import { asOracleBundle, KAZAKH_SAMPLE, redactionBundle } from '../../support/bundles.js';

/**
 * Names hidden in free text (issue 3, "Consent"): summaries, titles, excerpts, legal bases and
 * recommendations that name the victim and other protected people, by full name, surname alone,
 * possessive, native script and a Russian case ending. Every output is checked by the matrix's
 * oracle; the cases below check that each mention became the right pseudonym and that a
 * consenting person's name stayed.
 */
const bundle = redactionBundle();

const documents = defineDocumentMatrix({
  label: 'names in free text (own bundle)',
  bundles: [asOracleBundle(bundle)],
  load: (app) => importBundle(app, bundle),
  cases: [
    { name: 'UN allegation letter', kind: 'un-communication', selection: { country: 'KZ' }, options: { variant: 'allegation-letter', mandates: ['sr-expression'] } },
    { name: 'UN urgent appeal', kind: 'un-communication', selection: { persons: ['p-kz-0103'] }, options: { variant: 'urgent-appeal', mandates: ['sr-defenders'] } },
    { name: 'EU briefing', kind: 'eu-briefing', selection: { country: 'KZ' }, options: {} },
    { name: 'NGO urgent appeal', kind: 'urgent-appeal', selection: { persons: ['p-kz-0102'] }, options: { appealCode: 'KAZ 007/0520/OBS 002' } },
  ],
  kazakhNativeName: { caseName: 'UN allegation letter', text: 'Әсел Қасымова' },
});

const FORMATS: Format[] = ['docx', 'pdf'];

describe.each(FORMATS)('pseudonyms replace each mention, in place (%s)', (format) => {
  it('UN communication: the unconsenting blogger and witness by pseudonym, possessive kept; consenting journalists by name', () => {
    const { view } = documents('UN allegation letter', format);
    expect(occurrences(view.body, 'flat of Blogger C at dawn')).toBeGreaterThan(0);
    expect(occurrences(view.body, "Blogger C's lawyer was not let in, and Blogger C was questioned")).toBeGreaterThan(0);
    expect(occurrences(view.body, 'signed «Blogger C»')).toBeGreaterThan(0);
    // Гульнара Тобылова (native script) and Тобыловой (genitive) are both the witness.
    expect(occurrences(view.body, 'asked about Witness D and showed him messages sent to Witness D last year')).toBeGreaterThan(0);
    // unSubmission covers the UN: both journalists are named. The import turned their typed names
    // (surname alone, native script too) into mentions, which print the name as recorded.
    expect(occurrences(view.body, 'Dana Zhaksybekova and Asel Kasymova were fined')).toBeGreaterThan(0);
    expect(occurrences(view.body, "Dana Zhaksybekova's appeal was rejected; Dana Zhaksybekova told reporters")).toBeGreaterThan(0);
    expect(occurrences(view.body, 'Asel Kasymova (Әсел Қасымова) was held')).toBeGreaterThan(0);
    // A group's name in running text is its pseudonym too.
    expect(occurrences(view.body, 'that the Group E (neighbours) had asked her')).toBeGreaterThan(0);
    // Legal basis is free text as well.
    expect(occurrences(view.body, 'case opened against Blogger C')).toBeGreaterThan(0);
    // A source whose title, URL or excerpt names the protected blogger identifies him: cited by type and month only.
    expect([...view.notes.values()].some((n) => n.includes('said the officers'))).toBe(false);
  });

  it('sees through invisible characters inside a name, and through Russian declension of first names', () => {
    for (const name of ['UN allegation letter', 'EU briefing']) {
      const { view } = documents(name, format);
      expect(occurrences(view.body, 'A leaflet found there named Blogger C and Blogger C, and thanked Witness D.'), name).toBeGreaterThan(0);
      expect(occurrences(view.body, 'wrote: «Соседи Witness D оштрафованы», quoting Blogger C.'), name).toBeGreaterThan(0);
    }
  });

  it('public documents: the journalist without publicNaming becomes her pseudonym; the consenting one stays', () => {
    for (const name of ['EU briefing', 'NGO urgent appeal']) {
      const { view } = documents(name, format);
      expect(occurrences(view.body, 'Journalist B and Asel Kasymova were fined'), name).toBeGreaterThan(0);
      expect(occurrences(view.body, "Journalist B's appeal was rejected; Journalist B told reporters"), name).toBeGreaterThan(0);
      expect(occurrences(view.body, "Activist A"), `${name}: a consenting person keeps her name`).toBe(0);
    }
    const appeal = documents('NGO urgent appeal', format).view;
    // The headline names her by pseudonym, not prefixed by her role: never "journalist Journalist B".
    expect(occurrences(appeal.body, 'Harassment of Journalist B')).toBeGreaterThan(0);
    expect(occurrences(appeal.body, 'journalist Journalist B')).toBe(0);
    const briefing = documents('EU briefing', format).view;
    expect(occurrences(briefing.body, 'Drop the criminal case against Blogger C and return his phones.')).toBeGreaterThan(0);
    expect(occurrences(briefing.body, 'Raise the fine imposed on Journalist B with the authorities.')).toBeGreaterThan(0);
  });

  it('a source whose title and URL name a protected person is cited like a confidential one, with no remark why', () => {
    const { view } = documents('UN allegation letter', format);
    expect(view.annex.some((item) => item.includes('Confidential source (media report, March 2020)'))).toBe(true);
    expect(view.annex.join(' ')).not.toContain('Police search home');
    expect(view.annex.join(' ')).not.toContain('news.example.org/2020/03');
    expect(view.everywhere.join(' ')).not.toContain('withheld');
  });
});

describe('Kazakh letters', () => {
  it.each(FORMATS)('survive in a UN communication naming a consenting person (%s)', (format) => {
    const { view } = documents('UN allegation letter', format);
    expect(view.body).toContain('Әсел Қасымова');
    expect(view.body).toContain(KAZAKH_SAMPLE);
    expect(view.everywhere.join('\n')).not.toContain('\uFFFD');
  });
});
