import type { Db } from '../db/database.js';
import { loadPersonIdentities } from '../records/records.repository.js';
import { redactorFor, type TextRedactor as Redactor } from './consent.js';
import { mentionAwareRedactor, pseudonymResolver } from './mentions.js';

/**
 * Protected identities, shaped in ONE place. A caller who may not see real names (an API key
 * without `identities:read`) gets every response of the routes below rewritten before it is
 * serialised: persons carry their pseudonym as `name` and no native-script name, and free text
 * that mentions anybody on record (incident titles and summaries, source titles, document
 * titles, provenance claims) has each mention replaced by that person's pseudonym — the same
 * Redactor the documents use — and each mention `[[person:KEY]]` rendered as the pseudonym.
 * (Callers who may see identities get the text as stored, mentions as written, so an export
 * re-imports exactly.) Record keys stay (they are how a client refers to records); in
 * provenance a key that spells a name is withheld, as provenance already does for documents.
 *
 * The table is keyed by route like the access rules; a route not listed is not shaped, so any
 * route that returns person data must be listed here (the identities test sweeps every GET).
 */

type Json = Record<string, unknown>;
type Shape = (payload: unknown, redactor: Redactor) => unknown;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (r: Redactor, v: unknown) => (typeof v === 'string' ? r.redact(v) : v);
/** A URL that mentions a person cannot be rewritten and stay a URL: it is left out. */
const url = (r: Redactor, v: unknown) => (typeof v === 'string' && r.namesSomebody(v) ? null : v);
/** A key that spells a name ("p-akmaral-tobylova"), as provenance withholds it. */
const key = (r: Redactor, v: unknown) => (typeof v === 'string' && r.namesSomebody(v) ? null : v);

function person(p: unknown, r: Redactor): unknown {
  if (!isObject(p) || typeof p.pseudonym !== 'string') return p;
  return { ...p, name: p.pseudonym, nameNative: null, occupation: text(r, p.occupation), affiliation: text(r, p.affiliation) };
}

function incident(i: unknown, r: Redactor): unknown {
  if (!isObject(i)) return i;
  return {
    ...i,
    title: text(r, i.title),
    summary: text(r, i.summary),
    ...(isObject(i.location) ? { location: { ...i.location, place: text(r, i.location.place), region: text(r, i.location.region) } } : {}),
    ...(Array.isArray(i.legalBasis) ? { legalBasis: i.legalBasis.map((l) => text(r, l)) } : {}),
    ...(Array.isArray(i.perpetrators) ? { perpetrators: i.perpetrators.map((p) => (isObject(p) ? { ...p, description: text(r, p.description) } : p)) } : {}),
    ...(Array.isArray(i.sources) ? { sources: i.sources.map((s) => (isObject(s) ? { ...s, excerpt: text(r, s.excerpt), locator: text(r, s.locator) } : s)) } : {}),
  };
}

function source(s: unknown, r: Redactor): unknown {
  if (!isObject(s)) return s;
  return { ...s, title: text(r, s.title), author: text(r, s.author), url: url(r, s.url) };
}

function recommendation(x: unknown, r: Redactor): unknown {
  return isObject(x) ? { ...x, text: text(r, x.text) } : x;
}

function documentMeta(d: unknown, r: Redactor): unknown {
  return isObject(d) ? { ...d, title: text(r, d.title) } : d;
}

function recordRef(ref: unknown, r: Redactor): unknown {
  return isObject(ref) ? { ...ref, key: key(r, ref.key), ...(typeof ref.description === 'string' ? { description: r.redact(ref.description) } : {}) } : ref;
}

function provenance(p: unknown, r: Redactor): unknown {
  if (!isObject(p)) return p;
  const records = isObject(p.records) ? p.records : {};
  const refs = (v: unknown) => (Array.isArray(v) ? v.map((x) => recordRef(x, r)) : v);
  const request = isObject(p.request) ? p.request : undefined;
  const selection = request && isObject(request.selection) ? request.selection : undefined;
  const keys = (v: unknown) => (Array.isArray(v) ? v.map((k) => key(r, k) ?? '(withheld: the key names a person)') : v);
  return {
    ...p,
    ...(request ? {
      request: {
        ...request,
        ...(typeof request.title === 'string' ? { title: r.redact(request.title) } : {}),
        ...(selection ? { selection: { ...selection, persons: keys(selection.persons), incidents: keys(selection.incidents) } } : {}),
      },
    } : {}),
    claims: Array.isArray(p.claims)
      ? p.claims.map((c) => (isObject(c) ? { ...c, text: text(r, c.text), incident: recordRef(c.incident, r), sources: refs(c.sources) } : c))
      : p.claims,
    records: { ...records, incidents: refs(records.incidents), persons: refs(records.persons), sources: refs(records.sources) },
  };
}

function bundle(b: unknown, r: Redactor): unknown {
  if (!isObject(b)) return b;
  const all = (v: unknown, f: (x: unknown, r: Redactor) => unknown) => (Array.isArray(v) ? v.map((x) => f(x, r)) : v);
  return {
    ...b,
    persons: all(b.persons, person),
    incidents: all(b.incidents, incident),
    sources: all(b.sources, source),
    recommendations: all(b.recommendations, recommendation),
  };
}

/** A list page ({ items, … }) of one shape. */
const page = (item: Shape): Shape => (payload, r) =>
  isObject(payload) && Array.isArray(payload.items) ? { ...payload, items: payload.items.map((x) => item(x, r)) } : payload;

const recordRoutes = (collection: string, item: Shape): Array<[string, Shape]> => [
  [`GET /api/v1/${collection}`, page(item)],
  [`GET /api/v1/${collection}/:key`, item],
  [`POST /api/v1/${collection}`, item],
  [`PUT /api/v1/${collection}/:key`, item],
];

export const IDENTITY_SHAPES: Readonly<Record<string, Shape>> = Object.fromEntries([
  ...recordRoutes('persons', person),
  ...recordRoutes('incidents', incident),
  ...recordRoutes('sources', source),
  ...recordRoutes('recommendations', recommendation),
  ['GET /api/v1/bundles', bundle],
  ['GET /api/v1/documents', page(documentMeta)],
  ['GET /api/v1/documents/:id', documentMeta],
  ['POST /api/v1/documents', documentMeta],
  ['POST /api/v1/documents/:id/approve', documentMeta],
  ['GET /api/v1/documents/:id/provenance', provenance],
]);

/** Everybody on record is protected from a caller without identities:read. */
export async function loadEveryoneRedactor(db: Db): Promise<Redactor> {
  const persons = await loadPersonIdentities(db);
  // Shared across requests while the persons stay the same: building one per request compiled
  // ~2 regexes per name on the event loop for every read and every generated document.
  return mentionAwareRedactor(redactorFor(persons), pseudonymResolver(persons));
}

/** The payload as a caller without identities:read may see it (unchanged for unlisted routes). */
export async function shapeForPseudonymousCaller(db: Db, routeKey: string, payload: unknown): Promise<unknown> {
  const shape = IDENTITY_SHAPES[routeKey];
  if (!shape) return payload;
  return shape(payload, await loadEveryoneRedactor(db));
}
