import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { getDocument, getDocumentProvenance, type DocumentSummary } from '../../documents/documents.repository.js';
import { MANDATES } from '../../documents/context/mandates.js';
import { followUpRequest } from '../../documents/interventions/follow-up.js';
import {
  CHANNEL_LABELS, CHANNELS, CreateInterventionSchema, INTERVENTION_STATUSES, OUTCOME_LABELS, OUTCOMES, STATUS_LABELS, UpdateInterventionSchema,
} from '../../documents/interventions/interventions.schemas.js';
import {
  changeIntervention, findInterventions, readIntervention, recordSending, storeReplyFile, type InterventionDeps,
} from '../../documents/interventions/interventions.service.js';
import { personTimeline } from '../../documents/interventions/timeline.js';
import type { DocumentRequest } from '../../documents/request.schemas.js';
import { notFound } from '../../http/errors.js';
import { listAddressees } from '../../records/addressees.repository.js';
import { citeCommunication } from '../../records/communication-citation.service.js';
import { ConflictError, InvalidInputError } from '../../shared/errors.js';
import { problemsFromZod, type Problem } from '../../shared/problems.js';
import { errorsByField, fieldViews, list, optionalText, type Errors, type FieldSpec, type Values } from '../fields.js';
import { filledQuery, pageNumber, pager, PAGE_SIZE, queryString } from '../listing.js';
import { actorOf, renderPage } from '../page.js';
import { interventionView } from './interventions.view.js';

/**
 * Interventions in the staff pages: "Record that it was sent" from an approved document's page,
 * the intervention's page (reply with its file, outcome, deadline; a follow-up document), the
 * list, and a person's timeline.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SEND_LABELS: Record<string, string> = {
  sentOn: 'Sent on', channel: 'How it was sent', mandates: 'UN mandates', addressees: 'Addressees', reference: 'Reference',
  replyDue: 'Reply due', notes: 'Notes', documentId: 'Document',
};
const UPDATE_LABELS: Record<string, string> = {
  'reply.receivedOn': 'Reply received on', 'reply.summary': 'What the reply says', file: 'Reply file', outcome: 'Outcome',
  outcomeNote: 'About the outcome', replyDue: 'Reply due', reference: 'Reference', notes: 'Notes', reply: 'Reply',
};

export async function interventionPages(web: FastifyInstance, opts: { config: Config }): Promise<void> {
  const deps = (): InterventionDeps => ({
    db: web.db, today: web.clock().toISOString().slice(0, 10), replyDays: opts.config.REPLY_DEADLINE_DAYS, replyFileMaxBytes: opts.config.REPLY_FILE_MAX_BYTES,
  });

  async function documentOr404(id: string): Promise<DocumentSummary> {
    const doc = UUID.test(id) ? await getDocument(web.db, id) : undefined;
    if (!doc) throw notFound('Document');
    return doc;
  }

  async function idOr404(raw: string) {
    if (!/^\d{1,9}$/.test(raw)) throw notFound(`Intervention '${raw}'`);
    return readIntervention(deps(), Number(raw));
  }

  // --- Record that it was sent -------------------------------------------------------------------

  async function sendFields(doc: DocumentSummary): Promise<Record<string, FieldSpec>> {
    const { items: book } = await listAddressees(web.db, {}, { limit: 200, offset: 0 });
    return {
      sentOn: { label: 'Sent on', type: 'date', required: true, hint: 'The day it left the organisation.' },
      channel: { label: 'How it was sent', type: 'radios', required: true, options: CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] })) },
      mandates: {
        label: 'UN mandates', type: 'checkboxes', hint: doc.kind === 'un-communication' ? 'The mandates the letter is addressed to are ticked.' : 'If it was also sent to UN mandate holders.',
        options: MANDATES.map((m) => ({ value: m.key, label: m.title })),
      },
      addressees: {
        label: 'Addressees (address book)', type: 'checkboxes', hint: 'The authorities it was sent to.',
        options: book.map((a) => ({ value: String(a.id), label: `${a.title} (${a.country})` })),
      },
      reference: { label: 'Reference', maxlength: 100, placeholder: 'AL KAZ 1/2018', hint: 'The reference given back, if any: a UN communication\'s ("AL KAZ 1/2018", "UA 61/20") or an authority\'s file number. It can be added later.' },
      replyDue: { label: 'Reply due', type: 'date', hint: `Left empty: ${opts.config.REPLY_DEADLINE_DAYS} days after sending (the UN asks governments to reply within 60 days).` },
      notes: { label: 'Notes', type: 'textarea', rows: 3, maxlength: 4000 },
    };
  }

  async function showSendForm(request: FastifyRequest, reply: FastifyReply, doc: DocumentSummary, values: Values, errors: Errors, status = 200) {
    return renderPage(request, reply, 'interventions/send', {
      title: `Record that it was sent: ${doc.title}`,
      section: 'documents',
      doc,
      fields: fieldViews(await sendFields(doc), values, errors),
      errors,
    }, status);
  }

  /** The document's own recipients, ticked on a fresh form. */
  async function sendDefaults(doc: DocumentSummary): Promise<Values> {
    const request = (await getDocumentProvenance(web.db, doc.id))?.request as DocumentRequest | undefined;
    return {
      sentOn: deps().today,
      channel: 'email',
      mandates: request?.kind === 'un-communication' ? request.options.mandates : [],
      addressees: request?.kind === 'urgent-appeal' ? request.options.addressees.filter((a): a is number => typeof a === 'number').map(String) : [],
    };
  }

  web.get<{ Params: { id: string } }>('/documents/:id/send', async (request, reply) => {
    const doc = await documentOr404(request.params.id);
    return showSendForm(request, reply, doc, await sendDefaults(doc), {});
  });

  web.post<{ Params: { id: string } }>('/documents/:id/send', async (request, reply) => {
    const doc = await documentOr404(request.params.id);
    const values = request.body as Values;
    const input = {
      documentId: doc.id,
      sentOn: optionalText(values, 'sentOn') ?? undefined,
      channel: optionalText(values, 'channel') ?? undefined,
      mandates: list(values, 'mandates'),
      addressees: list(values, 'addressees').map((v) => (/^\d{1,9}$/.test(v) ? Number(v) : v)),
      reference: optionalText(values, 'reference'),
      ...(optionalText(values, 'replyDue') ? { replyDue: optionalText(values, 'replyDue') } : {}),
      notes: optionalText(values, 'notes'),
    };
    const refuse = (problems: Problem[]) => showSendForm(request, reply, doc, values, errorsByField(problems, Object.keys(SEND_LABELS), SEND_LABELS), 422);
    const parsed = CreateInterventionSchema.safeParse(input, { reportInput: true });
    if (!parsed.success) return refuse(problemsFromZod(parsed.error));
    try {
      const saved = await recordSending(deps(), parsed.data, actorOf(request));
      return reply.redirect(`/interventions/${saved.id}?recorded=1`, 303);
    } catch (err) {
      if (err instanceof InvalidInputError) return refuse(err.problems);
      throw err;
    }
  });

  // --- One intervention: reply, outcome, deadline --------------------------------------------------

  function updateFields(): Record<string, FieldSpec> {
    return {
      'reply.receivedOn': { label: 'Reply received on', type: 'date', hint: 'Leave empty while no reply has come.' },
      'reply.summary': { label: 'What the reply says', type: 'textarea', rows: 4, maxlength: 4000 },
      outcome: { label: 'Outcome', type: 'select', empty: '— not known yet —', options: OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] })) },
      outcomeNote: { label: 'About the outcome', type: 'textarea', rows: 2, maxlength: 2000 },
      replyDue: { label: 'Reply due', type: 'date', hint: 'Empty: no reply expected.' },
      reference: { label: 'Reference', maxlength: 100, placeholder: 'AL KAZ 1/2018' },
      notes: { label: 'Notes', type: 'textarea', rows: 3, maxlength: 4000 },
    };
  }

  function valuesOf(i: Awaited<ReturnType<typeof readIntervention>>): Values {
    return {
      'reply.receivedOn': i.reply?.receivedOn ?? '', 'reply.summary': i.reply?.summary ?? '', outcome: i.outcome ?? '',
      outcomeNote: i.outcomeNote ?? '', replyDue: i.replyDue ?? '', reference: i.reference ?? '', notes: i.notes ?? '',
    };
  }

  async function showIntervention(request: FastifyRequest, reply: FastifyReply, id: number, values: Values | null, errors: Errors, status = 200) {
    const i = await readIntervention(deps(), id);
    const query = request.query as Record<string, unknown>;
    const { earlierReference } = await followUpRequest(web.db, i);
    // A UN letter's reference the records do not cite yet for every incident of the case: offer to cite it.
    const uncited = earlierReference && i.incidents.some((k) => !earlierReference.citedBy.includes(k)) ? earlierReference.reference : null;
    return renderPage(request, reply, 'interventions/detail', {
      title: `${interventionView(i).kindTitle}${i.documentCode ? ` ${i.documentCode}` : ''} sent on ${i.sentOn}`,
      section: 'interventions',
      iv: interventionView(i),
      recorded: query.recorded === '1',
      cited: typeof query.cited === 'string' && /^[a-z0-9-]{1,80}$/.test(query.cited) ? query.cited : null,
      uncited,
      citedBy: earlierReference?.citedBy ?? [],
      saved: query.saved === '1',
      fields: fieldViews(updateFields(), values ?? valuesOf(i), errors),
      fileError: errors.file ?? null,
      maxMb: Math.round(opts.config.REPLY_FILE_MAX_BYTES / 1024 / 1024),
      errors,
    }, status);
  }

  web.get<{ Params: { id: string } }>('/interventions/:id', async (request, reply) => {
    const i = await idOr404(request.params.id);
    return showIntervention(request, reply, i.id, null, {});
  });

  web.post<{ Params: { id: string } }>('/interventions/:id', async (request, reply) => {
    const current = await idOr404(request.params.id);
    const body = (request.body ?? {}) as Values & { file?: unknown };
    const { file, ...values } = body;
    const receivedOn = optionalText(values, 'reply.receivedOn');
    // A field the form did not send stays as it is; one sent empty is cleared.
    const sent = (name: string) => name in values;
    const input = {
      ...(sent('reply.receivedOn') ? { reply: receivedOn ? { receivedOn, summary: optionalText(values, 'reply.summary') } : null } : {}),
      ...Object.fromEntries(['outcome', 'outcomeNote', 'replyDue', 'reference', 'notes'].filter(sent).map((k) => [k, optionalText(values, k)])),
    };
    const refuse = (problems: Problem[]) =>
      showIntervention(request, reply, current.id, values, errorsByField(problems, Object.keys(UPDATE_LABELS), UPDATE_LABELS), 422);
    const problems: Problem[] = [];
    // A summary without the date it came would be lost: say so beside the date.
    if (!receivedOn && optionalText(values, 'reply.summary')) problems.push({ path: '/reply/receivedOn', message: 'give the date the reply came' });
    const parsed = UpdateInterventionSchema.safeParse(input, { reportInput: true });
    if (!parsed.success) problems.push(...problemsFromZod(parsed.error));
    if (problems.length > 0 || !parsed.success) return refuse(problems);
    try {
      await changeIntervention(deps(), current.id, parsed.data);
      if (Buffer.isBuffer(file) && file.length > 0) await storeReplyFile(deps(), current.id, { bytes: file }, actorOf(request));
    } catch (err) {
      if (err instanceof InvalidInputError) return refuse(err.problems);
      throw err;
    }
    return reply.redirect(`/interventions/${current.id}?saved=1`, 303);
  });

  // The earlier UN communication as a source of the case's incidents (a records edit: staff).
  web.post<{ Params: { id: string } }>('/interventions/:id/cite', async (request, reply) => {
    const i = await idOr404(request.params.id);
    if (i.documentKind !== 'un-communication' || !i.reference) {
      throw new ConflictError('Only a UN communication with a recorded reference can be cited in the records.');
    }
    const { sourceKey, created } = await citeCommunication(web.db, {
      reference: i.reference, country: i.country, incidentKeys: i.incidents, mandateTitles: i.mandates.map((m) => m.title),
    });
    return reply.redirect(`/interventions/${i.id}?cited=${sourceKey}${created ? '&created=1' : ''}`, 303);
  });

  // A follow-up: the generate form, filled in from the intervention.
  web.get<{ Params: { id: string } }>('/interventions/:id/follow-up', async (request, reply) => {
    const i = await idOr404(request.params.id);
    const { request: next } = await followUpRequest(web.db, i);
    return reply.redirect(`/generate/${next.kind}${queryString(formValues(next, i.country))}`, 303);
  });

  web.get('/interventions', async (request, reply) => {
    const raw = filledQuery(request.query);
    const page = pageNumber(raw);
    const filters: Values = {};
    if (typeof raw.status === 'string' && (INTERVENTION_STATUSES as readonly string[]).includes(raw.status)) filters.status = raw.status;
    if (raw.overdue === 'true') filters.overdue = 'true';
    if (typeof raw.person === 'string' && /^[a-z0-9-]{1,80}$/.test(raw.person)) filters.person = raw.person;
    const { items, total } = await findInterventions(deps(), {
      status: filters.status as never, overdue: filters.overdue ? true : undefined, person: filters.person as string | undefined,
    }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return renderPage(request, reply, 'interventions/list', {
      title: 'Interventions',
      section: 'interventions',
      filters: fieldViews({
        status: { label: 'Status', type: 'select', empty: 'Any', options: INTERVENTION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })) },
        overdue: { label: 'Overdue only', type: 'select', empty: 'All', options: [{ value: 'true', label: 'Reply overdue' }] },
      }, filters, {}),
      filtered: Object.keys(filters).length > 0,
      items: items.map(interventionView),
      pager: pager('/interventions', filters, page, total, items.length, 'interventions'),
    });
  });

  web.get<{ Params: { key: string } }>('/persons/:key/timeline', async (request, reply) => {
    if (!/^[a-z0-9-]{1,80}$/.test(request.params.key)) throw notFound(`Person '${request.params.key}'`);
    const timeline = await personTimeline(deps(), request.params.key);
    return renderPage(request, reply, 'persons/timeline', {
      title: `Timeline: ${timeline.person.name}`,
      section: 'persons',
      person: timeline.person,
      events: timeline.events.map((e) => ({
        ...e,
        is: { [e.type]: true },
        href: e.type === 'incident' ? `/incidents/${e.key}` : e.type === 'document' ? `/documents/${e.id}` : `/interventions/${e.id}`,
        label: { incident: 'Incident', document: 'Document', intervention: 'Sent', reply: 'Reply' }[e.type],
      })),
    });
  });
}

/** A document request as the generate form's query values (the form's field names are JSON paths). */
function formValues(request: Awaited<ReturnType<typeof followUpRequest>>['request'], country: string): Values {
  const values: Values = { format: request.format ?? 'pdf' };
  const s = request.selection ?? {};
  if (s.persons?.length) values['selection.persons'] = s.persons;
  if (s.incidents?.length) values['selection.incidents'] = s.incidents;
  if (s.country) values['selection.country'] = s.country;
  if (s.from) values['selection.from'] = s.from;
  if (s.to) values['selection.to'] = s.to;
  if (s.rights?.length) values['selection.rights'] = s.rights;
  const o = (request.options ?? {}) as Record<string, unknown>;
  if (request.kind === 'urgent-appeal') {
    const follows = o.followsAppeal as { code: string; date?: string } | undefined;
    if (follows) {
      values['options.followsAppeal.code'] = follows.code;
      if (follows.date) values['options.followsAppeal.date'] = follows.date;
    }
    const ids = (o.addressees as unknown[] | undefined ?? []).filter((a): a is number => typeof a === 'number').map(String);
    // The form groups the address book by country (the case's country here).
    if (ids.length > 0) values[`options.addresseeIds.${country}`] = ids;
    if (o.sampleLetter) values['options.sampleLetter'] = 'on';
  }
  if (request.kind === 'un-communication') {
    values['options.variant'] = String(o.variant ?? 'allegation-letter');
    values['options.mandates'] = (o.mandates as string[] | undefined) ?? [];
  }
  return values;
}
