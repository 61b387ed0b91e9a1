import type { IncidentRecord, PersonRecord } from '../../records/records.js';
import { MANDATES } from './mandates.js';

/**
 * Which mandates a communication about these incidents should address, and why, in one line each.
 * Read from the records: the incidents' rights, violations and legal basis, and the victims'
 * occupation, affiliation, sex and whereabouts. A reason never quotes record text: it names the
 * kind of fact ("deprivation of liberty (detention, house arrest)") and counts incidents, so it
 * carries no name to any caller.
 */
export interface MandateSuggestion {
  id: string;
  title: string;
  reason: string;
  incidentKeys: string[];
}

type Victims = ReadonlyMap<string, PersonRecord>;

interface Rule {
  mandate: string;
  /** Why this incident concerns the mandate (a short phrase), or null. */
  incident: (i: IncidentRecord, victims: PersonRecord[]) => string | null;
  /** The one-line reason from the phrases found, and how many incidents gave them. */
  reason: (phrases: string[], count: number) => string;
}

const DETENTION: Record<string, string> = {
  detention: 'detention', arrest: 'arrest', 'house-arrest': 'house arrest', imprisonment: 'imprisonment',
};
const CUSTODY = new Set(['in-custody', 'house-arrest', 'disappeared']);

/** Occupation words that make somebody a defender, a lawyer or a journalist, in the words a reason may print. */
const PROFILES: Array<[RegExp, string]> = [
  [/\b(human rights (defender|activist)|defender)/i, 'human rights defenders'],
  [/\b(activist|civil society|campaigner|organiser|organizer)/i, 'civil society activists'],
  [/\b(journalist|reporter|editor|blogger|media)/i, 'journalists or bloggers'],
  [/\b(trade union|unionist|labour rights|labor rights)/i, 'trade unionists'],
  [/\b(lawyer|advocate|attorney|bar association|legal profession|barrister)/i, 'lawyers'],
  [/\b(judge|judiciary)/i, 'judges'],
];
const LAWYERS = /\b(lawyer|advocate|attorney|bar association|legal profession|barrister|judge|judiciary)/i;
const WOMEN = /\b(women|woman's|women's|feminis|gender)/i;
const TERROR = /\b(terroris|extremis|counter-terror|anti-terror)/i;
const RELIGION = /\b(religio|church|mosque|believer|worship|jehovah|muslim|christian|salafi)/i;
const HEALTH = /\b(pregnan|medical care|health|hospital|disabilit)/i;
const MINORITY = /\b(minority|ethnic (uighur|uyghur|kazakh|russian|uzbek|dungan)|ethnic)/i;
const SOGI = /\b(lgbt|gay|lesbian|transgender|bisexual|sexual orientation|gender identity)/i;
const MIGRANT = /\b(migrant|refugee|asylum|stateless|deport|extradit)/i;
const STUDENT = /\b(student|universit|school|teacher|academic)/i;
const BUSINESS = /\b(company|corporation|enterprise|llc|jsc|plc|mining|employer|bank)\b/i;

const victimText = (v: PersonRecord) => [v.occupation, v.affiliation].filter(Boolean).join(' ');
const incidentText = (i: IncidentRecord) => [i.title, i.summary, ...i.legalBasis].join(' ');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const unique = (items: string[]) => [...new Set(items)];

function profilesOf(victims: PersonRecord[], only?: RegExp): string[] {
  const found: string[] = [];
  for (const v of victims) {
    const text = victimText(v);
    if (only && !only.test(text)) continue;
    for (const [re, label] of PROFILES) if (re.test(text)) found.push(label);
  }
  return found;
}

const RULES: Rule[] = [
  {
    mandate: 'wg-arbitrary-detention',
    incident: (i, victims) => {
      const kinds = i.violations.flatMap((v) => (DETENTION[v] ? [DETENTION[v]!] : []));
      if (kinds.length > 0) return kinds.join(', ');
      if (i.rights.includes('liberty')) return 'deprivation of liberty';
      return victims.some((v) => v.whereabouts && CUSTODY.has(v.whereabouts.status)) ? 'a victim still deprived of liberty' : null;
    },
    reason: (p, n) => `Deprivation of liberty (${unique(p.join(', ').split(', ')).join(', ')}) in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'sr-expression',
    incident: (i, victims) => (i.rights.includes('expression') || i.violations.includes('blocking')
      ? 'freedom of expression'
      : profilesOf(victims).includes('journalists or bloggers') ? 'journalists or bloggers targeted' : null),
    reason: (_p, n) => `Restrictions on freedom of opinion and expression in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'sr-assembly-association',
    incident: (i) => {
      const found = [i.rights.includes('peaceful-assembly') ? 'peaceful assembly' : null, i.rights.includes('association') ? 'association' : null]
        .filter((x): x is string => x !== null);
      return found.length > 0 ? found.join(' and ') : null;
    },
    reason: (p, n) => `Restrictions on freedom of ${unique(p.join(' and ').split(' and ')).join(' and ')} in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'sr-defenders',
    incident: (i, victims) => {
      if (i.rights.includes('defenders')) return 'human rights defenders';
      const profiles = profilesOf(victims);
      return profiles.length > 0 ? unique(profiles).join(', ') : null;
    },
    reason: (p, n) => `Victims targeted for their work as ${unique(p.join(', ').split(', ')).join(', ')} (${plural(n, 'incident')}).`,
  },
  {
    mandate: 'sr-judges-lawyers',
    incident: (i, victims) => (i.rights.includes('judicial-independence')
      ? 'independence of the judiciary or the legal profession'
      : profilesOf(victims, LAWYERS).length > 0 ? 'lawyers or judges among the victims'
        : i.rights.includes('fair-trial') ? 'fair trial guarantees' : null),
    reason: (p, n) => `${capitalise(unique(p).join('; '))} (${plural(n, 'incident')}).`,
  },
  {
    mandate: 'sr-counter-terrorism',
    incident: (i) => (TERROR.test(incidentText(i)) ? 'counter-terrorism or extremism law' : null),
    reason: (_p, n) => `Charges or measures under counter-terrorism or extremism law in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'sr-torture',
    incident: (i) => (i.rights.includes('torture') || i.violations.includes('ill-treatment')
      ? 'ill-treatment'
      : i.violations.includes('physical-attack') && i.perpetrators.some((p) => p.stateActor) ? 'physical attack by State agents' : null),
    reason: (p, n) => `${capitalise(unique(p).join(', '))} alleged in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'sr-privacy',
    incident: (i) => (i.rights.includes('privacy') || i.violations.includes('surveillance') || i.violations.includes('search') ? 'privacy' : null),
    reason: (_p, n) => `Surveillance, searches or other interference with privacy in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'wg-discrimination-women',
    incident: (i, victims) => (victims.some((v) => WOMEN.test(victimText(v))) || WOMEN.test(i.title) ? 'women\'s rights work' : null),
    reason: (_p, n) => `Women targeted for their work on women's rights or gender equality (${plural(n, 'incident')}).`,
  },
  {
    mandate: 'sr-violence-women',
    incident: (i, victims) => (victims.some((v) => v.sex === 'female') && (i.violations.includes('physical-attack') || i.violations.includes('ill-treatment'))
      ? 'violence against a woman' : null),
    reason: (_p, n) => `Violence against women or girls in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'sr-religion',
    incident: (i, victims) => (RELIGION.test(incidentText(i)) || victims.some((v) => RELIGION.test(victimText(v))) ? 'religion or belief' : null),
    reason: (_p, n) => `Religion or belief at issue in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'sr-executions',
    incident: (i, victims) => (i.rights.includes('life') || victims.some((v) => v.whereabouts?.status === 'deceased') ? 'right to life' : null),
    reason: (_p, n) => `A death or a threat to life in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'wg-disappearances',
    incident: (_i, victims) => (victims.some((v) => v.whereabouts?.status === 'disappeared') ? 'disappearance' : null),
    reason: (_p, n) => `A victim's fate or whereabouts is unknown after being taken (${plural(n, 'incident')}).`,
  },
  {
    mandate: 'sr-health',
    incident: (i) => (HEALTH.test(i.summary) ? 'health' : null),
    reason: (_p, n) => `Health concerns (medical care, pregnancy, disability) in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'sr-minorities',
    incident: (i, victims) => (MINORITY.test(incidentText(i)) || victims.some((v) => MINORITY.test(victimText(v))) ? 'minority' : null),
    reason: (_p, n) => `Members of a minority concerned in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'ie-sogi',
    incident: (i, victims) => (SOGI.test(incidentText(i)) || victims.some((v) => SOGI.test(victimText(v))) ? 'sexual orientation or gender identity' : null),
    reason: (_p, n) => `Sexual orientation or gender identity at issue in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'sr-migrants',
    incident: (i) => (MIGRANT.test(incidentText(i)) ? 'migrants or refugees' : null),
    reason: (_p, n) => `Migrants, refugees or a threatened deportation in ${plural(n, 'incident')}.`,
  },
  {
    mandate: 'sr-education',
    incident: (_i, victims) => (victims.some((v) => STUDENT.test(victimText(v))) ? 'students or teachers' : null),
    reason: (_p, n) => `Students, teachers or academics among the victims (${plural(n, 'incident')}).`,
  },
  {
    mandate: 'wg-business',
    incident: (i) => (i.perpetrators.some((p) => !p.stateActor && BUSINESS.test(p.description)) ? 'business enterprise' : null),
    reason: (_p, n) => `A business enterprise among the alleged perpetrators (${plural(n, 'incident')}).`,
  },
];

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The mandates to address, most incidents first (ties in the order of MANDATES). */
export function suggestMandates(incidents: readonly IncidentRecord[], persons: Victims): MandateSuggestion[] {
  const order = new Map(MANDATES.map((m, i) => [m.key, i]));
  const out: MandateSuggestion[] = [];
  for (const rule of RULES) {
    const phrases: string[] = [];
    const keys: string[] = [];
    for (const i of incidents) {
      const victims = i.victims.flatMap((k) => persons.get(k) ?? []);
      const phrase = rule.incident(i, victims);
      if (phrase) {
        phrases.push(phrase);
        keys.push(i.key);
      }
    }
    if (keys.length === 0) continue;
    const mandate = MANDATES.find((m) => m.key === rule.mandate)!;
    out.push({ id: mandate.key, title: mandate.title, reason: rule.reason(phrases, keys.length), incidentKeys: keys });
  }
  return out.sort((a, b) => b.incidentKeys.length - a.incidentKeys.length || order.get(a.id)! - order.get(b.id)!);
}
