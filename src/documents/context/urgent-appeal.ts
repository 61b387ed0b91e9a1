import type { PersonView } from '../../consent/consent.js';
import type { DocumentRequest } from '../request.schemas.js';
import type { BaseContext, BaseParts } from './base.js';
import type { IncidentSet, IncidentView } from './incidents.js';

type Options = Extract<DocumentRequest, { kind: 'urgent-appeal' }>['options'];

/** Headline wording by the gravest violation present, gravest first. */
const HEADLINE_VIOLATIONS: Array<[string, string]> = [
  ['ill-treatment', 'Ill-treatment'],
  ['physical attack', 'Physical attack'],
  ['imprisonment', 'Imprisonment'],
  ['detention', 'Detention'],
  ['house arrest', 'House arrest'],
  ['arrest', 'Arrest'],
  ['conviction', 'Conviction'],
  ['criminal charges', 'Criminal prosecution'],
  ['search', 'Search and harassment'],
  ['threats', 'Threats'],
  ['official warning', 'Intimidation'],
  ['lawsuit', 'Judicial harassment'],
];

export interface UrgentAppealContext extends BaseContext {
  appealCode: string;
  headline: string;
  subject: PersonView | null;
  newInformation: IncidentView[];
  lead: IncidentView | null;
  facts: IncidentView[];
  actions: string[];
  addressees: Array<{ title: string; name: string | null; address: string | null; email: string | null }>;
}

export function urgentAppealContext(options: Options, base: BaseParts, set: IncidentSet, subjectKeys: string[], draft: boolean): UrgentAppealContext {
  const incidents = set.views;
  const subject = pickSubject(incidents, subjectKeys);
  const violations = new Set(incidents.flatMap((i) => i.violations));
  const violation = options.violation ?? HEADLINE_VIOLATIONS.find(([v]) => violations.has(v))?.[1] ?? 'Harassment';
  // "civil society activist Akmaral Tobylova", but never "civil society activist Activist A": a
  // pseudonym is not prefixed by its own role (it usually carries one already).
  const role = subject?.occupation && subject.named ? `${subject.occupation} ` : '';
  const headline = `${base.country.name}: ${violation} of ${role}${subject?.displayName ?? 'human rights defenders'}`;

  // "New information": the earlier incidents these follow up, cited like any other claim.
  const earlierKeys = [...new Set(incidents.flatMap((i) => (i.followUpOf ? [i.followUpOf] : [])))];
  const newInformation = earlierKeys.flatMap((k) => set.byKey.get(k) ?? []).filter((i) => !incidents.includes(i));
  // The dated lead sentence is the latest development; the facts before it follow in order.
  const lead = incidents.at(-1) ?? null;
  const facts = incidents.slice(0, -1);
  const name = subject?.displayName ?? 'the persons concerned';
  const detained = ['detention', 'house arrest', 'imprisonment', 'arrest'].some((v) => violations.has(v));
  const actions = options.actions ?? [
    `Guarantee in all circumstances the physical and psychological integrity of ${name}.`,
    ...(detained ? [`Release ${name} immediately and unconditionally, as the detention appears to sanction only the peaceful exercise of fundamental rights.`] : []),
    `Put an end to all acts of harassment, including at the judicial level, against ${name} and all human rights defenders in ${base.country.name}.`,
    'Comply with the UN Declaration on Human Rights Defenders and with the international human rights instruments ratified by the State.',
  ];
  return {
    kind: 'urgent-appeal',
    title: `${options.appealCode} — ${headline}`,
    draft,
    generatedOn: base.generatedOn,
    country: base.country,
    period: base.period,
    organisation: base.organisation,
    incidents,
    victims: base.victims,
    perpetrators: base.perpetrators,
    annex: base.annexOf([...newInformation, ...incidents]),
    appealCode: options.appealCode,
    headline,
    subject,
    newInformation,
    lead,
    facts,
    actions,
    addressees: options.addressees.map((a) => ({ title: a.title, name: a.name ?? null, address: a.address ?? null, email: a.email ?? null })),
  };
}

/** The appeal is about the requested person, or else the victim the incidents concern most. */
function pickSubject(incidents: IncidentView[], subjectKeys: string[]): PersonView | null {
  const all = incidents.flatMap((i) => i.victims);
  const requested = all.find((v) => subjectKeys.includes(v.key));
  if (requested) return requested;
  const counts = new Map<string, { v: PersonView; n: number }>();
  for (const v of all) counts.set(v.key, { v, n: (counts.get(v.key)?.n ?? 0) + (v.kind === 'individual' ? 2 : 1) });
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.v ?? null;
}
