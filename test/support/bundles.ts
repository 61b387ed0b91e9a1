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
