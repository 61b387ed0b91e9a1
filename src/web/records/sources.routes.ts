import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redactor } from '../../consent/consent.js';
import { sourceView } from '../../documents/context/sources.js';
import { notFound } from '../../http/errors.js';
import { KEY_PATTERN, SourceSchema } from '../../records/bundle.schemas.js';
import { findDependants } from '../../records/dependants.repository.js';
import type { SourceRecord } from '../../records/records.js';
import { loadIncidentsByKeys, loadOrganisationsByKeys } from '../../records/records.repository.js';
import { sourceStore } from '../../records/record-stores.repository.js';
import { SOURCE_TYPES } from '../../records/vocabulary.js';
import { checkbox, fieldViews, optionalText, text, type Errors, type FieldSpec, type Values } from '../fields.js';
import { options, RELIABILITY_LABELS, sourceTypeLabel } from '../labels.js';
import { filledQuery, pageNumber, pager, PAGE_SIZE } from '../listing.js';
import { renderPage } from '../page.js';
import { organisationChoices } from '../../records/record-choices.repository.js';
import { nextOpaqueKey } from '../../records/record-keys.repository.js';
import { recordKeyProblems } from '../../consent/record-keys.js';
import { saveFromForm } from './save.js';

const LABELS: Record<string, string> = {
  key: 'Key', type: 'Type', title: 'Title', author: 'Author', organisation: 'Organisation', date: 'Date', url: 'Web address',
  reliability: 'Reliability', confidential: 'Confidential', identifies: 'Persons it identifies',
};

const CONFIDENTIAL_TEXT = 'Confidential: documents never show its title, author or address, only its type and month, e.g. “Confidential source (interview, March 2018)”';

function sourceInput(values: Values, key: string): unknown {
  return {
    key,
    type: optionalText(values, 'type') ?? undefined,
    title: text(values, 'title'),
    author: optionalText(values, 'author'),
    organisation: optionalText(values, 'organisation'),
    date: optionalText(values, 'date'),
    url: optionalText(values, 'url'),
    reliability: optionalText(values, 'reliability') ?? undefined,
    confidential: checkbox(values, 'confidential'),
    identifies: text(values, 'identifies').split(/[\s,]+/).filter((k) => k !== ''),
  };
}

function sourceValues(s: SourceRecord): Values {
  return {
    key: s.key, type: s.type, title: s.title, author: s.author ?? '', organisation: s.organisation ?? '', date: s.date ?? '',
    url: s.url ?? '', reliability: s.reliability, confidential: s.confidential ? 'on' : undefined,
    identifies: s.identifies.join(', '),
  };
}

async function sourceSpecs(web: FastifyInstance, editing: boolean): Promise<Record<string, FieldSpec>> {
  const organisations = await organisationChoices(web.db);
  return {
    key: editing
      ? { label: 'Key', readonly: true, hint: 'The source\'s stable identifier; it cannot be changed.' }
      : { label: 'Key', maxlength: 80, hint: 'Lowercase letters, digits and "-". Leave it empty to make one from the title.' },
    type: { label: 'Type', type: 'select', required: true, empty: '— choose —', options: options.sourceTypes },
    title: { label: 'Title', required: true, maxlength: 500, hint: 'e.g. "KIBHR monitoring note on detentions of alleged DVK supporters"' },
    author: { label: 'Author', maxlength: 300, hint: 'A person or organisation, as it should be cited.' },
    organisation: { label: 'Organisation', type: 'select', empty: '— none —', options: organisations.map((o) => ({ value: o.key, label: o.name })) },
    date: { label: 'Date', placeholder: 'YYYY-MM-DD', maxlength: 10, hint: 'When it was published or recorded; leave empty when unknown.' },
    url: { label: 'Web address', type: 'url', maxlength: 2000, placeholder: 'https://…', hint: 'http or https only.' },
    reliability: {
      label: 'Reliability of the source', type: 'radios', required: true, options: options.reliability,
      hint: 'The Admiralty scale. How credible each piece of information is gets graded where an incident cites the source.',
    },
    confidential: { label: CONFIDENTIAL_TEXT, type: 'checkbox' },
    identifies: {
      label: 'Persons it names or identifies', maxlength: 2000, placeholder: 'p-kz-0001, p-kz-0002',
      hint: 'Person keys, separated by commas. Where one of them may not be named, documents cite this source like a confidential one.',
    },
  };
}

async function loadSourceOr404(web: FastifyInstance, key: string): Promise<SourceRecord> {
  const source = KEY_PATTERN.test(key) ? await sourceStore.load(web.db, key) : undefined;
  if (!source) throw notFound(`Source '${key}'`);
  return source;
}

/** Sources: list, detail (with how documents cite it), create and edit. */
export async function sourcePages(web: FastifyInstance): Promise<void> {
  web.get('/sources', async (request, reply) => {
    const raw = filledQuery(request.query);
    const page = pageNumber(raw);
    const filters: Values = {};
    if (typeof raw.type === 'string' && (SOURCE_TYPES as readonly string[]).includes(raw.type)) filters.type = raw.type;
    if (raw.confidential === 'true' || raw.confidential === 'false') filters.confidential = raw.confidential;
    if (typeof raw.q === 'string') filters.q = raw.q.slice(0, 200).replace(/\u0000/g, '');
    const { items, total } = await sourceStore.list(web.db, {
      type: filters.type as string | undefined,
      confidential: filters.confidential === undefined ? undefined : filters.confidential === 'true',
      q: filters.q as string | undefined,
    }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return renderPage(request, reply, 'sources/list', {
      title: 'Sources',
      section: 'sources',
      filters: fieldViews({
        type: { label: 'Type', type: 'select', empty: 'Any type', options: options.sourceTypes },
        confidential: { label: 'Confidential', type: 'select', empty: 'Confidential or not', options: [{ value: 'true', label: 'Confidential only' }, { value: 'false', label: 'Not confidential' }] },
        q: { label: 'Text', hint: 'Searched in titles and authors', maxlength: 200 },
      }, filters, {}),
      filtered: Object.keys(filters).length > 0,
      items: items.map((s) => ({
        key: s.key, title: s.title, type: sourceTypeLabel(s.type), author: s.author, date: s.date,
        reliability: s.reliability, confidential: s.confidential,
      })),
      pager: pager('/sources', filters, page, total, items.length, 'sources'),
    });
  });

  web.get('/sources/new', async (request, reply) => showForm(request, reply, {}, {}, false));

  web.post('/sources', async (request, reply) => {
    const values = request.body as Values;
    const given = String(values.key ?? '').trim();
    const result = await saveFromForm(web.db, sourceStore, 'create', SourceSchema, sourceInput(values, given || 'placeholder-key'), LABELS,
      // A key made for the source is opaque (a title may name somebody); one typed must not spell a name.
      async (valid) => (given ? valid : { ...valid, key: await nextOpaqueKey(web.db, 'sources', 's-xx') }),
      (db, source) => recordKeyProblems(db, 'sources', source));
    if (result.ok) return reply.redirect(`/sources/${result.key}?saved=1`, 303);
    return showForm(request, reply, values, result.errors, false, 422);
  });

  web.get<{ Params: { key: string } }>('/sources/:key', async (request, reply) => {
    const source = await loadSourceOr404(web, request.params.key);
    const [organisation] = source.organisation ? await loadOrganisationsByKeys(web.db, [source.organisation]) : [];
    const citing = (await findDependants(web.db, 'sources', source.key)).map((d) => d.path.split('/')[2]!);
    const incidents = await loadIncidentsByKeys(web.db, citing);
    return renderPage(request, reply, 'sources/detail', {
      title: source.title,
      section: 'sources',
      saved: (request.query as Record<string, unknown>).saved === '1',
      source,
      type: sourceTypeLabel(source.type),
      reliability: RELIABILITY_LABELS[source.reliability],
      organisation: organisation?.name ?? null,
      // Exactly what documents print for it (no protected names apply here: this is the staff view).
      citedAs: sourceView(source, organisation, new Redactor([])).description,
      incidents: incidents.map((i) => ({
        key: i.key, title: i.title, date: i.date,
        grading: `${source.reliability}${i.sources.find((s) => s.source === source.key)?.credibility ?? '?'}`,
      })),
    });
  });

  web.get<{ Params: { key: string } }>('/sources/:key/edit', async (request, reply) => {
    const source = await loadSourceOr404(web, request.params.key);
    return showForm(request, reply, sourceValues(source), {}, true);
  });

  web.post<{ Params: { key: string } }>('/sources/:key', async (request, reply) => {
    const { key } = request.params;
    await loadSourceOr404(web, key);
    const values = { ...(request.body as Values), key };
    const result = await saveFromForm(web.db, sourceStore, 'replace', SourceSchema, sourceInput(values, key), LABELS);
    if (result.ok) return reply.redirect(`/sources/${key}?saved=1`, 303);
    return showForm(request, reply, values, result.errors, true, 422);
  });

  async function showForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors: Errors, editing: boolean, status = 200) {
    const key = String(values.key ?? '');
    return renderPage(request, reply, 'sources/form', {
      title: editing ? `Edit source ${key}` : 'New source',
      section: 'sources',
      action: editing ? `/sources/${key}` : '/sources',
      cancel: editing ? `/sources/${key}` : '/sources',
      fields: fieldViews(await sourceSpecs(web, editing), values, errors),
      errors,
    }, status);
  }
}
