import type { PersonView, TextRedactor } from '../../consent/consent.js';
import { conversionMatcher, convertNamesToMentions } from '../../consent/mentions.js';
import type { ProtectedPerson } from '../../consent/index.js';
import type { DocumentRequest } from '../request.schemas.js';
import type { BaseContext, BaseParts } from './base.js';
import { formatDate } from './dates.js';
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

/**
 * The concern line's categories, as the Observatory and Amnesty file their appeals, gravest
 * first; each violation counts towards one ("Arbitrary detention / Judicial harassment").
 */
const CONCERNS: Array<[string, readonly string[]]> = [
  ['Torture and ill-treatment', ['ill-treatment']],
  ['Physical assault', ['physical attack']],
  ['Arbitrary detention', ['detention', 'arrest', 'house arrest', 'imprisonment']],
  ['Judicial harassment', ['criminal charges', 'administrative charges', 'conviction', 'lawsuit', 'fine']],
  ['Threats and intimidation', ['threats', 'official warning', 'surveillance']],
  ['Harassment', ['search', 'seizure of property', 'dismissal', 'asset freeze']],
  ['Restrictions on freedom of expression', ['blocking', 'ban', 'restrictive legislation']],
];

export interface AddresseeBlock {
  title: string;
  name: string | null;
  /** The postal address, line by line. */
  addressLines: string[];
  email: string | null;
  fax: string | null;
  salutation: string | null;
}

export interface UrgentAppealContext extends BaseContext {
  appealCode: string;
  headline: string;
  concern: string;
  subject: PersonView | null;
  /** How the subject is referred to in running text: "Ms Akmaral Tobylova", or the pseudonym alone. */
  subjectRef: string;
  /** "New information": the earlier appeal this one updates. */
  earlierAppeal: { code: string; date: string } | null;
  /** About the person: what the record says, then what the request adds. */
  background: string[];
  lead: IncidentView | null;
  facts: IncidentView[];
  actions: string[];
  addressees: AddresseeBlock[];
  deadline: string | null;
  languages: string | null;
  sampleLetter: { salutation: string; paragraphs: string[]; usesActions: boolean } | null;
}

export interface AppealText {
  /** Free text for this audience: mentions as consent allows, typed names of protected persons replaced. */
  redactor: TextRedactor;
  /** Every person on file, to turn typed names into mentions first (so no honorific stays before a pseudonym). */
  persons: readonly ProtectedPerson[];
}

export function urgentAppealContext(
  options: Options,
  base: BaseParts,
  set: IncidentSet,
  subjectKeys: string[],
  text: AppealText,
  draft: boolean,
): UrgentAppealContext {
  const incidents = set.views;
  const subject = pickSubject(incidents, subjectKeys);
  const violations = new Set(incidents.flatMap((i) => i.violations));
  const violation = options.violation ?? HEADLINE_VIOLATIONS.find(([v]) => violations.has(v))?.[1] ?? 'Harassment';
  // "civil society activist Akmaral Tobylova", but never "civil society activist Activist A": a
  // pseudonym is not prefixed by its own role (it usually carries one already).
  const role = subject?.occupation && subject.named ? `${subject.occupation} ` : '';
  const headline = `${base.country.name}: ${violation} of ${role}${subject?.displayName ?? 'human rights defenders'}`;
  const concern = options.concern ?? concernLine(violations);
  const freeText = typedText(text);

  // Incidents an appeal follows up are told as background; "New information" is about the earlier appeal.
  const earlierKeys = [...new Set(incidents.flatMap((i) => (i.followUpOf ? [i.followUpOf] : [])))];
  const earlier = earlierKeys.flatMap((k) => set.byKey.get(k) ?? []).filter((i) => !incidents.includes(i));
  // The dated lead sentence is the latest development; the facts before it follow in order.
  const lead = incidents.at(-1) ?? null;
  const facts = [...earlier, ...incidents.slice(0, -1)].sort((a, b) => a.isoDate.localeCompare(b.isoDate));
  const name = subject?.displayName ?? 'the persons concerned';
  const detained = ['detention', 'house arrest', 'imprisonment', 'arrest'].some((v) => violations.has(v));
  const actions = options.actions?.map(freeText) ?? [
    `Guarantee in all circumstances the physical and psychological integrity of ${name}.`,
    ...(detained ? [`Release ${name} immediately and unconditionally, as the detention appears to sanction only the peaceful exercise of fundamental rights.`] : []),
    `Put an end to all acts of harassment, including at the judicial level, against ${name} and all human rights defenders in ${base.country.name}.`,
    'Comply with the UN Declaration on Human Rights Defenders and with the international human rights instruments ratified by the State.',
  ];
  const typedAddressees = options.addressees.filter((a) => typeof a !== 'number');
  const addressees = typedAddressees.map((a): AddresseeBlock => ({
    title: a.title,
    name: a.name ?? null,
    addressLines: (a.address ?? '').split(/\r?\n|\s*;\s*/).map((l) => l.trim()).filter(Boolean),
    email: a.email ?? null,
    fax: a.fax ?? null,
    salutation: a.salutation ?? null,
  }));
  const languages = options.languages ?? [...new Set(typedAddressees.flatMap((a) => (a.language ? a.language.split(/\s*,\s*|\s+or\s+|\s+and\s+/) : [])))];
  const subjectRef = referTo(subject);
  const sampleLetter = options.sampleLetter || options.sampleLetterText
    ? {
      salutation: addressees.find((a) => a.salutation)?.salutation ?? 'Dear Sir or Madam',
      paragraphs: options.sampleLetterText
        ? paragraphsOf(freeText(options.sampleLetterText))
        : [`I am writing to express my deep concern about the ${violation.toLowerCase()} of ${subjectRef}${subject?.named && subject.occupation ? `, a ${subject.occupation}` : ''} in ${base.country.name}.`],
      usesActions: !options.sampleLetterText,
    }
    : null;
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
    annex: base.annexOf([...facts, ...(lead ? [lead] : [])]),
    appealCode: options.appealCode ?? '',
    headline,
    concern,
    subject,
    subjectRef,
    earlierAppeal: options.followsAppeal?.date ? { code: options.followsAppeal.code, date: formatDate(options.followsAppeal.date) } : null,
    background: [...recordBackground(subject), ...(options.background ? paragraphsOf(freeText(options.background)) : [])],
    lead,
    facts,
    actions,
    addressees,
    deadline: options.deadline ? formatDate(options.deadline) : null,
    languages: languages.length > 0 ? joinWords(languages) : null,
    sampleLetter,
  };
}

/** "Arbitrary detention / Judicial harassment": the categories present, gravest first, at most three. */
export function concernLine(violations: ReadonlySet<string>): string {
  const found = CONCERNS.filter(([, vs]) => vs.some((v) => violations.has(v))).map(([c]) => c);
  return found.slice(0, 3).join(' / ') || 'Harassment of human rights defenders';
}

/**
 * The subject in running text. A name takes the courtesy title of its sex ("Ms Akmaral
 * Tobylova"); a pseudonym stands alone: "Ms Journalist Z" or "journalist Journalist Z" would
 * read wrong, and a title or role next to it narrows down who it is.
 */
export function referTo(subject: PersonView | null): string {
  if (!subject) return 'the persons concerned';
  if (!subject.named || subject.kind !== 'individual') return subject.displayName;
  const title = subject.sex === 'female' ? 'Ms ' : subject.sex === 'male' ? 'Mr ' : '';
  return `${title}${subject.displayName}`;
}

/** What the person's record says about them, for the background section. */
function recordBackground(subject: PersonView | null): string[] {
  if (!subject || (!subject.occupation && !subject.affiliation)) return [];
  const what = [
    subject.occupation ? withArticle(subject.occupation) : null,
    subject.affiliation ? `${subject.occupation ? 'affiliated' : 'is affiliated'} with ${subject.affiliation}` : null,
  ].filter(Boolean).join(', ');
  return subject.named
    ? [`${subject.displayName} ${subject.occupation ? 'is ' : ''}${what}.`]
    : [`The person concerned, referred to here as ${subject.displayName} for their protection, ${subject.occupation ? 'is ' : ''}${what}.`];
}

const withArticle = (noun: string) => (/^(a|an|the)\s/i.test(noun) ? noun : `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`);

/**
 * Free text of the request (background, sample letter, actions): typed names of persons on file
 * become mentions first, so the consent module prints each as the audience may see it and drops
 * an honorific or role word before a pseudonym; whatever else names somebody is redacted.
 */
function typedText(text: AppealText): (raw: string) => string {
  const matcher = text.persons.length > 0 ? conversionMatcher(text.persons) : null;
  return (raw) => text.redactor.redact(matcher ? convertNamesToMentions(raw, matcher).text : raw);
}

const paragraphsOf = (s: string) => s.split(/\r?\n\s*\r?\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);

function joinWords(items: string[]): string {
  const words = items.map((w) => w.trim()).filter(Boolean);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
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
