import type { PersonView, TextRedactor } from '../../consent/consent.js';
import { conversionMatcher, convertNamesToMentions } from '../../consent/mentions.js';
import type { ProtectedPerson } from '../../consent/index.js';
import type { DocumentRequest } from '../request.schemas.js';
import { countryValues, type BaseContext, type BaseParts } from './base.js';
import type { IncidentSet, IncidentView } from './incidents.js';
import type { Violation } from '../../records/vocabulary.js';
import { ENGLISH, type Messages } from '../i18n/messages.js';
import type { MessageKey } from '../i18n/catalogues/en.js';

type Options = Extract<DocumentRequest, { kind: 'urgent-appeal' }>['options'];

/** Headline wording by the gravest violation present, gravest first (catalogue: ua.headlineViolation.*). */
const HEADLINE_VIOLATIONS: Violation[] = [
  'ill-treatment', 'physical-attack', 'imprisonment', 'detention', 'house-arrest', 'arrest', 'conviction',
  'criminal-charges', 'search', 'threat', 'warning', 'lawsuit',
];

/**
 * The concern line's categories, as the Observatory and Amnesty file their appeals, gravest
 * first; each violation counts towards one ("Arbitrary detention / Judicial harassment").
 */
const CONCERNS: Array<[MessageKey, readonly Violation[]]> = [
  ['ua.concern.torture', ['ill-treatment']],
  ['ua.concern.assault', ['physical-attack']],
  ['ua.concern.detention', ['detention', 'arrest', 'house-arrest', 'imprisonment']],
  ['ua.concern.judicial', ['criminal-charges', 'administrative-charges', 'conviction', 'lawsuit', 'fine']],
  ['ua.concern.threats', ['threat', 'warning', 'surveillance']],
  ['ua.concern.harassment', ['search', 'seizure', 'dismissal', 'asset-freeze']],
  ['ua.concern.expression', ['blocking', 'ban', 'legislation']],
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
  const m = base.m;
  const country = countryValues(base.country);
  const incidents = set.views;
  const subject = pickSubject(incidents, subjectKeys);
  const violations = new Set(incidents.flatMap((i) => i.violationKeys));
  const gravest = HEADLINE_VIOLATIONS.find((v) => violations.has(v));
  const violation = options.violation ?? m.t(gravest ? `ua.headlineViolation.${gravest}` as MessageKey : 'ua.headlineViolation.default');
  // "civil society activist Akmaral Tobylova", but never "civil society activist Activist A": a
  // pseudonym is not prefixed by its own role (it usually carries one already).
  const role = subject?.occupation && subject.named ? subject.occupation : 'none';
  const headline = m.t('ua.headline', { ...country, violation, role, subject: subject ? referTo(subject, m, false) : m.t('ua.headline.defenders') });
  const concern = options.concern ?? concernLine(violations, m);
  const freeText = typedText(text);

  // Incidents an appeal follows up are told as background; "New information" is about the earlier appeal.
  const earlierKeys = [...new Set(incidents.flatMap((i) => (i.followUpOf ? [i.followUpOf] : [])))];
  const earlier = earlierKeys.flatMap((k) => set.byKey.get(k) ?? []).filter((i) => !incidents.includes(i));
  // The dated lead sentence is the latest development; the facts before it follow in order.
  const lead = incidents.at(-1) ?? null;
  const facts = [...earlier, ...incidents.slice(0, -1)].sort((a, b) => a.isoDate.localeCompare(b.isoDate));
  const name = subject?.displayName ?? m.t('ua.personsConcerned');
  const detained = (['detention', 'house-arrest', 'imprisonment', 'arrest'] as const).some((v) => violations.has(v));
  const actions = options.actions?.map(freeText) ?? [
    m.t('ua.action.integrity', { name }),
    ...(detained ? [m.t('ua.action.release', { name })] : []),
    m.t('ua.action.harassment', { name, ...country }),
    m.t('ua.action.declaration'),
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
  const subjectRef = referTo(subject, m);
  const sampleLetter = options.sampleLetter || options.sampleLetterText
    ? {
      salutation: addressees.find((a) => a.salutation)?.salutation ?? m.t('ua.sample.salutation'),
      paragraphs: options.sampleLetterText
        ? paragraphsOf(freeText(options.sampleLetterText))
        : [m.t('ua.sample.concern', {
          ...country, violation: violation.toLocaleLowerCase(m.locale), subject: subjectRef,
          occupation: subject?.named && subject.occupation ? subject.occupation : 'none',
        })],
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
    earlierAppeal: options.followsAppeal?.date ? { code: options.followsAppeal.code, date: m.date(options.followsAppeal.date) } : null,
    background: [...recordBackground(subject, m), ...(options.background ? paragraphsOf(freeText(options.background)) : [])],
    lead,
    facts,
    actions,
    addressees,
    deadline: options.deadline ? m.date(options.deadline) : null,
    languages: languages.length > 0 ? joinWords(m, languages) : null,
    sampleLetter,
  };
}

/** "Arbitrary detention / Judicial harassment": the categories present, gravest first, at most three. */
export function concernLine(violations: ReadonlySet<Violation>, m: Messages = ENGLISH): string {
  const found = CONCERNS.filter(([, vs]) => vs.some((v) => violations.has(v))).map(([c]) => m.t(c));
  return found.slice(0, 3).join(' / ') || m.t('ua.concern.default');
}

/**
 * The subject in running text. A name takes the courtesy title of its sex ("Ms Akmaral
 * Tobylova"); a pseudonym stands alone: "Ms Journalist Z" or "journalist Journalist Z" would
 * read wrong, and a title or role next to it narrows down who it is.
 */
export function referTo(subject: PersonView | null, m: Messages = ENGLISH, courtesy = true): string {
  if (!subject) return m.t('ua.personsConcerned');
  if (!subject.named || subject.kind !== 'individual' || !courtesy) return subject.displayName;
  return m.t('ua.courtesy', { sex: subject.sex ?? 'unknown', name: subject.displayName });
}

/** What the person's record says about them, for the background section. */
function recordBackground(subject: PersonView | null, m: Messages): string[] {
  if (!subject || (!subject.occupation && !subject.affiliation)) return [];
  // English takes an article before an occupation ("is a journalist"); French, Spanish and Russian do not.
  const occupation = subject.occupation ? (m.language === 'en' ? withArticle(subject.occupation) : subject.occupation) : 'none';
  const values = { name: subject.displayName, occupation, affiliation: subject.affiliation ?? 'none' };
  return [m.t(subject.named ? 'ua.background.named' : 'ua.background.pseudonym', values)];
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

function joinWords(m: Messages, items: string[]): string {
  return m.list(items.map((w) => w.trim()).filter(Boolean), 'or');
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
