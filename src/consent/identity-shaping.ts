import type { Db } from '../db/database.js';
import { loadWithheldSourceKeys } from '../records/records.repository.js';
import { SOURCE_TYPE_LABELS } from '../records/vocabulary.js';
import { redactorFor, type TextRedactor as Redactor } from './consent.js';
import { knownIdentities, type KnownIdentities } from './identity-cache.js';
import { NAME_WITHHELD } from './index.js';
import { incidentsShownBy, keptTextsOf, redactorWithShownTexts } from './kept-texts.js';
import { mentionedKeys } from './mentions.js';
import { everyoneRedactor } from './shaped-text.js';

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
 * Error bodies (4xx) of every route are shaped too (`message`, `problems[].message`).
 *
 * Sources: for such a caller everybody is protected, so a source that is confidential, lists
 * anybody in `identifies`, or names somebody in its title, author or URL is shown as
 * "Confidential source (interview, March 2018)" — type and month only, no author, organisation,
 * URL or date — and an incident's locator and excerpt for it are withheld.
 */

type Json = Record<string, unknown>;
/** `withheld`: keys of sources shown like confidential ones (for the incident links that cite them). */
type Shape = (payload: unknown, redactor: Redactor, withheld?: ReadonlySet<string>) => unknown;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (r: Redactor, v: unknown) => (typeof v === 'string' ? r.redact(v) : v);
/** A URL that mentions a person cannot be rewritten and stay a URL: it is left out. */
const url = (r: Redactor, v: unknown) => (typeof v === 'string' && r.namesSomebody(v) ? null : v);
/**
 * A key that spells a name ("p-akmaral-tobylova"), as provenance withholds it. Keys are checked
 * when written and renamed at start (record-keys.ts), but a key written before the person it
 * names was added spells that name until then: every record key such a caller is shown passes
 * here (null alone, the placeholder in a list).
 */
const key = (r: Redactor, v: unknown) => (typeof v === 'string' && r.namesSomebody(v) ? null : v);
const WITHHELD_KEY = '(withheld: the key names a person)';
const keys = (r: Redactor, v: unknown) => (Array.isArray(v) ? v.map((k) => key(r, k) ?? WITHHELD_KEY) : v);
/** A record's own key or a reference to one, where the answer's schema wants a string: the placeholder. */
const recordKey = (r: Redactor, v: unknown) => (typeof v === 'string' ? key(r, v) ?? WITHHELD_KEY : v);

/**
 * `keysRenamed` of a write's answer (a person's or a bundle's): each old key spelled a name, so it
 * is withheld like any key that does; how many, and the opaque keys they became, stay.
 */
const keysRenamed = (x: Json, r: Redactor) => (isObject(x.keysRenamed) && Array.isArray(x.keysRenamed.keys)
  ? { keysRenamed: { ...x.keysRenamed, keys: x.keysRenamed.keys.map((k) => (isObject(k) ? { ...k, from: recordKey(r, k.from), to: recordKey(r, k.to) } : k)) } }
  : {});

function person(p: unknown, r: Redactor): unknown {
  if (!isObject(p) || typeof p.pseudonym !== 'string') return p;
  // Where the person is held and their nationality can single them out: withheld, as the documents
  // withhold them for a pseudonymised victim (consent/victim-profile.ts).
  const whereabouts = isObject(p.whereabouts) ? { whereabouts: { ...p.whereabouts, place: null } } : {};
  return {
    ...p, key: recordKey(r, p.key), name: p.pseudonym, nameNative: null, occupation: text(r, p.occupation), affiliation: text(r, p.affiliation),
    ...('nationality' in p ? { nationality: null } : {}), ...whereabouts, ...translations(p, r), ...keysRenamed(p, r),
  };
}

/** A record's translations: free text like the original's, shaped alike (every string redacted). */
const translations = (x: Json, r: Redactor) => ('translations' in x ? { translations: redactStrings(x.translations, r) } : {});

function incident(i: unknown, r: Redactor, withheld: ReadonlySet<string> = new Set()): unknown {
  if (!isObject(i)) return i;
  const link = (s: Json) => (typeof s.source === 'string' && withheld.has(s.source)
    ? { ...s, source: recordKey(r, s.source), excerpt: null, locator: null }
    : { ...s, source: recordKey(r, s.source), excerpt: text(r, s.excerpt), locator: text(r, s.locator) });
  return {
    ...i,
    key: recordKey(r, i.key),
    ...('victims' in i ? { victims: keys(r, i.victims) } : {}),
    ...('followUpOf' in i ? { followUpOf: recordKey(r, i.followUpOf) } : {}),
    title: text(r, i.title),
    summary: text(r, i.summary),
    ...(isObject(i.location) ? { location: { ...i.location, place: text(r, i.location.place), region: text(r, i.location.region) } } : {}),
    ...(Array.isArray(i.legalBasis) ? { legalBasis: i.legalBasis.map((l) => text(r, l)) } : {}),
    ...(Array.isArray(i.perpetrators) ? {
      perpetrators: i.perpetrators.map((p) => (isObject(p)
        ? { ...p, description: text(r, p.description), stateLink: text(r, p.stateLink), reason: text(r, p.reason) }
        : p)),
    } : {}),
    ...('domesticRemedies' in i ? { domesticRemedies: redactStrings(i.domesticRemedies, r) } : {}),
    ...('internationalProcedures' in i ? { internationalProcedures: redactStrings(i.internationalProcedures, r) } : {}),
    ...(Array.isArray(i.sources) ? { sources: i.sources.map((s) => (isObject(s) ? link(s) : s)) } : {}),
    ...translations(i, r),
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Whether a source is shown to such a caller like a confidential one. */
function sourceWithheld(s: Json, r: Redactor): boolean {
  if (s.confidential === true) return true;
  if (Array.isArray(s.identifies) && s.identifies.length > 0) return true;
  // To such a caller everybody is protected: a mention identifies as much as a typed name.
  const named = (v: unknown) => typeof v === 'string' && (mentionedKeys(v).length > 0 || r.findLeaks(v).length > 0);
  return named(s.title) || named(s.author) || named(s.reference) || (typeof s.url === 'string' && r.namesSomebody(s.url));
}

function source(s: unknown, r: Redactor): unknown {
  if (!isObject(s)) return s;
  if (sourceWithheld(s, r)) {
    const type = SOURCE_TYPE_LABELS[s.type as keyof typeof SOURCE_TYPE_LABELS] ?? 'source';
    const month = typeof s.date === 'string' && /^\d{4}-\d{2}/.test(s.date) ? `, ${MONTHS[Number(s.date.slice(5, 7)) - 1]} ${s.date.slice(0, 4)}` : '';
    // Only what a confidential source may say (its type and month), whatever fields a source gains.
    const { meta } = s;
    return {
      key: recordKey(r, s.key), type: s.type, title: `Confidential source (${type}${month})`, author: null, organisation: null, date: null, url: null,
      reliability: s.reliability, confidential: s.confidential, reference: null, identifies: [], ...(meta === undefined ? {} : { meta }),
    };
  }
  return {
    ...s, key: recordKey(r, s.key), organisation: recordKey(r, s.organisation), title: text(r, s.title), author: text(r, s.author), url: url(r, s.url),
    reference: text(r, s.reference),
  };
}

function organisation(o: unknown, r: Redactor): unknown {
  if (!isObject(o)) return o;
  const contact = isObject(o.contact) ? { ...o.contact, address: text(r, o.contact.address), email: url(r, o.contact.email) } : o.contact;
  return { ...o, key: recordKey(r, o.key), name: text(r, o.name), acronym: text(r, o.acronym), contact };
}

/**
 * A 4xx body as such a caller may read it: its message and every string of each problem — the
 * path too, which holds record keys ("/incidents/kz-2020-07-01-ashim-fined").
 */
export function errorBody(e: unknown, r: Redactor): unknown {
  if (!isObject(e)) return e;
  return {
    ...e,
    message: text(r, e.message),
    ...(Array.isArray(e.problems) ? { problems: e.problems.map((p) => redactStrings(p, r)) } : {}),
  };
}
const isErrorBody = (v: unknown): boolean => isObject(v) && typeof v.statusCode === 'number' && v.statusCode >= 400 && typeof v.message === 'string';

/** A copy of a JSON value with every string redacted (request options are typed by callers). */
function redactStrings(value: unknown, r: Redactor): unknown {
  if (typeof value === 'string') return r.redact(value);
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, r));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, r)]));
  return value;
}

function recommendation(x: unknown, r: Redactor): unknown {
  return isObject(x)
    ? { ...x, key: recordKey(r, x.key), ...('incidents' in x ? { incidents: keys(r, x.incidents) } : {}), text: text(r, x.text), ...translations(x, r) }
    : x;
}

/** A document's metadata; an approved version's out-of-date list names records by key and title (a person's: their name). */
function documentMeta(d: unknown, r: Redactor, withheld: ReadonlySet<string> = new Set()): unknown {
  if (!isObject(d)) return d;
  const stale = isObject(d.outOfDate) && Array.isArray(d.outOfDate.records) ? {
    outOfDate: {
      ...d.outOfDate,
      records: d.outOfDate.records.map((x) => (isObject(x) ? {
        ...x,
        key: key(r, x.key),
        title: x.type === 'source' && typeof x.key === 'string' && withheld.has(x.key) ? 'Confidential source' : text(r, x.title),
      } : x)),
    },
  } : {};
  return { ...d, title: text(r, d.title), ...stale };
}

/**
 * A preview's name ambiguities (Accept: application/json): where they are, never what was typed,
 * its offsets or whom it may be — a surname paired with pseudonyms would say whose they are.
 */
function documentPreview(p: unknown, r: Redactor): unknown {
  if (!isObject(p) || !Array.isArray(p.ambiguities)) return p;
  // The record's key, and the path that holds it, as such a caller is shown them elsewhere.
  const where = (a: Json) => {
    const key = recordKey(r, a.key);
    return { key, path: key === a.key ? a.path : `/${String(a.collection)}/${String(key)}${String(a.field)}` };
  };
  return {
    ...p,
    ambiguities: p.ambiguities.map((a) => (isObject(a) ? {
      collection: a.collection, ...where(a), field: a.field, occurrence: a.occurrence, blocking: a.blocking,
      candidateCount: a.candidateCount,
      message: 'A name typed here may refer to more than one person on record; it needs review by a colleague who may see identities.',
    } : a)),
  };
}

function recordRef(ref: unknown, r: Redactor, withheld: ReadonlySet<string> = new Set()): unknown {
  if (!isObject(ref)) return ref;
  const description = typeof ref.description !== 'string' ? {}
    : { description: typeof ref.key === 'string' && withheld.has(ref.key) && !ref.description.startsWith('Confidential source') ? 'Confidential source' : r.redact(ref.description) };
  return { ...ref, key: key(r, ref.key), ...description };
}

function provenance(p: unknown, r: Redactor, withheld: ReadonlySet<string> = new Set()): unknown {
  if (!isObject(p)) return p;
  const records = isObject(p.records) ? p.records : {};
  const refs = (v: unknown) => (Array.isArray(v) ? v.map((x) => recordRef(x, r, withheld)) : v);
  const request = isObject(p.request) ? p.request : undefined;
  const selection = request && isObject(request.selection) ? request.selection : undefined;
  return {
    ...p,
    ...(request ? {
      request: {
        ...request,
        ...(typeof request.title === 'string' ? { title: r.redact(request.title) } : {}),
        ...('options' in request ? { options: redactStrings(request.options, r) } : {}),
        ...(selection ? { selection: { ...selection, persons: keys(r, selection.persons), incidents: keys(r, selection.incidents) } } : {}),
      },
    } : {}),
    claims: Array.isArray(p.claims)
      ? p.claims.map((c) => (isObject(c) ? { ...c, text: text(r, c.text), section: text(r, c.section), incident: recordRef(c.incident, r), sources: refs(c.sources) } : c))
      : p.claims,
    records: { ...records, incidents: refs(records.incidents), persons: refs(records.persons), sources: refs(records.sources) },
  };
}

/** Reasons name nobody by construction; incident keys that spell a name are withheld as provenance does. */
function mandateSuggestions(list: unknown, r: Redactor): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((m) => (isObject(m) ? {
    ...m,
    reason: text(r, m.reason),
    ...(Array.isArray(m.incidentKeys) ? { incidentKeys: m.incidentKeys.map((k) => key(r, k)) } : {}),
  } : m));
}

/**
 * An intervention: its persons by pseudonym only, keys that spell a name withheld, and every
 * other string (document title, reference, reply summary and file name, notes, recipients) with
 * every name replaced: a field added later is redacted without being listed here.
 */
function intervention(i: unknown, r: Redactor): unknown {
  if (!isObject(i)) return i;
  const redacted = redactStrings(i, r) as Record<string, unknown>;
  return {
    ...redacted,
    persons: Array.isArray(i.persons) ? i.persons.map((p) => (isObject(p) ? { key: key(r, p.key), name: p.pseudonym, pseudonym: p.pseudonym } : p)) : i.persons,
    incidents: Array.isArray(i.incidents) ? i.incidents.map((k) => key(r, k)) : i.incidents,
  };
}

/** A follow-up request: keys that spell a name withheld, typed options redacted. */
function followUp(f: unknown, r: Redactor): unknown {
  if (!isObject(f) || !isObject(f.request)) return f;
  const selection = isObject(f.request.selection) ? f.request.selection : {};
  return {
    ...f,
    request: {
      ...f.request,
      selection: { ...selection, ...('persons' in selection ? { persons: keys(r, selection.persons) } : {}), ...('incidents' in selection ? { incidents: keys(r, selection.incidents) } : {}) },
      ...('options' in f.request ? { options: redactStrings(f.request.options, r) } : {}),
    },
    ...(isObject(f.earlierReference) ? { earlierReference: { ...f.earlierReference, citedBy: keys(r, f.earlierReference.citedBy) } } : {}),
  };
}

/** A person's timeline: the person by pseudonym, every string of every event redacted (title, summary, reference…). */
function timeline(t: unknown, r: Redactor): unknown {
  if (!isObject(t)) return t;
  return {
    ...t,
    person: isObject(t.person) ? { key: key(r, t.person.key), name: t.person.pseudonym, pseudonym: t.person.pseudonym } : t.person,
    events: Array.isArray(t.events) ? t.events.map((e) => (isObject(e) ? {
      ...(redactStrings(e, r) as Record<string, unknown>), ...('key' in e ? { key: key(r, e.key) } : {}),
    } : e)) : t.events,
  };
}

function bundle(b: unknown, r: Redactor, withheld: ReadonlySet<string> = new Set()): unknown {
  if (!isObject(b)) return b;
  const all = (v: unknown, f: Shape) => (Array.isArray(v) ? v.map((x) => f(x, r, withheld)) : v);
  return {
    ...b,
    organisations: all(b.organisations, organisation),
    persons: all(b.persons, person),
    incidents: all(b.incidents, incident),
    sources: all(b.sources, source),
    recommendations: all(b.recommendations, recommendation),
    ...('interventions' in b ? { interventions: all(b.interventions, bundleIntervention) } : {}),
  };
}

/** An intervention as a bundle carries it: every typed string redacted (persons are keys there, kept as the bundle's persons keep theirs). */
function bundleIntervention(i: unknown, r: Redactor): unknown {
  if (!isObject(i)) return i;
  const redacted = redactStrings(i, r) as Record<string, unknown>;
  return { ...redacted, ...('persons' in i ? { persons: i.persons } : {}), ...('incidents' in i ? { incidents: i.incidents } : {}), ...('documentId' in i ? { documentId: i.documentId } : {}) };
}

/** A list page ({ items, … }) of one shape. */
const page = (item: Shape): Shape => (payload, r, w) =>
  isObject(payload) && Array.isArray(payload.items) ? { ...payload, items: payload.items.map((x) => item(x, r, w)) } : payload;

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
  ...recordRoutes('organisations', organisation),
  ['GET /api/v1/bundles', bundle],
  ['POST /api/v1/bundles', (b, r) => (isObject(b) ? { ...b, ...keysRenamed(b, r) } : b)],
  ['GET /api/v1/documents', page(documentMeta)],
  ['GET /api/v1/documents/:id', documentMeta],
  ['POST /api/v1/documents', documentMeta],
  ['POST /api/v1/documents/preview', documentPreview],
  ['POST /api/v1/documents/:id/approve', documentMeta],
  ['POST /api/v1/documents/:id/submit', documentMeta],
  ['POST /api/v1/documents/:id/request-changes', documentMeta],
  // A version's text, its review comments and two versions compared are shaped before they are
  // compared (documents/review/review-reads.service.ts): a name split by a change would escape a
  // redaction made afterwards.
  ['GET /api/v1/documents/:id/provenance', provenance],
  ['POST /api/v1/documents/suggest-mandates', mandateSuggestions],
  ['GET /api/v1/interventions', page(intervention)],
  ['GET /api/v1/interventions/:id', intervention],
  ['POST /api/v1/interventions', intervention],
  ['PATCH /api/v1/interventions/:id', intervention],
  ['PUT /api/v1/interventions/:id/reply/file', intervention],
  ['GET /api/v1/interventions/:id/follow-up', followUp],
  ['GET /api/v1/persons/:key/timeline', timeline],
]);

/**
 * A generation job: its error shaped as the same refusal answered at once would be (errorBody:
 * "[name withheld]", never a pseudonym). A job keeps its refusal as composed for the document's
 * audience: a UN letter's refusal may print the title of an incident that names somebody who
 * consented to UN submission only.
 */
function job(j: unknown, withholding: Redactor): unknown {
  if (!isObject(j) || !isObject(j.error)) return j;
  const e = j.error;
  return {
    ...j,
    error: { ...e, detail: text(withholding, e.detail), ...(Array.isArray(e.problems) ? { problems: e.problems.map((p) => redactStrings(p, withholding)) } : {}) },
  };
}

/** Routes whose answers are shaped with "[name withheld]" (what they print are refusals). */
const WITHHOLDING_SHAPES: Readonly<Record<string, (payload: unknown, withholding: Redactor) => unknown>> = {
  'GET /api/v1/jobs/:id': job,
  'GET /api/v1/jobs/:id/events': job,
  'DELETE /api/v1/jobs/:id': job,
  'POST /api/v1/jobs/:id/cancel': job,
};

/** Everybody on record is protected from a caller without identities:read. */
export async function loadEveryoneRedactor(db: Db): Promise<Redactor> {
  return everyoneRedactorOf(await knownIdentities(db));
}

/**
 * The redactor for callers without identities:read (everybody protected), of these identities.
 * Built once per persons revision (identity-cache.ts) and shared by every request until a person
 * changes: building it costs seconds at 20,000 persons.
 */
export function everyoneRedactorOf(known: KnownIdentities): Redactor {
  return known.derived('everyone-redactor', (k) => everyoneRedactor(k.everyone, redactorFor(k.everyone)));
}

/**
 * The strings of an answer that may be a source key (the withheld sources are looked up among
 * them only); undefined past a bound (a whole bundle), when every withheld source is loaded.
 */
function keyLikeStrings(payload: unknown): string[] | undefined {
  const out = new Set<string>();
  const walk = (v: unknown, depth: number): boolean => {
    if (depth > 64) return true;
    if (typeof v === 'string') {
      if (v.length <= 200) out.add(v);
      return out.size <= 5_000;
    }
    if (Array.isArray(v)) return v.every((x) => walk(x, depth + 1));
    if (typeof v === 'object' && v !== null) return Object.values(v).every((x) => walk(x, depth + 1));
    return true;
  };
  return walk(payload, 0) ? [...out] : undefined;
}

/** Routes whose answers carry incident source links or provenance: they need the withheld sources. */
const NEEDS_WITHHELD = /^(GET|POST|PUT) \/api\/v1\/(incidents|bundles|documents\/:id\/provenance|documents\/:id$)/;

/**
 * For error bodies: every name replaced by "[name withheld]", not by a pseudonym. A refusal often
 * echoes what the caller typed ("unknown person key 'p-x-rakhimova'"): answering with the
 * pseudonym would tell a caller who guessed a name whose pseudonym it is.
 */
async function loadWithholdingRedactor(db: Db): Promise<Redactor> {
  // Everybody's index said with "[name withheld]": the same matcher, not a second one.
  return (await knownIdentities(db)).derived('withholding-redactor', (known) => redactorFor(known.everyone).withPseudonyms(() => NAME_WITHHELD));
}

/**
 * What a caller without identities:read typed (a document request's options), with every name on
 * record in it replaced by "[name withheld]" before it is used. Redacted later like any text, a
 * guessed name would come back as its pseudonym ("Dilnoza Rakhimova" typed, "Trader E" printed):
 * who is on record, and as whom.
 */
export async function withNamesWithheld<T>(db: Db, typed: T): Promise<T> {
  return redactStrings(typed, await loadWithholdingRedactor(db)) as T;
}

/** The payload as a caller without identities:read may see it (unchanged for unlisted routes; 4xx bodies always shaped). */
export async function shapeForPseudonymousCaller(db: Db, routeKey: string, payload: unknown): Promise<unknown> {
  if (isErrorBody(payload)) return errorBody(payload, await loadWithholdingRedactor(db));
  const withholding = WITHHOLDING_SHAPES[routeKey];
  if (withholding) return withholding(payload, await loadWithholdingRedactor(db));
  const shape = IDENTITY_SHAPES[routeKey];
  if (!shape) return payload;
  // Both read after the answer was made (a person written meanwhile is known to the redactor),
  // together: one round trip to the database fewer on every answer with sources.
  const [withheld, redactor] = await Promise.all([
    NEEDS_WITHHELD.test(routeKey) ? loadWithheldSourceKeys(db, keyLikeStrings(payload)).then((keys) => new Set(keys)) : undefined,
    answerRedactor(db, routeKey, payload),
  ]);
  return shape(payload, redactor, withheld);
}

/**
 * Everybody's redactor for one answer: where the answer shows incidents' texts as stored, it
 * takes them as the background pass kept them shown, for these same identities and the
 * incidents' current versions (kept-texts.ts), instead of reading them again.
 */
async function answerRedactor(db: Db, routeKey: string, payload: unknown): Promise<Redactor> {
  const known = await knownIdentities(db);
  const redactor = everyoneRedactorOf(known);
  const incidents = incidentsShownBy(routeKey, payload);
  return incidents.length === 0 ? redactor : redactorWithShownTexts(redactor, (await keptTextsOf(db, known, incidents)).shown);
}
