import { sql } from 'kysely';
import type { InterventionRow, InterventionsTable } from '../db/tables/interventions.table.js';
import type { BundleIntervention } from './bundle.schemas.js';
import type { Executor } from './records.repository.js';

/**
 * Interventions' SQL: the rows, their reply files, and what a document or person has of them.
 * (Records layer: the case bundle exports and imports them. The rules — approved versions only,
 * default deadlines — are in documents/interventions/.)
 */

/** Where an intervention stands: no reply yet, a reply, or an outcome recorded (closed). */
export const INTERVENTION_STATUSES = ['awaiting-reply', 'replied', 'closed'] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];

export interface InterventionFilter {
  country?: string | undefined;
  person?: string | undefined;
  document?: string | undefined;
  status?: InterventionStatus | undefined;
  overdue?: boolean | undefined;
  dueBy?: string | undefined;
}

export interface ReplyFileInfo {
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: string | null;
}

export type InterventionRecord = InterventionRow & { document_title: string | null; reply_file: ReplyFileInfo | null };
/** The columns a sending sets: the table's, but what the database fills in, with its JSON lists as arrays. */
export type InterventionColumns = Omit<InterventionsTable, 'id' | 'created_at' | 'updated_at' | 'version' | JsonListColumn> & {
  person_keys: string[];
  incident_keys: string[];
  mandates: string[];
  addressees: Array<{ id: number | null; title: string }>;
};
type JsonListColumn = 'person_keys' | 'incident_keys' | 'mandates' | 'addressees';

const json = (v: unknown) => JSON.stringify(v);
const toJsonColumns = <T extends Partial<InterventionColumns>>(c: T) => ({
  ...c,
  ...(c.person_keys ? { person_keys: json(c.person_keys) } : {}),
  ...(c.incident_keys ? { incident_keys: json(c.incident_keys) } : {}),
  ...(c.mandates ? { mandates: json(c.mandates) } : {}),
  ...(c.addressees ? { addressees: json(c.addressees) } : {}),
});

function base(db: Executor) {
  return db.selectFrom('interventions')
    .leftJoin('documents', 'documents.id', 'interventions.document_id')
    .leftJoin('intervention_reply_files as f', 'f.intervention_id', 'interventions.id')
    .selectAll('interventions')
    .select(['documents.title as document_title', 'f.file_name', 'f.content_type as file_content_type', 'f.byte_size', 'f.sha256', 'f.uploaded_at', 'f.uploaded_by']);
}

type Joined = InterventionRow & {
  document_title: string | null; file_name: string | null; file_content_type: string | null; byte_size: number | null;
  sha256: string | null; uploaded_at: Date | null; uploaded_by: string | null;
};

function toRecord(r: Joined): InterventionRecord {
  const { file_name, file_content_type, byte_size, sha256, uploaded_at, uploaded_by, ...row } = r;
  return {
    ...row,
    reply_file: file_name === null ? null : {
      fileName: file_name, contentType: file_content_type ?? 'application/octet-stream', byteSize: byte_size ?? 0, sha256: sha256 ?? '',
      uploadedAt: new Date(uploaded_at ?? 0).toISOString(), uploadedBy: uploaded_by,
    },
  };
}

/** The condition for each status: an outcome closes it; otherwise a reply, or none yet. */
function statusWhere(status: InterventionStatus) {
  switch (status) {
    case 'closed': return sql<boolean>`interventions.outcome is not null`;
    case 'replied': return sql<boolean>`interventions.outcome is null and interventions.reply_received_on is not null`;
    default: return sql<boolean>`interventions.outcome is null and interventions.reply_received_on is null`;
  }
}

export async function listInterventions(
  db: Executor,
  filter: InterventionFilter & { today: string },
  page: { limit: number; offset: number },
): Promise<{ items: InterventionRecord[]; total: number }> {
  let q = base(db);
  if (filter.country) q = q.where('interventions.country_code', '=', filter.country);
  if (filter.person) q = q.where(sql<boolean>`interventions.person_keys @> ${json([filter.person])}::jsonb`);
  if (filter.document) q = q.where('interventions.document_id', '=', filter.document);
  if (filter.status) q = q.where(statusWhere(filter.status));
  if (filter.overdue !== undefined) {
    const overdue = sql<boolean>`(interventions.reply_received_on is null and interventions.outcome is null and interventions.reply_due < ${filter.today}::date)`;
    q = q.where(filter.overdue ? overdue : sql<boolean>`not ${overdue}`);
  }
  if (filter.dueBy) {
    q = q.where('interventions.reply_received_on', 'is', null).where('interventions.outcome', 'is', null)
      .where(sql<boolean>`interventions.reply_due <= ${filter.dueBy}::date`);
  }
  const total = await q.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  // Deadlines first when asking what is due; otherwise the latest sending first.
  const ordered = filter.dueBy || filter.overdue
    ? q.orderBy('interventions.reply_due', 'asc').orderBy('interventions.id', 'asc')
    : q.orderBy('interventions.sent_on', 'desc').orderBy('interventions.id', 'desc');
  const rows = await ordered.limit(page.limit).offset(page.offset).execute();
  return { items: (rows as Joined[]).map(toRecord), total: Number(total.n) };
}

export async function getIntervention(db: Executor, id: number): Promise<InterventionRecord | undefined> {
  const row = await base(db).where('interventions.id', '=', id).executeTakeFirst();
  return row ? toRecord(row as Joined) : undefined;
}

export async function getInterventionByKey(db: Executor, key: string): Promise<InterventionRecord | undefined> {
  const row = await base(db).where('interventions.key', '=', key).executeTakeFirst();
  return row ? toRecord(row as Joined) : undefined;
}

export async function insertIntervention(db: Executor, columns: InterventionColumns): Promise<number> {
  const row = await db.insertInto('interventions').values(toJsonColumns(columns)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Sets these columns; the version rises. False: no such id. */
export async function updateIntervention(db: Executor, id: number, columns: Partial<InterventionColumns>): Promise<boolean> {
  const result = await db.updateTable('interventions')
    .set((eb) => ({ ...toJsonColumns(columns), updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Stores (or replaces) the reply's file. */
export async function putReplyFile(
  db: Executor,
  file: { intervention_id: number; file_name: string; content_type: string; bytes: Uint8Array; byte_size: number; sha256: string; uploaded_by: string | null },
): Promise<void> {
  await db.insertInto('intervention_reply_files').values(file)
    .onConflict((oc) => oc.column('intervention_id').doUpdateSet({
      file_name: file.file_name, content_type: file.content_type, bytes: file.bytes, byte_size: file.byte_size,
      sha256: file.sha256, uploaded_by: file.uploaded_by, uploaded_at: new Date(),
    }))
    .execute();
}

export async function getReplyFile(db: Executor, id: number) {
  return db.selectFrom('intervention_reply_files').select(['file_name', 'content_type', 'bytes', 'sha256', 'byte_size'])
    .where('intervention_id', '=', id).executeTakeFirst();
}

// --- What a sending is made from -----------------------------------------------------------------

/** What an intervention needs of the document it records: its state, kind, request and records. */
export async function documentForSending(db: Executor, id: string) {
  return db.selectFrom('documents')
    .select(['id', 'kind', 'status', 'draft', 'request', 'provenance', 'approved_at'])
    .where('id', '=', id).executeTakeFirst();
}

/** Current keys of persons and incidents by database id (provenance names records by id), and the incidents' countries. */
export async function recordKeysByIds(db: Executor, personIds: number[], incidentIds: number[]) {
  const persons = personIds.length === 0 ? [] : await db.selectFrom('persons').select(['id', 'key']).where('id', 'in', personIds).execute();
  const incidents = incidentIds.length === 0 ? [] : await db.selectFrom('incidents').select(['id', 'key', 'country_code']).where('id', 'in', incidentIds).execute();
  return { persons, incidents };
}

/** Names and pseudonyms of these persons (the pages show names; the API shapes them away for callers without identities:read). */
export async function personNames(db: Executor, keys: readonly string[]): Promise<Map<string, { name: string; pseudonym: string }>> {
  if (keys.length === 0) return new Map();
  const rows = await db.selectFrom('persons').select(['key', 'name', 'pseudonym']).where('key', 'in', [...new Set(keys)]).execute();
  return new Map(rows.map((r) => [r.key, { name: r.name, pseudonym: r.pseudonym }]));
}

/** Which of these address-book ids exist, with their titles. */
export async function addresseeTitles(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('addressees').select(['id', 'title']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** The code an urgent appeal was given (appeal_codes, by the request's appeal id). */
export async function appealCodeFor(db: Executor, appealId: string): Promise<string | null> {
  const row = await db.selectFrom('appeal_codes').select('code').where('appeal_id', '=', appealId).executeTakeFirst();
  return row?.code ?? null;
}

/** Interventions of this country whose incidents include one of these keys (the bundle export). */
export async function interventionsForIncidents(db: Executor, country: string, incidentKeys: readonly string[]): Promise<InterventionRecord[]> {
  if (incidentKeys.length === 0) return [];
  const rows = await base(db).where('interventions.country_code', '=', country)
    .where(sql<boolean>`interventions.incident_keys ?| array[${sql.join(incidentKeys.map((k) => sql`${k}`))}]::text[]`)
    .orderBy('interventions.key').execute();
  return (rows as Joined[]).map(toRecord);
}

/** Sources of type un-communication that carry this reference, and the incidents citing them. */
export async function communicationSources(db: Executor, reference: string) {
  const sources = await db.selectFrom('sources').select(['id', 'key']).where('type', '=', 'un-communication').where('reference', '=', reference).execute();
  if (sources.length === 0) return [];
  const cited = await db.selectFrom('incident_sources').innerJoin('incidents', 'incidents.id', 'incident_sources.incident_id')
    .select(['incident_sources.source_id', 'incidents.key']).where('incident_sources.source_id', 'in', sources.map((s) => s.id)).execute();
  return sources.map((s) => ({ key: s.key, incidents: cited.filter((c) => c.source_id === s.id).map((c) => c.key) }));
}

// --- The case bundle ---------------------------------------------------------------------------------

/** An intervention as a bundle carries it (docs/case-bundle.md, revision 4): keys, dates and what came back; no document id. */
export function bundleIntervention(r: InterventionRecord): BundleIntervention {
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const addressees = Array.isArray(r.addressees) ? r.addressees.map((a) => String((a as { title?: unknown }).title ?? '')).filter(Boolean) : [];
  return {
    key: r.key,
    documentKind: r.document_kind as BundleIntervention['documentKind'],
    documentCode: r.document_code,
    incidents: strings(r.incident_keys),
    persons: strings(r.person_keys),
    mandates: strings(r.mandates),
    addressees,
    sentOn: r.sent_on,
    channel: r.channel as BundleIntervention['channel'],
    reference: r.reference,
    replyDue: r.reply_due,
    reply: r.reply_received_on === null ? null : { receivedOn: r.reply_received_on, summary: r.reply_summary },
    outcome: r.outcome as BundleIntervention['outcome'],
    outcomeNote: r.outcome_note,
    notes: r.notes,
  };
}

/**
 * Upserts an intervention by key (bundle import). One recorded here keeps its document and the
 * address-book ids of addressees whose title is unchanged; a new one has no document here.
 */
export async function saveIntervention(db: Executor, iv: BundleIntervention, country: string): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await getInterventionByKey(db, iv.key);
  if (existing && JSON.stringify(bundleIntervention(existing)) === JSON.stringify(bundleIntervention({ ...existing, ...columnsOf(iv, country, existing) } as InterventionRecord))) {
    return 'unchanged';
  }
  const columns = columnsOf(iv, country, existing);
  if (!existing) {
    await db.insertInto('interventions').values(toJsonColumns({ ...columns, key: iv.key, document_id: null, created_by: null })).execute();
    return 'created';
  }
  await db.updateTable('interventions')
    .set((eb) => ({ ...toJsonColumns(columns), updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', existing.id).execute();
  return 'updated';
}

function columnsOf(iv: BundleIntervention, country: string, existing: InterventionRecord | undefined) {
  const known = new Map((Array.isArray(existing?.addressees) ? existing.addressees as Array<{ id: number | null; title: string }> : []).map((a) => [a.title, a.id]));
  return {
    document_kind: iv.documentKind,
    document_code: iv.documentCode ?? null,
    country_code: country,
    person_keys: [...iv.persons],
    incident_keys: [...iv.incidents],
    mandates: [...iv.mandates],
    addressees: iv.addressees.map((title) => ({ id: known.get(title) ?? null, title })),
    sent_on: iv.sentOn,
    channel: iv.channel,
    reference: iv.reference ?? null,
    reply_due: iv.replyDue ?? null,
    reply_received_on: iv.reply?.receivedOn ?? null,
    reply_summary: iv.reply?.summary ?? null,
    outcome: iv.outcome ?? null,
    outcome_note: iv.outcomeNote ?? null,
    notes: iv.notes ?? null,
  };
}
