import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../http/errors.js';
import { KEY_PATTERN } from '../../records/bundle.schemas.js';
import { findDependants } from '../../records/dependants.repository.js';
import { problemsFromZod } from '../../shared/problems.js';
import { incidentStore } from '../../records/record-stores.repository.js';
import { loadPersonsByKeys, loadSourcesByKeys } from '../../records/records.repository.js';
import { IncidentBody, IncidentListQuery } from '../../routes/api/schemas/record.schemas.js';
import { errorsByField, fieldViews, keepOrder, slugKey, type Errors, type Values } from '../fields.js';
import { options, rightLabel, sourceTypeLabel, violationLabel, CONSENT_TEXT } from '../labels.js';
import { filledQuery, pageNumber, pager, PAGE_SIZE, queryString } from '../listing.js';
import { renderPage } from '../page.js';
import { countries, freeKey } from '../../records/record-choices.repository.js';
import { INCIDENT_LABELS, incidentForm, incidentInput, incidentValues, normaliseIncidentValues } from './incidents.form.js';
import { saveFromForm } from './save.js';

const FILTER_LABELS: Record<string, string> = {
  country: 'Country', from: 'From', to: 'To', right: 'Right', violation: 'Violation', urgent: 'Urgent', q: 'Text', person: 'Person',
};

async function loadIncidentOr404(web: FastifyInstance, key: string) {
  const incident = KEY_PATTERN.test(key) ? await incidentStore.load(web.db, key) : undefined;
  if (!incident) throw notFound(`Incident '${key}'`);
  return incident;
}

/** Incidents: a filtered list, a detail page, and the create and edit forms. */
export async function incidentPages(web: FastifyInstance): Promise<void> {
  web.get('/incidents', async (request, reply) => {
    const filters = filledQuery(request.query);
    const page = pageNumber(filters);
    delete filters.page;
    const parsed = IncidentListQuery.safeParse({ ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, { reportInput: true });
    const errors: Errors = parsed.success ? {} : errorsByField(problemsFromZod(parsed.error), Object.keys(FILTER_LABELS), FILTER_LABELS);
    const result = parsed.success
      ? await incidentStore.list(web.db, parsed.data, { limit: parsed.data.limit, offset: parsed.data.offset })
      : { items: [], total: 0 };
    const known = await countries(web.db);
    const filterFields = fieldViews({
      country: { label: 'Country', type: 'select', empty: 'Any country', options: known.map((c) => ({ value: c.code, label: c.name })) },
      from: { label: 'From', placeholder: 'YYYY-MM-DD', hint: 'Incidents ending on or after', maxlength: 10 },
      to: { label: 'To', placeholder: 'YYYY-MM-DD', hint: 'Incidents starting on or before', maxlength: 10 },
      right: { label: 'Right', type: 'select', empty: 'Any right', options: options.rights },
      violation: { label: 'Violation', type: 'select', empty: 'Any violation', options: options.violations },
      urgent: { label: 'Urgent', type: 'select', empty: 'Urgent or not', options: [{ value: 'true', label: 'Urgent only' }, { value: 'false', label: 'Not urgent' }] },
      q: { label: 'Text', hint: 'Searched in titles and summaries', maxlength: 200 },
    }, filters, errors);
    return renderPage(request, reply, 'incidents/list', {
      title: 'Incidents',
      section: 'incidents',
      filters: filterFields,
      person: typeof filters.person === 'string' ? filters.person : null,
      personFilter: typeof filters.person === 'string' ? queryString({ person: filters.person }) : '',
      filtered: Object.keys(filters).length > 0,
      errors,
      items: result.items.map((i) => ({
        key: i.key,
        title: i.title,
        date: i.endDate ? `${i.date} – ${i.endDate}` : i.date,
        place: i.location.place,
        country: i.country.name,
        rights: i.rights.map(rightLabel).join(', '),
        sourceCount: i.sources.length,
        unsourced: i.sources.length === 0,
        urgent: i.urgent,
      })),
      pager: pager('/incidents', filters, page, result.total, result.items.length, 'incidents'),
    }, parsed.success ? 200 : 400);
  });

  web.get('/incidents/new', async (request, reply) => {
    const known = await countries(web.db);
    const prefill = filledQuery(request.query);
    const values: Values = {
      dateAccuracy: 'exact',
      status: 'ongoing',
      'country.code': known.length === 1 ? known[0]!.code : '',
      ...pick(prefill, ['country.code', 'victims', 'followUpOf']),
    };
    return showForm(request, reply, values, {}, false);
  });

  web.post('/incidents', async (request, reply) => {
    const values = normaliseIncidentValues(request.body as Values);
    const given = String(values.key ?? '').trim();
    const input = incidentInput(values, given || 'placeholder-key');
    const result = await saveFromForm(web.db, incidentStore, 'create', IncidentBody, input, INCIDENT_LABELS, async (valid) =>
      given ? valid : { ...valid, key: await freeKey(web.db, 'incidents', slugKey(valid.country.code.toLowerCase(), valid.date)) });
    if (result.ok) return reply.redirect(`/incidents/${result.key}?saved=1`, 303);
    return showForm(request, reply, values, inFormWords(result.errors), false, 422);
  });

  web.get<{ Params: { key: string } }>('/incidents/:key', async (request, reply) => {
    const incident = await loadIncidentOr404(web, request.params.key);
    const [persons, sources, dependants] = await Promise.all([
      loadPersonsByKeys(web.db, incident.victims),
      loadSourcesByKeys(web.db, incident.sources.map((s) => s.source)),
      findDependants(web.db, 'incidents', incident.key),
    ]);
    const personByKey = new Map(persons.map((p) => [p.key, p]));
    const sourceByKey = new Map(sources.map((s) => [s.key, s]));
    const followUp = incident.followUpOf ? await incidentStore.load(web.db, incident.followUpOf) : undefined;
    return renderPage(request, reply, 'incidents/detail', {
      title: incident.title,
      section: 'incidents',
      saved: (request.query as Record<string, unknown>).saved === '1',
      incident,
      date: incident.endDate ? `${incident.date} – ${incident.endDate}` : incident.date,
      dateAccuracy: options.dateAccuracy.find((o) => o.value === incident.dateAccuracy)?.label,
      rights: incident.rights.map(rightLabel),
      violations: incident.violations.map(violationLabel),
      victims: incident.victims.map((key) => {
        const p = personByKey.get(key);
        return {
          key,
          name: p?.name ?? key,
          pseudonym: p?.pseudonym ?? '',
          consent: p ? [
            { text: CONSENT_TEXT.unSubmission, yes: p.consent.unSubmission },
            { text: CONSENT_TEXT.publicNaming, yes: p.consent.publicNaming },
          ] : [],
        };
      }),
      evidence: incident.sources.map((link) => {
        const s = sourceByKey.get(link.source);
        return {
          key: link.source,
          title: s?.title ?? link.source,
          type: s ? sourceTypeLabel(s.type) : '',
          author: s?.author ?? null,
          date: s?.date ?? null,
          confidential: s?.confidential ?? false,
          grading: `${s?.reliability ?? '?'}${link.credibility}`,
          gradingText: `Source reliability ${s?.reliability ?? 'unknown'}, information credibility ${link.credibility}`,
          locator: link.locator,
          excerpt: link.excerpt,
        };
      }),
      unsourced: incident.sources.length === 0,
      followUp: followUp ? { key: followUp.key, title: followUp.title, date: followUp.date } : null,
      dependants: dependants.map((d) => {
        const [, type, key] = d.path.split('/');
        return { href: `/${type}/${key}`, message: d.message };
      }),
      generateLinks: {
        urgentAppeal: `/generate/urgent-appeal${queryString({ 'selection.incidents': incident.key })}`,
        unCommunication: `/generate/un-communication${queryString({ 'selection.incidents': incident.key })}`,
      },
    });
  });

  web.get<{ Params: { key: string } }>('/incidents/:key/edit', async (request, reply) => {
    const incident = await loadIncidentOr404(web, request.params.key);
    return showForm(request, reply, incidentValues(incident), {}, true);
  });

  web.post<{ Params: { key: string } }>('/incidents/:key', async (request, reply) => {
    const { key } = request.params;
    const existing = await loadIncidentOr404(web, key);
    const submitted: Values = { ...normaliseIncidentValues(request.body as Values), key };
    // Checkboxes list in vocabulary or name order; the record's own order means something (the
    // first victim is an appeal's subject), so ticked items keep it and new ones follow.
    const values = {
      ...submitted,
      rights: keepOrder(existing.rights, submitted.rights),
      violations: keepOrder(existing.violations, submitted.violations),
      victims: keepOrder(existing.victims, submitted.victims),
    };
    const result = await saveFromForm(web.db, incidentStore, 'replace', IncidentBody, incidentInput(values, key), INCIDENT_LABELS);
    if (result.ok) return reply.redirect(`/incidents/${key}?saved=1`, 303);
    return showForm(request, reply, values, inFormWords(result.errors), true, 422);
  });

  async function showForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors: Errors, editing: boolean, status = 200) {
    const form = await incidentForm(web.db, values, errors, editing);
    const key = String(values.key ?? '');
    return renderPage(request, reply, 'incidents/form', {
      title: editing ? `Edit incident ${key}` : 'New incident',
      section: 'incidents',
      editing,
      action: editing ? `/incidents/${key}` : '/incidents',
      cancel: editing ? `/incidents/${key}` : '/incidents',
      errors,
      ...form,
    }, status);
  }
}

/** The API's wording names JSON fields; on the form, name the field to fill in instead. */
function inFormWords(errors: Errors): Errors {
  const code = errors['country.code'];
  if (code?.includes('give country.name as well')) {
    return { ...errors, 'country.code': code.replace(/: give country\.name as well to register it/, ': fill in the country name as well to add it') };
  }
  return errors;
}

function pick(values: Values, names: string[]): Values {
  return Object.fromEntries(names.filter((n) => values[n] !== undefined).map((n) => [n, values[n]]));
}
