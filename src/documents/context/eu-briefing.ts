import type { RecommendationRecord } from '../../records/records.js';
import { RIGHTS, type Right, type Violation } from '../../records/vocabulary.js';
import type { PersonView, TextRedactor } from '../../consent/consent.js';
import { InvalidInputError } from '../../shared/errors.js';
import type { DocumentRequest } from '../request.schemas.js';
import type { BaseContext, BaseParts } from './base.js';
import { formatDate } from './dates.js';
import { violationLabel, type IncidentSet, type IncidentView } from './incidents.js';
import type { Messages } from '../i18n/messages.js';
import type { MessageKey } from '../i18n/catalogues/en.js';

/**
 * The EU Human Rights Dialogue briefing, the way NGO briefing papers read: one title, dated
 * before the round; an executive summary of the key issues; one section per right in which each
 * incident is narrated once — under its primary right, the first of its `rights` — and referred
 * to elsewhere by a cross-reference ("section 2.1"); boxed cases of concern (the person, where
 * things stand, the ask); the recommendations to the EU and to the government where any exist.
 */

type Options = Extract<DocumentRequest, { kind: 'eu-briefing' }>['options'];

/** Thematic sub-sections: an incident goes under the first theme any of its violations belongs to. */
const THEMES: Array<{ title: MessageKey; violations: Violation[] }> = [
  { title: 'eu.theme.custody', violations: ['detention', 'arrest', 'house-arrest', 'criminal-charges', 'conviction', 'imprisonment'] },
  { title: 'eu.theme.violence', violations: ['physical-attack', 'ill-treatment'] },
  { title: 'eu.theme.administrative', violations: ['administrative-charges', 'fine'] },
  { title: 'eu.theme.intimidation', violations: ['threat', 'warning', 'surveillance', 'search', 'seizure'] },
  { title: 'eu.theme.bans', violations: ['ban', 'blocking', 'legislation', 'asset-freeze'] },
  { title: 'eu.theme.reprisals', violations: ['dismissal', 'lawsuit'] },
];
const OTHER_THEME: MessageKey = 'eu.theme.other';
/** Violations that keep a person deprived of liberty while the incident is ongoing. */
const CUSTODY: Violation[] = ['detention', 'arrest', 'house-arrest', 'imprisonment'];

/** An incident as narrated: the paragraph's anchor, for cross-references to it. */
export type NarratedIncident = IncidentView & { anchor: string };

export interface BriefingTheme {
  /** "2.1" */
  number: string;
  anchor: string;
  title: string;
  incidents: NarratedIncident[];
}

/** An incident narrated in another section that concerns this right too. */
export interface CrossReference {
  title: string;
  date: string;
  /** The sub-section that narrates it ("2.1") and the anchor of its paragraph. */
  section: string;
  anchor: string;
}

export interface CaseOfConcern {
  person: PersonView;
  /** Occupation, printed only beside a real name: beside a pseudonym it narrows who it is. */
  occupation: string | null;
  status: string;
  /** The incident the status is taken from (cited), or null when staff wrote it. */
  statusIncident: string | null;
  ask: string;
}

export interface BriefingSection {
  number: number;
  anchor: string;
  right: string;
  themes: BriefingTheme[];
  seeAlso: CrossReference[];
  cases: CaseOfConcern[];
  stateRecommendations: string[];
  euRecommendations: string[];
}

export interface KeyIssue {
  right: string;
  count: number;
  /** The most frequent violations, in words ("criminal charges, detention and official warning"). */
  violations: string | null;
  /** The section of this right, when it has one. */
  section: { number: number; anchor: string } | null;
}

export interface EuBriefingContext extends BaseContext {
  round: { number: number | null; date: string | null; place: string | null };
  publicationDate: string;
  keyPoints: string[];
  keyIssues: KeyIssue[];
  sections: BriefingSection[];
  casesCount: number;
}

export function euBriefingContext(
  options: Options,
  base: BaseParts,
  set: IncidentSet,
  recommendations: RecommendationRecord[],
  redactor: TextRedactor,
  draft: boolean,
  today: string,
): EuBriefingContext {
  const incidents = set.views;
  const m = base.m;
  const round = options.dialogueRound;
  const published = options.publicationDate ?? today;
  if (round.date && published > round.date) {
    throw new InvalidInputError(
      `The briefing would be dated ${formatDate(published)}, after the dialogue round (${formatDate(round.date)}): give a publication date on or before the round.`,
      [{ path: '/options/publicationDate', message: `must be on or before the dialogue round (${round.date})${options.publicationDate ? '' : '; today is later, so give the date the paper went out'}` }],
    );
  }

  const primary = (i: IncidentView): Right => i.rights[0]!;
  const countOf = (right: Right) => incidents.filter((i) => i.rights.includes(right)).length;
  const statedRecs = recommendations.filter((r) => r.addressee === 'state' || r.addressee === 'eu');
  // Sections in order of weight (incidents touching the right), as the summary ranks them.
  const rights = RIGHTS
    .filter((r) => incidents.some((i) => primary(i) === r) || statedRecs.some((rec) => rec.right === r))
    .sort((a, b) => countOf(b) - countOf(a) || RIGHTS.indexOf(a) - RIGHTS.indexOf(b));

  const anchors = new Map(incidents.map((i, index) => [i.key, `incident-${index + 1}`]));
  const narratedIn = new Map<string, string>(); // incident key → sub-section number
  const sections: BriefingSection[] = rights.map((right, index) => {
    const number = index + 1;
    const grouped = new Map<MessageKey, NarratedIncident[]>();
    for (const i of incidents.filter((x) => primary(x) === right)) {
      const theme = THEMES.find((t) => t.violations.some((v) => i.violationKeys.includes(v)))?.title ?? OTHER_THEME;
      grouped.set(theme, [...(grouped.get(theme) ?? []), { ...i, anchor: anchors.get(i.key)! }]);
    }
    const themes = [...THEMES.map((t) => t.title), OTHER_THEME].flatMap((title) => {
      const list = grouped.get(title);
      return list ? [{ title: m.t(title), incidents: list }] : [];
    }).map((t, k): BriefingTheme => ({ ...t, number: `${number}.${k + 1}`, anchor: `section-${number}-${k + 1}` }));
    for (const t of themes) for (const i of t.incidents) narratedIn.set(i.key, t.number);
    const recs = statedRecs.filter((r) => r.right === right);
    return {
      number, anchor: `right-${right}`, right: m.t(`right.${right}`), themes, seeAlso: [], cases: [],
      stateRecommendations: recs.filter((r) => r.addressee === 'state').map((r) => redactor.redact(r.text)),
      euRecommendations: recs.filter((r) => r.addressee === 'eu').map((r) => redactor.redact(r.text)),
    };
  });
  sections.forEach((section, index) => {
    const right = rights[index]!;
    section.seeAlso = incidents
      .filter((i) => primary(i) !== right && i.rights.includes(right))
      .map((i) => ({ title: i.title, date: i.date, section: narratedIn.get(i.key)!, anchor: anchors.get(i.key)! }));
  });

  const cases = casesOfConcern(m, options, incidents);
  for (const c of cases) sections[rights.indexOf(primary(c.latest))]!.cases.push(c.view);

  const keyPoints = (options.keyPoints ?? []).map((p) => redactor.redact(p));
  const issueCount = Math.max(2, Math.min(4, 6 - keyPoints.length));
  const keyIssues = RIGHTS
    .map((right) => ({ right, count: countOf(right) }))
    .filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count || RIGHTS.indexOf(a.right) - RIGHTS.indexOf(b.right))
    .slice(0, issueCount)
    .map(({ right, count }): KeyIssue => {
      const section = sections[rights.indexOf(right)];
      return { right: m.t(`right.${right}`), count, violations: topViolations(m, incidents.filter((i) => i.rights.includes(right))), section: section ? { number: section.number, anchor: section.anchor } : null };
    });

  return {
    kind: 'eu-briefing',
    title: m.t('eu.title', { country: base.country.name, countryOf: base.country.of, countryIn: base.country.in }),
    draft,
    generatedOn: base.generatedOn,
    country: base.country,
    period: base.period,
    organisation: base.organisation,
    incidents,
    victims: base.victims,
    perpetrators: base.perpetrators,
    annex: base.annexOf(incidents),
    round: { number: round.number ?? null, date: round.date ? m.date(round.date) : null, place: round.place ?? null },
    publicationDate: m.date(published),
    keyPoints,
    keyIssues,
    sections,
    casesCount: cases.length,
  };
}

/** "criminal charges, detention and official warning": the three most frequent, 'other' aside. */
function topViolations(m: Messages, incidents: readonly IncidentView[]): string | null {
  const counts = new Map<Violation, number>();
  for (const i of incidents) for (const v of i.violationKeys) if (v !== 'other') counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([v]) => violationLabel(m, v));
  return top.length === 0 ? null : m.list(top);
}

/**
 * The persons boxed as cases of concern, each once: those the request names, or else every
 * individual victim of an ongoing incident. Each sits in the section of their latest incident.
 */
function casesOfConcern(m: Messages, options: Options, incidents: readonly IncidentView[]): Array<{ latest: IncidentView; view: CaseOfConcern }> {
  // A person's latest ongoing incident, else their latest: found in one pass, not one per person.
  const last = new Map<string, IncidentView>();
  const lastOngoing = new Map<string, IncidentView>();
  for (const i of incidents) {
    for (const v of i.victims) {
      last.set(v.key, i);
      if (i.ongoing) lastOngoing.set(v.key, i);
    }
  }
  const latestOf = (key: string): IncidentView | undefined => lastOngoing.get(key) ?? last.get(key);
  const requested = options.casesOfConcern;
  const wanted = requested
    ? requested.map((c, index) => {
      const latest = latestOf(c.person);
      if (!latest) {
        throw new InvalidInputError('A case of concern is not a victim of the selected incidents.', [
          { path: `/options/casesOfConcern/${index}/person`, message: 'is not a victim of any selected incident' },
        ]);
      }
      return { key: c.person, latest, status: c.status ?? null, ask: c.ask ?? null };
    })
    : [...new Set(incidents.filter((i) => i.ongoing).flatMap((i) => i.victims.filter((v) => v.kind === 'individual').map((v) => v.key)))]
      .map((key) => ({ key, latest: latestOf(key)!, status: null, ask: null }));
  const seen = new Set<string>();
  return wanted.filter((w) => !seen.has(w.key) && seen.add(w.key)).map(({ key, latest, status, ask }) => {
    const person = latest.victims.find((v) => v.key === key)!;
    return {
      latest,
      view: {
        person,
        occupation: person.named ? person.occupation : null,
        status: status ?? m.t('eu.case.status', { title: latest.title, date: latest.date, ongoing: latest.ongoing ? 'yes' : 'no' }),
        statusIncident: status ? null : latest.key,
        ask: ask ?? defaultAsk(m, person.displayName, latest),
      },
    };
  });
}

/** What the EU should ask, from where things stand: release while held, charges dropped while charged. */
function defaultAsk(m: Messages, name: string, latest: IncidentView): string {
  const held = latest.ongoing && latest.violationKeys.some((v) => CUSTODY.includes(v));
  const charged = latest.ongoing && latest.violationKeys.includes('criminal-charges');
  const key: MessageKey = held && charged ? 'eu.ask.releaseAndDrop' : held ? 'eu.ask.release' : charged ? 'eu.ask.drop' : 'eu.ask.review';
  return m.t(key, { name });
}
