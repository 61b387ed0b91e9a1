import type { Db } from '../../db/database.js';
import { MANDATES } from '../../documents/context/mandates.js';
import type { DocumentKind } from '../../documents/request.schemas.js';
import { RIGHT_LABELS } from '../../records/vocabulary.js';
import {
  checkbox, fieldViews, integerOrText, lines, list, optionalText, type Errors, type FieldSpec, type FieldView, type Option, type Values,
} from '../fields.js';
import { options } from '../labels.js';
import { countries, incidentChoices, personChoices } from '../../records/record-choices.repository.js';

/**
 * One form per document kind. Field names follow the request body's JSON paths
 * ("selection.country", "options.appealCode"), so DocumentRequestSchema's problems land beside
 * their fields; the record selection is shared by the three kinds.
 */

export const KIND_TITLES: Record<DocumentKind, string> = {
  'urgent-appeal': 'Urgent appeal',
  'un-communication': 'UN Special Procedures communication',
  'eu-briefing': 'EU Human Rights Dialogue briefing',
};

export const KIND_AUDIENCE: Record<DocumentKind, string> = {
  'urgent-appeal': 'A public document: a person is named only with consent to be named in public documents.',
  'un-communication': 'A confidential submission: a person is named only with consent to be named in a submission to the UN.',
  'eu-briefing': 'A public document: a person is named only with consent to be named in public documents.',
};

export const GENERATE_LABELS: Record<string, string> = {
  kind: 'Kind', format: 'Format', language: 'Language', draft: 'Draft', methodologyNote: 'Note on method',
  selection: 'Records', 'selection.country': 'Country', 'selection.from': 'From', 'selection.to': 'To',
  'selection.incidents': 'Incidents', 'selection.persons': 'Persons', 'selection.rights': 'Rights',
  options: 'Options',
  'options.variant': 'Kind of letter', 'options.mandates': 'Mandates', 'options.confidentiality': 'Confidentiality',
  'options.domesticRemedies': 'Domestic remedies', 'options.requests': 'Requests',
  'options.dialogueRound': 'Dialogue round', 'options.dialogueRound.number': 'Round number', 'options.dialogueRound.date': 'Date of the round',
  'options.dialogueRound.place': 'Place of the round', 'options.publicationDate': 'Publication date', 'options.keyPoints': 'Key points',
  'options.casesOfConcern': 'Cases of concern',
  'options.appealCode': 'Appeal code', 'options.violation': 'Headline violation', 'options.addressees': 'Addressees',
  'options.actions': 'Actions requested',
  'options.submittingOrganisation': 'Submitting organisation',
  'options.submittingOrganisation.name': 'Organisation name', 'options.submittingOrganisation.acronym': 'Acronym',
  'options.submittingOrganisation.email': 'E-mail', 'options.submittingOrganisation.address': 'Address',
};

/** Textareas that take one item per line. */
export const LINE_FIELDS = new Set(['options.requests', 'options.addressees', 'options.actions', 'options.keyPoints']);

/** Values a fresh form starts with. */
export function defaultValues(kind: DocumentKind): Values {
  return {
    format: 'pdf',
    ...(kind === 'un-communication' ? { 'options.variant': 'allegation-letter', 'options.confidentiality': 'on' } : {}),
  };
}

const undefinedIfEmpty = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);

function submittingOrganisation(values: Values) {
  const p = 'options.submittingOrganisation';
  const fields = {
    name: optionalText(values, `${p}.name`) ?? undefined,
    acronym: optionalText(values, `${p}.acronym`) ?? undefined,
    email: optionalText(values, `${p}.email`) ?? undefined,
    address: optionalText(values, `${p}.address`) ?? undefined,
  };
  // Any of them given: the name is then required, and the schema says so beside it.
  if (Object.values(fields).every((v) => v === undefined)) return undefined;
  return { ...fields, name: fields.name ?? '' };
}

/** "Title | Name | Address | E-mail", one addressee per line. */
function addressees(values: Values) {
  return lines(values, 'options.addressees').map((line) => {
    const [title = '', name, address, email] = line.split('|').map((part) => part.trim());
    return {
      title,
      ...(name ? { name } : {}),
      ...(address ? { address } : {}),
      ...(email ? { email } : {}),
    };
  });
}

/** The body for DocumentRequestSchema (the API's generate schema) from what the form sent. */
export function documentRequestInput(kind: DocumentKind, values: Values): unknown {
  const selection = {
    country: optionalText(values, 'selection.country')?.toUpperCase() ?? undefined,
    from: optionalText(values, 'selection.from') ?? undefined,
    to: optionalText(values, 'selection.to') ?? undefined,
    incidents: undefinedIfEmpty(list(values, 'selection.incidents')),
    persons: undefinedIfEmpty(list(values, 'selection.persons')),
    rights: undefinedIfEmpty(list(values, 'selection.rights')),
  };
  const organisation = submittingOrganisation(values);
  const common = {
    kind,
    format: optionalText(values, 'format') ?? undefined,
    language: 'en',
    draft: checkbox(values, 'draft'),
    methodologyNote: checkbox(values, 'methodologyNote'),
    selection: Object.fromEntries(Object.entries(selection).filter(([, v]) => v !== undefined)),
  };
  const withOrganisation = organisation ? { submittingOrganisation: organisation } : {};
  if (kind === 'un-communication') {
    const requests = lines(values, 'options.requests');
    return {
      ...common,
      options: {
        variant: optionalText(values, 'options.variant') ?? undefined,
        mandates: list(values, 'options.mandates'),
        confidentiality: checkbox(values, 'options.confidentiality'),
        ...(optionalText(values, 'options.domesticRemedies') ? { domesticRemedies: optionalText(values, 'options.domesticRemedies') } : {}),
        ...(requests.length > 0 ? { requests } : {}),
        ...withOrganisation,
      },
    };
  }
  if (kind === 'eu-briefing') {
    const round = {
      number: integerOrText(values, 'options.dialogueRound.number') ?? undefined,
      date: optionalText(values, 'options.dialogueRound.date') ?? undefined,
      place: optionalText(values, 'options.dialogueRound.place') ?? undefined,
    };
    const keyPoints = lines(values, 'options.keyPoints');
    return {
      ...common,
      options: {
        dialogueRound: Object.fromEntries(Object.entries(round).filter(([, v]) => v !== undefined)),
        ...(optionalText(values, 'options.publicationDate') ? { publicationDate: optionalText(values, 'options.publicationDate') } : {}),
        ...(keyPoints.length > 0 ? { keyPoints } : {}),
        ...withOrganisation,
      },
    };
  }
  const actions = lines(values, 'options.actions');
  return {
    ...common,
    options: {
      appealCode: text(values, 'options.appealCode'),
      ...(optionalText(values, 'options.violation') ? { violation: optionalText(values, 'options.violation') } : {}),
      addressees: addressees(values),
      ...(actions.length > 0 ? { actions } : {}),
      ...withOrganisation,
    },
  };
}

function text(values: Values, name: string): string {
  const v = values[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** Long pick lists scroll: what is ticked comes first, so it shows without scrolling. */
function chosenFirst(values: Values, name: string, choices: Option[]): Option[] {
  const chosen = new Set(list(values, name));
  return [...choices.filter((c) => chosen.has(c.value)), ...choices.filter((c) => !chosen.has(c.value))];
}

export interface GenerateFormView {
  fields: Record<string, FieldView>;
  kindFields: string[];
  showPersons: boolean;
  /** Folded parts of the form open when they hold a value or an error. */
  open: { rights: boolean; organisation: boolean };
}

/** The fields of one kind's form, with the records to choose from. */
export async function generateForm(db: Db, kind: DocumentKind, values: Values, errors: Errors): Promise<GenerateFormView> {
  const [known, incidents, persons] = await Promise.all([countries(db), incidentChoices(db), personChoices(db)]);
  const common: Record<string, FieldSpec> = {
    'selection.country': {
      label: 'Country', type: 'select', empty: '— any —', options: known.map((c) => ({ value: c.code, label: c.name })),
      hint: 'All incidents in this country (within the period, if you give one).',
    },
    'selection.from': { label: 'From', placeholder: 'YYYY-MM-DD', maxlength: 10, hint: 'e.g. 2018-01-01' },
    'selection.to': { label: 'To', placeholder: 'YYYY-MM-DD', maxlength: 10, hint: 'e.g. 2018-03-31' },
    'selection.incidents': {
      label: 'Or tick incidents', type: 'checkboxes',
      hint: incidents.length ? 'Only these incidents. Those marked “no source” cannot be stated as fact except in a draft.' : 'No incident is recorded yet.',
      options: chosenFirst(values, 'selection.incidents', incidents.map((i) => ({ value: i.key, label: `${i.date} — ${i.title}`, hint: i.unsourced ? '(no source)' : undefined }))),
    },
    'selection.persons': {
      label: 'About these persons', type: 'checkboxes',
      hint: 'The incidents of which they are victims; the first is the subject of an appeal.',
      options: chosenFirst(values, 'selection.persons', persons.map((p) => ({ value: p.key, label: p.name, hint: `(${p.pseudonym})` }))),
    },
    'selection.rights': {
      label: 'Only incidents concerning these rights', type: 'checkboxes',
      options: options.rights,
    },
    format: {
      label: 'Format', type: 'radios', required: true,
      options: [{ value: 'pdf', label: 'PDF — to send or file' }, { value: 'docx', label: 'Word (DOCX) — to edit further' }],
    },
    draft: { label: 'Draft: include incidents without a source, marked UNSOURCED, and stamp DRAFT on every page', type: 'checkbox' },
    methodologyNote: { label: 'Add a paragraph on how the sources were assessed (the gradings of single sources are never printed)', type: 'checkbox' },
    'options.submittingOrganisation.name': { label: 'Organisation name', maxlength: 300, hint: 'Leave empty to use the organisation in the records.' },
    'options.submittingOrganisation.acronym': { label: 'Acronym', maxlength: 40 },
    'options.submittingOrganisation.email': { label: 'E-mail', type: 'email', maxlength: 320 },
    'options.submittingOrganisation.address': { label: 'Address', maxlength: 500 },
  };
  const byKind: Record<DocumentKind, Record<string, FieldSpec>> = {
    'un-communication': {
      'options.variant': {
        label: 'Kind of letter', type: 'radios', required: true,
        options: [
          { value: 'allegation-letter', label: 'Allegation letter', hint: '— about past violations' },
          { value: 'urgent-appeal', label: 'Urgent appeal', hint: '— ongoing or imminent, irreparable harm: marked URGENT' },
        ],
      },
      'options.mandates': {
        label: 'Mandates addressed', type: 'checkboxes', required: true, hint: 'At least one.',
        options: MANDATES.map((m) => ({ value: m.key, label: m.title, hint: `(${m.rights.map((r) => RIGHT_LABELS[r]).join(', ')})` })),
      },
      'options.confidentiality': { label: 'Ask the mandate holders to keep the submitting organisation\'s identity confidential', type: 'checkbox' },
      'options.domesticRemedies': { label: 'Steps taken to seek remedy at home', type: 'textarea', rows: 4, maxlength: 4000 },
      'options.requests': { label: 'Requests to the mandate holders', type: 'textarea', rows: 4, hint: 'One per line. Leave empty for the standard requests.' },
    },
    'eu-briefing': {
      'options.dialogueRound.number': { label: 'Round number', maxlength: 3, hint: 'e.g. 10 for the 10th round.' },
      'options.dialogueRound.date': { label: 'Date of the round', placeholder: 'YYYY-MM-DD', maxlength: 10 },
      'options.dialogueRound.place': { label: 'Place of the round', maxlength: 200, hint: 'e.g. Astana' },
      'options.publicationDate': { label: 'Publication date', placeholder: 'YYYY-MM-DD', maxlength: 10, hint: 'The date printed on the paper, on or before the round. Leave empty for today.' },
      'options.keyPoints': { label: 'Key points for the executive summary', type: 'textarea', rows: 4, hint: 'One per line, up to six; printed before the rights with most incidents.' },
    },
    'urgent-appeal': {
      'options.appealCode': { label: 'Appeal code', required: true, maxlength: 40, placeholder: 'KAZ 001/0318/OBS 025', hint: 'Country, number/month and year/programme number, e.g. KAZ 001/0318/OBS 025.' },
      'options.violation': { label: 'Headline violation', maxlength: 200, hint: 'e.g. "Detention". Leave empty to take the gravest violation in the incidents.' },
      'options.addressees': {
        label: 'Addresses to write to', type: 'textarea', rows: 4,
        hint: 'One per line: Title | Name | Address | E-mail (only the title is needed), e.g. "President of the Republic of Kazakhstan | | Akorda, Astana | ". Leave empty for the head of State and the Prosecutor General.',
      },
      'options.actions': { label: 'Actions requested', type: 'textarea', rows: 4, hint: 'One per line. Leave empty for the standard actions.' },
    },
  };
  return {
    fields: fieldViews({ ...common, ...byKind[kind] }, values, errors),
    kindFields: Object.keys(byKind[kind]),
    showPersons: kind !== 'eu-briefing',
    open: {
      rights: list(values, 'selection.rights').length > 0 || Boolean(errors['selection.rights']),
      organisation: Object.keys(errors).some((k) => k.startsWith('options.submittingOrganisation'))
        || submittingOrganisation(values) !== undefined,
    },
  };
}
