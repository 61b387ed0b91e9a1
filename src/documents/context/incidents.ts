import type { IncidentRecord } from '../../records/records.js';
import type { Right, Violation } from '../../records/vocabulary.js';
import { personView, type Audience, type PersonView, type TextRedactor } from '../../consent/consent.js';
import type { CaseFile } from '../case-file/case-file.js';
import { ENGLISH, type Messages } from '../i18n/messages.js';
import { opensWithDate, typeset } from '../i18n/typography.js';
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
  /** Violation labels in the document's language ("criminal charges"). */
  violations: string[];
  /** The same violations as vocabulary values: what rules test. */
  violationKeys: Violation[];
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

/** A violation as it reads inside a sentence, in the document's language. */
export const violationLabel = (m: Messages, v: Violation): string => m.t(`violation.${v}`);

export interface IncidentSet {
  views: IncidentView[];
  byKey: Map<string, IncidentView>;
  sources: Map<string, SourceView>;
}

/** Builds the views of the selected (and earlier, followed-up) incidents. */
export function incidentViews(file: CaseFile, audience: Audience, redactor: TextRedactor, today?: string, m: Messages = ENGLISH): IncidentSet {
  const persons = new Map([...file.persons].map(([k, p]) => [k, personView(p, audience, redactor, today)]));
  // A source that identifies somebody protected for this audience is cited like a confidential one.
  const protectedKeys = new Set(file.protectedPersons.map((p) => p.key));
  const linksOf = new Map<string, IncidentRecord['sources']>();
  for (const i of [...file.earlier, ...file.incidents]) {
    for (const l of i.sources) {
      const links = linksOf.get(l.source);
      if (links) links.push(l);
      else linksOf.set(l.source, [l]);
    }
  }
  const sources = new Map([...file.sources].map(([k, s]) => {
    const organisation = s.organisation ? file.organisations.get(s.organisation) : undefined;
    const identifying = sourceIdentifiesProtected(s, organisation, linksOf.get(k) ?? [], protectedKeys, redactor);
    return [k, sourceView(s, organisation, redactor, identifying, m)];
  }));
  const view = (i: IncidentRecord): IncidentView => ({
    key: i.key,
    title: redactor.redact(i.title),
    date: m.span(i.date, i.endDate, i.dateAccuracy),
    dateHeading: m.capitalise(m.span(i.date, i.endDate, i.dateAccuracy)),
    dateLead: m.lead(i.date, i.endDate, i.dateAccuracy),
    isoDate: i.date,
    place: redactor.redact([i.location.place, i.location.region].filter((p) => p && p !== i.location.place).join(', ') || i.location.place),
    rights: i.rights,
    rightLabels: i.rights.map((r) => m.t(`right.${r}`)),
    violations: i.violations.map((v) => violationLabel(m, v)),
    violationKeys: [...i.violations],
    summary: typeset(m.language, redactor.redact(i.summary)),
    summaryDated: opensWithDate(m.language, i.summary),
    victims: i.victims.flatMap((k) => persons.get(k) ?? []),
    perpetrators: i.perpetrators.map((p) => ({
      description: redactor.redact(p.description), stateActor: p.stateActor,
      stateLink: redactor.redact(p.stateLink ?? null), reason: redactor.redact(p.reason ?? null),
    })),
    legalBasis: i.legalBasis.map((l) => redactor.redact(l)),
    domesticRemedies: i.domesticRemedies ? {
      steps: (i.domesticRemedies.steps ?? []).map((st) => ({
        date: st.date ? m.date(st.date) : null, authority: redactor.redact(st.authority), action: redactor.redact(st.action),
        outcome: redactor.redact(st.outcome ?? null),
      })),
      noneBecause: redactor.redact(i.domesticRemedies.noneBecause ?? null),
    } : null,
    internationalProcedures: (i.internationalProcedures ?? []).map((p) => ({
      body: redactor.redact(p.body), reference: redactor.redact(p.reference ?? null), date: p.date ? m.date(p.date) : null, status: redactor.redact(p.status ?? null),
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
