import type { Right } from '../../records/vocabulary.js';
import type { PersonView, TextRedactor } from '../../consent/consent.js';
import { UN_REFERENCE } from '../../records/record-rules.js';
import { STANDARDS } from './mandates.js';
import type { DocumentRequest } from '../request.schemas.js';
import type { BaseContext, BaseParts } from './base.js';
import type { Messages } from '../i18n/messages.js';
import type { MessageKey } from '../i18n/catalogues/en.js';
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
  /** For the catalogue's select: "urgent" or "allegation". */
  variant: 'urgent' | 'allegation';
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

const ALLEGATION_REQUESTS: MessageKey[] = ['un.request.clarify', 'un.request.measures', 'un.request.reprisals'];
const URGENT_REQUESTS: MessageKey[] = ['un.request.intervene', 'un.request.release', ...ALLEGATION_REQUESTS];

/** At most this many individual victims are named in the heading ("the case of A and B"); more read as a situation. */
const CASE_VICTIMS = 3;

/** "teens" … "nineties" (consent/victim-profile.ts) as the decade's digit, for the catalogue's select. */
const DECADES = ['', 'teens', 'twenties', 'thirties', 'forties', 'fifties', 'sixties', 'seventies', 'eighties', 'nineties'];

function when(m: Messages, asOf: string | null): string | null {
  if (!asOf) return null;
  return m.t('un.victim.asOf', { date: asOf.length === 7 ? m.month(`${asOf}-01`) : m.date(asOf) });
}

function victimDetails(m: Messages, v: PersonView): string {
  const p = v.profile;
  const age = p.birthYear !== null
    ? m.t('un.victim.born', { year: String(p.birthYear) })
    : p.age ? m.t('un.victim.aged', { years: p.age.years, date: m.date(p.age.asOf) })
      : p.ageRange === 'minor' ? m.t('un.victim.minor')
        : p.ageRange ? m.t('un.victim.ageRange', { sex: v.sex ?? 'unknown', decade: String(Math.max(1, DECADES.indexOf(p.ageRange))) }) : null;
  const sex = v.sex ? m.t('un.victim.sex', { sex: v.sex }) : null;
  const parts = [sex, age, p.nationality ? m.t('un.victim.nationality', { nationality: p.nationality }) : null, v.occupation].filter((x): x is string => Boolean(x));
  return [parts.join(', '), v.affiliation].filter(Boolean).join('; ');
}

function whereNow(m: Messages, v: PersonView): string | null {
  const w = v.profile.whereabouts;
  if (!w) return null;
  const place = w.place ? ` (${w.place})` : w.placeWithheld ? ` (${m.t('un.victim.placeWithheld')})` : '';
  const asOf = when(m, w.asOf);
  return `${m.t(`whereabouts.${w.status}`)}${place}${asOf ? `, ${asOf}` : ''}`;
}

function perpetratorsLine(m: Messages, i: IncidentView): string | null {
  if (i.perpetrators.length === 0) return null;
  const each = i.perpetrators.map((p) => {
    const link = p.stateActor
      ? (p.stateLink ? m.t('un.perpetrator.stateLinked', { stateLink: p.stateLink }) : m.t('un.perpetrator.state'))
      : p.stateLink ? m.t('un.perpetrator.nonStateLinked', { stateLink: p.stateLink }) : m.t('un.perpetrator.nonState');
    return `${p.description}, ${link}${p.reason ? `, ${m.t('un.perpetrator.because', { reason: p.reason.replace(/[.\s]+$/, '') })}` : ''}`;
  });
  return `${m.t('fact.perpetrators', { count: i.perpetrators.length })}: ${each.join('; ')}.`;
}

/**
 * The initials themselves are not printed: the consent audit reads "A. T." as a possible
 * abbreviation of any protected person with those initials, and the mandate holders form them.
 */
function consentLine(m: Messages, v: PersonView): ConsentLine {
  const transmit = ` ${m.t(v.transmit ? 'un.consent.transmit' : 'un.consent.noTransmit')}`;
  const p = v.profile.publicReport;
  const text = !v.named
    ? `${m.t('un.consent.pseudonym')}${transmit}`
    : p.as === 'name'
      ? `${m.t('un.consent.name')}${transmit}`
      : `${m.t('un.consent.initials', { sex: v.sex ?? 'unknown' })}${transmit}`;
  return { who: v.displayName, named: v.named, text };
}

function remediesOf(m: Messages, incidents: readonly IncidentView[]) {
  const remedies: Array<{ incidentKey: string; text: string }> = [];
  for (const i of incidents) {
    const r = i.domesticRemedies;
    if (!r) continue;
    for (const st of r.steps) {
      const outcome = st.outcome ? st.outcome.replace(/[.\s]+$/, '') : m.t('un.remedy.pending');
      remedies.push({
        incidentKey: i.key,
        text: st.date
          ? m.t('un.remedy.dated', { date: st.date, action: st.action, authority: st.authority, outcome })
          : m.t('un.remedy.undated', { action: m.capitalise(st.action), authority: st.authority, outcome }),
      });
    }
    if (r.steps.length === 0 && r.noneBecause) {
      const reason = m.lowerFirst(r.noneBecause).replace(/[.\s]+$/, '');
      remedies.push({ incidentKey: i.key, text: m.t('un.remedy.none', { title: i.title, date: i.date, reason }) });
    }
  }
  return remedies;
}

export function unCommunicationContext(options: Options, base: BaseParts, set: IncidentSet, draft: boolean, text?: TextRedactor): UnCommunicationContext {
  const urgent = options.variant === 'urgent-appeal';
  const m = base.m;
  const variant = urgent ? 'urgent' : 'allegation';
  const incidents = set.views;
  const rights = [...new Set(incidents.flatMap((i) => i.rights))] as Right[];
  const standards = rights
    .filter((r) => STANDARDS[r])
    .map((r) => ({ right: m.t(`right.${r}`), instruments: STANDARDS[r]!.map((key) => m.t(key)) }));
  const victims = base.victims;
  const individuals = victims.filter((v) => v.kind === 'individual');
  const subject = individuals.length > 0 && individuals.length <= CASE_VICTIMS && victims.length <= CASE_VICTIMS
    ? m.t('un.subject.case', { names: m.list(victims.map((v) => v.displayName)) })
    : m.t('un.subject.incidents', { count: incidents.length, period: base.period.label });
  const remedies = remediesOf(m, incidents);
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
    title: m.t('un.title', { variant, country: base.country.name }),
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
    variant,
    subject,
    mandates: options.mandates.map((key) => ({ title: m.t(`mandate.${key}` as MessageKey) })),
    confidentiality: options.confidentiality ?? base.confidentialityRequest,
    unVictims: victims.map((v) => ({ ...v, details: victimDetails(m, v), now: whereNow(m, v) })),
    facts: incidents.map((i) => ({ ...i, perpetratorsLine: perpetratorsLine(m, i) })),
    standards,
    legalProvisions: incidents.flatMap((i) => i.legalBasis.map((provision) => ({ incidentKey: i.key, incidentTitle: i.title, provision }))),
    remedies,
    remediesUnrecorded: incidents.some((i) => !i.domesticRemedies),
    domesticRemedies: options.domesticRemedies ? redact(options.domesticRemedies) : null,
    procedures: incidents.flatMap((i) => (i.internationalProcedures ?? []).map((p) => ({
      incidentKey: i.key,
      text: `${p.body}${p.reference ? `, ${m.t('un.procedure.reference', { reference: p.reference })}` : ''}${p.date ? `, ${p.date}` : ''}${p.status ? `: ${p.status.replace(/[.\s]+$/, '')}` : ''}.`,
    }))),
    earlierCommunications: [...earlier.values()],
    requests: options.requests ?? (urgent ? URGENT_REQUESTS : ALLEGATION_REQUESTS).map((key) => m.t(key)),
    consentLines: victims.map((v) => consentLine(m, v)),
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

