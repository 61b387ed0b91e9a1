import { describe, expect, it } from 'vitest';
import { redactorFor } from '../../../../src/consent/consent.js';
import { audienceOf } from '../../../../src/documents/compose/compose.js';
import { baseParts } from '../../../../src/documents/context/base.js';
import { euBriefingContext } from '../../../../src/documents/context/eu-briefing.js';
import { incidentViews } from '../../../../src/documents/context/incidents.js';
import { MANDATES } from '../../../../src/documents/context/mandates.js';
import { unCommunicationContext } from '../../../../src/documents/context/un-communication.js';
import { urgentAppealContext } from '../../../../src/documents/context/urgent-appeal.js';
import { DocumentRequestSchema, type DocumentRequest } from '../../../../src/documents/request.schemas.js';
import { redactionBundle, smallBundle } from '../../../support/bundles.js';
import { caseFileOf } from '../../../support/case-file.js';

/** Each kind's context, as its template receives it, from records in memory (no database). */
const TODAY = '2024-01-02';

function prepare(bundle: unknown, input: Record<string, unknown>, select: { incidents?: string[] } = {}) {
  const request = DocumentRequestSchema.parse({ format: 'pdf', ...input });
  const audience = audienceOf(request.kind);
  const file = caseFileOf(bundle, audience, { ...select, recommendations: request.kind === 'eu-briefing' });
  const redactor = redactorFor(file.protectedPersons);
  const set = incidentViews(file, audience, redactor);
  return { request, file, redactor, set, base: baseParts(file, request, set, TODAY) };
}
function options<K extends DocumentRequest['kind']>(r: DocumentRequest, kind: K): Extract<DocumentRequest, { kind: K }>['options'] {
  if (r.kind !== kind) throw new Error(`a ${r.kind} request, not ${kind}`);
  return r.options as never;
}

describe('what every kind shares', () => {
  it('takes the period from the incidents, a neutral sender (never a cited source\'s organisation), and today in words', () => {
    const { base, set } = prepare(smallBundle(), { kind: 'eu-briefing', selection: { country: 'KZ' } });
    expect(base.period).toEqual({ from: '2018-03-13', to: '2018-03-15', label: 'March 2018' });
    expect(base.organisation).toEqual({ name: 'The submitting organisation', acronym: null, email: null, address: null, phone: null, website: null, signatory: null });
    expect(base.generatedOn).toBe('2 January 2024');
    expect(base.country).toMatchObject({ code: 'KZ', name: 'Kazakhstan' });
    // Each victim once, each perpetrator once.
    expect(base.victims.map((v) => v.displayName)).toEqual(['Activist A', 'Ivan Petrov']);
    expect(base.perpetrators).toEqual([{ description: 'Almaty police', stateActor: true, stateLink: null, reason: null }]);
    expect(base.annexOf(set.views).map((s) => s.key)).toEqual(['s-note', 's-secret']);
  });

  it('prefers the selection\'s dates and the submitting organisation given in the request', () => {
    const { base } = prepare(smallBundle(), {
      kind: 'eu-briefing', selection: { country: 'KZ', from: '2018-01-01', to: '2018-03-31' },
      options: { dialogueRound: {}, submittingOrganisation: { name: 'Bureau', email: 'b@example.org' } },
    });
    expect(base.period.label).toBe('January–March 2018');
    expect(base.organisation).toEqual({ name: 'Bureau', acronym: null, email: 'b@example.org', address: null, phone: null, website: null, signatory: null });
  });
});

describe('UN communication (audience: the UN)', () => {
  const input = { kind: 'un-communication', selection: { country: 'KZ' }, options: { variant: 'allegation-letter', mandates: ['sr-expression', 'wg-arbitrary-detention'] } };

  it('addresses the chosen mandates, invokes the standards of the rights concerned, and lists legal provisions', () => {
    const { request, base, set } = prepare(smallBundle(), input);
    const context = unCommunicationContext(options(request, 'un-communication'), base, set, false);
    expect(context.title).toBe('Allegation letter to the UN Special Procedures: Kazakhstan');
    expect(context.mandates.map((m) => m.title)).toEqual(['sr-expression', 'wg-arbitrary-detention'].map((k) => MANDATES.find((m) => m.key === k)!.title));
    expect(context.standards.flatMap((s) => s.instruments).join(' ')).toMatch(/article 22/);
    expect(context.legalProvisions).toEqual([{ incidentKey: 'kz-2018-03-13-detention', incidentTitle: 'Activist detained in Almaty', provision: 'Criminal Code, Article 405' }]);
    expect(context.confidentiality).toBe(true);
    expect(context.consent).toEqual({ allNamed: true, allTransmit: true, pseudonymised: [], noTransmission: [] });
  });

  it('says who is pseudonymised and whose case may not go to the State, by pseudonym', () => {
    const { request, base, set } = prepare(redactionBundle(), { ...input, selection: { country: 'KZ' } });
    const context = unCommunicationContext(options(request, 'un-communication'), base, set, false);
    expect(context.consent.allNamed).toBe(false);
    expect(context.consent.pseudonymised).toEqual(expect.arrayContaining(['Blogger C']));
    expect(context.consent.noTransmission).toEqual(expect.arrayContaining(['Blogger C']));
    expect(JSON.stringify(context)).not.toMatch(/Ashimov|Әшімов|Tobylova/);
  });
});

describe('EU briefing (audience: the public)', () => {
  const briefing = (opts: Record<string, unknown>) => {
    const { request, base, set, file, redactor } = prepare(redactionBundle(), { kind: 'eu-briefing', selection: { country: 'KZ' }, options: opts });
    return { file, set, context: () => euBriefingContext(options(request, 'eu-briefing'), base, set, file.recommendations, redactor, false, '2024-01-02') };
  };
  const ROUND = { number: 12, date: '2021-06-15', place: 'Brussels' };

  it('narrates each incident once, under its primary right, and refers to it by section number under its other rights', () => {
    const { file, set, context } = briefing({ dialogueRound: ROUND, publicationDate: '2021-06-01' });
    expect(file.recommendations.map((r) => r.key).sort()).toEqual(['r-drop-case', 'r-raise-case']);
    const c = context();
    expect(c.title).toBe('Key issues for the EU–Kazakhstan Human Rights Dialogue');
    expect(c.round).toEqual({ number: 12, date: '15 June 2021', place: 'Brussels' });
    expect(c.publicationDate).toBe('1 June 2021');
    const narrated = c.sections.flatMap((s) => s.themes.flatMap((t) => t.incidents.map((i) => i.key)));
    expect([...narrated].sort()).toEqual(set.views.map((i) => i.key).sort());
    expect(c.sections.map((s) => [s.number, s.anchor])).toEqual([[1, 'right-expression'], [2, 'right-peaceful-assembly']]);
    const [expression, assembly] = c.sections;
    expect(expression!.themes.flatMap((t) => t.incidents.map((i) => i.key))).toEqual(['kz-2020-06-02-poem-detention', 'kz-2020-05-01-rally-fines', 'kz-2020-03-10-flat-search']);
    // The rally (expression first, assembly second) is told in section 1 and referred to in section 2.
    const rally = expression!.themes.find((t) => t.incidents.some((i) => i.key === 'kz-2020-05-01-rally-fines'))!;
    expect(assembly!.seeAlso).toEqual([{ title: 'Two journalists fined for covering a rally', date: '1 May 2020', section: rally.number, anchor: rally.incidents.find((i) => i.key === 'kz-2020-05-01-rally-fines')!.anchor }]);
    expect(rally.number).toMatch(/^1\.\d$/);
    expect(expression!.stateRecommendations).toEqual(['Drop the criminal case against Blogger C and return his phones.']);
    expect(expression!.euRecommendations).toEqual(['Raise the fine imposed on Journalist B with the authorities.']);
    expect(assembly!.stateRecommendations).toEqual([]);
    expect(JSON.stringify(c)).not.toMatch(/Ashimov|Zhaksybekova|Жақсыбекова|Tobylova/);
  });

  it('sums up the rights with most incidents after the key points staff wrote, which are redacted too', () => {
    const c = briefing({ keyPoints: ['The case of Ruslan Ashimov shows how searches silence bloggers.'] }).context();
    expect(c.keyPoints).toEqual(['The case of Blogger C shows how searches silence bloggers.']);
    expect(c.keyIssues.map((k) => [k.right, k.count, k.section?.number ?? null])).toEqual([
      ['Freedom of expression', 3, 1], ['Freedom of peaceful assembly', 2, 2], ['Right to liberty (arbitrary detention)', 1, null], ['Right to privacy', 1, null],
    ]);
    expect(c.keyIssues[0]!.violations).toBe('search, seizure of property and administrative charges');
  });

  it('boxes each individual victim of an ongoing incident once, by pseudonym where consent does not cover the public, with the ask', () => {
    const c = briefing({}).context();
    const cases = c.sections.flatMap((s) => s.cases);
    expect(cases.map((x) => [x.person.displayName, x.occupation, x.statusIncident])).toEqual([
      ['Asel Kasymova', 'journalist', 'kz-2020-06-02-poem-detention'],
      ['Journalist B', null, 'kz-2020-05-01-rally-fines'],
      ['Blogger C', null, 'kz-2020-03-10-flat-search'],
    ].sort((a, b) => cases.findIndex((x) => x.person.displayName === a[0]) - cases.findIndex((x) => x.person.displayName === b[0])));
    expect(cases.find((x) => x.person.displayName === 'Asel Kasymova')!.ask).toBe('Call for the release of Asel Kasymova.');
    expect(cases.find((x) => x.person.displayName === 'Asel Kasymova')!.status).toBe('Journalist detained after reading a poem in Kazakh (2 June 2020; ongoing).');
    expect(c.casesCount).toBe(3);
  });

  it('takes the cases, their situation and the ask from the request when given, and refuses a person who is no victim here', () => {
    const c = briefing({ casesOfConcern: [{ person: 'p-kz-0103', status: 'Under investigation for inciting discord.', ask: 'Ask that the case be closed.' }] }).context();
    expect(c.sections.flatMap((s) => s.cases).map((x) => [x.person.displayName, x.status, x.statusIncident, x.ask])).toEqual([
      ['Blogger C', 'Under investigation for inciting discord.', null, 'Ask that the case be closed.'],
    ]);
    expect(() => briefing({ casesOfConcern: [{ person: 'p-kz-0104' }] }).context()).toThrow(expect.objectContaining({
      problems: [{ path: '/options/casesOfConcern/0/person', message: 'is not a victim of any selected incident' }],
    }));
  });

  it('is dated before the round: today by default, refused (422 at /options/publicationDate) when that is after it', () => {
    expect(briefing({ dialogueRound: { date: '2024-03-01' } }).context().publicationDate).toBe('2 January 2024');
    expect(() => briefing({ dialogueRound: ROUND }).context()).toThrow(expect.objectContaining({
      problems: [expect.objectContaining({ path: '/options/publicationDate' })],
    }));
    const parsed = DocumentRequestSchema.safeParse({ kind: 'eu-briefing', format: 'pdf', selection: { country: 'KZ' }, options: { dialogueRound: ROUND, publicationDate: '2021-06-16' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('/'))).toEqual(['options/publicationDate']);
  });
});

describe('urgent appeal (audience: the public)', () => {
  const input = (selection: Record<string, unknown>) => ({ kind: 'urgent-appeal', selection, options: { appealCode: 'KAZ 001/0318/OBS 025' } });

  it('heads the appeal with the gravest violation and the subject by pseudonym, and asks for release when detained', () => {
    const { request, base, set, redactor } = prepare(smallBundle(), input({ persons: ['p-anon'] }));
    const context = urgentAppealContext(options(request, 'urgent-appeal'), base, set, ['p-anon'], { redactor, persons: [] }, false);
    // Never "activist Activist A": a pseudonym is not prefixed by its own role.
    expect(context.headline).toBe('Kazakhstan: Detention of Activist A');
    expect(context.title).toBe('KAZ 001/0318/OBS 025 — Kazakhstan: Detention of Activist A');
    expect(context.subject).toMatchObject({ key: 'p-anon', displayName: 'Activist A', named: false });
    expect(context.lead?.key).toBe('kz-2018-03-20-house-arrest');
    expect(context.facts.map((i) => i.key)).toEqual(['kz-2018-03-13-detention']);
    expect(context.earlierAppeal).toBeNull();
    expect(context.concern).toBe('Arbitrary detention');
    expect(context.actions[1]).toBe('Release Activist A immediately and unconditionally, as the detention appears to sanction only the peaceful exercise of fundamental rights.');
    expect(context.addressees).toEqual([]);
  });

  it('tells the earlier incident a new one follows up as background, cited, with its sources in the annex', () => {
    const { request, base, set, redactor } = prepare(smallBundle(), input({ incidents: ['kz-2018-03-20-house-arrest'] }), { incidents: ['kz-2018-03-20-house-arrest'] });
    const context = urgentAppealContext(options(request, 'urgent-appeal'), base, set, [], { redactor, persons: [] }, false);
    expect(context.facts.map((i) => i.key)).toEqual(['kz-2018-03-13-detention']);
    expect(context.earlierAppeal).toBeNull();
    expect(context.annex.map((s) => s.key)).toEqual(['s-note', 's-secret']);
  });
});
