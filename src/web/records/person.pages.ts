import type { FastifyInstance } from 'fastify';
import { PersonSchema } from '../../records/bundle.schemas.js';
import { incidentStore, personStore } from '../../records/record-stores.repository.js';
import { numbersSharedWithName, pseudonymProblems } from '../../consent/pseudonym-check.js';
import { recordKeyProblems, renameKeysForPersonWrite } from '../../consent/record-keys.js';
import { CONSENT_TEXT, options } from '../labels.js';
import { queryString } from '../listing.js';
import { formCodec } from './form-codec.js';
import type { Values } from '../fields.js';
import { registerRecordPages, searchText } from './record-pages.js';

const LABELS: Record<string, string> = {
  key: 'Key', kind: 'Kind', name: 'Name', nameNative: 'Name in its own script', pseudonym: 'Pseudonym', sex: 'Sex',
  birthYear: 'Year of birth', occupation: 'Occupation', affiliation: 'Affiliation', 'consent.unSubmission': 'Consent',
  'consent.publicNaming': 'Consent', 'consent.stateTransmission': 'Consent', 'consent.unPublicReport': 'Consent', consent: 'Consent', risk: 'Risk',
  age: 'Age', 'age.years': 'Age', 'age.asOf': 'Age recorded on', nationality: 'Nationality',
  whereabouts: 'Where the person is now', 'whereabouts.status': 'Where the person is now', 'whereabouts.place': 'Place', 'whereabouts.asOf': 'As of',
};

const CODEC = formCodec({
  kind: 'choice', name: 'text', nameNative: 'optional', pseudonym: 'text', sex: 'optional', birthYear: 'integer',
  occupation: 'optional', affiliation: 'optional', 'consent.unSubmission': 'checkbox', 'consent.publicNaming': 'checkbox',
  'consent.stateTransmission': 'checkbox', 'consent.unPublicReport': 'checkbox', risk: 'optional',
  'age.years': 'integer', 'age.asOf': 'optional', nationality: 'optional',
  'whereabouts.status': 'choice', 'whereabouts.place': 'optional', 'whereabouts.asOf': 'optional',
});

/** The API body from the form: an age or whereabouts left blank is no age or whereabouts (null), not an empty object. */
function personInput(values: Values, key: string): unknown {
  const body = CODEC.input(values, key) as Record<string, Record<string, unknown> | null>;
  const blank = (o: Record<string, unknown> | null | undefined) => !o || Object.values(o).every((v) => v === null || v === undefined || v === '');
  if (blank(body.age)) body.age = null;
  if (blank(body.whereabouts)) body.whereabouts = null;
  return body;
}

/** Persons: list, detail with consent in plain words, create and edit. */
export async function personPages(web: FastifyInstance): Promise<void> {
  registerRecordPages(web, {
    section: 'persons',
    store: personStore,
    schema: PersonSchema,
    labels: LABELS,
    list: {
      query(raw) {
        const q = searchText(raw.q);
        return { shown: q ? { q } : {}, filter: { q } };
      },
      fields: () => ({ q: { label: 'Search names and pseudonyms', maxlength: 200, hint: 'Any script and case: Тобылова finds Tobylova' } }),
      columns: [
        { label: 'Name', sort: 'name' },
        { label: 'Pseudonym', sort: 'pseudonym' },
        { label: 'Kind', sort: 'kind' },
        { label: 'May be named to the UN' },
        { label: 'May be named in public' },
      ],
      defaultSort: { by: 'newest', dir: 'desc' },
      row: (p) => ({
        key: p.key, name: p.name, pseudonym: p.pseudonym, kind: p.kind, un: p.consent.unSubmission, public: p.consent.publicNaming,
      }),
    },
    form: {
      keyHint: 'Lowercase letters, digits and "-"; it must not spell a name (keys travel in files and links). Leave it empty for an opaque one (p-xx-0001).',
      fields: async () => ({
        fields: {
          kind: { label: 'This record is', type: 'radios', required: true, options: options.personKinds },
          name: { label: 'Name', required: true, maxlength: 300, hint: 'The real name, as the person or group is known.' },
          nameNative: { label: 'Name in its own script', maxlength: 300, hint: 'e.g. Айгерім Сейтова (a fictional name)' },
          pseudonym: { label: 'Pseudonym', required: true, maxlength: 120, hint: 'Used wherever the person has not consented to be named, e.g. "Activist A".' },
          sex: { label: 'Sex', type: 'select', empty: 'Not recorded', options: options.sexes },
          birthYear: { label: 'Year of birth', maxlength: 4, placeholder: 'YYYY' },
          occupation: { label: 'Occupation', maxlength: 300, hint: 'e.g. civil society activist' },
          affiliation: { label: 'Affiliation', maxlength: 500 },
          'consent.unSubmission': { label: CONSENT_TEXT.unSubmission, type: 'checkbox', hint: 'Otherwise UN communications use the pseudonym.' },
          'consent.publicNaming': { label: CONSENT_TEXT.publicNaming, type: 'checkbox', hint: 'Otherwise briefings and urgent appeals use the pseudonym.' },
          'consent.stateTransmission': { label: CONSENT_TEXT.stateTransmission, type: 'checkbox', hint: 'UN mandate holders usually send the case to the Government concerned.' },
          'consent.unPublicReport': { label: CONSENT_TEXT.unPublicReport, type: 'checkbox', hint: 'The Special Procedures publish their letters after about 60 days. Otherwise the communication asks them to use initials (or the pseudonym, where the person is not named to the UN at all).' },
          'age.years': { label: 'Age', maxlength: 3, hint: 'In years, when the year of birth is not known.' },
          'age.asOf': { label: 'Age recorded on', placeholder: 'YYYY-MM-DD', maxlength: 10 },
          nationality: { label: 'Nationality', maxlength: 200, hint: 'e.g. Kazakhstani. Printed only where the person may be named.' },
          'whereabouts.status': { label: 'Where the person is now', type: 'select', empty: 'Not recorded', options: options.whereabouts },
          'whereabouts.place': { label: 'Place', maxlength: 300, hint: 'In custody: the facility and town. Printed only where the person may be named.' },
          'whereabouts.asOf': { label: 'As of', placeholder: 'YYYY-MM-DD', maxlength: 10 },
          risk: { label: 'Risk of reprisal', type: 'select', empty: 'Not assessed', options: options.risks },
        },
      }),
      blank: () => ({ kind: 'individual' }),
      values: CODEC.values,
      input: personInput,
      // Never from the real name: the key travels in files and links.
      // A key made for the person is opaque (no country on a person made here); one typed must not spell a name.
      // Nor one that carries a number of the name ("p-xx-0389" for Initiative group 389).
      newKey: { opaquePrefix: 'p-xx', avoid: (key, person) => numbersSharedWithName(key, person).length > 0 },
      keyCheck: async (db, person) => [...pseudonymProblems(person), ...(await recordKeyProblems(db, 'persons', person))],
      replaceCheck: async (_db, person) => pseudonymProblems(person),
      // Keys written before this name was on record ("kz-2020-07-01-ashim-fined") become opaque now.
      renameKeys: renameKeysForPersonWrite,
    },
    async detail(db, person) {
      const incidents = await incidentStore.list(db, { person: person.key }, { limit: 100, offset: 0 });
      const c = person.consent;
      return {
        title: person.name,
        person,
        consent: [
          { text: CONSENT_TEXT.unSubmission, yes: c.unSubmission },
          { text: CONSENT_TEXT.publicNaming, yes: c.publicNaming },
          { text: CONSENT_TEXT.stateTransmission, yes: c.stateTransmission },
        ],
        inUn: c.unSubmission ? person.name : person.pseudonym,
        inPublic: c.publicNaming ? person.name : person.pseudonym,
        incidents: incidents.items.map((i) => ({ key: i.key, title: i.title, date: i.date, unsourced: i.sources.length === 0 })),
        moreIncidents: incidents.total > incidents.items.length ? `/incidents${queryString({ person: person.key })}` : null,
        appealLink: `/generate/urgent-appeal${queryString({ 'selection.persons': person.key })}`,
      };
    },
  });
}
