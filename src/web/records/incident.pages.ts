import type { FastifyInstance } from 'fastify';
import { findDependants } from '../../records/dependants.repository.js';
import { problemsFromZod } from '../../shared/problems.js';
import { incidentStore } from '../../records/record-stores.repository.js';
import { loadPersonsByKeys, loadSourcesByKeys } from '../../records/records.repository.js';
import { IncidentBody, IncidentListQuery } from '../../routes/api/schemas/record.schemas.js';
import { errorsByField, slugKey, type Errors, type Values } from '../fields.js';
import { options, rightLabel, sourceTypeLabel, violationLabel, CONSENT_TEXT } from '../labels.js';
import { queryString } from '../listing.js';
import { countries } from '../../records/record-choices.repository.js';
import { INCIDENT_LABELS, incidentForm, incidentInput, incidentValues, normaliseIncidentValues } from './incident.form.js';
import { registerRecordPages } from './record-pages.js';

const FILTER_LABELS: Record<string, string> = {
  country: 'Country', from: 'From', to: 'To', right: 'Right', violation: 'Violation', urgent: 'Urgent', q: 'Text', person: 'Person',
};

/** Incidents: a filtered list, a detail page, and the create and edit forms (incident.form.ts). */
export async function incidentPages(web: FastifyInstance): Promise<void> {
  registerRecordPages(web, {
    section: 'incidents',
    store: incidentStore,
    schema: IncidentBody,
    labels: INCIDENT_LABELS,
    list: {
      // The API's list query: a filter it refuses is a 400 with the problem beside its field.
      query(raw, page) {
        const parsed = IncidentListQuery.safeParse({ ...raw, limit: page.limit, offset: page.offset }, { reportInput: true });
        return parsed.success
          ? { shown: raw, filter: parsed.data }
          : { shown: raw, errors: errorsByField(problemsFromZod(parsed.error), Object.keys(FILTER_LABELS), FILTER_LABELS) };
      },
      fields: async (db) => {
        const known = await countries(db);
        return {
          country: { label: 'Country', type: 'select', empty: 'Any country', options: known.map((c) => ({ value: c.code, label: c.name })) },
          from: { label: 'From', placeholder: 'YYYY-MM-DD', hint: 'Incidents ending on or after', maxlength: 10 },
          to: { label: 'To', placeholder: 'YYYY-MM-DD', hint: 'Incidents starting on or before', maxlength: 10 },
          right: { label: 'Right', type: 'select', empty: 'Any right', options: options.rights },
          violation: { label: 'Violation', type: 'select', empty: 'Any violation', options: options.violations },
          urgent: { label: 'Urgent', type: 'select', empty: 'Urgent or not', options: [{ value: 'true', label: 'Urgent only' }, { value: 'false', label: 'Not urgent' }] },
          q: { label: 'Text', hint: 'Titles, summaries and victims\' names, in any script and case (Тобылова finds Tobylova); "detained" also finds "detention"', maxlength: 200 },
        };
      },
      row: (i) => ({
        key: i.key,
        title: i.title,
        date: i.endDate ? `${i.date} – ${i.endDate}` : i.date,
        place: i.location.place,
        country: i.country.name,
        rights: i.rights.map(rightLabel).join(', '),
        sourceCount: i.sources.length,
        unsourced: i.sources.length === 0,
        urgent: i.urgent,
      }),
      extra: (shown) => ({ person: typeof shown.person === 'string' ? shown.person : null }),
      columns: [
        { label: 'Date', sort: 'date', firstDir: 'desc' },
        { label: 'Incident', sort: 'title' },
        { label: 'Place', sort: 'country' },
        { label: 'Rights' },
        { label: 'Sources' },
      ],
      defaultSort: { by: 'date', dir: 'desc' },
    },
    form: {
      keyHint: 'A stable identifier of lowercase letters, digits and "-", e.g. kz-2018-03-13-almaty. Leave it empty to make one from the country and date.',
      fields: incidentForm,
      async blank(db, query) {
        const known = await countries(db);
        return {
          dateAccuracy: 'exact',
          status: 'ongoing',
          'country.code': known.length === 1 ? known[0]!.code : '',
          // Links from other pages ("Record an incident of this person") prefill these.
          ...pick(query, ['country.code', 'victims', 'followUpOf']),
        };
      },
      values: incidentValues,
      input: incidentInput,
      normalise: normaliseIncidentValues,
      // Country and date only: a title may name somebody, and keys travel in files and links.
      newKey: { from: (valid) => slugKey(valid.country.code.toLowerCase(), valid.date) },
      // The record's own order means something: the first victim is an appeal's subject.
      ordered: (existing) => ({ rights: existing.rights, violations: existing.violations, victims: existing.victims }),
      wording: inFormWords,
    },
    async detail(db, incident) {
      const [persons, sources, dependants] = await Promise.all([
        loadPersonsByKeys(db, incident.victims),
        loadSourcesByKeys(db, incident.sources.map((s) => s.source)),
        findDependants(db, 'incidents', incident.key),
      ]);
      const personByKey = new Map(persons.map((p) => [p.key, p]));
      const sourceByKey = new Map(sources.map((s) => [s.key, s]));
      const followUp = incident.followUpOf ? await incidentStore.load(db, incident.followUpOf) : undefined;
      return {
        title: incident.title,
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
      };
    },
  });
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
