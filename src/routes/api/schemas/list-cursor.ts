import { z } from 'zod';
import { IsoDate, Key } from '../../../records/bundle.schemas.js';
import type { ListPosition } from '../../../records/records.repository.js';
import { ALIASED_TABLES } from '../../../records/record-keys.repository.js';

/**
 * The record lists' cursors: `next` in a list answer, `after=` in the request for the page that
 * follows. A cursor holds where the page ended in the list's usual order (incidents: date and
 * id; the other records: key), which list it belongs to, and the offset the next page starts at
 * as counted when it was made (answered as that page's `offset`), as base64url JSON. Clients pass
 * it back unread. The next page starts after that position however many records were written
 * before it meanwhile (an offset would skip or repeat them) and without the database walking past
 * the pages before (an offset of 49,950 reads 50,000 rows).
 */

/** What an `after=` cursor holds. */
export interface ListCursor {
  position: ListPosition;
  offset: number;
}

// A row id as PostgreSQL's integer holds it: a larger one in a made-up cursor would fail the statement.
const Id = z.number().int().min(1).max(2_147_483_647);
const POSITION: Record<string, z.ZodType<ListPosition>> = {
  incidents: z.tuple([IsoDate, Id]),
};
const positionOf = (collection: string) => POSITION[collection] ?? z.tuple([Key]);

// The lists that page by cursor are the five record types'.
const Written = z.strictObject({ c: z.enum(ALIASED_TABLES), p: z.array(z.unknown()), o: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

export function listCursor(collection: string, position: ListPosition, offset: number): string {
  return Buffer.from(JSON.stringify({ c: collection, p: position, o: offset })).toString('base64url');
}

/** The `after` query parameter of a collection's list: a cursor of that list, decoded. */
export function afterParameter(collection: string) {
  return z.string().max(400, 'must be a `next` of this list, as answered')
    .transform((text, ctx): ListCursor => {
      const refuse = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
      } catch {
        return refuse('must be a `next` of this list, as answered (this is not one)');
      }
      const cursor = Written.safeParse(decoded);
      if (!cursor.success) return refuse('must be a `next` of this list, as answered (this is not one)');
      if (cursor.data.c !== collection) return refuse(`is a \`next\` of the ${cursor.data.c} list, not of ${collection}`);
      const position = positionOf(collection).safeParse(cursor.data.p);
      if (!position.success) return refuse('must be a `next` of this list, as answered (this is not one)');
      return { position: position.data, offset: cursor.data.o };
    })
    .optional()
    .describe('Continue after the page whose answer gave this `next` (instead of `offset`)');
}
