import type { FastifyRequest } from 'fastify';
import { appendAudit } from '../../auth/audit.repository.js';
import { auditContextOf } from '../../auth/audit-context.js';
import { typedTextMayName, withMentionAt } from '../../consent/name-ambiguity.js';
import type { Db } from '../../db/database.js';
import type { NameAmbiguity } from '../../documents/compose/name-ambiguities.js';
import { HttpError } from '../../http/errors.js';
import { KEY_PATTERN } from '../../records/bundle.schemas.js';
import {
  incidentStore, personStore, recommendationStore, sourceStore, type RecordStore,
} from '../../records/record-stores.repository.js';
import { loadPersonsByKeys } from '../../records/records.repository.js';
import { editRecordText } from '../../records/records.service.js';
import { InvalidInputError } from '../../shared/errors.js';
import type { Problem } from '../../shared/problems.js';
import type { Values } from '../fields.js';

/**
 * Shared surnames in the preview: each typed name that may be a person the document names or one
 * it protects is shown to staff with a choice — a mention of one candidate, or a rewrite in the
 * record — and a choice is saved as a new version of that record (audited like any edit).
 */

type Collection = NameAmbiguity['collection'];
const LABELS: Record<Collection, string> = { incidents: 'Incident', persons: 'Person', sources: 'Source', recommendations: 'Recommendation' };
const TYPES: Record<Collection, string> = { incidents: 'incident', persons: 'person', sources: 'source', recommendations: 'recommendation' };
// The stores differ in their record types; a text field is edited the same way in each.
const STORES = { incidents: incidentStore, persons: personStore, sources: sourceStore, recommendations: recommendationStore } as unknown as
  Record<Collection, RecordStore<{ key: string }, { meta: { version: number } }, unknown>>;

/** The free-text fields a choice may rewrite, per record type (JSON Pointers inside the record). */
const FIELDS: Record<Collection, RegExp> = {
  incidents: /^\/(title|summary|legalBasis\/\d{1,3}|perpetrators\/\d{1,3}\/description|location\/(place|region)|sources\/\d{1,3}\/(locator|excerpt))$/,
  persons: /^\/(occupation|affiliation)$/,
  sources: /^\/(title|author)$/,
  recommendations: /^\/text$/,
};

/** "summary", "legal basis 1", "perpetrator 2", "excerpt of source 1", "place". */
export function fieldLabel(field: string): string {
  const parts = field.split('/').slice(1);
  const n = (i: number) => Number(parts[i]) + 1;
  switch (parts[0]) {
    case 'legalBasis': return `legal basis ${n(1)}`;
    case 'perpetrators': return `perpetrator ${n(1)}`;
    case 'sources': return `${parts[2]} of source ${n(1)}`;
    case 'location': return parts[1] ?? 'place';
    default: return parts[0] ?? '';
  }
}

/** The edit page of the record, at the field where the form has one. */
export function editLink(collection: Collection, key: string, field: string): string {
  const name = field.startsWith('/legalBasis/') ? 'legalBasis' : field.slice(1).replace(/\//g, '-');
  return `/${collection}/${encodeURIComponent(key)}/edit#f-${name}`;
}

/** A problem of a refusal that points into a record (/incidents/<key>/summary), with its link. */
export function recordProblem(p: Problem): { where: string; message: string; edit: string } | null {
  const m = /^\/(incidents|persons|sources|recommendations)\/([a-z0-9-]+)(\/.+)$/.exec(p.path);
  if (!m) return null;
  const collection = m[1] as Collection;
  return { where: `${LABELS[collection]} ${m[2]}, ${fieldLabel(m[3]!)}`, message: p.message, edit: editLink(collection, m[2]!, m[3]!) };
}

export interface Viewer {
  /** May see real names (identities:read): the typed text and the candidates' names. */
  seeNames: boolean;
  /** May also change records: the choice buttons. */
  mayChoose: boolean;
}

/** What the preview page shows of each ambiguity, with the form values a choice re-sends. */
export function ambiguityViews(ambiguities: readonly NameAmbiguity[], viewer: Viewer, formJson: string) {
  return ambiguities.map((a) => ({
    where: `${LABELS[a.collection]} ${a.key}, ${fieldLabel(a.field)}`,
    edit: editLink(a.collection, a.key, a.field),
    blocking: a.blocking,
    ...(viewer.seeNames ? {
      before: a.before,
      text: a.text,
      after: a.after,
      candidates: a.candidates.map((c) => ({ key: c.key, name: c.name, named: c.named })),
    } : {}),
    mayChoose: viewer.seeNames && viewer.mayChoose,
    choice: { collection: a.collection, key: a.key, field: a.field, start: a.start, end: a.end, text: a.text, form: formJson },
  }));
}

interface Choice {
  collection: Collection;
  key: string;
  field: string;
  path: string[];
  start: number;
  end: number;
  text: string;
  person: string;
}

const garbled = () => new HttpError(400, 'The choice was garbled; preview the document again.');

/** The choice a button sent, checked: a known field of a record, a span, a person key. */
export function parseChoice(body: Values): Choice {
  const one = (name: string) => {
    const v = body[name];
    return typeof v === 'string' ? v : undefined;
  };
  const collection = one('collection');
  const key = one('key');
  const field = one('field');
  const text = one('text');
  const person = one('person');
  const start = Number(one('start'));
  const end = Number(one('end'));
  if (!collection || !Object.hasOwn(FIELDS, collection)) throw garbled();
  const c = collection as Collection;
  if (!key || !KEY_PATTERN.test(key) || !person || !KEY_PATTERN.test(person) || !field || !FIELDS[c].test(field)) throw garbled();
  if (!text || text.length > 200 || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) throw garbled();
  return { collection: c, key, field, path: field.split('/').slice(1), start, end, text, person };
}

/** The preview form's values a choice carries along (JSON of string or string-list values). */
export function parseFormValues(raw: unknown): Values {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(raw ?? ''));
  } catch {
    throw garbled();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw garbled();
  const values: Values = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (k === '_csrf' || k === '__proto__') continue;
    if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) values[k] = v as string | string[];
  }
  return values;
}

/**
 * The span made a mention of the chosen person in a new version of the record, with its audit
 * row in the same transaction. ConflictError when the record no longer says there what was
 * shown; InvalidInputError when the person is not one the text may name.
 */
export async function saveChoice(db: Db, request: FastifyRequest, choice: Choice): Promise<{ version: number }> {
  const [person] = await loadPersonsByKeys(db, [choice.person]);
  if (!person || !typedTextMayName(choice.text, person)) {
    throw new InvalidInputError('The person chosen is not one the typed name may refer to; preview the document again.', [
      { path: '/person', message: `'${choice.person}' is not a candidate for this name` },
    ]);
  }
  const saved = await editRecordText(db, STORES[choice.collection], choice.key, choice.path,
    (text) => withMentionAt(text, choice, person.key),
    (trx, record) => appendAudit(trx, {
      ...auditContextOf(request),
      action: 'record.replaced',
      target: `${TYPES[choice.collection]}:${choice.key}`,
      details: { version: record.meta.version, via: 'preview', field: choice.field, mention: person.key },
    }));
  return { version: saved.meta.version };
}

