import type { FastifyInstance } from 'fastify';
import { Redactor } from '../../consent/consent.js';
import { sourceView } from '../../documents/context/sources.js';
import { SourceSchema } from '../../records/bundle.schemas.js';
import { findDependants } from '../../records/dependants.repository.js';
import { loadIncidentsByKeys, loadOrganisationsByKeys } from '../../records/records.repository.js';
import { sourceStore } from '../../records/record-stores.repository.js';
import { SOURCE_TYPES } from '../../records/vocabulary.js';
import { recordKeyProblems } from '../../consent/record-keys.js';
import { text } from '../fields.js';
import { options, RELIABILITY_LABELS, sourceTypeLabel } from '../labels.js';
import { organisationChoices } from '../../records/record-choices.repository.js';
import { formCodec } from './form-codec.js';
import { allowedFilters, registerRecordPages, searchText } from './record-pages.js';

const LABELS: Record<string, string> = {
  key: 'Key', type: 'Type', title: 'Title', author: 'Author', organisation: 'Organisation', date: 'Date', url: 'Web address',
  reliability: 'Reliability', confidential: 'Confidential', identifies: 'Persons it identifies', reference: 'Reference',
};

const CODEC = formCodec({
  type: 'choice', title: 'text', author: 'optional', organisation: 'optional', date: 'optional', url: 'optional',
  reliability: 'choice', confidential: 'checkbox', reference: 'optional',
});

const CONFIDENTIAL_TEXT = 'Confidential: documents never show its title, author or address, only its type and month, e.g. “Confidential source (interview, March 2018)”';

/** Sources: list, detail (with how documents cite it), create and edit. */
export async function sourcePages(web: FastifyInstance): Promise<void> {
  registerRecordPages(web, {
    section: 'sources',
    store: sourceStore,
    schema: SourceSchema,
    labels: LABELS,
    list: {
      query(raw) {
        const shown = allowedFilters(raw, { type: SOURCE_TYPES, confidential: ['true', 'false'] });
        const q = searchText(raw.q);
        if (q !== undefined) shown.q = q;
        return {
          shown,
          filter: {
            type: shown.type as string | undefined,
            confidential: shown.confidential === undefined ? undefined : shown.confidential === 'true',
            q: shown.q as string | undefined,
          },
        };
      },
      fields: () => ({
        type: { label: 'Type', type: 'select', empty: 'Any type', options: options.sourceTypes },
        confidential: { label: 'Confidential', type: 'select', empty: 'Confidential or not', options: [{ value: 'true', label: 'Confidential only' }, { value: 'false', label: 'Not confidential' }] },
        q: { label: 'Text', hint: 'Searched in titles and authors, in any script and case', maxlength: 200 },
      }),
      row: (s) => ({
        key: s.key, title: s.title, type: sourceTypeLabel(s.type), author: s.author, date: s.date, reliability: s.reliability, confidential: s.confidential,
      }),
      columns: [
        { label: 'Title', sort: 'title' },
        { label: 'Type', sort: 'type' },
        { label: 'Author', sort: 'author' },
        { label: 'Date', sort: 'date', firstDir: 'desc' },
        { label: 'Reliability', sort: 'reliability' },
      ],
      defaultSort: { by: 'date', dir: 'desc' },
    },
    form: {
      keyHint: 'Lowercase letters, digits and "-"; it must not spell a name (keys travel in files and links). Leave it empty for an opaque one (s-xx-0001).',
      fields: async (db) => {
        const organisations = await organisationChoices(db);
        return {
          fields: {
            type: { label: 'Type', type: 'select', required: true, empty: '— choose —', options: options.sourceTypes },
            title: { label: 'Title', required: true, maxlength: 500, hint: 'e.g. "KIBHR monitoring note on detentions of alleged DVK supporters"' },
            author: { label: 'Author', maxlength: 300, hint: 'A person or organisation, as it should be cited.' },
            organisation: { label: 'Organisation', type: 'select', empty: '— none —', options: organisations.map((o) => ({ value: o.key, label: o.name })) },
            date: { label: 'Date', placeholder: 'YYYY-MM-DD', maxlength: 10, hint: 'When it was published or recorded; leave empty when unknown.' },
            url: { label: 'Web address', type: 'url', maxlength: 2000, placeholder: 'https://…', hint: 'http or https only.' },
            reference: { label: 'Reference', maxlength: 100, placeholder: 'AL KAZ 1/2018', hint: 'For a UN Special Procedures communication, its reference (required): documents cite it by it. Or a court case number.' },
            reliability: {
              label: 'Reliability of the source', type: 'radios', required: true, options: options.reliability,
              hint: 'The Admiralty scale. How credible each piece of information is gets graded where an incident cites the source.',
            },
            confidential: { label: CONFIDENTIAL_TEXT, type: 'checkbox' },
            identifies: {
              label: 'Persons it names or identifies', maxlength: 2000, placeholder: 'p-kz-0001, p-kz-0002',
              hint: 'Person keys, separated by commas. Where one of them may not be named, documents cite this source like a confidential one.',
            },
          },
        };
      },
      blank: () => ({}),
      values: (s) => ({ ...CODEC.values(s), identifies: (s.identifies ?? []).join(', ') }),
      input: (values, key) => ({ ...(CODEC.input(values, key) as Record<string, unknown>), identifies: text(values, 'identifies').split(/[\s,]+/).filter((k) => k !== '') }),
      // A key made for the source is opaque (a title may name somebody); one typed must not spell a name.
      newKey: { opaquePrefix: 's-xx' },
      keyCheck: (db, source) => recordKeyProblems(db, 'sources', source),
    },
    async detail(db, source) {
      const [organisation] = source.organisation ? await loadOrganisationsByKeys(db, [source.organisation]) : [];
      const citing = (await findDependants(db, 'sources', source.key)).map((d) => d.path.split('/')[2]!);
      const incidents = await loadIncidentsByKeys(db, citing);
      return {
        title: source.title,
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
      };
    },
  });
}
