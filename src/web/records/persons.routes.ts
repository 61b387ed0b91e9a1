import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../http/errors.js';
import { KEY_PATTERN, PersonSchema } from '../../records/bundle.schemas.js';
import type { PersonRecord } from '../../records/records.js';
import { incidentStore, personStore } from '../../records/record-stores.repository.js';
import {
  checkbox, fieldViews, integerOrText, optionalText, text, type Errors, type FieldSpec, type Values,
} from '../fields.js';
import { CONSENT_TEXT, options } from '../labels.js';
import { filledQuery, pageNumber, pager, PAGE_SIZE, queryString } from '../listing.js';
import { renderPage } from '../page.js';
import { nextOpaqueKey } from '../../records/record-keys.repository.js';
import { recordKeyProblems } from '../../consent/record-keys.js';
import { saveFromForm } from './save.js';

const LABELS: Record<string, string> = {
  key: 'Key', kind: 'Kind', name: 'Name', nameNative: 'Name in its own script', pseudonym: 'Pseudonym', sex: 'Sex',
  birthYear: 'Year of birth', occupation: 'Occupation', affiliation: 'Affiliation', 'consent.unSubmission': 'Consent',
  'consent.publicNaming': 'Consent', 'consent.stateTransmission': 'Consent', consent: 'Consent', risk: 'Risk',
};

function personInput(values: Values, key: string): unknown {
  return {
    key,
    kind: optionalText(values, 'kind') ?? undefined,
    name: text(values, 'name'),
    nameNative: optionalText(values, 'nameNative'),
    pseudonym: text(values, 'pseudonym'),
    sex: optionalText(values, 'sex'),
    birthYear: integerOrText(values, 'birthYear'),
    occupation: optionalText(values, 'occupation'),
    affiliation: optionalText(values, 'affiliation'),
    consent: {
      unSubmission: checkbox(values, 'consent.unSubmission'),
      publicNaming: checkbox(values, 'consent.publicNaming'),
      stateTransmission: checkbox(values, 'consent.stateTransmission'),
    },
    risk: optionalText(values, 'risk'),
  };
}

function personValues(p: PersonRecord): Values {
  const on = (b: boolean) => (b ? 'on' : undefined);
  return {
    key: p.key, kind: p.kind, name: p.name, nameNative: p.nameNative ?? '', pseudonym: p.pseudonym, sex: p.sex ?? '',
    birthYear: p.birthYear === null ? '' : String(p.birthYear), occupation: p.occupation ?? '', affiliation: p.affiliation ?? '',
    'consent.unSubmission': on(p.consent.unSubmission), 'consent.publicNaming': on(p.consent.publicNaming),
    'consent.stateTransmission': on(p.consent.stateTransmission), risk: p.risk ?? '',
  };
}

function personSpecs(editing: boolean): Record<string, FieldSpec> {
  return {
    key: editing
      ? { label: 'Key', readonly: true, hint: 'The person\'s stable identifier; it cannot be changed.' }
      : { label: 'Key', maxlength: 80, hint: 'Lowercase letters, digits and "-"; it must not spell a name (keys travel in files and links). Leave it empty for an opaque one (p-xx-0001).' },
    kind: { label: 'This record is', type: 'radios', required: true, options: options.personKinds },
    name: { label: 'Name', required: true, maxlength: 300, hint: 'The real name, as the person or group is known.' },
    nameNative: { label: 'Name in its own script', maxlength: 300, hint: 'e.g. Акмарал Тобылова' },
    pseudonym: { label: 'Pseudonym', required: true, maxlength: 120, hint: 'Used wherever the person has not consented to be named, e.g. "Activist A".' },
    sex: { label: 'Sex', type: 'select', empty: 'Not recorded', options: options.sexes },
    birthYear: { label: 'Year of birth', maxlength: 4, placeholder: 'YYYY' },
    occupation: { label: 'Occupation', maxlength: 300, hint: 'e.g. civil society activist' },
    affiliation: { label: 'Affiliation', maxlength: 500 },
    'consent.unSubmission': { label: CONSENT_TEXT.unSubmission, type: 'checkbox', hint: 'Otherwise UN communications use the pseudonym.' },
    'consent.publicNaming': { label: CONSENT_TEXT.publicNaming, type: 'checkbox', hint: 'Otherwise briefings and urgent appeals use the pseudonym.' },
    'consent.stateTransmission': { label: CONSENT_TEXT.stateTransmission, type: 'checkbox', hint: 'UN mandate holders usually send the case to the Government concerned.' },
    risk: { label: 'Risk of reprisal', type: 'select', empty: 'Not assessed', options: options.risks },
  };
}

async function loadPersonOr404(web: FastifyInstance, key: string): Promise<PersonRecord> {
  const person = KEY_PATTERN.test(key) ? await personStore.load(web.db, key) : undefined;
  if (!person) throw notFound(`Person '${key}'`);
  return person;
}

/** Persons: list, detail with consent in plain words, create and edit. */
export async function personPages(web: FastifyInstance): Promise<void> {
  web.get('/persons', async (request, reply) => {
    const filters = filledQuery(request.query);
    const page = pageNumber(filters);
    const q = typeof filters.q === 'string' ? filters.q.slice(0, 200).replace(/\u0000/g, '') : undefined;
    const shown = q ? { q } : {};
    const { items, total } = await personStore.list(web.db, { q }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return renderPage(request, reply, 'persons/list', {
      title: 'Persons',
      section: 'persons',
      search: fieldViews({ q: { label: 'Search names and pseudonyms', maxlength: 200 } }, shown, {}),
      filtered: Boolean(q),
      items: items.map((p) => ({
        key: p.key, name: p.name, pseudonym: p.pseudonym, kind: p.kind,
        un: p.consent.unSubmission, public: p.consent.publicNaming,
      })),
      pager: pager('/persons', shown, page, total, items.length, 'persons'),
    });
  });

  web.get('/persons/new', async (request, reply) =>
    showForm(request, reply, { kind: 'individual' }, {}, false));

  web.post('/persons', async (request, reply) => {
    const values = request.body as Values;
    const given = String(values.key ?? '').trim();
    const result = await saveFromForm(web.db, personStore, 'create', PersonSchema, personInput(values, given || 'placeholder-key'), LABELS,
      // A key made for the person is opaque (p-xx-0001: no country on a person made here); one typed must not spell a name.
      async (valid) => (given ? valid : { ...valid, key: await nextOpaqueKey(web.db, 'persons', 'p-xx') }),
      (db, person) => recordKeyProblems(db, 'persons', person));
    if (result.ok) return reply.redirect(`/persons/${result.key}?saved=1`, 303);
    return showForm(request, reply, values, result.errors, false, 422);
  });

  web.get<{ Params: { key: string } }>('/persons/:key', async (request, reply) => {
    const person = await loadPersonOr404(web, request.params.key);
    const incidents = await incidentStore.list(web.db, { person: person.key }, { limit: 100, offset: 0 });
    const c = person.consent;
    return renderPage(request, reply, 'persons/detail', {
      title: person.name,
      section: 'persons',
      saved: (request.query as Record<string, unknown>).saved === '1',
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
    });
  });

  web.get<{ Params: { key: string } }>('/persons/:key/edit', async (request, reply) => {
    const person = await loadPersonOr404(web, request.params.key);
    return showForm(request, reply, personValues(person), {}, true);
  });

  web.post<{ Params: { key: string } }>('/persons/:key', async (request, reply) => {
    const { key } = request.params;
    await loadPersonOr404(web, key);
    const values = { ...(request.body as Values), key };
    const result = await saveFromForm(web.db, personStore, 'replace', PersonSchema, personInput(values, key), LABELS);
    if (result.ok) return reply.redirect(`/persons/${key}?saved=1`, 303);
    return showForm(request, reply, values, result.errors, true, 422);
  });

  async function showForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors: Errors, editing: boolean, status = 200) {
    const key = String(values.key ?? '');
    return renderPage(request, reply, 'persons/form', {
      title: editing ? `Edit person ${key}` : 'New person',
      section: 'persons',
      action: editing ? `/persons/${key}` : '/persons',
      cancel: editing ? `/persons/${key}` : '/persons',
      fields: fieldViews(personSpecs(editing), values, errors),
      errors,
    }, status);
  }
}
