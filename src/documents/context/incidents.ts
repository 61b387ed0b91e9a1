import type { IncidentRecord } from '../../records/records.js';
import { RIGHT_LABELS, type Right } from '../../records/vocabulary.js';
import { personView, type Audience, type PersonView, type TextRedactor } from '../../consent/consent.js';
import type { CaseFile } from '../case-file/case-file.js';
import { capitalised, formatDate, formatSpan, leadPhrase } from './dates.js';
import { evidenceView, sourceIdentifiesProtected, sourceView, type EvidenceView, type SourceView } from './sources.js';

/** An incident as templates see it: consent applied, free text redacted, labels ready. */
export interface IncidentView {
  key: string;
  title: string;
  date: string;
  /** The date opening a paragraph: "Around 6 February 2018". */
  dateHeading: string;
  /** The date opening a sentence: "On 13 March 2018", "In February 2018", "Around 6 February 2018". */
  dateLead: string;
  isoDate: string;
  place: string;
  rights: Right[];
  rightLabels: string[];
  violations: string[];
  summary: string;
  /** The summary opens with its own date ("On 13 March 2018, …"): a lead sentence needs no other. */
  summaryDated: boolean;
  victims: PersonView[];
  perpetrators: Array<{ description: string; stateActor: boolean; stateLink: string | null; reason: string | null }>;
  legalBasis: string[];
  /** Steps taken at home (authority, date, outcome), or why none yet; null when not recorded. */
  domesticRemedies?: {
    steps: Array<{ date: string | null; authority: string; action: string; outcome: string | null }>;
    noneBecause: string | null;
  } | null;
  internationalProcedures?: Array<{ body: string; reference: string | null; date: string | null; status: string | null }>;
  ongoing: boolean;
  urgent: boolean;
  unsourced: boolean;
  followUpOf: string | null;
  evidence: EvidenceView[];
  id: number;
  version: number;
}

export const VIOLATION_LABELS: Record<string, string> = {
  detention: 'detention', arrest: 'arrest', 'house-arrest': 'house arrest', 'criminal-charges': 'criminal charges',
  'administrative-charges': 'administrative charges', fine: 'fine', conviction: 'conviction', imprisonment: 'imprisonment',
  search: 'search', seizure: 'seizure of property', threat: 'threats', warning: 'official warning', surveillance: 'surveillance',
  'physical-attack': 'physical attack', 'ill-treatment': 'ill-treatment', dismissal: 'dismissal', ban: 'ban',
  blocking: 'blocking', 'asset-freeze': 'asset freeze', lawsuit: 'lawsuit', legislation: 'restrictive legislation', other: 'other',
};

export interface IncidentSet {
  views: IncidentView[];
  byKey: Map<string, IncidentView>;
  sources: Map<string, SourceView>;
}

/** Builds the views of the selected (and earlier, followed-up) incidents. */
export function incidentViews(file: CaseFile, audience: Audience, redactor: TextRedactor, today?: string): IncidentSet {
  const persons = new Map([...file.persons].map(([k, p]) => [k, personView(p, audience, redactor, today)]));
  // A source that identifies somebody protected for this audience is cited like a confidential one.
  const protectedKeys = new Set(file.protectedPersons.map((p) => p.key));
  const linksOf = new Map<string, IncidentRecord['sources']>();
  for (const i of [...file.earlier, ...file.incidents]) for (const l of i.sources) linksOf.set(l.source, [...(linksOf.get(l.source) ?? []), l]);
  const sources = new Map([...file.sources].map(([k, s]) => {
    const organisation = s.organisation ? file.organisations.get(s.organisation) : undefined;
    const identifying = sourceIdentifiesProtected(s, organisation, linksOf.get(k) ?? [], protectedKeys, redactor);
    return [k, sourceView(s, organisation, redactor, identifying)];
  }));
  const view = (i: IncidentRecord): IncidentView => ({
    key: i.key,
    title: redactor.redact(i.title),
    date: formatSpan(i.date, i.endDate, i.dateAccuracy),
    dateHeading: capitalised(formatSpan(i.date, i.endDate, i.dateAccuracy)),
    dateLead: leadPhrase(i.date, i.endDate, i.dateAccuracy),
    isoDate: i.date,
    place: redactor.redact([i.location.place, i.location.region].filter((p) => p && p !== i.location.place).join(', ') || i.location.place),
    rights: i.rights,
    rightLabels: i.rights.map((r) => RIGHT_LABELS[r]),
    violations: i.violations.map((v) => VIOLATION_LABELS[v] ?? v),
    summary: redactor.redact(i.summary),
    summaryDated: /^(on|in|from|between|since|around)\s+(\d{1,2}\s+)?(january|february|march|april|may|june|july|august|september|october|november|december|early|mid|late)/i.test(i.summary.trim()),
    victims: i.victims.flatMap((k) => persons.get(k) ?? []),
    perpetrators: i.perpetrators.map((p) => ({
      description: redactor.redact(p.description), stateActor: p.stateActor,
      stateLink: redactor.redact(p.stateLink ?? null), reason: redactor.redact(p.reason ?? null),
    })),
    legalBasis: i.legalBasis.map((l) => redactor.redact(l)),
    domesticRemedies: i.domesticRemedies ? {
      steps: (i.domesticRemedies.steps ?? []).map((st) => ({
        date: st.date ? formatDate(st.date) : null, authority: redactor.redact(st.authority), action: redactor.redact(st.action),
        outcome: redactor.redact(st.outcome ?? null),
      })),
      noneBecause: redactor.redact(i.domesticRemedies.noneBecause ?? null),
    } : null,
    internationalProcedures: (i.internationalProcedures ?? []).map((p) => ({
      body: redactor.redact(p.body), reference: p.reference ?? null, date: p.date ? formatDate(p.date) : null, status: redactor.redact(p.status ?? null),
    })),
    ongoing: i.status === 'ongoing',
    urgent: i.urgent,
    unsourced: i.sources.length === 0,
    followUpOf: i.followUpOf,
    evidence: i.sources.flatMap((link) => {
      const s = sources.get(link.source);
      return s ? [evidenceView(s, link, redactor)] : [];
    }),
    id: i.meta.id,
    version: i.meta.version,
  });
  const views = [...file.earlier, ...file.incidents].map(view);
  return { views: views.slice(file.earlier.length), byKey: new Map(views.map((v) => [v.key, v])), sources };
}

/** The sources of the given incidents, each once, in order of first citation. */
export function annexOf(incidents: readonly IncidentView[]): SourceView[] {
  const seen = new Map<string, SourceView>();
  for (const i of incidents) for (const e of i.evidence) if (!seen.has(e.source.key)) seen.set(e.source.key, e.source);
  return [...seen.values()];
}
