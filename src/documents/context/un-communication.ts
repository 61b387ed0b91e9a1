import { RIGHT_LABELS, WHEREABOUTS_LABELS, type Right } from '../../records/vocabulary.js';
import type { PersonView, TextRedactor } from '../../consent/consent.js';
import { UN_REFERENCE } from '../../records/record-rules.js';
import { MANDATES, STANDARDS } from './mandates.js';
import type { DocumentRequest } from '../request.schemas.js';
import type { BaseContext, BaseParts } from './base.js';
import { formatDate, formatMonth } from './dates.js';
import type { IncidentSet, IncidentView } from './incidents.js';

type Options = Extract<DocumentRequest, { kind: 'un-communication' }>['options'];

/** A victim as the OHCHR questionnaire asks for them, consent applied (consent/victim-profile.ts decided what shows). */
export interface UnVictim extends PersonView {
  /** "female, born 1983, nationality: Kazakhstani, civil society activist; …" */
  details: string;
  /** "under house arrest (her home in Almaty), as of 31 March 2018"; null when not recorded. */
  now: string | null;
}

/** The consent statement for one victim, covering the UN's public communications report. */
export interface ConsentLine {
  who: string;
  named: boolean;
  text: string;
}

export interface UnCommunicationContext extends BaseContext {
  urgent: boolean;
  variantLabel: string;
  /** "the case of Akmaral Tobylova" or "18 incidents (January–March 2018)". */
  subject: string;
  mandates: Array<{ title: string }>;
  confidentiality: boolean;
  unVictims: UnVictim[];
  facts: Array<IncidentView & { perpetratorsLine: string | null }>;
  standards: Array<{ right: string; instruments: string[] }>;
  legalProvisions: Array<{ incidentKey: string; incidentTitle: string; provision: string }>;
  remedies: Array<{ incidentKey: string; text: string }>;
  remediesUnrecorded: boolean;
  domesticRemedies: string | null;
  procedures: Array<{ incidentKey: string; text: string }>;
  earlierCommunications: Array<{ incidentKey: string; text: string }>;
  requests: string[];
  consentLines: ConsentLine[];
  consent: { allNamed: boolean; allTransmit: boolean; pseudonymised: string[]; noTransmission: string[] };
  notForTransmission: string[] | null;
}

const ALLEGATION_REQUESTS = [
  'Seek clarification from the Government on the facts and legal grounds described in this communication.',
  'Ask the Government what measures it has taken to investigate these allegations, to hold those responsible to account and to provide redress to the victims.',
  'Ask the Government to ensure that the persons concerned are not subjected to reprisals for their cooperation with the United Nations.',
];
const URGENT_REQUESTS = [
  'Intervene urgently with the Government to halt the ongoing violations described in this communication and to prevent irreparable harm to the persons concerned.',
  'Call on the authorities to release immediately any person deprived of liberty solely for the peaceful exercise of their rights, and to guarantee their physical and psychological integrity in the meantime.',
  ...ALLEGATION_REQUESTS,
];

/** At most this many individual victims are named in the heading ("the case of A and B"); more read as a situation. */
const CASE_VICTIMS = 3;

const possessive = (v: PersonView) => (v.sex === 'female' ? 'her' : v.sex === 'male' ? 'his' : 'their');
const objective = (v: PersonView) => (v.sex === 'female' ? 'her' : v.sex === 'male' ? 'him' : 'them');

function when(asOf: string | null): string {
  if (!asOf) return '';
  return asOf.length === 7 ? `, as of ${formatMonth(`${asOf}-01`)}` : `, as of ${formatDate(asOf)}`;
}

function victimDetails(v: PersonView): string {
  const p = v.profile;
  const age = p.birthYear !== null
    ? `born ${p.birthYear}`
    : p.age ? `aged ${p.age.years} (${formatDate(p.age.asOf)})`
      : p.ageRange === 'minor' ? 'a minor'
        : p.ageRange ? `in ${possessive(v)} ${p.ageRange}` : null;
  const parts = [v.sex, age, p.nationality ? `nationality: ${p.nationality}` : null, v.occupation].filter((x): x is string => Boolean(x));
  return [parts.join(', '), v.affiliation].filter(Boolean).join('; ');
}

function whereNow(v: PersonView): string | null {
  const w = v.profile.whereabouts;
  if (!w) return null;
  const place = w.place
    ? ` (${w.place})`
    : w.placeWithheld ? ' (the place is withheld here to protect the person\'s identity; the submitting organisation can give it to the mandate holders on request)' : '';
  return `${WHEREABOUTS_LABELS[w.status]}${place}${when(w.asOf)}`;
}

function perpetratorsLine(i: IncidentView): string | null {
  if (i.perpetrators.length === 0) return null;
  const each = i.perpetrators.map((p) => {
    const link = p.stateActor
      ? `State actor${p.stateLink ? ` (${p.stateLink})` : ''}`
      : p.stateLink ? `non-State actor linked to the State (${p.stateLink})` : 'non-State actor; a link to the State is not established';
    return `${p.description}, ${link}${p.reason ? `, held responsible because ${p.reason.replace(/[.\s]+$/, '')}` : ''}`;
  });
  return `Alleged ${i.perpetrators.length === 1 ? 'perpetrator' : 'perpetrators'}: ${each.join('; ')}.`;
}

/**
 * The initials themselves are not printed: the consent audit reads "A. T." as a possible
 * abbreviation of any protected person with those initials, and the mandate holders form them.
 */
function consentLine(v: PersonView): ConsentLine {
  const transmit = v.transmit
    ? ' Knows that the communication may be transmitted to the Government.'
    : ' Has not agreed to the case being transmitted to the Government: please contact the submitting organisation before any transmission.';
  const p = v.profile.publicReport;
  const text = !v.named
    ? `Has not consented to being named: referred to by this pseudonym here and, please, in the public communications report. The identity can be shared with the mandate holders through a secure channel on request.${transmit}`
    : p.as === 'name'
      ? `Consents to being named in this communication and in the public communications report.${transmit}`
      : `Consents to being named in this communication, not in the public communications report: please refer to ${objective(v)} there by ${possessive(v)} initials only.${transmit}`;
  return { who: v.displayName, named: v.named, text };
}

function remediesOf(incidents: readonly IncidentView[]) {
  const remedies: Array<{ incidentKey: string; text: string }> = [];
  for (const i of incidents) {
    const r = i.domesticRemedies;
    if (!r) continue;
    for (const st of r.steps) {
      const head = st.date ? `On ${st.date}, ` : '';
      const action = head ? st.action : st.action.charAt(0).toUpperCase() + st.action.slice(1);
      remedies.push({ incidentKey: i.key, text: `${head}${action} before ${st.authority}${st.outcome ? `: ${st.outcome.replace(/[.\s]+$/, '')}` : ': pending'}.` });
    }
    if (r.steps.length === 0 && r.noneBecause) {
      remedies.push({ incidentKey: i.key, text: `${i.title} (${i.date}): no domestic remedy has been sought yet, because ${r.noneBecause.charAt(0).toLowerCase()}${r.noneBecause.slice(1).replace(/[.\s]+$/, '')}.` });
    }
  }
  return remedies;
}

export function unCommunicationContext(options: Options, base: BaseParts, set: IncidentSet, draft: boolean, text?: TextRedactor): UnCommunicationContext {
  const urgent = options.variant === 'urgent-appeal';
  const incidents = set.views;
  const rights = [...new Set(incidents.flatMap((i) => i.rights))] as Right[];
  const standards = rights
    .filter((r) => STANDARDS[r])
    .map((r) => ({ right: RIGHT_LABELS[r], instruments: STANDARDS[r]! }));
  const victims = base.victims;
  const individuals = victims.filter((v) => v.kind === 'individual');
  const subject = individuals.length > 0 && individuals.length <= CASE_VICTIMS && victims.length <= CASE_VICTIMS
    ? `the case of ${listed(victims.map((v) => v.displayName))}`
    : `${incidents.length} ${incidents.length === 1 ? 'incident' : 'incidents'} (${base.period.label})`;
  const remedies = remediesOf(incidents);
  const redact = (s: string) => (text ? text.redact(s) : s);
  const earlier = new Map<string, { incidentKey: string; text: string }>();
  for (const i of incidents) {
    for (const e of i.evidence) {
      const ref = e.source.reference;
      if (ref && UN_REFERENCE.test(ref) && !earlier.has(ref)) earlier.set(ref, { incidentKey: i.key, text: e.source.description });
    }
  }
  return {
    kind: 'un-communication',
    title: `${urgent ? 'Urgent appeal' : 'Allegation letter'} to the UN Special Procedures: ${base.country.name}`,
    draft,
    generatedOn: base.generatedOn,
    country: base.country,
    period: base.period,
    organisation: base.organisation,
    incidents,
    victims,
    perpetrators: base.perpetrators,
    annex: base.annexOf(incidents),
    urgent,
    variantLabel: urgent ? 'Urgent appeal' : 'Allegation letter',
    subject,
    mandates: options.mandates.map((key) => ({ title: MANDATES.find((m) => m.key === key)!.title })),
    confidentiality: options.confidentiality ?? base.confidentialityRequest,
    unVictims: victims.map((v) => ({ ...v, details: victimDetails(v), now: whereNow(v) })),
    facts: incidents.map((i) => ({ ...i, perpetratorsLine: perpetratorsLine(i) })),
    standards,
    legalProvisions: incidents.flatMap((i) => i.legalBasis.map((provision) => ({ incidentKey: i.key, incidentTitle: i.title, provision }))),
    remedies,
    remediesUnrecorded: incidents.some((i) => !i.domesticRemedies),
    domesticRemedies: options.domesticRemedies ? redact(options.domesticRemedies) : null,
    procedures: incidents.flatMap((i) => (i.internationalProcedures ?? []).map((p) => ({
      incidentKey: i.key,
      text: `${p.body}${p.reference ? `, reference ${p.reference}` : ''}${p.date ? `, ${p.date}` : ''}${p.status ? `: ${p.status.replace(/[.\s]+$/, '')}` : ''}.`,
    }))),
    earlierCommunications: [...earlier.values()],
    requests: options.requests ?? (urgent ? URGENT_REQUESTS : ALLEGATION_REQUESTS),
    consentLines: victims.map(consentLine),
    consent: {
      allNamed: victims.every((v) => v.named),
      allTransmit: incidents.every((i) => i.victims.every((v) => v.transmit)),
      pseudonymised: victims.filter((v) => !v.named).map((v) => v.displayName),
      noTransmission: [...new Set(incidents.flatMap((i) => i.victims.filter((v) => !v.transmit).map((v) => v.displayName)))],
    },
    notForTransmission: options.notForTransmission
      ? redact(options.notForTransmission).split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
      : null,
  };
}

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
