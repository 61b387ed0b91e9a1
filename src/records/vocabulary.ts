/** Controlled vocabularies of the case-bundle format (shared/case-bundle.md). */

export const RIGHTS = [
  'expression', 'association', 'peaceful-assembly', 'liberty', 'fair-trial', 'torture', 'privacy',
  'life', 'movement', 'defenders', 'judicial-independence', 'other',
] as const;
export type Right = (typeof RIGHTS)[number];

export const VIOLATIONS = [
  'detention', 'arrest', 'house-arrest', 'criminal-charges', 'administrative-charges', 'fine',
  'conviction', 'imprisonment', 'search', 'seizure', 'threat', 'warning', 'surveillance',
  'physical-attack', 'ill-treatment', 'dismissal', 'ban', 'blocking', 'asset-freeze', 'lawsuit',
  'legislation', 'other',
] as const;
export type Violation = (typeof VIOLATIONS)[number];

export const PERSON_KINDS = ['individual', 'group', 'organisation'] as const;
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const RISKS = ['low', 'medium', 'high'] as const;
export const SOURCE_TYPES = [
  'monitoring', 'interview', 'media', 'social-media', 'official', 'court', 'ngo-report', 'press-conference',
  'un-communication',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export const RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const DATE_ACCURACY = ['exact', 'month', 'approximate'] as const;
export const INCIDENT_STATUS = ['ongoing', 'concluded'] as const;
/** Where a person is now (the OHCHR questionnaire's "current whereabouts"). */
export const WHEREABOUTS = [
  'at-liberty', 'in-custody', 'house-arrest', 'restricted-movement', 'in-hiding', 'abroad', 'disappeared', 'deceased', 'unknown',
] as const;
export type Whereabouts = (typeof WHEREABOUTS)[number];
export const ADDRESSEES = ['state', 'eu', 'un'] as const;

/** Human labels, for documents and forms. */
export const RIGHT_LABELS: Record<Right, string> = {
  expression: 'Freedom of expression',
  association: 'Freedom of association',
  'peaceful-assembly': 'Freedom of peaceful assembly',
  liberty: 'Right to liberty (arbitrary detention)',
  'fair-trial': 'Right to a fair trial',
  torture: 'Freedom from torture and ill-treatment',
  privacy: 'Right to privacy',
  life: 'Right to life',
  movement: 'Freedom of movement',
  defenders: 'Human rights defenders',
  'judicial-independence': 'Independence of judges and lawyers',
  other: 'Other rights',
};

export const SOURCE_TYPE_LABELS: Record<SourceType, string> = {
  monitoring: 'monitoring report',
  interview: 'interview',
  media: 'media report',
  'social-media': 'social media post',
  official: 'official statement',
  court: 'court document',
  'ngo-report': 'NGO report',
  'press-conference': 'press conference',
  'un-communication': 'UN Special Procedures communication',
};

export const WHEREABOUTS_LABELS: Record<Whereabouts, string> = {
  'at-liberty': 'at liberty',
  'in-custody': 'in custody',
  'house-arrest': 'under house arrest',
  'restricted-movement': 'at liberty under restrictions on movement',
  'in-hiding': 'in hiding',
  abroad: 'abroad',
  disappeared: 'whereabouts unknown since their disappearance',
  deceased: 'deceased',
  unknown: 'whereabouts not known to the submitting organisation',
};

/** How a document was sent (interventions). */
export const CHANNELS = ['email', 'portal', 'post', 'fax', 'hand-delivered', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'E-mail', portal: 'Online portal', post: 'Post', fax: 'Fax', 'hand-delivered': 'By hand', other: 'Other',
};

/** What became of the person or the case after an intervention. */
export const OUTCOMES = [
  'released', 'charges-dropped', 'sentence-reduced', 'acquitted', 'conditions-improved', 'no-change', 'worsened', 'unknown',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  released: 'Released', 'charges-dropped': 'Charges dropped', 'sentence-reduced': 'Sentence reduced', acquitted: 'Acquitted',
  'conditions-improved': 'Conditions improved', 'no-change': 'No change', worsened: 'Worsened', unknown: 'Unknown',
};
