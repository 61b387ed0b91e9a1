import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import type { RouteAuditEvent } from './audit-events.js';
import { incidentsShownBy } from '../consent/kept-texts.js';
import { namedPersonsOfDocument, personsOfIntervention } from './identity-reads.repository.js';
import { nameScannerFor, scannerWithIncidentTexts } from './name-scan.js';

/**
 * Identity reads (issue 18, point 3), decided in ONE place: a successful answer that showed real
 * names to a caller who may see them (a signed-in person, or a key with identities:read; the
 * others get pseudonyms from identity-shaping.ts) leaves ONE `identities.read` row per request,
 * listing the keys of the persons shown. "Shown" is what the consent module's name matcher finds
 * in the answer — any person's name, full or in part, in any script — or a person record itself.
 * A mention (`[[person:KEY]]`) in the API's text is a reference, not a name: reading the name
 * takes a persons read, which is audited.
 *
 * Every route is classified here, keyed like the access rules; the identity-read test enumerates
 * the registered routes and fails for one that is missing. A route missing at run time is
 * scanned (the safe side).
 */

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const param = (request: FastifyRequest, name: string): string => String(obj(request.params)[name] ?? '');

interface ReadInput {
  request: FastifyRequest;
  /** The handler's answer before serialisation (JSON routes), or undefined. */
  answer: unknown;
  /** What is sent: a string (HTML, JSON text), a Buffer, or nothing. */
  payload: unknown;
  /** The answer's Content-Type. */
  contentType: string;
}

/** What an audited read names: its target and the details besides `persons`. */
type Target = (input: ReadInput) => { target: string; details?: Json };

export type Exposure =
  /** The answer may show record content: it is scanned for real names. */
  | { shows: 'answer'; target: Target }
  /** A stored document's bytes: its provenance says whom it names. */
  | { shows: 'document-file' }
  /** A government's reply to an intervention (bytes that cannot be scanned): it is about the intervention's persons. */
  | { shows: 'intervention-reply' }
  /** The answer never shows a person's name that the caller did not send. */
  | { shows: 'nothing'; why: string };

const answer = (target: Target | string): Exposure => ({ shows: 'answer', target: typeof target === 'string' ? () => ({ target }) : target });
const nothing = (why: string): Exposure => ({ shows: 'nothing', why });

const NO_RECORDS = 'no record content';
const ECHO = 'answers with what the caller sent';
const REDIRECT = 'answers with a redirect';

const RECORD_TYPES = {
  incidents: 'incident', persons: 'person', sources: 'source', organisations: 'organisation', recommendations: 'recommendation',
} as const;
type Collection = keyof typeof RECORD_TYPES;
const COLLECTIONS = Object.keys(RECORD_TYPES) as Collection[];
/** Collections with staff pages. */
const PAGE_COLLECTIONS: Collection[] = ['incidents', 'persons', 'sources', 'recommendations'];

/** One record: its key as answered (an old key that spelled a name is not repeated in the trail). */
const recordTarget = (collection: Collection): Target => ({ request, answer: a }) =>
  ({ target: `${RECORD_TYPES[collection]}:${typeof obj(a).key === 'string' ? String(obj(a).key) : param(request, 'key')}` });
const pageRecordTarget = (collection: Collection): Target => ({ request }) => ({ target: `${RECORD_TYPES[collection]}:${param(request, 'key')}` });
const documentTarget: Target = ({ request }) => ({ target: `document:${param(request, 'id')}` });
const interventionTarget: Target = ({ request }) => ({ target: `intervention:${param(request, 'id')}` });
const personTarget: Target = ({ request }) => ({ target: `person:${param(request, 'key')}` });

export const IDENTITY_EXPOSURE: Readonly<Record<string, Exposure>> = {
  // --- Public, sign-in, documentation, accounts: never record content -----------------------
  ...Object.fromEntries([
    'GET /health', 'GET /ready', 'GET /schemas/case-bundle.v1.json', 'GET /login', 'GET /assets/*',
    'GET /openapi.json', 'GET /docs', 'GET /docs/', 'GET /docs/json', 'GET /docs/yaml',
    'GET /docs/static/index.html', 'GET /docs/static/swagger-initializer.js', 'GET /docs/static/*',
    'GET /api/v1/auth/me', 'GET /api/v1/admin/users', 'GET /api/v1/admin/api-keys', 'PATCH /api/v1/admin/users/:name',
    'POST /api/v1/admin/users', 'POST /api/v1/admin/api-keys', 'DELETE /api/v1/admin/api-keys/:id',
    'GET /account/password', 'GET /admin',
    'GET /', // counts of records, links to the demo
    'GET /generate', // the three kinds, described
    'GET /bundles', // the upload form
  ].map((k) => [k, nothing(NO_RECORDS)])),
  // The trail holds keys and ids only (audit.repository.ts).
  'GET /api/v1/audit': nothing('audit rows hold keys, never names'),
  'GET /admin/audit': nothing('audit rows hold keys, never names'),
  'GET /pickers/:collection': nothing('answers with the keys of matching records, never a name'),
  ...Object.fromEntries([
    'POST /login', 'POST /logout', 'POST /account/password', 'POST /admin/users', 'POST /admin/users/:name',
    'POST /admin/api-keys', 'POST /admin/api-keys/:id/revoke', 'POST /documents/:id/regenerate', 'POST /generate/:kind',
    'POST /documents/:id/approve', 'POST /documents/:id/submit', 'POST /documents/:id/request-changes',
    'POST /demo-data', 'POST /jobs/:id/cancel',
  ].map((k) => [k, nothing(REDIRECT)])),
  // A generation's progress: counts and stage; a failure's message as its caller may read it.
  'GET /jobs/:id': answer(({ request }) => ({ target: `job:${param(request, 'id')}` })),

  // --- Records API ---------------------------------------------------------------------------
  ...Object.fromEntries(COLLECTIONS.flatMap((c): Array<[string, Exposure]> => [
    [`GET /api/v1/${c}`, answer(c)],
    [`GET /api/v1/${c}/:key`, answer(recordTarget(c))],
    [`POST /api/v1/${c}`, nothing(ECHO)],
    [`PUT /api/v1/${c}/:key`, nothing(ECHO)],
    [`DELETE /api/v1/${c}/:key`, nothing('answers 204, no content')],
  ])),
  'GET /api/v1/bundles': answer(({ request }) => {
    const q = obj(request.query);
    return { target: `bundle:${String(q.country)}`, details: { from: q.from, to: q.to } };
  }),
  'POST /api/v1/bundles': nothing('answers with counts'),

  // --- Documents API: titles, previews, provenance, files ------------------------------------
  // 201: the document; 202: its job.
  'POST /api/v1/documents': answer(({ answer: a }) => ({ target: `${'stage' in obj(a) ? 'job' : 'document'}:${String(obj(a).id)}` })),
  // A job shows state and counts, and a failed one its refusal (shaped for its caller's rights when it was asked for).
  'GET /api/v1/jobs/:id': answer(({ request }) => ({ target: `job:${param(request, 'id')}` })),
  'DELETE /api/v1/jobs/:id': answer(({ request }) => ({ target: `job:${param(request, 'id')}` })),
  'POST /api/v1/jobs/:id/cancel': answer(({ request }) => ({ target: `job:${param(request, 'id')}` })),
  'GET /api/v1/jobs/:id/events': nothing('a stream of the job\'s JSON (as GET /api/v1/jobs/:id, which is scanned) to the caller who asked for it'),
  'POST /api/v1/documents/preview': answer(({ request }) => ({ target: 'preview', details: { kind: obj(request.body).kind } })),
  'GET /api/v1/documents': answer('documents'),
  'GET /api/v1/documents/:id': answer(documentTarget),
  'GET /api/v1/documents/:id/provenance': answer(documentTarget),
  'GET /api/v1/documents/:id/file': { shows: 'document-file' },
  'POST /api/v1/documents/:id/approve': answer(documentTarget),
  // Review: the steps answer with the version's metadata (its title); the reads show its text and comments.
  'POST /api/v1/documents/:id/submit': answer(documentTarget),
  'POST /api/v1/documents/:id/request-changes': answer(documentTarget),
  'GET /api/v1/documents/:id/text': answer(documentTarget),
  'GET /api/v1/documents/:id/compare': answer(({ request }) => ({ target: `document:${param(request, 'id')}`, details: { with: obj(request.query).with } })),

  // --- Staff pages ---------------------------------------------------------------------------
  ...Object.fromEntries(PAGE_COLLECTIONS.flatMap((c): Array<[string, Exposure]> => [
    [`GET /${c}`, answer(c)],
    [`GET /${c}/:key`, answer(pageRecordTarget(c))],
    [`GET /${c}/:key/edit`, answer(pageRecordTarget(c))],
    // New-record forms offer the persons on record (victims, "identifies").
    // (A new person's form offers no other person: it shows nothing.)
    [`GET /${c}/new`, c === 'persons' ? nothing('an empty form') : answer(`${RECORD_TYPES[c]}:new`)],
    // A form answers 303 when saved; otherwise it shows the form again, or the names it would
    // replace with mentions ("We replaced 2 names…").
    [`POST /${c}`, answer(`${RECORD_TYPES[c]}:new`)],
    [`POST /${c}/:key`, answer(pageRecordTarget(c))],
  ])),
  'GET /bundles/demo.json': answer('bundle:KZ'),
  'POST /bundles': answer('bundle'),
  'GET /generate/:kind': answer(({ request }) => ({ target: `generate:${param(request, 'kind')}` })),
  'POST /generate/:kind/preview': answer(({ request }) => ({ target: 'preview', details: { kind: param(request, 'kind') } })),
  'GET /documents': answer('documents'),
  'GET /documents/:id': answer(documentTarget),
  'GET /documents/:id/provenance': answer(documentTarget),
  'GET /documents/:id/review': answer(documentTarget),
  'GET /documents/:id/compare': answer(({ request }) => ({ target: `document:${param(request, 'id')}`, details: { with: obj(request.query).with } })),
  // A name chosen for a typed span: the preview is shown again.
  'POST /generate/:kind/mention': answer(({ request }) => ({ target: 'preview', details: { kind: param(request, 'kind') } })),
  'POST /api/v1/documents/suggest-mandates': answer('mandates'),

  // --- Interventions: persons by name, document titles, replies --------------------------------
  'GET /api/v1/interventions': answer('interventions'),
  'GET /api/v1/interventions/:id': answer(interventionTarget),
  'POST /api/v1/interventions': answer(({ answer: a }) => ({ target: `intervention:${String(obj(a).id)}` })),
  'PATCH /api/v1/interventions/:id': answer(interventionTarget),
  'PUT /api/v1/interventions/:id/reply/file': answer(interventionTarget),
  'GET /api/v1/interventions/:id/reply/file': { shows: 'intervention-reply' },
  // A request to send on: record keys, codes, mandate keys, address-book ids, the reference — no text typed about a person.
  'GET /api/v1/interventions/:id/follow-up': nothing('a document request of keys, codes and ids'),
  'GET /api/v1/persons/:key/timeline': answer(personTarget),
  'GET /interventions': answer('interventions'),
  'GET /interventions/:id': answer(interventionTarget),
  // The form shown again with its errors names the document and its persons.
  'POST /interventions/:id': answer(interventionTarget),
  'GET /documents/:id/send': answer(documentTarget),
  'POST /documents/:id/send': answer(documentTarget),
  'GET /interventions/:id/follow-up': nothing(REDIRECT),
  'POST /interventions/:id/cite': nothing(REDIRECT),
  'GET /persons/:key/timeline': answer(personTarget),

  // --- The sender and the address book: organisations and authorities, not persons on record ---
  ...Object.fromEntries([
    'GET /api/v1/organisation-profile', 'GET /api/v1/organisation-profile/logo', 'GET /admin/organisation',
    'GET /api/v1/addressees', 'GET /api/v1/addressees/:id', 'GET /addressees', 'GET /addressees/:id',
    'GET /addressees/:id/edit', 'GET /addressees/new',
  ].map((k) => [k, nothing('the sending organisation or the authorities written to; no person on record')])),
  ...Object.fromEntries([
    'PUT /api/v1/organisation-profile', 'POST /api/v1/addressees', 'PUT /api/v1/addressees/:id',
  ].map((k) => [k, nothing(ECHO)])),
  'DELETE /api/v1/addressees/:id': nothing('answers 204, no content'),
  ...Object.fromEntries([
    'POST /admin/organisation', 'POST /addressees', 'POST /addressees/:id', 'POST /addressees/:id/delete',
  ].map((k) => [k, nothing(REDIRECT)])),
};

const kIdentityRead = Symbol('the identities.read row of this answer');
type WithRead = FastifyRequest & { [kIdentityRead]?: RouteAuditEvent | null };

/**
 * The identities.read row decided for this request's answer: undefined until decided (the auth
 * plugin's onSend), null when the answer showed no real name. An answer sent again as it was
 * (http/answer-cache.ts) carries the row its first sending produced, and writes it again.
 */
export function identityReadOf(request: FastifyRequest): RouteAuditEvent | null | undefined {
  return (request as WithRead)[kIdentityRead];
}

export function setIdentityRead(request: FastifyRequest, read: RouteAuditEvent | null): void {
  (request as WithRead)[kIdentityRead] = read;
}

export function exposureOf(routeKey: string): Exposure {
  return IDENTITY_EXPOSURE[routeKey] ?? answer(({ request }) => ({ target: `route:${routeKey.slice(0, routeKey.indexOf(' '))} ${request.routeOptions.url ?? ''}` }));
}

/**
 * The identities.read row for a successful answer to a caller who saw real names, or null when it
 * showed none. Call only for such callers (the auth plugin's onSend hook).
 */
export async function identityReadFor(db: Db, routeKey: string, input: ReadInput): Promise<RouteAuditEvent | null> {
  const exposure = exposureOf(routeKey);
  if (exposure.shows === 'nothing') return null;
  let persons: Set<string>;
  let target: { target: string; details?: Json };
  if (exposure.shows === 'document-file') {
    persons = new Set(await namedPersonsOfDocument(db, param(input.request, 'id')));
    target = documentTarget(input);
  } else if (exposure.shows === 'intervention-reply') {
    persons = new Set(await personsOfIntervention(db, param(input.request, 'id')));
    target = interventionTarget(input);
  } else {
    persons = await personsShown(db, routeKey, input);
    if (persons.size === 0) return null;
    target = exposure.target(input);
  }
  if (persons.size === 0) return null;
  const via = input.request.routeOptions.url?.startsWith('/api/') ? {} : { via: 'page' };
  return { action: 'identities.read', target: target.target, details: { ...target.details, ...via, persons: [...persons].sort() } };
}

/**
 * The persons an answer shows: the JSON value, or the HTML, JSON or text that is sent. Whom the
 * stored texts of the incidents an API answer shows name is taken as kept (consent/kept-texts.ts).
 */
async function personsShown(db: Db, routeKey: string, { answer: a, payload, contentType }: ReadInput): Promise<Set<string>> {
  const incidents = a === undefined ? [] : incidentsShownBy(routeKey, a);
  if (incidents.length > 0) {
    const { scanner, learned } = await scannerWithIncidentTexts(db, incidents);
    return scanner.keysInJson(a, learned);
  }
  let value = a;
  let text: string | undefined;
  if (value === undefined) {
    if (typeof payload === 'string') text = payload;
    // A file sent as bytes (the demo bundle): text only, never a document's DOCX or PDF.
    else if (Buffer.isBuffer(payload) && /^(text\/|application\/json)/.test(contentType)) text = payload.toString('utf8');
    else return new Set();
    if (contentType.startsWith('application/json')) value = parseJson(text);
  }
  const scanner = await nameScannerFor(db);
  return value !== undefined ? scanner.keysInJson(value) : scanner.keysInHtml(text!);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
