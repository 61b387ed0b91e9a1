import type { Db } from '../../db/database.js';
import { MANDATES } from '../../documents/context/mandates.js';
import { SelectionSchema, type DocumentKind } from '../../documents/request.schemas.js';
import { suggestMandatesFor } from '../../documents/suggest-mandates.service.js';
import type { MandateSuggestion } from '../../documents/context/mandate-suggestions.js';
import { RIGHT_LABELS } from '../../records/vocabulary.js';
import {
  checkbox, fieldView, fieldViews, integerOrText, lines, list, optionalText, type Errors, type FieldSpec, type FieldView, type Option, type Values,
} from '../fields.js';
import { options } from '../labels.js';
import { countries, incidentChoices, personChoices } from '../../records/record-choices.repository.js';
import { listAddressees } from '../../records/addressees.repository.js';
import { readAppealCodeScheme } from '../../documents/appeal-code-scheme.source.js';
import { parseScheme } from '../../shared/appeal-codes.js';

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
  'un-communication': 'A confidential submission about one case or situation: choose its persons or incidents (a whole country and period still works). A person is named only with consent to be named in a submission to the UN.',
  'eu-briefing': 'A public document: a person is named only with consent to be named in public documents.',
};

export const GENERATE_LABELS: Record<string, string> = {
  kind: 'Kind', format: 'Format', language: 'Language', draft: 'Draft', methodologyNote: 'Note on method',
  selection: 'Records', 'selection.country': 'Country', 'selection.from': 'From', 'selection.to': 'To',
  'selection.incidents': 'Incidents', 'selection.persons': 'Persons', 'selection.rights': 'Rights',
  options: 'Options',
  'options.variant': 'Kind of letter', 'options.mandates': 'Mandates', 'options.confidentiality': 'Confidentiality',
  'options.domesticRemedies': 'Domestic remedies', 'options.requests': 'Requests',
  'options.notForTransmission': 'Not to be transmitted to the Government',
  'options.dialogueRound': 'Dialogue round', 'options.dialogueRound.number': 'Round number', 'options.dialogueRound.date': 'Date of the round',
  'options.dialogueRound.place': 'Place of the round', 'options.publicationDate': 'Publication date', 'options.keyPoints': 'Key points',
  'options.casesOfConcern': 'Cases of concern',
  'options.appealCode': 'Appeal code', 'options.violation': 'Headline violation', 'options.addressees': 'Addressees',
  'options.actions': 'Actions requested',
  'options.followsAppeal': 'Earlier appeal', 'options.followsAppeal.code': 'Code of the earlier appeal', 'options.followsAppeal.date': 'Date of the earlier appeal',
  'options.concern': 'Concern', 'options.background': 'Background on the person', 'options.deadline': 'Write before',
  'options.languages': 'Languages to write in', 'options.sampleLetter': 'Sample letter', 'options.sampleLetterText': 'Sample letter text',
  'options.submittingOrganisation': 'Submitting organisation',
  'options.submittingOrganisation.name': 'Organisation name', 'options.submittingOrganisation.acronym': 'Acronym',
  'options.submittingOrganisation.email': 'E-mail', 'options.submittingOrganisation.address': 'Address',
};

/** Textareas that take one item per line. */
export const LINE_FIELDS = new Set(['options.requests', 'options.addressees', 'options.actions', 'options.keyPoints']);

/** The address book's checkboxes, one group per country: `options.addresseeIds.KZ`. */
const ADDRESSEE_IDS = 'options.addresseeIds.';

/** The address book entries ticked, in every country's group. */
function pickedAddressees(values: Values): number[] {
  return Object.keys(values).filter((k) => k.startsWith(ADDRESSEE_IDS)).flatMap((k) => list(values, k))
    .map((v) => (/^\d{1,10}$/.test(v) ? Number(v) : NaN)).filter((n) => Number.isSafeInteger(n) && n > 0);
}

/** Values a fresh form starts with; confidentiality as the organisation profile asks by default. */
export function defaultValues(kind: DocumentKind, confidential = true): Values {
  return {
    ...(kind === 'un-communication' ? { 'options.variant': 'allegation-letter', 'options.confidentiality': confidential ? 'on' : undefined } : {}),
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
    sourcedOnly: checkbox(values, 'selection.sourcedOnly') ? true : undefined,
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
        ...(optionalText(values, 'options.notForTransmission') ? { notForTransmission: optionalText(values, 'options.notForTransmission') } : {}),
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
  const languages = (optionalText(values, 'options.languages') ?? '').split(/\s*,\s*/).filter(Boolean);
  const followsCode = optionalText(values, 'options.followsAppeal.code');
  const followsDate = optionalText(values, 'options.followsAppeal.date');
  const optional = (name: string) => {
    const v = optionalText(values, `options.${name}`);
    return v ? { [name]: v } : {};
  };
  return {
    ...common,
    options: {
      ...optional('appealCode'),
      ...(followsCode || followsDate ? { followsAppeal: { code: followsCode ?? '', ...(followsDate ? { date: followsDate } : {}) } } : {}),
      ...optional('violation'),
      ...optional('concern'),
      ...optional('background'),
      // Typed lines first, so that a problem at /options/addressees/N is line N + 1 of the textarea.
      addressees: [...addressees(values), ...pickedAddressees(values)],
      ...(actions.length > 0 ? { actions } : {}),
      ...optional('deadline'),
      ...(languages.length > 0 ? { languages } : {}),
      sampleLetter: checkbox(values, 'options.sampleLetter'),
      ...optional('sampleLetterText'),
      ...withOrganisation,
    },
  };
}

function text(values: Values, name: string): string {
  const v = values[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** The mandates a UN communication about the form's selection should address (none without a valid selection). */
async function suggestedMandates(db: Db, values: Values): Promise<MandateSuggestion[]> {
  const input = documentRequestInput('un-communication', values) as { selection: unknown };
  const selection = SelectionSchema.safeParse(input.selection);
  // Staff pages show names to staff: old keys (aliases) resolve as in a generation.
  return selection.success ? suggestMandatesFor(db, selection.data, true) : [];
}

/** Suggested mandates first, each with its reason; then the rest with the rights they cover. */
function mandateOptions(suggested: MandateSuggestion[]): Option[] {
  const byId = new Map(suggested.map((m) => [m.id, m]));
  const rest = MANDATES.filter((m) => !byId.has(m.key));
  return [
    ...suggested.map((m) => ({ value: m.id, label: m.title, hint: `Suggested: ${m.reason}` })),
    ...rest.map((m) => ({ value: m.key, label: m.title, hint: m.rights.length > 0 ? `(${m.rights.map((r) => RIGHT_LABELS[r]).join(', ')})` : undefined })),
  ];
}

/** Long pick lists scroll: what is ticked comes first, so it shows without scrolling. */
function chosenFirst(values: Values, name: string, choices: Option[]): Option[] {
  const chosen = new Set(list(values, name));
  return [...choices.filter((c) => chosen.has(c.value)), ...choices.filter((c) => !chosen.has(c.value))];
}

export interface GenerateFormView {
  fields: Record<string, FieldView>;
  kindFields: string[];
  /** The address book's groups, one per country (urgent appeals). */
  addresseeGroups: FieldView[];
  showPersons: boolean;
  /** Folded parts of the form open when they hold a value or an error. */
  open: { rights: boolean; incidents: boolean; organisation: boolean };
}

/** The fields of one kind's form, with the records to choose from. */
export async function generateForm(db: Db, kind: DocumentKind, givenValues: Values, errors: Errors): Promise<GenerateFormView> {
  const [known, incidents, persons] = await Promise.all([countries(db), incidentChoices(db), personChoices(db)]);
  const appeal = kind === 'urgent-appeal' ? await appealFields(db, known) : null;
  const suggested = kind === 'un-communication' ? await suggestedMandates(db, givenValues) : [];
  // None ticked yet: tick the suggested mandates (staff review them before the preview).
  const values = kind === 'un-communication' && list(givenValues, 'options.mandates').length === 0 && suggested.length > 0
    ? { ...givenValues, 'options.mandates': suggested.map((m) => m.id) }
    : givenValues;
  const common: Record<string, FieldSpec> = {
    'selection.country': {
      label: 'Country', type: 'select', empty: '— any —', options: known.map((c) => ({ value: c.code, label: c.name })),
      hint: 'All incidents in this country (within the period, if you give one).',
    },
    'selection.from': { label: 'From', placeholder: 'YYYY-MM-DD', maxlength: 10, hint: 'e.g. 2018-01-01' },
    'selection.to': { label: 'To', placeholder: 'YYYY-MM-DD', maxlength: 10, hint: 'e.g. 2018-03-31' },
    'selection.sourcedOnly': { label: 'Leave out incidents without a source', type: 'checkbox', hint: 'Otherwise a draft prints them marked UNSOURCED, and a final document refuses them.' },
    'selection.incidents': {
      label: 'Or tick incidents', type: 'checkboxes', picker: 'incidents',
      hint: incidents.length ? 'Only these incidents. Those marked “no source” cannot be stated as fact except in a draft.' : 'No incident is recorded yet.',
      options: chosenFirst(values, 'selection.incidents', incidents.map((i) => ({ value: i.key, label: `${i.date} — ${i.title}`, hint: i.unsourced ? '(no source)' : undefined }))),
    },
    'selection.persons': {
      label: 'About these persons', type: 'checkboxes', picker: 'persons',
      hint: 'The incidents of which they are victims; the first is the subject of an appeal.',
      options: chosenFirst(values, 'selection.persons', persons.map((p) => ({ value: p.key, label: p.name, hint: `(${p.pseudonym})` }))),
    },
    'selection.rights': {
      label: 'Only incidents concerning these rights', type: 'checkboxes',
      options: options.rights,
    },
    draft: { label: 'Draft: include incidents without a source, marked UNSOURCED, and stamp DRAFT on every page', type: 'checkbox' },
    methodologyNote: { label: 'Add a paragraph on how the sources were assessed (the gradings of single sources are never printed)', type: 'checkbox' },
    'options.submittingOrganisation.name': { label: 'Organisation name', maxlength: 300, hint: 'Leave empty to send it as the organisation in the profile (set by an admin under Organisation).' },
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
        label: 'Mandates addressed', type: 'checkboxes', required: true,
        hint: suggested.length > 0
          ? `At least one. Suggested from the selected incidents (ticked when you have ticked none): ${suggested.length}, listed first with the reason.`
          : 'At least one. Choose the records first: the mandates they concern are then suggested and ticked.',
        options: chosenFirst(values, 'options.mandates', mandateOptions(suggested)),
      },
      'options.confidentiality': { label: 'Ask the mandate holders to keep the submitting organisation\'s identity confidential', type: 'checkbox' },
      'options.domesticRemedies': {
        label: 'Domestic remedies: a note of your own', type: 'textarea', rows: 3, maxlength: 4000,
        hint: 'The steps recorded with the incidents (authority, date, outcome) print first; add here what they do not say.',
      },
      'options.requests': { label: 'Requests to the mandate holders', type: 'textarea', rows: 4, hint: 'One per line. Leave empty for the standard requests.' },
      'options.notForTransmission': {
        label: 'Information not to be transmitted to the Government', type: 'textarea', rows: 4, maxlength: 10_000,
        hint: 'For the mandate holders only (e.g. how to reach a witness): printed last, on its own page, marked so. Leave empty for none.',
      },
    },
    'eu-briefing': {
      'options.dialogueRound.number': { label: 'Round number', maxlength: 3, hint: 'e.g. 10 for the 10th round.' },
      'options.dialogueRound.date': { label: 'Date of the round', placeholder: 'YYYY-MM-DD', maxlength: 10 },
      'options.dialogueRound.place': { label: 'Place of the round', maxlength: 200, hint: 'e.g. Astana' },
      'options.publicationDate': { label: 'Publication date', placeholder: 'YYYY-MM-DD', maxlength: 10, hint: 'The date printed on the paper, on or before the round. Leave empty for today.' },
      'options.keyPoints': { label: 'Key points for the executive summary', type: 'textarea', rows: 4, hint: 'One per line, up to six; printed before the rights with most incidents.' },
    },
    'urgent-appeal': {
      'options.appealCode': appeal?.code ?? { label: 'Appeal code' },
      'options.followsAppeal.code': { label: 'Code of the earlier appeal', maxlength: 40, hint: 'When this appeal follows an earlier one: it is then "New information", and its code gets the next update suffix (".1", ".2").' },
      'options.followsAppeal.date': { label: 'Date of the earlier appeal', placeholder: 'YYYY-MM-DD', maxlength: 10, hint: 'Only for an appeal issued elsewhere; one issued here is found by its code.' },
      'options.violation': { label: 'Headline violation', maxlength: 200, hint: 'e.g. "Detention". Leave empty to take the gravest violation in the incidents.' },
      'options.concern': { label: 'Concern', maxlength: 300, hint: 'e.g. "Arbitrary detention / Judicial harassment". Leave empty to derive it from the incidents.' },
      'options.background': { label: 'Background on the person', type: 'textarea', rows: 3, maxlength: 4000, hint: 'Printed after what the person\'s record says. Names are shown only as consent allows.' },
      'options.addressees': {
        label: 'Other addresses', type: 'textarea', rows: 3,
        hint: 'Not in the address book: one per line, Title | Name | Address | E-mail (only the title is needed).',
      },
      'options.actions': { label: 'Actions requested', type: 'textarea', rows: 4, hint: 'One per line. Leave empty for the standard actions.' },
      'options.deadline': { label: 'Write before', placeholder: 'YYYY-MM-DD', maxlength: 10 },
      'options.languages': { label: 'Languages to write in', maxlength: 300, hint: 'e.g. "Kazakh, Russian, English". Leave empty for the languages of the addressees picked.' },
      'options.sampleLetter': { label: 'Add a sample letter', type: 'checkbox' },
      'options.sampleLetterText': { label: 'Your own sample letter', type: 'textarea', rows: 5, maxlength: 6000, hint: 'Paragraphs separated by a blank line; replaces the standard one.' },
    },
  };
  return {
    fields: fieldViews({ ...common, ...byKind[kind] }, values, errors),
    kindFields: Object.keys(byKind[kind]),
    // A request drawn back (requestValues) ticks its ids under '*': each group shows its own.
    addresseeGroups: Object.entries(appeal?.groups ?? {}).map(([name, spec]) =>
      fieldView(name, spec, { ...values, [name]: values[name] ?? values[`${ADDRESSEE_IDS}*`] }, errors)),
    showPersons: kind !== 'eu-briefing',
    open: {
      rights: list(values, 'selection.rights').length > 0 || Boolean(errors['selection.rights']),
      incidents: list(values, 'selection.incidents').length > 0 || Boolean(errors['selection.incidents']),
      organisation: Object.keys(errors).some((k) => k.startsWith('options.submittingOrganisation'))
        || submittingOrganisation(values) !== undefined,
    },
  };
}

/**
 * The appeal code's field, told by the organisation's scheme (a number is given when it is
 * left empty), and the address book's checkboxes, one group per country.
 */
async function appealFields(db: Db, known: Array<{ code: string; name: string }>) {
  const source = await readAppealCodeScheme(db);
  const parsed = source === null ? null : parseScheme(source);
  const numbered = parsed?.ok === true && parsed.scheme.kind === 'pattern';
  const code: FieldSpec = {
    label: 'Appeal code', required: !numbered, maxlength: 40,
    placeholder: numbered ? 'given when generated' : 'KAZ 001/0318/OBS 025',
    hint: numbered
      ? `Leave empty: it is numbered by your scheme, ${parsed.scheme.source}. A follow-up gets the earlier code with ".1", ".2". Type a code only to use another.`
      : parsed?.ok && parsed.scheme.kind === 'free'
        ? `Your organisation's style: ${parsed.scheme.source}. Any code up to 40 characters.`
        : 'Any code up to 40 characters, e.g. KAZ 001/0318/OBS 025 or UA 61/20. A follow-up may leave it empty: it gets the earlier code with ".1", ".2".',
  };
  const names = new Map(known.map((c) => [c.code, c.name]));
  const { items } = await listAddressees(db, {}, { limit: 200, offset: 0 });
  const groups: Record<string, FieldSpec> = {};
  for (const a of items) {
    const spec = (groups[`${ADDRESSEE_IDS}${a.country}`] ??= {
      label: `Write to the authorities of ${names.get(a.country) ?? a.country}`, type: 'checkboxes', options: [],
      hint: 'From the address book: tick those to address.',
    });
    (spec.options as Option[]).push({ value: String(a.id), label: a.title, hint: a.name ? `(${a.name})` : undefined });
  }
  return { code, groups };
}
