import { z } from 'zod';
import { IncidentTranslationsSchema, PersonTranslationsSchema, RecommendationTranslationsSchema, translationListProblems } from './translations.js';
import {
  ADDRESSEES, CHANNELS, DATE_ACCURACY, OUTCOMES, INCIDENT_STATUS, PERSON_KINDS, RELIABILITY, RIGHTS, RISKS, SEXES,
  SOURCE_TYPES, VIOLATIONS, WHEREABOUTS,
} from './vocabulary.js';

/**
 * The case bundle v1 (shared/case-bundle.md) as zod schemas. Structure only: cross-record rules
 * (keys unique, references resolve, from <= to) live in bundle-validation.ts so that every
 * defect of a bundle is reported in one answer.
 */

export const KEY_PATTERN = /^[a-z0-9-]{1,80}$/;
// `.meta` states the limit the pattern enforces, so that the OpenAPI document shows it (maxLength).
export const Key = z.string().regex(KEY_PATTERN, 'must be 1–80 lowercase letters, digits or "-"').meta({ maxLength: 80 });

/** A real calendar date in ISO form (2018-02-30 is refused). */
export const IsoDate = z.string().refine(isIsoDate, 'must be a real date in the form YYYY-MM-DD (year 1000 or later)')
  .meta({ format: 'date', maxLength: 10 });

export function isIsoDate(value: string): boolean {
  // PostgreSQL has no year 0; years before 1000 are typing mistakes in this domain anyway.
  if (!/^[1-9]\d{3}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const HttpUrl = z
  .string()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/** Single-line text: no control characters, bounded. */
export const Line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);
/** Free text (summaries, excerpts): bounded; control characters are dropped at render time. */
export const Text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const nullable = <T extends z.ZodType>(s: T) => s.nullable().optional();

export const ConsentSchema = z.strictObject({
  unSubmission: z.boolean().default(false),
  publicNaming: z.boolean().default(false),
  stateTransmission: z.boolean().default(false),
  /**
   * May be named in the UN's public communications report (Special Procedures publish each
   * communication about 60 days after sending it). False: the report uses initials or the pseudonym.
   */
  unPublicReport: z.boolean().default(false),
}).superRefine((c, ctx) => {
  // Named in the public report but not in the submission itself cannot be meant.
  if (c.unPublicReport && !c.unSubmission) {
    ctx.addIssue({ code: 'custom', path: ['unPublicReport'], message: 'needs unSubmission: a person not named to the UN cannot be named in its public report' });
  }
});

/** An age as recorded on a date (the OHCHR questionnaire asks the age; a birth year may be unknown). */
export const AgeSchema = z.strictObject({
  years: z.number().int('must be a whole number of years').min(0, 'must be from 0 to 130').max(130, 'must be from 0 to 130'),
  asOf: IsoDate.describe('the date the age was recorded'),
});

/** Where a person is now; `place` is where they are held when in custody. */
export const WhereaboutsSchema = z.strictObject({
  status: z.enum(WHEREABOUTS),
  place: nullable(Line(300)).describe('e.g. the detention facility; printed only where the person may be named'),
  asOf: nullable(IsoDate),
});

export const OrganisationSchema = z.strictObject({
  key: Key,
  name: Line(300),
  acronym: nullable(Line(40)),
  contact: nullable(
    z.strictObject({ email: nullable(z.email('must be an e-mail address').max(320)), address: nullable(Line(500)) }),
  ),
});

export const PersonSchema = z.strictObject({
  key: Key,
  kind: z.enum(PERSON_KINDS),
  name: Line(300),
  nameNative: nullable(Line(300)),
  pseudonym: Line(120),
  sex: nullable(z.enum(SEXES)),
  birthYear: nullable(z.number().int().min(1900).max(2100)),
  age: nullable(AgeSchema),
  nationality: nullable(Line(200)).describe('e.g. "Kazakhstani"'),
  occupation: nullable(Line(300)),
  affiliation: nullable(Line(500)),
  whereabouts: nullable(WhereaboutsSchema),
  consent: ConsentSchema,
  risk: nullable(z.enum(RISKS)),
  translations: PersonTranslationsSchema,
});

export const SourceSchema = z.strictObject({
  key: Key,
  type: z.enum(SOURCE_TYPES),
  title: Line(500),
  author: nullable(Line(300)),
  organisation: nullable(Key),
  date: nullable(IsoDate),
  url: nullable(HttpUrl),
  reliability: z.enum(RELIABILITY),
  confidential: z.boolean().default(false),
  /** A UN communication's reference ("AL KAZ 1/2018"), a court case number: how the source is cited. Required for `un-communication`. */
  reference: nullable(Line(100)),
  /** Persons this source names or identifies: cited like a confidential source where one of them is protected. */
  identifies: z.array(Key).max(500).default([]),
});

export const PerpetratorSchema = z.strictObject({
  description: Line(500),
  stateActor: z.boolean(),
  /** How the perpetrator is linked to the State (e.g. "officers of the Ministry of Internal Affairs"). */
  stateLink: nullable(Line(500)),
  /** Why they are held responsible (e.g. "carried out the search, according to two witnesses"). */
  reason: nullable(Text(1000)),
});

/** A step taken to seek remedy at home: before which authority, when, and what came of it. */
export const RemedyStepSchema = z.strictObject({
  date: nullable(IsoDate),
  authority: Line(300),
  action: Line(500).describe('e.g. "complaint against the detention"'),
  outcome: nullable(Line(1000)).describe('e.g. "dismissed on 2 April 2018"; empty while pending'),
});

/** Domestic remedies: the steps taken, or why none has been taken yet (one or the other). */
export const DomesticRemediesSchema = z.strictObject({
  steps: z.array(RemedyStepSchema).max(50).default([]),
  noneBecause: nullable(Text(2000)).describe('why no domestic remedy has been sought yet'),
}).superRefine((r, ctx) => {
  const none = typeof r.noneBecause === 'string';
  if (r.steps.length === 0 && !none) ctx.addIssue({ code: 'custom', path: ['noneBecause'], message: 'give the steps taken, or say why none has been taken yet' });
  if (r.steps.length > 0 && none) ctx.addIssue({ code: 'custom', path: ['noneBecause'], message: 'steps are recorded: leave noneBecause empty' });
});

/** Another international or regional body already seized of the facts. */
export const InternationalProcedureSchema = z.strictObject({
  body: Line(300).describe('e.g. "UN Human Rights Committee"'),
  reference: nullable(Line(100)),
  date: nullable(IsoDate),
  status: nullable(Line(300)),
});

export const IncidentSourceSchema = z.strictObject({
  source: Key,
  credibility: z.number().int().min(1, 'must be from 1 to 6').max(6, 'must be from 1 to 6'),
  locator: nullable(Line(200)),
  excerpt: nullable(Text(2000)),
});

export const IncidentSchema = z.strictObject({
  key: Key,
  title: Line(500),
  date: IsoDate,
  dateAccuracy: z.enum(DATE_ACCURACY),
  endDate: nullable(IsoDate),
  location: z.strictObject({ place: Line(200), region: nullable(Line(200)) }),
  rights: z.array(z.enum(RIGHTS)).min(1, 'must name at least one right').max(RIGHTS.length),
  violations: z.array(z.enum(VIOLATIONS)).max(VIOLATIONS.length).default([]),
  summary: Text(10_000),
  victims: z.array(Key).max(500).default([]),
  perpetrators: z.array(PerpetratorSchema).max(100).default([]),
  legalBasis: z.array(Line(500)).max(50).default([]),
  status: z.enum(INCIDENT_STATUS),
  urgent: z.boolean().default(false),
  followUpOf: nullable(Key),
  sources: z.array(IncidentSourceSchema).max(200).default([]),
  domesticRemedies: nullable(DomesticRemediesSchema),
  internationalProcedures: z.array(InternationalProcedureSchema).max(20).default([]),
  translations: IncidentTranslationsSchema,
}).superRefine((i, ctx) => {
  for (const p of translationListProblems(i)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
});

export const RecommendationSchema = z.strictObject({
  key: Key,
  right: z.enum(RIGHTS),
  addressee: z.enum(ADDRESSEES),
  text: Text(5000),
  incidents: z.array(Key).max(1000).default([]),
  translations: RecommendationTranslationsSchema,
});

/**
 * An intervention (revision 4): a document sent about the bundle's incidents, and what came back.
 * The document itself is not in the bundle: its kind and (an urgent appeal's) code identify it.
 */
export const InterventionSchema = z.strictObject({
  key: Key,
  documentKind: z.enum(['un-communication', 'eu-briefing', 'urgent-appeal']),
  documentCode: nullable(Line(40)).describe('an urgent appeal\'s code, e.g. "KAZ 001/0318/OBS 025"'),
  incidents: z.array(Key).min(1, 'must name at least one incident').max(1000),
  persons: z.array(Key).max(500).default([]),
  mandates: z.array(Key).max(100).default([]).describe('UN mandate keys, as a UN communication request names them (e.g. "sr-defenders")'),
  addressees: z.array(Line(300)).max(30).default([]).describe('the authorities written to, by title'),
  sentOn: IsoDate,
  channel: z.enum(CHANNELS),
  reference: nullable(Line(100)).describe('the reference given back, e.g. "AL KAZ 1/2018" or "UA 61/20"'),
  replyDue: nullable(IsoDate),
  reply: nullable(z.strictObject({ receivedOn: IsoDate, summary: nullable(Text(4000)) })),
  outcome: nullable(z.enum(OUTCOMES)),
  outcomeNote: nullable(Text(2000)),
  notes: nullable(Text(4000)),
});

export const CountrySchema = z.strictObject({
  code: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. "KZ"').meta({ maxLength: 2 }),
  name: Line(200),
});

export const BundleSchema = z.strictObject({
  bundleVersion: z.literal(1, 'must be 1'),
  country: CountrySchema,
  period: z.strictObject({ from: IsoDate, to: IsoDate }),
  organisations: z.array(OrganisationSchema).max(10_000).default([]),
  persons: z.array(PersonSchema).max(100_000).default([]),
  sources: z.array(SourceSchema).max(100_000).default([]),
  incidents: z.array(IncidentSchema).max(100_000).default([]),
  recommendations: z.array(RecommendationSchema).max(10_000).default([]),
  interventions: z.array(InterventionSchema).max(10_000).default([]),
});

export type Bundle = z.output<typeof BundleSchema>;
export type BundleInput = z.input<typeof BundleSchema>;
export type BundleOrganisation = z.output<typeof OrganisationSchema>;
export type BundlePerson = z.output<typeof PersonSchema>;
export type BundleSource = z.output<typeof SourceSchema>;
export type BundleIncident = z.output<typeof IncidentSchema>;
export type BundleRecommendation = z.output<typeof RecommendationSchema>;
export type BundleIntervention = z.output<typeof InterventionSchema>;
