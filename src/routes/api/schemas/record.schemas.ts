import { z } from 'zod';
import type { KeyMigration } from '../../../consent/record-keys.js';
import {
  CountrySchema, IncidentSchema, IsoDate, Key, OrganisationSchema, PersonSchema, RecommendationSchema,
  SourceSchema,
} from '../../../records/bundle.schemas.js';
import { ADDRESSEES, RIGHTS, SOURCE_TYPES, VIOLATIONS } from '../../../records/vocabulary.js';
import { afterParameter, type ListCursor } from './list-cursor.js';

/**
 * Request and response schemas of the record API. Bodies are the case-bundle record schemas
 * (strict: unknown fields are refused); responses add the read-only `meta`.
 */

export const RecordMeta = z
  .object({
    id: z.number().int(),
    version: z.number().int().describe('1 on creation; +1 for each save that changes something'),
    createdAt: z.string().describe('ISO timestamp'),
    updatedAt: z.string().describe('ISO timestamp'),
  })
  .describe('Bookkeeping, read-only: not accepted in request bodies');

const CountryCode = CountrySchema.shape.code;

// --- Bodies and responses, per record type ---------------------------------------------------

export const CountryRef = z
  .strictObject({ code: CountryCode, name: CountrySchema.shape.name.optional() })
  .describe(
    'The country the incident happened in. `name` is required when the code is not known yet (it registers ' +
      'the country); when given for a known country it renames it, as a bundle import would.',
  );

export const IncidentBody = IncidentSchema.safeExtend({ country: CountryRef });
export const IncidentResponse = IncidentSchema.safeExtend({ country: CountrySchema, meta: RecordMeta });

export const PersonBody = PersonSchema;
export const PersonResponse = PersonSchema.extend({ meta: RecordMeta });

/**
 * The record keys a write renamed in its own transaction because they spelled a name it brought
 * (a person added or renamed): each became an opaque key, and the old one an alias.
 */
export const KeysRenamed = z.object({
  count: z.number().int(),
  keys: z.array(z.object({
    type: z.enum(['persons', 'sources', 'incidents', 'organisations', 'recommendations']),
    from: z.string().describe('The old key: it still resolves for callers with identities:read (withheld from others)'),
    to: z.string().describe('The opaque key the record has now'),
  })),
}).describe('Record keys that spelled the written person\'s name, renamed to opaque keys by this write');
/** `keysRenamed` of a write's answer: how many, and each old key with its new one. */
export const keysRenamedJson = (renamed: readonly KeyMigration[]): z.infer<typeof KeysRenamed> => ({
  count: renamed.length,
  keys: renamed.map(({ table, from, to }) => ({ type: table, from, to })),
});
/** A person as written: the record, and the keys its name made the write rename. */
export const PersonWriteResponse = PersonResponse.extend({
  keysRenamed: KeysRenamed.optional().describe('Only when this write renamed keys: otherwise the answer is the record as GET reads it'),
});

export const SourceBody = SourceSchema;
export const SourceResponse = SourceSchema.extend({ meta: RecordMeta });

export const OrganisationBody = OrganisationSchema;
export const OrganisationResponse = OrganisationSchema.extend({ meta: RecordMeta });

export const RecommendationBody = RecommendationSchema;
export const RecommendationResponse = RecommendationSchema.extend({
  country: CountryCode.nullable().describe('Read-only: the country all its incidents share when it was created, or null'),
  meta: RecordMeta,
});

export const KeyParams = z.strictObject({ key: Key });

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().describe('Number of matching records, all pages together'),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

/** A page of a record list: also where the next one starts (keyset paging: list-cursor.ts). */
export function recordPageOf<T extends z.ZodType>(item: T) {
  return pageOf(item).extend({
    offset: z.number().int().describe('Position of the first item (with `after`: as counted when that cursor was made)'),
    next: z.string().nullable().describe('Pass as `after` for the page that follows; null on the last page'),
  });
}

// --- List queries ----------------------------------------------------------------------------

const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
const SearchText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  // PostgreSQL cannot compare text with NUL in it; without this the search would fail with a 500.
  .refine((s) => !s.includes('\u0000'), 'must not contain the NUL character');

/** `limit`, and where the page starts: `offset`, or `after` (a `next` the collection's list answered). */
const pagination = (collection: string) => ({
  limit: z.coerce.number().int().min(1, 'must be from 1 to 200').max(200, 'must be from 1 to 200').default(50),
  offset: z.coerce.number().int().min(0, 'must be 0 or more').default(0),
  after: afterParameter(collection),
});
/** A page starts at an offset or after a cursor, not both. */
const onePageStart: [(q: { offset: number; after?: ListCursor | undefined }) => boolean, { path: string[]; message: string }] = [
  (q) => !(q.after !== undefined && q.offset > 0),
  { path: ['offset'], message: 'give offset or after, not both' },
];

export const IncidentListQuery = z
  .strictObject({
    country: CountryCode.optional(),
    from: IsoDate.optional().describe('Incidents that end on or after this date'),
    to: IsoDate.optional().describe('Incidents that start on or before this date'),
    right: z.enum(RIGHTS).optional(),
    violation: z.enum(VIOLATIONS).optional(),
    urgent: QueryBoolean.optional(),
    q: SearchText.optional().describe('Text searched in titles and summaries'),
    person: Key.optional().describe('Key of a person who is a victim'),
    ...pagination('incidents'),
  })
  .refine((q) => !(q.from && q.to && q.from > q.to), { path: ['to'], message: 'must not be before from' })
  .refine(...onePageStart);

export const PersonListQuery = z.strictObject({
  q: SearchText.optional().describe('Text searched in name, native name and pseudonym'),
  ...pagination('persons'),
}).refine(...onePageStart);

export const SourceListQuery = z.strictObject({
  type: z.enum(SOURCE_TYPES).optional(),
  confidential: QueryBoolean.optional(),
  q: SearchText.optional().describe('Text searched in title and author'),
  ...pagination('sources'),
}).refine(...onePageStart);

export const OrganisationListQuery = z.strictObject({
  q: SearchText.optional().describe('Text searched in name and acronym'),
  ...pagination('organisations'),
}).refine(...onePageStart);

export const RecommendationListQuery = z.strictObject({
  right: z.enum(RIGHTS).optional(),
  addressee: z.enum(ADDRESSEES).optional(),
  country: CountryCode.optional().describe('Its own country, or the country of any incident it refers to'),
  ...pagination('recommendations'),
}).refine(...onePageStart);
