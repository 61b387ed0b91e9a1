import type { FastifyInstance } from 'fastify';
import { RecommendationSchema } from '../../records/bundle.schemas.js';
import { loadIncidentsByKeys } from '../../records/records.repository.js';
import { recommendationStore } from '../../records/record-stores.repository.js';
import { ADDRESSEES, RIGHTS } from '../../records/vocabulary.js';
import { ADDRESSEE_LABELS, options, rightLabel } from '../labels.js';
import { countries, incidentChoices } from '../../records/record-choices.repository.js';
import { formCodec } from './form-codec.js';
import { allowedFilters, registerRecordPages } from './record-pages.js';

const LABELS: Record<string, string> = { key: 'Key', right: 'Right', addressee: 'Addressed to', text: 'Text', incidents: 'Incidents' };
const CODEC = formCodec({ right: 'choice', addressee: 'choice', text: 'text', incidents: 'list' });

/** Recommendations: list by right and addressee, detail, create and edit. */
export async function recommendationPages(web: FastifyInstance): Promise<void> {
  registerRecordPages(web, {
    section: 'recommendations',
    store: recommendationStore,
    schema: RecommendationSchema,
    labels: LABELS,
    list: {
      query(raw) {
        const shown = allowedFilters(raw, { right: RIGHTS, addressee: ADDRESSEES, country: /^[A-Z]{2}$/ });
        return {
          shown,
          filter: { right: shown.right as string | undefined, addressee: shown.addressee as string | undefined, country: shown.country as string | undefined },
        };
      },
      fields: async (db) => {
        const known = await countries(db);
        return {
          right: { label: 'Right', type: 'select', empty: 'Any right', options: options.rights },
          addressee: { label: 'Addressed to', type: 'select', empty: 'Anyone', options: options.addressees },
          country: { label: 'Country', type: 'select', empty: 'Any country', options: known.map((c) => ({ value: c.code, label: c.name })) },
        };
      },
      row: (r) => ({
        key: r.key, text: r.text, right: rightLabel(r.right), addressee: ADDRESSEE_LABELS[r.addressee], incidents: r.incidents.length,
      }),
      columns: [
        { label: 'Recommendation' },
        { label: 'Right', sort: 'right' },
        { label: 'Addressed to', sort: 'addressee' },
        { label: 'Incidents' },
      ],
      defaultSort: { by: 'newest', dir: 'desc' },
    },
    form: {
      keyHint: 'Lowercase letters, digits and "-". Leave it empty for an opaque one (r-xx-0001).',
      fields: async (db) => {
        const incidents = await incidentChoices(db);
        return {
          fields: {
            right: { label: 'Right', type: 'select', required: true, empty: '— choose —', options: options.rights, hint: 'Briefings print it in the section of this right.' },
            addressee: { label: 'Addressed to', type: 'radios', required: true, options: options.addressees },
            text: { label: 'Text', type: 'textarea', required: true, rows: 4, maxlength: 5000, hint: 'One recommendation, as it should be printed, e.g. "Release the detained blogger immediately and unconditionally." A person is written as a mention, [[person:p-kz-0042]], so that each document names or pseudonymises them by consent.' },
            incidents: {
              label: 'About these incidents', type: 'checkboxes', picker: 'incidents',
              hint: 'A recommendation linked to no incident is used for every document on its country.',
              options: incidents.map((i) => ({ value: i.key, label: `${i.date} — ${i.title}` })),
            },
          },
        };
      },
      blank: () => ({ addressee: 'state' }),
      values: CODEC.values,
      input: CODEC.input,
      // Opaque: a recommendation's words may name somebody, and keys travel in files and links.
      newKey: { opaquePrefix: 'r-xx' },
      ordered: (existing) => ({ incidents: existing.incidents }),
    },
    async detail(db, rec) {
      const incidents = await loadIncidentsByKeys(db, rec.incidents);
      return {
        title: `Recommendation ${rec.key}`,
        rec,
        right: rightLabel(rec.right),
        addressee: ADDRESSEE_LABELS[rec.addressee],
        incidents: incidents.map((i) => ({ key: i.key, title: i.title, date: i.date })),
      };
    },
  });
}
