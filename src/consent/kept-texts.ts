import type { Db } from '../db/database.js';
import { keptIncidentTexts } from '../records/shaped-search.repository.js';
import type { TextRedactor } from './consent.js';
import type { KnownIdentities } from './identity-cache.js';

/**
 * What the background pass kept of incidents' texts (consent/shaped-incident-search.ts, migration
 * 2026-12-10-010), for the answers that show those texts as stored: whom each title, summary and
 * source excerpt names (the identity-read audit's rule) and how each is shown to a caller without
 * identities:read (everybody's redactor). Kept per incident version and persons revision; an
 * incident changed since, a person written since, or a row not made yet gives nothing, and its
 * texts are read afresh. Each answer takes what it needs for itself: nothing is remembered here.
 */

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const keyOf = (record: unknown): string[] => (typeof obj(record).key === 'string' ? [obj(record).key as string] : []);
const keysIn = (list: unknown): string[] => (Array.isArray(list) ? list.flatMap(keyOf) : []);

/** The routes whose answers show incidents' texts as stored, and the keys of those incidents. */
const INCIDENTS_SHOWN: Readonly<Record<string, (answer: unknown) => string[]>> = {
  'GET /api/v1/incidents': (answer) => keysIn(obj(answer).items),
  'GET /api/v1/incidents/:key': keyOf,
  'GET /api/v1/bundles': (answer) => keysIn(obj(answer).incidents),
};

/** The keys of the incidents whose texts this route's answer shows as stored (none for other routes). */
export function incidentsShownBy(routeKey: string, answer: unknown): string[] {
  return INCIDENTS_SHOWN[routeKey]?.(answer) ?? [];
}

export interface KeptTexts {
  /** Whom each text names, by the text. */
  names: Map<string, readonly string[]>;
  /** Each text as shown without identities:read, by the text. */
  shown: Map<string, string>;
}

/** What is kept of these incidents' texts at the identities' revision. */
export async function keptTextsOf(db: Db, known: KnownIdentities, incidentKeys: readonly string[]): Promise<KeptTexts> {
  const kept: KeptTexts = { names: new Map(), shown: new Map() };
  // Inside a transaction (revision ''): nothing is kept for it.
  if (known.revision === '' || incidentKeys.length === 0) return kept;
  for (const row of await keptIncidentTexts(db, incidentKeys, known.revision)) {
    kept.names.set(row.title, row.titleNames);
    kept.names.set(row.summary, row.summaryNames);
    kept.shown.set(row.title, row.titleShown);
    kept.shown.set(row.summary, row.summaryShown);
    for (const [excerpt, keys] of Object.entries(row.excerptNames)) kept.names.set(excerpt, keys);
    for (const [excerpt, shown] of Object.entries(row.excerptsShown)) kept.shown.set(excerpt, shown);
  }
  return kept;
}

/**
 * Everybody's redactor (of the same identities the texts were kept at) answering from `shown`
 * where it holds the text: the same words it would have written, made earlier.
 */
export function redactorWithShownTexts(redactor: TextRedactor, shown: ReadonlyMap<string, string>): TextRedactor {
  if (shown.size === 0) return redactor;
  function redact(text: string): string;
  function redact(text: string | null): string | null;
  function redact(text: string | null): string | null {
    return text === null ? null : shown.get(text) ?? redactor.redact(text);
  }
  return {
    redact,
    namesSomebody: (identifier) => redactor.namesSomebody(identifier),
    findLeaks: (text) => redactor.findLeaks(text),
  };
}
