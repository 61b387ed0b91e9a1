import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../http/errors.js';
import { KEY_PATTERN, RecommendationSchema } from '../../records/bundle.schemas.js';
import type { RecommendationRecord } from '../../records/records.js';
import { loadIncidentsByKeys } from '../../records/records.repository.js';
import { recommendationStore } from '../../records/record-stores.repository.js';
import { ADDRESSEES, RIGHTS } from '../../records/vocabulary.js';
import { fieldViews, keepOrder, list, optionalText, slugKey, text, type Errors, type FieldSpec, type Values } from '../fields.js';
import { ADDRESSEE_LABELS, options, rightLabel } from '../labels.js';
import { filledQuery, pageNumber, pager, PAGE_SIZE } from '../listing.js';
import { renderPage } from '../page.js';
import { countries, freeKey, incidentChoices } from '../../records/record-choices.repository.js';
import { saveFromForm } from './save.js';
import { proposeMentions, showMentionProposal, wantsEdit } from './mention-confirm.js';

const LABELS: Record<string, string> = { key: 'Key', right: 'Right', addressee: 'Addressed to', text: 'Text', incidents: 'Incidents' };

function recommendationInput(values: Values, key: string): unknown {
  return {
    key,
    right: optionalText(values, 'right') ?? undefined,
    addressee: optionalText(values, 'addressee') ?? undefined,
    text: text(values, 'text'),
    incidents: list(values, 'incidents'),
  };
}

function recommendationValues(r: RecommendationRecord): Values {
  return { key: r.key, right: r.right, addressee: r.addressee, text: r.text, incidents: r.incidents };
}

async function recommendationSpecs(web: FastifyInstance, editing: boolean): Promise<Record<string, FieldSpec>> {
  const incidents = await incidentChoices(web.db);
  return {
    key: editing
      ? { label: 'Key', readonly: true, hint: 'The recommendation\'s stable identifier; it cannot be changed.' }
      : { label: 'Key', maxlength: 80, hint: 'Lowercase letters, digits and "-". Leave it empty to make one from the text.' },
    right: { label: 'Right', type: 'select', required: true, empty: '— choose —', options: options.rights, hint: 'Briefings print it in the section of this right.' },
    addressee: { label: 'Addressed to', type: 'radios', required: true, options: options.addressees },
    text: { label: 'Text', type: 'textarea', required: true, rows: 4, maxlength: 5000, hint: 'One recommendation, as it should be printed, e.g. "Release [[person:p-kz-0042]] immediately and unconditionally." A person is written as a mention, [[person:KEY]], which prints the name or the pseudonym as each document\'s audience allows; typed names of persons on record are turned into mentions before saving.' },
    incidents: {
      label: 'About these incidents', type: 'checkboxes',
      hint: 'A recommendation linked to no incident is used for every document on its country.',
      options: incidents.map((i) => ({ value: i.key, label: `${i.date} — ${i.title}` })),
    },
  };
}

async function loadOr404(web: FastifyInstance, key: string): Promise<RecommendationRecord> {
  const rec = KEY_PATTERN.test(key) ? await recommendationStore.load(web.db, key) : undefined;
  if (!rec) throw notFound(`Recommendation '${key}'`);
  return rec;
}

/** Recommendations: list by right and addressee, detail, create and edit. */
export async function recommendationPages(web: FastifyInstance): Promise<void> {
  web.get('/recommendations', async (request, reply) => {
    const raw = filledQuery(request.query);
    const page = pageNumber(raw);
    const filters: Values = {};
    if (typeof raw.right === 'string' && (RIGHTS as readonly string[]).includes(raw.right)) filters.right = raw.right;
    if (typeof raw.addressee === 'string' && (ADDRESSEES as readonly string[]).includes(raw.addressee)) filters.addressee = raw.addressee;
    if (typeof raw.country === 'string' && /^[A-Z]{2}$/.test(raw.country)) filters.country = raw.country;
    const { items, total } = await recommendationStore.list(web.db, {
      right: filters.right as string | undefined, addressee: filters.addressee as string | undefined, country: filters.country as string | undefined,
    }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const known = await countries(web.db);
    return renderPage(request, reply, 'recommendations/list', {
      title: 'Recommendations',
      section: 'recommendations',
      filters: fieldViews({
        right: { label: 'Right', type: 'select', empty: 'Any right', options: options.rights },
        addressee: { label: 'Addressed to', type: 'select', empty: 'Anyone', options: options.addressees },
        country: { label: 'Country', type: 'select', empty: 'Any country', options: known.map((c) => ({ value: c.code, label: c.name })) },
      }, filters, {}),
      filtered: Object.keys(filters).length > 0,
      items: items.map((r) => ({
        key: r.key, text: r.text, right: rightLabel(r.right), addressee: ADDRESSEE_LABELS[r.addressee], incidents: r.incidents.length,
      })),
      pager: pager('/recommendations', filters, page, total, items.length, 'recommendations'),
    });
  });

  web.get('/recommendations/new', async (request, reply) => showForm(request, reply, { addressee: 'state' }, {}, false));

  web.post('/recommendations', async (request, reply) => {
    const values = request.body as Values;
    if (wantsEdit(values)) return showForm(request, reply, values, {}, false);
    const proposal = await proposeMentions(web.db, 'recommendations', values);
    if (proposal) return showMentionProposal(request, reply, proposal, values, { action: '/recommendations', cancel: '/recommendations', record: 'recommendation', labels: LABELS, collection: 'recommendations' });
    const given = String(values.key ?? '').trim();
    const result = await saveFromForm(web.db, recommendationStore, 'create', RecommendationSchema, recommendationInput(values, given || 'placeholder-key'), LABELS,
      async (valid) => (given ? valid : { ...valid, key: await freeKey(web.db, 'recommendations', slugKey('r', valid.text.split(/\s+/).slice(0, 6).join(' '))) }));
    if (result.ok) return reply.redirect(`/recommendations/${result.key}?saved=1`, 303);
    return showForm(request, reply, values, result.errors, false, 422);
  });

  web.get<{ Params: { key: string } }>('/recommendations/:key', async (request, reply) => {
    const rec = await loadOr404(web, request.params.key);
    const incidents = await loadIncidentsByKeys(web.db, rec.incidents);
    return renderPage(request, reply, 'recommendations/detail', {
      title: `Recommendation ${rec.key}`,
      section: 'recommendations',
      saved: (request.query as Record<string, unknown>).saved === '1',
      rec,
      right: rightLabel(rec.right),
      addressee: ADDRESSEE_LABELS[rec.addressee],
      incidents: incidents.map((i) => ({ key: i.key, title: i.title, date: i.date })),
    });
  });

  web.get<{ Params: { key: string } }>('/recommendations/:key/edit', async (request, reply) => {
    const rec = await loadOr404(web, request.params.key);
    return showForm(request, reply, recommendationValues(rec), {}, true);
  });

  web.post<{ Params: { key: string } }>('/recommendations/:key', async (request, reply) => {
    const { key } = request.params;
    const existing = await loadOr404(web, key);
    const submitted = request.body as Values;
    const values = { ...submitted, key, incidents: keepOrder(existing.incidents, submitted.incidents) };
    if (wantsEdit(values)) return showForm(request, reply, values, {}, true);
    const proposal = await proposeMentions(web.db, 'recommendations', values);
    if (proposal) return showMentionProposal(request, reply, proposal, values, { action: `/recommendations/${key}`, cancel: `/recommendations/${key}`, record: 'recommendation', labels: LABELS, collection: 'recommendations' });
    const result = await saveFromForm(web.db, recommendationStore, 'replace', RecommendationSchema, recommendationInput(values, key), LABELS);
    if (result.ok) return reply.redirect(`/recommendations/${key}?saved=1`, 303);
    return showForm(request, reply, values, result.errors, true, 422);
  });

  async function showForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors: Errors, editing: boolean, status = 200) {
    const key = String(values.key ?? '');
    return renderPage(request, reply, 'recommendations/form', {
      title: editing ? `Edit recommendation ${key}` : 'New recommendation',
      section: 'recommendations',
      action: editing ? `/recommendations/${key}` : '/recommendations',
      cancel: editing ? `/recommendations/${key}` : '/recommendations',
      fields: fieldViews(await recommendationSpecs(web, editing), values, errors),
      errors,
    }, status);
  }
}
