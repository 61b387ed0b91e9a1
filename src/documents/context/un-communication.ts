import { RIGHT_LABELS, type Right } from '../../records/vocabulary.js';
import { MANDATES, STANDARDS } from './mandates.js';
import type { DocumentRequest } from '../request.schemas.js';
import type { BaseContext, BaseParts } from './base.js';
import type { IncidentSet } from './incidents.js';

type Options = Extract<DocumentRequest, { kind: 'un-communication' }>['options'];

export interface UnCommunicationContext extends BaseContext {
  urgent: boolean;
  variantLabel: string;
  mandates: Array<{ title: string }>;
  confidentiality: boolean;
  standards: Array<{ right: string; instruments: string[] }>;
  legalProvisions: Array<{ incidentKey: string; incidentTitle: string; provision: string }>;
  domesticRemedies: string | null;
  requests: string[];
  consent: { allNamed: boolean; allTransmit: boolean; pseudonymised: string[]; noTransmission: string[] };
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

export function unCommunicationContext(options: Options, base: BaseParts, set: IncidentSet, draft: boolean): UnCommunicationContext {
  const urgent = options.variant === 'urgent-appeal';
  const incidents = set.views;
  const rights = [...new Set(incidents.flatMap((i) => i.rights))] as Right[];
  const standards = rights
    .filter((r) => STANDARDS[r])
    .map((r) => ({ right: RIGHT_LABELS[r], instruments: STANDARDS[r]! }));
  const victims = base.victims;
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
    mandates: options.mandates.map((key) => ({ title: MANDATES.find((m) => m.key === key)!.title })),
    confidentiality: options.confidentiality ?? base.confidentialityRequest,
    standards,
    legalProvisions: incidents.flatMap((i) => i.legalBasis.map((provision) => ({ incidentKey: i.key, incidentTitle: i.title, provision }))),
    domesticRemedies: options.domesticRemedies ?? null,
    requests: options.requests ?? (urgent ? URGENT_REQUESTS : ALLEGATION_REQUESTS),
    consent: {
      allNamed: victims.every((v) => v.named),
      allTransmit: incidents.every((i) => i.victims.every((v) => v.transmit)),
      pseudonymised: victims.filter((v) => !v.named).map((v) => v.displayName),
      noTransmission: [...new Set(incidents.flatMap((i) => i.victims.filter((v) => !v.transmit).map((v) => v.displayName)))],
    },
  };
}
