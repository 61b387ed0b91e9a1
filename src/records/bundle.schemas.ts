import { z } from 'zod';
import {
  ADDRESSEES, DATE_ACCURACY, INCIDENT_STATUS, PERSON_KINDS, RELIABILITY, RIGHTS, RISKS, SEXES,
  SOURCE_TYPES, VIOLATIONS,
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
  occupation: nullable(Line(300)),
  affiliation: nullable(Line(500)),
  consent: ConsentSchema,
  risk: nullable(z.enum(RISKS)),
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
  /** Persons this source names or identifies: cited like a confidential source where one of them is protected. */
  identifies: z.array(Key).max(500).default([]),
});

export const PerpetratorSchema = z.strictObject({
  description: Line(500),
  stateActor: z.boolean(),
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
});

export const RecommendationSchema = z.strictObject({
  key: Key,
  right: z.enum(RIGHTS),
  addressee: z.enum(ADDRESSEES),
  text: Text(5000),
  incidents: z.array(Key).max(1000).default([]),
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
});

export type Bundle = z.output<typeof BundleSchema>;
export type BundleInput = z.input<typeof BundleSchema>;
export type BundleOrganisation = z.output<typeof OrganisationSchema>;
export type BundlePerson = z.output<typeof PersonSchema>;
export type BundleSource = z.output<typeof SourceSchema>;
export type BundleIncident = z.output<typeof IncidentSchema>;
export type BundleRecommendation = z.output<typeof RecommendationSchema>;
