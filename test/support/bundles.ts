/**
 * Every bundle the tests import, built in one place:
 * - `smallBundle`: small, complete and valid; tests mutate it into bad ones, and an export of it
 *   must come back identical (every optional field present).
 * - `kzBundle`, `kgBundle`: for the record API (two countries, a follow-up chain, confidential and
 *   open sources, names with LIKE wildcards); optional fields left out on purpose, to be defaulted.
 * - `redactionBundle`, `hostileBundle`: for the document tests (names hidden in free text, Kazakh
 *   letters, record text that tries to be markup or template code); complete, made with `person`/`incident`.
 */
import type { Bundle } from './consent-oracle.js';

/**
 * A small, complete, valid bundle that tests mutate into bad ones. Every optional field is
 * present so that an export of it must come back identical.
 */
export function smallBundle() {
  return {
    bundleVersion: 1,
    country: { code: 'KZ', name: 'Kazakhstan' },
    period: { from: '2018-01-01', to: '2018-03-31' },
    organisations: [
      { key: 'org-monitor', name: 'Steppe Rights Monitor', acronym: 'SRM', contact: { email: 'info@example.org', address: 'Almaty' } },
    ],
    persons: [
      {
        key: 'p-anon', kind: 'individual', name: 'Әсел Қасымова', nameNative: 'Әсел Қасымова', pseudonym: 'Activist A',
        sex: 'female', birthYear: null, occupation: 'activist', affiliation: null,
        consent: { unSubmission: true, publicNaming: false, stateTransmission: true }, risk: 'high',
      },
      {
        key: 'p-named', kind: 'individual', name: 'Ivan Petrov', nameNative: 'Иван Петров', pseudonym: 'Blogger B',
        sex: 'male', birthYear: 1980, occupation: 'blogger', affiliation: 'Free Word',
        consent: { unSubmission: true, publicNaming: true, stateTransmission: true }, risk: 'medium',
      },
    ],
    sources: [
      {
        key: 's-note', type: 'monitoring', title: 'Monitoring note 12', author: 'SRM', organisation: 'org-monitor',
        date: '2018-03-14', url: 'https://example.org/notes/12', reliability: 'B', confidential: false, identifies: [],
      },
      {
        key: 's-secret', type: 'interview', title: 'Interview with a relative', author: 'Field monitor',
        organisation: null, date: '2018-03-20', url: 'https://example.org/secret', reliability: 'C', confidential: true, identifies: [],
      },
    ],
    incidents: [
      {
        key: 'kz-2018-03-13-detention', title: 'Activist detained in Almaty', date: '2018-03-13', dateAccuracy: 'exact',
        endDate: null, location: { place: 'Almaty', region: null }, rights: ['association', 'expression'],
        violations: ['detention', 'house-arrest'], summary: 'Police detained the activist at home.',
        victims: ['p-anon'], perpetrators: [{ description: 'Almaty police', stateActor: true }],
        legalBasis: ['Criminal Code, Article 405'], status: 'ongoing', urgent: true, followUpOf: null,
        sources: [
          { source: 's-note', credibility: 2, locator: 'para. 3', excerpt: null },
          { source: 's-secret', credibility: 3, locator: null, excerpt: 'She was taken at dawn.' },
        ],
      },
      {
        key: 'kz-2018-03-20-house-arrest', title: 'Court orders house arrest', date: '2018-03-15', dateAccuracy: 'exact',
        endDate: '2018-03-16', location: { place: 'Almaty', region: 'Almaty' }, rights: ['liberty'],
        violations: ['house-arrest'], summary: 'A court placed the activist under house arrest for two months.',
        victims: ['p-anon', 'p-named'], perpetrators: [], legalBasis: [], status: 'ongoing', urgent: false,
        followUpOf: 'kz-2018-03-13-detention', sources: [{ source: 's-note', credibility: 1, locator: null, excerpt: null }],
      },
    ],
    recommendations: [
      { key: 'r-release', right: 'association', addressee: 'state', text: 'Release the activist.', incidents: ['kz-2018-03-13-detention'] },
    ],
  };
}

export type SmallBundle = ReturnType<typeof smallBundle>;

/** Sorts a bundle's record lists by key so that two bundles compare "order aside". */
export function sortedBundle<T extends Record<string, unknown>>(bundle: T): T {
  const out: Record<string, unknown> = { ...bundle };
  for (const k of ['organisations', 'persons', 'sources', 'incidents', 'recommendations']) {
    const list = out[k];
    if (Array.isArray(list)) out[k] = [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  return out as T;
}

/**
 * Small bundles for the record API tests: two countries, a follow-up chain, confidential and
 * open sources, and names with LIKE wildcards in them ('%', '_') to prove they match literally.
 */
export function kzBundle() {
  return {
    bundleVersion: 1,
    country: { code: 'KZ', name: 'Kazakhstan' },
    period: { from: '2018-01-01', to: '2018-03-31' },
    organisations: [
      { key: 'org-monitor', name: 'Steppe Rights Monitor', acronym: 'SRM', contact: { email: 'info@example.org', address: 'Almaty' } },
      { key: 'org-press', name: 'Free Press Union', acronym: 'FPU' },
    ],
    persons: [
      {
        key: 'p-asel', kind: 'individual', name: 'Asel Kasymova', nameNative: 'Әсел Қасымова', pseudonym: 'Activist A',
        consent: { unSubmission: true, publicNaming: false, stateTransmission: true }, risk: 'high',
      },
      {
        key: 'p-ivan', kind: 'individual', name: 'Ivan Petrov', pseudonym: 'Blogger B',
        consent: { unSubmission: true, publicNaming: true, stateTransmission: true },
      },
      { key: 'p-group', kind: 'group', name: 'Nur_Sultan 100% Club', pseudonym: 'Group C', consent: {} },
    ],
    sources: [
      {
        key: 's-note', type: 'monitoring', title: 'Monitoring note 12', author: 'SRM', organisation: 'org-monitor',
        date: '2018-03-14', reliability: 'B', confidential: false,
      },
      { key: 's-interview', type: 'interview', title: 'Interview with a relative', reliability: 'C', confidential: true },
      { key: 's-news', type: 'media', title: 'News report on fines', author: 'Vlast.kz', reliability: 'B' },
    ],
    incidents: [
      {
        key: 'kz-jan-fine', title: 'Blogger fined for a post', date: '2018-01-15', dateAccuracy: 'exact',
        location: { place: 'Astana' }, rights: ['expression'], violations: ['fine'],
        summary: 'A court fined the blogger 100% of the maximum amount.', victims: ['p-ivan'], status: 'concluded',
        urgent: false, sources: [{ source: 's-news', credibility: 2 }],
      },
      {
        key: 'kz-feb-detention', title: 'Activist detained in Almaty', date: '2018-02-10', dateAccuracy: 'exact',
        location: { place: 'Almaty' }, rights: ['association', 'liberty'], violations: ['detention'],
        summary: 'Police detained the activist at her home.', victims: ['p-asel'], status: 'ongoing', urgent: true,
        sources: [{ source: 's-note', credibility: 2, locator: 'para. 3' }, { source: 's-interview', credibility: 3 }],
      },
      {
        key: 'kz-mar-house-arrest', title: 'Activist moved to house arrest', date: '2018-03-20', endDate: '2018-04-20',
        dateAccuracy: 'exact', location: { place: 'Almaty' }, rights: ['association'], violations: ['house-arrest'],
        summary: 'The court replaced detention with house arrest.', victims: ['p-asel'], status: 'ongoing', urgent: true,
        followUpOf: 'kz-feb-detention', sources: [{ source: 's-note', credibility: 2 }],
      },
    ],
    recommendations: [
      { key: 'r-kz-association', right: 'association', addressee: 'state', text: 'Release the activist.', incidents: ['kz-feb-detention'] },
      { key: 'r-kz-expression', right: 'expression', addressee: 'eu', text: 'Raise the fines on bloggers.', incidents: ['kz-jan-fine'] },
    ],
  };
}

export function kgBundle() {
  return {
    bundleVersion: 1,
    country: { code: 'KG', name: 'Kyrgyzstan' },
    period: { from: '2018-04-01', to: '2018-06-30' },
    incidents: [
      {
        key: 'kg-apr-search', title: 'Office of a rights group searched', date: '2018-04-05', dateAccuracy: 'exact',
        location: { place: 'Bishkek' }, rights: ['privacy'], violations: ['search'],
        summary: 'Officers searched the office without a warrant.', status: 'concluded',
      },
    ],
    recommendations: [
      { key: 'r-kg-privacy', right: 'privacy', addressee: 'un', text: 'Require warrants for searches.', incidents: ['kg-apr-search'] },
    ],
  };
}

const consent = (unSubmission: boolean, publicNaming: boolean) => ({ unSubmission, publicNaming, stateTransmission: unSubmission });

const person = (p: { key: string; kind?: string; name: string; nameNative: string | null; pseudonym: string; occupation?: string | null; consent: ReturnType<typeof consent> }) => ({
  kind: 'individual', sex: null, birthYear: null, occupation: null, affiliation: null, risk: 'high', ...p,
});

const incident = (i: {
  key: string; title: string; date: string; summary: string; victims: string[]; rights: string[]; violations: string[];
  sources: Array<{ source: string; credibility: number; locator?: string | null; excerpt?: string | null }>;
  legalBasis?: string[]; perpetrators?: Array<{ description: string; stateActor: boolean }>; urgent?: boolean; followUpOf?: string | null;
}) => ({
  dateAccuracy: 'exact', endDate: null, location: { place: 'Almaty', region: null }, legalBasis: [], perpetrators: [],
  status: 'ongoing', urgent: false, followUpOf: null, ...i,
  sources: i.sources.map((s) => ({ locator: null, excerpt: null, ...s })),
});

/** The Kazakh letters the PDF font must carry (issue 3). */
export const KAZAKH_SAMPLE = 'ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І';

/**
 * Staff write names into free text: the victim's and other protected people's, by full name,
 * surname alone, possessive, native script and Russian case ending, next to a consenting
 * person's name that must stay.
 */
export function redactionBundle() {
  return {
    bundleVersion: 1,
    country: { code: 'KZ', name: 'Kazakhstan' },
    period: { from: '2020-01-01', to: '2020-12-31' },
    organisations: [{ key: 'org-srm', name: 'Steppe Rights Monitor', acronym: 'SRM', contact: { email: 'info@srm.example.org', address: 'Almaty' } }],
    persons: [
      person({ key: 'p-kz-0101', name: 'Asel Kasymova', nameNative: 'Әсел Қасымова', pseudonym: 'Activist A', occupation: 'journalist', consent: consent(true, true) }),
      person({ key: 'p-kz-0102', name: 'Dana Zhaksybekova', nameNative: 'Дана Жақсыбекова', pseudonym: 'Journalist B', occupation: 'journalist', consent: consent(true, false) }),
      person({ key: 'p-kz-0103', name: 'Ruslan Ashimov', nameNative: 'Руслан Әшімов', pseudonym: 'Blogger C', occupation: 'blogger', consent: consent(false, false) }),
      // Named in summaries only, victim of nothing: consent must reach her too.
      person({ key: 'p-kz-0104', name: 'Gulnara Tobylova', nameNative: 'Гульнара Тобылова', pseudonym: 'Witness D', consent: consent(false, false) }),
      person({ key: 'p-kz-0105', kind: 'group', name: 'Residents of Kok-Tobe street', nameNative: null, pseudonym: 'Group E (neighbours)', consent: consent(false, false) }),
    ],
    sources: [
      {
        key: 's-media-home-search', type: 'media', title: 'Police search home of blogger Ashimov', author: 'Example Wire', organisation: null,
        date: '2020-03-11', url: 'https://news.example.org/2020/03/ashimov-search', reliability: 'B', confidential: false,
      },
      {
        key: 's-srm-quarterly', type: 'monitoring', title: 'Steppe Rights Monitor quarterly note', author: 'SRM', organisation: 'org-srm',
        date: '2020-06-30', url: 'https://srm.example.org/notes/2020-q2', reliability: 'B', confidential: false,
      },
      {
        key: 's-interview-witness', type: 'interview', title: 'Interview with Gulnara Tobylova about the search', author: 'SRM field monitor (Almaty)',
        organisation: 'org-srm', date: '2020-03-12', url: 'https://srm.example.org/private/interviews/2020-03-12', reliability: 'C', confidential: true,
      },
    ],
    incidents: [
      incident({
        key: 'kz-2020-03-10-flat-search', title: "Ruslan Ashimov's flat searched and phones seized", date: '2020-03-10',
        summary: 'Police searched the Almaty flat of blogger Ruslan Ashimov at dawn and seized two phones. Ashimov\'s lawyer was not let in, and Ashimov was questioned for six hours. '
          + 'In a post signed «Руслан Әшімов» he said officers asked about Гульнара Тобылова and showed him messages sent to Тобыловой last year. '
          + 'Asel Kasymova, who filmed the search from the stairwell, was told to delete the video.',
        victims: ['p-kz-0103'], rights: ['expression', 'privacy'], violations: ['search', 'seizure'], urgent: true,
        legalBasis: ['Criminal Code, article 174 (case opened against Ashimov)'],
        perpetrators: [{ description: 'Almaty police investigators', stateActor: true }],
        sources: [
          { source: 's-media-home-search', credibility: 2, locator: 'para. 2', excerpt: 'Ashimov said the officers “took everything”.' },
          { source: 's-interview-witness', credibility: 3, locator: 'minute 12', excerpt: 'Tobylova saw them carry out two bags.' },
        ],
      }),
      incident({
        key: 'kz-2020-05-01-rally-fines', title: 'Two journalists fined for covering a rally', date: '2020-05-01',
        summary: 'Dana Zhaksybekova and Asel Kasymova were fined 100 monthly indices each for covering an unauthorised rally. '
          + 'Zhaksybekova\'s appeal was rejected; Жақсыбекова told reporters that the residents of Kok-Tobe street had asked her to come. '
          + 'Kasymova\'s fine was paid by readers.',
        victims: ['p-kz-0102', 'p-kz-0101'], rights: ['expression', 'peaceful-assembly'], violations: ['administrative-charges', 'fine'],
        sources: [{ source: 's-srm-quarterly', credibility: 2, locator: 'section 2' }],
      }),
      incident({
        key: 'kz-2020-06-02-poem-detention', title: 'Journalist detained after reading a poem in Kazakh', date: '2020-06-02',
        summary: `Asel Kasymova (Әсел Қасымова) was held for three hours after she read out a poem whose title uses the letters ${KAZAKH_SAMPLE}. Police called the reading an unsanctioned event.`,
        victims: ['p-kz-0101'], rights: ['expression', 'liberty'], violations: ['detention'],
        sources: [{ source: 's-srm-quarterly', credibility: 2, locator: 'section 3' }],
      }),
      incident({
        key: 'kz-2020-06-20-residents-warned', title: 'Neighbours warned not to gather', date: '2020-06-20',
        // Text pasted from a web page: a soft hyphen and a zero-width space inside names.
        summary: 'Police warned the residents of Kok-Tobe street not to gather in the courtyard; Gulnara Tobylova\'s neighbour was fined for hanging a banner. '
          + 'A leaflet found there named Ash\u00ADimov and Ruslan\u200BAshimov, and thanked Тобы\u00ADловой. '
          // Russian declines first names too: the whole name must go, not only the surname.
          + 'A local paper wrote: «Соседи Гульнары Тобыловой оштрафованы», quoting Руслана Әшімова.',
        victims: ['p-kz-0105'], rights: ['peaceful-assembly'], violations: ['warning', 'fine'],
        sources: [{ source: 's-srm-quarterly', credibility: 3, locator: 'section 4' }],
        followUpOf: 'kz-2020-05-01-rally-fines',
      }),
    ],
    recommendations: [
      { key: 'r-drop-case', right: 'expression', addressee: 'state', text: 'Drop the criminal case against Ruslan Ashimov and return his phones.', incidents: ['kz-2020-03-10-flat-search'] },
      { key: 'r-raise-case', right: 'expression', addressee: 'eu', text: 'Raise the fine imposed on Dana Zhaksybekova with the authorities.', incidents: ['kz-2020-05-01-rally-fines'] },
    ],
  };
}

/** Text that looks like markup, template code, entities, quotes and a control character. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  mustache: '{{constructor}}',
  block: '{{#with "constructor"}}x{{/with}}',
  entity: '&amp;',
  quoted: '"quoted"',
  /** U+000B between two words: must be dropped, leaving the words joined. */
  control: 'vertical\u000Btab',
  controlShown: 'verticaltab',
} as const;

export const HOSTILE_SUMMARY = `Record text with ${HOSTILE.script}, ${HOSTILE.mustache}, ${HOSTILE.block}, ${HOSTILE.entity}, ${HOSTILE.quoted} and a ${HOSTILE.control} inside.`;

export function hostileBundle() {
  return {
    bundleVersion: 1,
    country: { code: 'KZ', name: 'Kazakhstan' },
    period: { from: '2021-01-01', to: '2021-12-31' },
    organisations: [],
    persons: [
      person({ key: 'p-kz-0201', name: 'Marat Nurlanov', nameNative: 'Марат Нұрланов', pseudonym: 'Editor A', occupation: 'editor of <b>"Free & Fair"</b> {{@root}}', consent: consent(true, true) }),
    ],
    sources: [
      {
        key: 's-hostile-report', type: 'ngo-report', title: 'Report <i>one</i> {{constructor}} & "two"', author: 'A&amp;B <Monitor>', organisation: null,
        date: '2021-02-01', url: 'https://example.org/report?a=1&b="2"', reliability: 'B', confidential: false,
      },
    ],
    incidents: [
      incident({
        key: 'kz-2021-02-01-hostile', title: 'Editor <script>x</script> {{constructor}} detained', date: '2021-02-01',
        summary: HOSTILE_SUMMARY,
        victims: ['p-kz-0201'], rights: ['expression', 'liberty'], violations: ['detention'], urgent: true,
        legalBasis: ['Article <1> & "2" {{lookup this "constructor"}}'],
        perpetrators: [{ description: 'Police {{#each this}}{{@key}}{{/each}}', stateActor: true }],
        sources: [{ source: 's-hostile-report', credibility: 2, locator: '{{@root.title}}', excerpt: '</p><p class="title">injected</p>' }],
      }),
    ],
    recommendations: [
      { key: 'r-hostile', right: 'expression', addressee: 'state', text: 'Release him <img src=x onerror=alert(1)> {{constructor}}.', incidents: ['kz-2021-02-01-hostile'] },
    ],
  };
}

export const asOracleBundle = (b: ReturnType<typeof redactionBundle> | ReturnType<typeof hostileBundle>): Bundle => b as unknown as Bundle;
