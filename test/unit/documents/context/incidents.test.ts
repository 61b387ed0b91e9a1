import { describe, expect, it } from 'vitest';
import { redactorFor, type Audience } from '../../../../src/consent/consent.js';
import { annexOf, incidentViews } from '../../../../src/documents/context/incidents.js';
import { SOURCE_TYPE_LABELS } from '../../../../src/records/vocabulary.js';
import { redactionBundle, smallBundle } from '../../../support/bundles.js';
import { caseFileOf } from '../../../support/case-file.js';

/** What templates see of incidents, built from records in memory (no database). */
const viewsOf = (bundle: unknown, audience: Audience, select: { incidents?: string[] } = {}) => {
  const file = caseFileOf(bundle, audience, select);
  return incidentViews(file, audience, redactorFor(file.protectedPersons));
};

const DETENTION = 'kz-2018-03-13-detention';
const HOUSE_ARREST = 'kz-2018-03-20-house-arrest';

describe('incident views: consent', () => {
  it('shows a person who may not be named to the public by pseudonym only, without the native name', () => {
    const set = viewsOf(smallBundle(), 'public');
    const detention = set.byKey.get(DETENTION)!;
    expect(detention.victims).toEqual([expect.objectContaining({ key: 'p-anon', displayName: 'Activist A', nativeName: null, named: false })]);
    const named = set.byKey.get(HOUSE_ARREST)!.victims.find((v) => v.key === 'p-named');
    expect(named).toMatchObject({ displayName: 'Ivan Petrov', nativeName: 'Иван Петров', named: true, sex: 'male', occupation: 'blogger' });
  });

  it('names the same person to the UN, whose consent covers it', () => {
    const victim = viewsOf(smallBundle(), 'un').byKey.get(DETENTION)!.victims[0];
    expect(victim).toMatchObject({ displayName: 'Әсел Қасымова', nativeName: 'Әсел Қасымова', named: true, transmit: true });
  });

  it('redacts protected names in titles, summaries, legal bases and perpetrators, keeping a consenting person named', () => {
    const set = viewsOf(redactionBundle(), 'public');
    const search = set.byKey.get('kz-2020-03-10-flat-search')!;
    const text = [search.title, search.summary, ...search.legalBasis, ...search.perpetrators.map((p) => p.description)].join(' ');
    for (const name of ['Ruslan', 'Ashimov', 'Әшімов', 'Tobylova', 'Тобылова', 'Тобыловой']) expect(text).not.toContain(name);
    expect(search.title).toBe("Blogger C's flat searched and phones seized");
    expect(search.summary).toContain('Witness D');
    expect(search.summary).toContain('Asel Kasymova'); // public consent given
    expect(search.victims.map((v) => v.displayName)).toEqual(['Blogger C']);
  });
});

describe('incident views: dates, places and labels', () => {
  it('writes dates for headings and sentences, and keeps the ISO date for ordering', () => {
    const set = viewsOf(smallBundle(), 'public');
    expect(set.views.map((v) => v.key)).toEqual([DETENTION, HOUSE_ARREST]);
    expect(set.byKey.get(DETENTION)).toMatchObject({ date: '13 March 2018', dateLead: 'On 13 March 2018', dateHeading: '13 March 2018', isoDate: '2018-03-13' });
    expect(set.byKey.get(HOUSE_ARREST)).toMatchObject({ date: '15 March 2018 to 16 March 2018', dateLead: 'From 15 March 2018 to 16 March 2018' });
  });

  it('says the place once when the region repeats it, and labels rights and violations', () => {
    const set = viewsOf(smallBundle(), 'public');
    expect(set.byKey.get(HOUSE_ARREST)!.place).toBe('Almaty');
    expect(set.byKey.get(DETENTION)).toMatchObject({
      violations: ['detention', 'house arrest'], ongoing: true, urgent: true, unsourced: false, followUpOf: null,
      perpetrators: [{ description: 'Almaty police', stateActor: true }],
    });
    expect(set.byKey.get(DETENTION)!.rightLabels).toHaveLength(2);
  });
});

describe('incident views: sources', () => {
  it('describes an open source with author, title, type and date, and grades it', () => {
    const [open] = viewsOf(smallBundle(), 'public').byKey.get(DETENTION)!.evidence;
    expect(open).toMatchObject({
      locator: 'para. 3', credibility: 2, grading: 'B2',
      source: { key: 's-note', confidential: false, url: 'https://example.org/notes/12', reliability: 'B' },
    });
    expect(open!.source.description).toBe(`SRM, “Monitoring note 12”, ${SOURCE_TYPE_LABELS.monitoring}, 14 March 2018`);
  });

  it('says of a confidential source only its type and month: no title, address, locator, excerpt or grading', () => {
    const secret = viewsOf(smallBundle(), 'public').byKey.get(DETENTION)!.evidence[1]!;
    expect(secret).toEqual({
      source: { key: 's-secret', confidential: true, description: `Confidential source (${SOURCE_TYPE_LABELS.interview}, March 2018)`, url: null, reliability: null, author: null, title: null },
      locator: null, excerpt: null, credibility: 3, grading: null,
    });
  });

  it('cites a source that names a protected person like a confidential one, with no remark that says why', () => {
    const media = viewsOf(redactionBundle(), 'public').sources.get('s-media-home-search')!;
    expect(media.url).toBeNull();
    expect(media.description).toBe('Confidential source (media report, March 2020)');
    expect(media.description).not.toContain('withheld');
  });

  it('lists each cited source once in the annex, in order of first citation', () => {
    const set = viewsOf(smallBundle(), 'public');
    expect(annexOf(set.views).map((s) => s.key)).toEqual(['s-note', 's-secret']);
  });

  it('includes the earlier incident a selected one follows up, outside the selection', () => {
    const set = viewsOf(smallBundle(), 'public', { incidents: [HOUSE_ARREST] });
    expect(set.views.map((v) => v.key)).toEqual([HOUSE_ARREST]);
    expect(set.byKey.get(DETENTION)?.title).toBe('Activist detained in Almaty');
  });
});
