import type { RecommendationRecord } from '../../records/records.js';
import { RIGHTS, RIGHT_LABELS } from '../../records/vocabulary.js';
import type { TextRedactor } from '../../consent/consent.js';
import type { DocumentRequest } from '../request.schemas.js';
import type { BaseContext, BaseParts } from './base.js';
import { formatDate } from './dates.js';
import { VIOLATION_LABELS, type IncidentSet, type IncidentView } from './incidents.js';

// Incident views carry violation labels; themes are written with vocabulary values.
const violationLabel = (v: string) => VIOLATION_LABELS[v] ?? v;

type Options = Extract<DocumentRequest, { kind: 'eu-briefing' }>['options'];

/** Thematic sub-sections: an incident goes under the first theme any of its violations belongs to. */
const THEMES: Array<{ title: string; violations: string[] }> = [
  { title: 'Criminal prosecution, detention and imprisonment', violations: ['detention', 'arrest', 'house-arrest', 'criminal-charges', 'conviction', 'imprisonment'] },
  { title: 'Violence and ill-treatment', violations: ['physical-attack', 'ill-treatment'] },
  { title: 'Administrative sanctions', violations: ['administrative-charges', 'fine'] },
  { title: 'Intimidation, warnings and surveillance', violations: ['threat', 'warning', 'surveillance', 'search', 'seizure'] },
  { title: 'Bans, blocking and restrictive legislation', violations: ['ban', 'blocking', 'legislation', 'asset-freeze'] },
  { title: 'Reprisals through employment and the courts', violations: ['dismissal', 'lawsuit'] },
];
const OTHER_THEME = 'Other developments';

export interface BriefingSection {
  number: number;
  anchor: string;
  right: string;
  count: number;
  themes: Array<{ title: string; incidents: IncidentView[] }>;
  /** Incidents with an individual victim: the cases the EU should raise by name (or pseudonym). */
  emblematic: IncidentView[];
  stateRecommendations: string[];
  euRecommendations: string[];
}

export interface EuBriefingContext extends BaseContext {
  round: { number: number | null; date: string | null; place: string | null };
  sections: BriefingSection[];
}

export function euBriefingContext(
  options: Options,
  base: BaseParts,
  set: IncidentSet,
  recommendations: RecommendationRecord[],
  redactor: TextRedactor,
  draft: boolean,
): EuBriefingContext {
  const incidents = set.views;
  const sections: BriefingSection[] = [];
  for (const right of RIGHTS) {
    const inRight = incidents.filter((i) => i.rights.includes(right));
    if (inRight.length === 0) continue;
    const emblematic = inRight.filter((i) => i.victims.some((v) => v.kind === 'individual')).slice(0, 3);
    const rest = inRight.filter((i) => !emblematic.includes(i));
    const themes = new Map<string, IncidentView[]>();
    for (const i of rest) {
      const theme = THEMES.find((t) => t.violations.some((v) => i.violations.includes(violationLabel(v))))?.title ?? OTHER_THEME;
      themes.set(theme, [...(themes.get(theme) ?? []), i]);
    }
    const ordered = [...THEMES.map((t) => t.title), OTHER_THEME].flatMap((title) => {
      const list = themes.get(title);
      return list ? [{ title, incidents: list }] : [];
    });
    const recs = recommendations.filter((r) => r.right === right);
    sections.push({
      number: sections.length + 1,
      anchor: `right-${right}`,
      right: RIGHT_LABELS[right],
      count: inRight.length,
      themes: ordered,
      emblematic,
      stateRecommendations: recs.filter((r) => r.addressee === 'state').map((r) => redactor.redact(r.text)),
      euRecommendations: recs.filter((r) => r.addressee !== 'state').map((r) => redactor.redact(r.text)),
    });
  }
  const round = options.dialogueRound;
  return {
    kind: 'eu-briefing',
    title: `Key issues for the EU–${base.country.name} Human Rights Dialogue`,
    draft,
    generatedOn: base.generatedOn,
    country: base.country,
    period: base.period,
    organisation: base.organisation,
    incidents,
    victims: base.victims,
    perpetrators: base.perpetrators,
    annex: base.annexOf(incidents),
    round: { number: round.number ?? null, date: round.date ? formatDate(round.date) : null, place: round.place ?? null },
    sections,
  };
}
