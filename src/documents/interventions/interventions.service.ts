import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import {
  addresseeTitles, appealCodeFor, documentForSending, getIntervention, getReplyFile, insertIntervention,
  listInterventions, personNames, putReplyFile, recordKeysByIds, updateIntervention,
  type InterventionColumns, type InterventionFilter, type InterventionRecord,
} from '../../records/interventions.repository.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import type { Problem } from '../../shared/problems.js';
import { MANDATES } from '../context/mandates.js';
import { appealId } from '../documents.service.js';
import type { DocumentRequest } from '../request.schemas.js';
import type { CreateIntervention, Intervention, InterventionStatus, UpdateIntervention } from './interventions.schemas.js';
import { REPLY_FILE_KINDS, replyFileName, sniffReplyFile } from './reply-file.js';

/**
 * The rules of interventions: only an approved version is recorded as sent (409 otherwise); the
 * persons, incidents, country and appeal code come from the document; the reply is due
 * `replyDays` after sending unless the caller says otherwise (the UN asks governments to answer
 * within 60 days); "overdue" is judged on `today`, which the caller gives (the app's clock).
 */
export interface InterventionDeps {
  db: Db;
  /** YYYY-MM-DD: the day deadlines are judged on. */
  today: string;
  replyDays: number;
  /** Largest reply file, in bytes. */
  replyFileMaxBytes?: number;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const MANDATE_TITLES = new Map(MANDATES.map((m) => [m.key, m.title]));

export function statusOf(row: Pick<InterventionRecord, 'outcome' | 'reply_received_on'>): InterventionStatus {
  if (row.outcome !== null) return 'closed';
  return row.reply_received_on !== null ? 'replied' : 'awaiting-reply';
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

/** An intervention with its status judged on `today` and what it refers to resolved. */
async function present(db: Db, rows: InterventionRecord[], today: string): Promise<Intervention[]> {
  const names = await personNames(db, rows.flatMap((r) => strings(r.person_keys)));
  return rows.map((r) => {
    const status = statusOf(r);
    const awaiting = status === 'awaiting-reply';
    return {
      id: r.id,
      key: r.key,
      documentId: r.document_id,
      documentKind: r.document_kind,
      documentTitle: r.document_title,
      documentCode: r.document_code,
      country: r.country_code,
      persons: strings(r.person_keys).map((key) => ({ key, name: names.get(key)?.name ?? key, pseudonym: names.get(key)?.pseudonym ?? key })),
      incidents: strings(r.incident_keys),
      mandates: strings(r.mandates).map((key) => ({ key, title: MANDATE_TITLES.get(key) ?? key })),
      addressees: list(r.addressees) as Array<{ id: number | null; title: string }>,
      sentOn: r.sent_on,
      channel: r.channel,
      reference: r.reference,
      replyDue: r.reply_due,
      reply: r.reply_received_on === null ? null : { receivedOn: r.reply_received_on, summary: r.reply_summary, file: r.reply_file },
      outcome: r.outcome,
      outcomeNote: r.outcome_note,
      notes: r.notes,
      status,
      overdue: awaiting && r.reply_due !== null && r.reply_due < today,
      daysUntilDue: awaiting && r.reply_due !== null ? daysBetween(today, r.reply_due) : null,
      createdBy: r.created_by,
      meta: { version: r.version, createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString() },
    };
  });
}

export async function readIntervention(deps: InterventionDeps, id: number): Promise<Intervention> {
  const row = await getIntervention(deps.db, id);
  if (!row) throw new NotFoundError(`Intervention ${id}`);
  return (await present(deps.db, [row], deps.today))[0]!;
}

export async function findInterventions(
  deps: InterventionDeps,
  filter: InterventionFilter,
  page: { limit: number; offset: number },
): Promise<{ items: Intervention[]; total: number }> {
  const { items, total } = await listInterventions(deps.db, { ...filter, today: deps.today }, page);
  return { items: await present(deps.db, items, deps.today), total };
}

/** Replies still missing that are overdue or due within `days` (the home page's list). */
export function dueSoon(deps: InterventionDeps, days: number, limit = 50) {
  return findInterventions(deps, { dueBy: addDays(deps.today, days) }, { limit, offset: 0 });
}

/** Address-book ids that exist, with their titles; a problem for each that does not. */
async function resolveAddressees(db: Db, ids: readonly number[]): Promise<{ addressees: Array<{ id: number; title: string }>; problems: Problem[] }> {
  const titles = await addresseeTitles(db, ids);
  const problems: Problem[] = [];
  const addressees: Array<{ id: number; title: string }> = [];
  ids.forEach((id, i) => {
    const title = titles.get(id);
    if (title === undefined) problems.push({ path: `/addressees/${i}`, message: `unknown addressee id ${id} (see /api/v1/addressees)` });
    else addressees.push({ id, title });
  });
  return { addressees, problems };
}

function dateProblems(deps: InterventionDeps, v: { sentOn: string; replyDue: string | null; receivedOn: string | null }): Problem[] {
  const problems: Problem[] = [];
  if (v.sentOn > deps.today) problems.push({ path: '/sentOn', message: `must not be in the future (today is ${deps.today})` });
  if (v.replyDue !== null && v.replyDue < v.sentOn) problems.push({ path: '/replyDue', message: `must not be before it was sent (${v.sentOn})` });
  if (v.receivedOn !== null) {
    if (v.receivedOn < v.sentOn) problems.push({ path: '/reply/receivedOn', message: `must not be before it was sent (${v.sentOn})` });
    if (v.receivedOn > deps.today) problems.push({ path: '/reply/receivedOn', message: `must not be in the future (today is ${deps.today})` });
  }
  return problems;
}

/** Records that an approved document version was sent. */
export async function recordSending(deps: InterventionDeps, input: CreateIntervention, actor: string | null): Promise<Intervention> {
  const doc = await documentForSending(deps.db, input.documentId);
  if (!doc) throw new NotFoundError('Document');
  if (doc.status !== 'approved') {
    throw new ConflictError('Only an approved version can be recorded as sent: this version is not approved. A lawyer approves it first (or record the approved version).');
  }
  const request = doc.request as DocumentRequest;
  const provenance = doc.provenance as { records?: { persons?: Array<{ id: number }>; incidents?: Array<{ id: number }> } };
  const mandates = input.mandates ?? (request.kind === 'un-communication' ? request.options.mandates : []);
  const addresseeIds = input.addressees
    ?? (request.kind === 'urgent-appeal' ? request.options.addressees.filter((a): a is number => typeof a === 'number') : []);
  const { addressees, problems } = await resolveAddressees(deps.db, addresseeIds);
  if (mandates.length === 0 && addresseeIds.length === 0) {
    problems.push({ path: '/mandates', message: 'name at least one recipient: UN mandates (mandates) or address-book entries (addressees)' });
  }
  const replyDue = input.replyDue === undefined ? addDays(input.sentOn, deps.replyDays) : input.replyDue;
  problems.push(...dateProblems(deps, { sentOn: input.sentOn, replyDue, receivedOn: null }));
  if (problems.length > 0) throw new InvalidInputError(`The intervention has ${problems.length} problem(s); nothing was recorded.`, problems);

  const keys = await recordKeysByIds(deps.db, (provenance.records?.persons ?? []).map((p) => p.id), (provenance.records?.incidents ?? []).map((i) => i.id));
  const countries = keys.incidents.map((i) => i.country_code);
  const country = mostCommon(countries) ?? request.selection.country ?? 'XX';
  const columns: InterventionColumns = {
    key: `iv-${country.toLowerCase()}-${randomBytes(4).toString('hex')}`,
    document_id: doc.id,
    document_kind: doc.kind,
    document_code: request.kind === 'urgent-appeal' ? await appealCodeFor(deps.db, appealId(request)) : null,
    country_code: country,
    person_keys: keys.persons.map((p) => p.key).sort(),
    incident_keys: keys.incidents.map((i) => i.key).sort(),
    mandates: [...new Set(mandates)],
    addressees,
    sent_on: input.sentOn,
    channel: input.channel,
    reference: input.reference ?? null,
    reply_due: replyDue,
    reply_received_on: null,
    reply_summary: null,
    outcome: null,
    outcome_note: null,
    notes: input.notes ?? null,
    created_by: actor,
  };
  const id = await insertIntervention(deps.db, columns);
  return readIntervention(deps, id);
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/** Changes what was recorded: the reply, the outcome, the deadline, the recipients, the reference. */
export async function changeIntervention(deps: InterventionDeps, id: number, patch: UpdateIntervention): Promise<Intervention> {
  const row = await getIntervention(deps.db, id);
  if (!row) throw new NotFoundError(`Intervention ${id}`);
  const columns: Partial<InterventionColumns> = {};
  const problems: Problem[] = [];
  if (patch.addressees !== undefined) {
    const resolved = await resolveAddressees(deps.db, patch.addressees);
    problems.push(...resolved.problems);
    columns.addressees = resolved.addressees;
  }
  if (patch.mandates !== undefined) columns.mandates = [...new Set(patch.mandates)];
  const mandatesAfter = columns.mandates ?? strings(row.mandates);
  const addresseesAfter = columns.addressees ?? list(row.addressees);
  if ((patch.mandates !== undefined || patch.addressees !== undefined) && mandatesAfter.length === 0 && addresseesAfter.length === 0) {
    problems.push({ path: '/mandates', message: 'name at least one recipient: UN mandates (mandates) or address-book entries (addressees)' });
  }
  if (patch.sentOn !== undefined) columns.sent_on = patch.sentOn;
  if (patch.channel !== undefined) columns.channel = patch.channel;
  if (patch.reference !== undefined) columns.reference = patch.reference;
  if (patch.replyDue !== undefined) columns.reply_due = patch.replyDue;
  if (patch.reply !== undefined) {
    columns.reply_received_on = patch.reply?.receivedOn ?? null;
    columns.reply_summary = patch.reply?.summary ?? null;
  }
  if (patch.outcome !== undefined) columns.outcome = patch.outcome;
  if (patch.outcomeNote !== undefined) columns.outcome_note = patch.outcomeNote;
  if (patch.notes !== undefined) columns.notes = patch.notes;
  problems.push(...dateProblems(deps, {
    sentOn: columns.sent_on ?? row.sent_on,
    replyDue: columns.reply_due !== undefined ? columns.reply_due : row.reply_due,
    receivedOn: columns.reply_received_on !== undefined ? columns.reply_received_on : row.reply_received_on,
  }).filter((p) => patch.sentOn !== undefined || p.path !== '/sentOn'));
  if (problems.length > 0) throw new InvalidInputError(`The change has ${problems.length} problem(s); nothing was changed.`, problems);
  await updateIntervention(deps.db, id, columns);
  return readIntervention(deps, id);
}

/**
 * Stores the reply's file (replacing an earlier one). The bytes decide what it is: PDF, DOCX or
 * ODT, at most `replyFileMaxBytes`. A reply not recorded yet is recorded as received today.
 */
export async function storeReplyFile(
  deps: InterventionDeps,
  id: number,
  file: { bytes: Uint8Array; fileName?: string | undefined },
  actor: string | null,
): Promise<Intervention> {
  const row = await getIntervention(deps.db, id);
  if (!row) throw new NotFoundError(`Intervention ${id}`);
  const max = deps.replyFileMaxBytes ?? 10 * 1024 * 1024;
  if (file.bytes.length === 0) throw new InvalidInputError('The file is empty.', [{ path: '/file', message: 'is empty' }]);
  if (file.bytes.length > max) {
    throw new InvalidInputError(`The file is too large (${file.bytes.length} bytes; at most ${max}).`, [{ path: '/file', message: `must be at most ${max} bytes` }]);
  }
  const kind = sniffReplyFile(file.bytes);
  if (!kind) {
    throw new InvalidInputError('The file is not a PDF, DOCX or ODT document (judged by its content, not its name).', [
      { path: '/file', message: 'must be a PDF, a Word document (DOCX) or an OpenDocument text (ODT)' },
    ]);
  }
  await putReplyFile(deps.db, {
    intervention_id: id,
    file_name: replyFileName(file.fileName, `reply-${row.key}`, kind),
    content_type: REPLY_FILE_KINDS[kind],
    bytes: file.bytes,
    byte_size: file.bytes.length,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    uploaded_by: actor,
  });
  if (row.reply_received_on === null) await updateIntervention(deps.db, id, { reply_received_on: deps.today });
  return readIntervention(deps, id);
}

export async function readReplyFile(deps: InterventionDeps, id: number) {
  const row = await getIntervention(deps.db, id);
  if (!row) throw new NotFoundError(`Intervention ${id}`);
  const file = await getReplyFile(deps.db, id);
  if (!file) throw new NotFoundError(`A reply file for intervention ${id}`);
  return file;
}
