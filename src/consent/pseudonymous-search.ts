import type { Db } from '../db/database.js';
import { keysSortedAfter, type ListPage, type Page, type RecordStore } from '../records/record-stores.repository.js';
import type { ListPosition } from '../records/records.repository.js';
import { InvalidInputError } from '../shared/errors.js';
import { matchesSearch, searchTerms } from '../shared/text/search.js';
import type { IncidentFilter } from '../records/records.repository.js';
import { IDENTITY_SHAPES, loadEveryoneRedactor } from './identity-shaping.js';
import { shapedRevisionFor, type ShapedSearchRefresher } from './shaped-incident-search.js';

/**
 * Search for a caller without identities:read runs over the text that caller is shown, never
 * over the stored text. A `q` filter in SQL over the stored titles, summaries and names would
 * answer "is this real name in any record?" — `GET /persons?q=Rahimov` returned the record shown
 * as "Blogger F", and a name could be spelled out letter by letter — even though every answer
 * was shaped. Filtering SQL results afterwards would still leak through `total` and paging.
 *
 * So for such callers: every other filter runs in SQL as usual (they name no one), the candidate
 * records are shaped by the same step that shapes every response (identity-shaping.ts), and `q`
 * is matched — folded and stemmed as the SQL search does it (shared/text/search.ts) — against the
 * shaped record's searchable fields. `total` and the page come from that match. A protected name typed
 * in `q` thus finds exactly what any other string absent from the shaped text finds: nothing.
 * `person=` compares keys only (aliases of old keys are not resolved for these callers).
 *
 * Cost: a `q` search by such a caller reads every candidate record (in pages of 500) and redacts
 * it: about 0.35 ms an incident, so 17 s of CPU for 50,000 (issue 18's volume bench). Beyond
 * MAX_CANDIDATES the search is refused (422 at /q, with the count and the filters that narrow it)
 * rather than let any such key spend seconds of the service's CPU per request. What the refusal
 * says — how many records the other filters leave — the same caller reads from a list without `q`.
 */

type Json = Record<string, unknown>;
const CHUNK = 500;
/** At most this many candidate records are redacted for one search by such a caller. */
export const MAX_CANDIDATES = 5_000;

/** The fields `q` searches in each collection, as record-stores.repository.ts searches them in SQL. */
const SEARCHED: Record<string, (item: Json) => unknown[]> = {
  incidents: (i) => [i.title, i.summary],
  persons: (p) => [p.name, p.nameNative, p.pseudonym],
  sources: (s) => [s.title, s.author],
  organisations: (o) => [o.name, o.acronym],
  recommendations: () => [],
};

/** A search by such a caller over more candidates than it may read: 422 at /q, with what narrows it. */
function tooManyCandidates(what: string, total: number, max: number, narrowedBy: string | undefined): InvalidInputError {
  return new InvalidInputError('This search would read more records than a search without identities:read may.', [{
    path: '/q',
    message: `a search by a caller who may not see names reads every ${what} it could match (${total} here); `
      + `narrow it to at most ${max}${narrowedBy ? ` with the other filters (${narrowedBy})` : ''}, or list without q`,
  }]);
}

/** The filters that narrow a list of each collection without q (its query schema's). */
const NARROWED_BY: Record<string, string> = { sources: 'type, confidential' };

export async function listForPseudonymousCaller<TFilter, TRecord>(
  db: Db,
  collection: string,
  store: RecordStore<never, TRecord, TFilter>,
  filter: TFilter & { q?: string },
  page: Page,
  maxCandidates: number = MAX_CANDIDATES,
  refresher: ShapedSearchRefresher | null = null,
): Promise<ListPage<TRecord>> {
  const { q, ...rest } = filter;
  if (q === undefined || q === '') return store.list(db, rest as TFilter, page);
  // A person is shown by pseudonym alone (persons.pseudonym_folded); an incident's shaped text is
  // kept per incident and persons revision (shaped-incident-search.ts). Both searched in SQL.
  if (collection === 'persons') return store.list(db, { ...rest, pseudonymQ: q } as TFilter, page);
  if (collection === 'incidents') {
    const personsRevision = await shapedRevisionFor(db, rest as IncidentFilter, refresher);
    return store.list(db, { ...rest, shapedQ: { q, personsRevision } } as TFilter, page);
  }
  const shape = IDENTITY_SHAPES[`GET /api/v1/${collection}/:key`];
  const fields = SEARCHED[collection];
  if (!shape || !fields) return { items: [], total: 0, next: null };
  const redactor = await loadEveryoneRedactor(db);
  const terms = searchTerms(q);
  const matching: TRecord[] = [];
  // In key order, each chunk after the last key of the one before.
  for (let after: ListPosition | undefined; ;) {
    const { items, total, next } = await store.list(db, rest as TFilter, { limit: CHUNK, offset: 0, after });
    if (total > maxCandidates) throw tooManyCandidates(collection.replace(/s$/, ''), total, maxCandidates, NARROWED_BY[collection]);
    for (const item of items) {
      const shaped = shape(item, redactor) as Json;
      const text = fields(shaped).filter((v): v is string => typeof v === 'string').join(' ');
      if (matchesSearch(terms, text)) matching.push(shaped as TRecord);
    }
    if (next === null) break;
    after = next;
  }
  // A page after a key starts at the first match the database sorts after it (its collation, which
  // ordered the chunks, not JavaScript's).
  const keyOf = (item: TRecord) => (item as Json).key as string;
  let start = page.offset;
  if (page.after !== undefined) {
    const later = await keysSortedAfter(db, matching.map(keyOf), String(page.after[0]));
    const first = matching.findIndex((item) => later.has(keyOf(item)));
    start = first === -1 ? matching.length : first;
  }
  const items = matching.slice(start, start + page.limit);
  return { items, total: matching.length, next: start + page.limit < matching.length ? [keyOf(items.at(-1)!)] : null };
}

/**
 * Items listed by their title (generated documents), searched by `q` for a caller without
 * identities:read: over each title as that caller is shown it (names replaced), for the reason
 * above — a title is stored as printed, so a search of the stored titles said whether a name is in
 * one ("q=Petrov": total 1, shown as "Blogger B"). `chunk` reads the candidates by every other
 * filter, `offset` first; more than MAX_CANDIDATES are refused as above.
 */
export async function listByShownTitle<T extends { title: string }>(
  db: Db,
  q: string,
  page: { limit: number; offset: number },
  chunk: (offset: number, limit: number) => Promise<{ items: T[]; total: number }>,
): Promise<{ items: T[]; total: number }> {
  const redactor = await loadEveryoneRedactor(db);
  const terms = searchTerms(q);
  const matching: T[] = [];
  for (let offset = 0; ; offset += CHUNK) {
    const { items, total } = await chunk(offset, CHUNK);
    if (total > MAX_CANDIDATES) throw tooManyCandidates('title', total, MAX_CANDIDATES, 'kind, status, assignee, author');
    for (const item of items) if (matchesSearch(terms, redactor.redact(item.title))) matching.push(item);
    if (items.length < CHUNK) break;
  }
  return { items: matching.slice(page.offset, page.offset + page.limit), total: matching.length };
}
