import type { Db } from '../../db/database.js';
import type { IncidentWithCountry } from '../../records/record-stores.repository.js';
import {
  checkbox, fieldView, integerOrText, lines, list, optionalText, putRows, rows, text,
  type Errors, type FieldSpec, type FieldView, type Values,
} from '../fields.js';
import { options } from '../labels.js';
import { countries, incidentChoices, personChoices, sourceChoices } from '../../records/record-choices.repository.js';

/**
 * The incident form: fields named after the API body's JSON paths, so that IncidentBody's
 * problems land beside their fields. Victims and follow-ups are picked from the records;
 * perpetrators and evidence are repeated rows.
 */

const SOURCE_COLUMNS = ['source', 'credibility', 'locator', 'excerpt'] as const;
const PERPETRATOR_COLUMNS = ['description', 'stateActor', 'stateLink', 'reason'] as const;
const REMEDY_COLUMNS = ['date', 'authority', 'action', 'outcome'] as const;
const PROCEDURE_COLUMNS = ['body', 'reference', 'date', 'status'] as const;
/** Empty rows offered after the filled ones (more come with "Add another" when scripts run). */
const SPARE_ROWS = 2;

export const INCIDENT_LABELS: Record<string, string> = {
  key: 'Key',
  'country.code': 'Country code',
  'country.name': 'Country name',
  title: 'Title',
  date: 'Date',
  dateAccuracy: 'Date accuracy',
  endDate: 'End date',
  'location.place': 'Place',
  'location.region': 'Region',
  rights: 'Rights',
  violations: 'Violations',
  summary: 'Summary',
  victims: 'Victims',
  perpetrators: 'Perpetrators',
  legalBasis: 'Legal basis',
  status: 'Status',
  urgent: 'Urgent',
  followUpOf: 'Follows up',
  sources: 'Sources',
};
for (let i = 0; i < 200; i++) {
  INCIDENT_LABELS[`sources.${i}.source`] = `Source ${i + 1}`;
  INCIDENT_LABELS[`sources.${i}.credibility`] = `Source ${i + 1}, credibility`;
  INCIDENT_LABELS[`sources.${i}.locator`] = `Source ${i + 1}, where in the source`;
  INCIDENT_LABELS[`sources.${i}.excerpt`] = `Source ${i + 1}, excerpt`;
}
for (let i = 0; i < 100; i++) {
  INCIDENT_LABELS[`perpetrators.${i}.description`] = `Perpetrator ${i + 1}`;
  INCIDENT_LABELS[`perpetrators.${i}.stateLink`] = `Perpetrator ${i + 1}, link to the State`;
  INCIDENT_LABELS[`perpetrators.${i}.reason`] = `Perpetrator ${i + 1}, why held responsible`;
}
INCIDENT_LABELS.domesticRemedies = 'Domestic remedies';
INCIDENT_LABELS['domesticRemedies.noneBecause'] = 'Why no remedy has been sought';
INCIDENT_LABELS.internationalProcedures = 'Other international procedures';
for (let i = 0; i < 50; i++) {
  INCIDENT_LABELS[`domesticRemedies.steps.${i}.date`] = `Remedy ${i + 1}, date`;
  INCIDENT_LABELS[`domesticRemedies.steps.${i}.authority`] = `Remedy ${i + 1}, authority`;
  INCIDENT_LABELS[`domesticRemedies.steps.${i}.action`] = `Remedy ${i + 1}, step taken`;
  INCIDENT_LABELS[`domesticRemedies.steps.${i}.outcome`] = `Remedy ${i + 1}, outcome`;
}
for (let i = 0; i < 20; i++) {
  INCIDENT_LABELS[`internationalProcedures.${i}.body`] = `Procedure ${i + 1}, body`;
  INCIDENT_LABELS[`internationalProcedures.${i}.reference`] = `Procedure ${i + 1}, reference`;
  INCIDENT_LABELS[`internationalProcedures.${i}.date`] = `Procedure ${i + 1}, date`;
  INCIDENT_LABELS[`internationalProcedures.${i}.status`] = `Procedure ${i + 1}, status`;
}

/** Remedies from the form: steps (rows with an authority), or why none; nothing entered is "not recorded" (null). */
function remediesInput(values: Values) {
  const steps = rows(values, 'domesticRemedies.steps', REMEDY_COLUMNS, 'authority').map((r) => ({
    date: optionalText(r, 'date'), authority: r.authority ?? '', action: r.action ?? '', outcome: optionalText(r, 'outcome'),
  }));
  const noneBecause = optionalText(values, 'domesticRemedies.noneBecause');
  return steps.length === 0 && noneBecause === null ? null : { steps, noneBecause };
}

/** The body for IncidentBody (the API's create schema) from what the form sent. */
export function incidentInput(values: Values, key: string): unknown {
  const countryName = optionalText(values, 'country.name');
  return {
    key,
    country: { code: text(values, 'country.code').trim().toUpperCase(), ...(countryName ? { name: countryName } : {}) },
    title: text(values, 'title'),
    date: text(values, 'date').trim(),
    dateAccuracy: optionalText(values, 'dateAccuracy') ?? undefined,
    endDate: optionalText(values, 'endDate'),
    location: { place: text(values, 'location.place'), region: optionalText(values, 'location.region') },
    rights: list(values, 'rights'),
    violations: list(values, 'violations'),
    summary: text(values, 'summary'),
    victims: list(values, 'victims'),
    perpetrators: rows(values, 'perpetrators', PERPETRATOR_COLUMNS, 'description').map((r) => ({
      description: r.description ?? '',
      stateActor: checkbox(r, 'stateActor'),
      stateLink: optionalText(r, 'stateLink'),
      reason: optionalText(r, 'reason'),
    })),
    legalBasis: lines(values, 'legalBasis'),
    status: optionalText(values, 'status') ?? undefined,
    urgent: checkbox(values, 'urgent'),
    followUpOf: optionalText(values, 'followUpOf'),
    sources: rows(values, 'sources', SOURCE_COLUMNS, 'source').map((r) => ({
      source: r.source ?? '',
      credibility: integerOrText(r, 'credibility') ?? undefined,
      locator: optionalText(r, 'locator'),
      excerpt: optionalText(r, 'excerpt'),
    })),
    domesticRemedies: remediesInput(values),
    internationalProcedures: rows(values, 'internationalProcedures', PROCEDURE_COLUMNS, 'body').map((r) => ({
      body: r.body ?? '', reference: optionalText(r, 'reference'), date: optionalText(r, 'date'), status: optionalText(r, 'status'),
    })),
  };
}

/** Submitted values with their rows renumbered, so a redrawn form matches the problems' indexes. */
export function normaliseIncidentValues(values: Values): Values {
  let out = putRows(values, 'sources', rows(values, 'sources', SOURCE_COLUMNS, 'source'));
  out = putRows(out, 'perpetrators', rows(values, 'perpetrators', PERPETRATOR_COLUMNS, 'description'));
  out = putRows(out, 'domesticRemedies.steps', rows(values, 'domesticRemedies.steps', REMEDY_COLUMNS, 'authority'));
  out = putRows(out, 'internationalProcedures', rows(values, 'internationalProcedures', PROCEDURE_COLUMNS, 'body'));
  return out;
}

/** The form's values for an existing incident. */
export function incidentValues(incident: IncidentWithCountry): Values {
  let values: Values = {
    key: incident.key,
    'country.code': incident.country.code,
    title: incident.title,
    date: incident.date,
    dateAccuracy: incident.dateAccuracy,
    endDate: incident.endDate ?? '',
    'location.place': incident.location.place,
    'location.region': incident.location.region ?? '',
    rights: incident.rights,
    violations: incident.violations,
    summary: incident.summary,
    victims: incident.victims,
    legalBasis: incident.legalBasis.join('\n'),
    status: incident.status,
    urgent: incident.urgent ? 'on' : undefined,
    followUpOf: incident.followUpOf ?? '',
    'domesticRemedies.noneBecause': incident.domesticRemedies?.noneBecause ?? '',
  };
  values = putRows(values, 'sources', incident.sources.map((s) => ({
    source: s.source, credibility: String(s.credibility), locator: s.locator ?? '', excerpt: s.excerpt ?? '',
  })));
  values = putRows(values, 'perpetrators', incident.perpetrators.map((p) => ({
    description: p.description, stateActor: p.stateActor ? 'on' : '', stateLink: p.stateLink ?? '', reason: p.reason ?? '',
  })));
  values = putRows(values, 'domesticRemedies.steps', (incident.domesticRemedies?.steps ?? []).map((st) => ({
    date: st.date ?? '', authority: st.authority, action: st.action, outcome: st.outcome ?? '',
  })));
  values = putRows(values, 'internationalProcedures', incident.internationalProcedures.map((p) => ({
    body: p.body, reference: p.reference ?? '', date: p.date ?? '', status: p.status ?? '',
  })));
  return values;
}

export interface IncidentFormView {
  /** The fields besides the key and the repeated rows. */
  fields: Record<string, FieldSpec>;
  sourceRows: Array<Record<(typeof SOURCE_COLUMNS)[number], FieldView> & { number: number }>;
  perpetratorRows: Array<Record<(typeof PERPETRATOR_COLUMNS)[number], FieldView> & { number: number }>;
  remedyRows: Array<Record<(typeof REMEDY_COLUMNS)[number], FieldView> & { number: number }>;
  procedureRows: Array<Record<(typeof PROCEDURE_COLUMNS)[number], FieldView> & { number: number }>;
  knownCountries: string;
  hasSources: boolean;
}

/** Everything the form template draws besides the key: fields with their choices, and the repeated rows with values and errors. */
export async function incidentForm(db: Db, values: Values, errors: Errors, editing: boolean): Promise<IncidentFormView> {
  const [persons, sources, incidents, known] = await Promise.all([personChoices(db), sourceChoices(db), incidentChoices(db), countries(db)]);
  const ownKey = editing ? String(values.key ?? '') : '';
  const specs: Record<string, FieldSpec> = {
    'country.code': { label: 'Country code', required: true, maxlength: 2, hint: 'Two capital letters (ISO 3166-1), e.g. KZ.', autocomplete: 'off' },
    'country.name': { label: 'Country name', hint: 'Needed only for a country not in the records yet.', maxlength: 200 },
    title: { label: 'Title', required: true, maxlength: 500, hint: 'One line, e.g. "Three alleged DVK supporters detained in Almaty".' },
    date: { label: 'Date', required: true, placeholder: 'YYYY-MM-DD', hint: 'The day it happened (or began), as YYYY-MM-DD, e.g. 2018-03-13.', maxlength: 10 },
    dateAccuracy: { label: 'How exact is the date?', type: 'radios', required: true, options: options.dateAccuracy },
    endDate: { label: 'End date', placeholder: 'YYYY-MM-DD', hint: 'Only for incidents that span several days.', maxlength: 10 },
    'location.place': { label: 'Place', required: true, maxlength: 200, hint: 'A town or city, e.g. Almaty.' },
    'location.region': { label: 'Region', maxlength: 200 },
    rights: { label: 'Rights affected', type: 'checkboxes', required: true, options: options.rights, hint: 'At least one.' },
    violations: { label: 'Violations', type: 'checkboxes', options: options.violations },
    summary: {
      label: 'Summary', type: 'textarea', required: true, rows: 8, maxlength: 10_000,
      hint: 'What happened, in plain sentences: this is the claim documents print, footnoted to the sources below. A name written here is replaced by the pseudonym wherever the person has not consented to be named.',
    },
    victims: {
      label: 'Victims', type: 'checkboxes', picker: 'persons',
      hint: persons.length ? 'The persons this incident happened to, shown as name (pseudonym).' : 'No person is recorded yet: add persons first, then link them here.',
      options: persons.map((p) => ({ value: p.key, label: p.name, hint: `(${p.pseudonym})` })),
    },
    legalBasis: { label: 'Legal basis invoked against the victims', type: 'textarea', rows: 3, hint: 'One provision per line, e.g. "Criminal Code, Article 405".' },
    status: { label: 'Status', type: 'radios', required: true, options: options.status },
    urgent: { label: 'Urgent: there is a risk of irreparable harm now (a candidate for an urgent appeal)', type: 'checkbox' },
    'domesticRemedies.noneBecause': {
      label: 'No domestic remedy sought yet, because…', type: 'textarea', rows: 2, maxlength: 2000,
      hint: 'Only when no step is recorded above, e.g. "the family fears reprisals". Leave everything empty if not known.',
    },
    followUpOf: {
      label: 'Follows up an earlier incident', type: 'select', empty: '— none —',
      options: incidents.filter((i) => i.key !== ownKey).map((i) => ({ value: i.key, label: `${i.date} — ${i.title}` })),
    },
  };
  const sourceOptions = sources.map((s) => ({ value: s.key, label: `${s.title} (${s.reliability}${s.confidential ? ', confidential' : ''})` }));
  const filled = rows(values, 'sources', SOURCE_COLUMNS, 'source').length;
  const sourceRows = Array.from({ length: filled + SPARE_ROWS }, (_, i) => ({
    number: i + 1,
    source: fieldView(`sources.${i}.source`, { label: 'Source', type: 'select', empty: '— choose a source —', options: sourceOptions, picker: 'sources' }, values, errors),
    credibility: fieldView(`sources.${i}.credibility`, { label: 'Credibility of this information', type: 'select', empty: '— grade it —', options: options.credibility }, values, errors),
    locator: fieldView(`sources.${i}.locator`, { label: 'Where in the source', hint: 'e.g. "para. 3"', maxlength: 200 }, values, errors),
    excerpt: fieldView(`sources.${i}.excerpt`, { label: 'Excerpt', type: 'textarea', rows: 2, maxlength: 2000 }, values, errors),
  }));
  const perps = rows(values, 'perpetrators', PERPETRATOR_COLUMNS, 'description').length;
  const perpetratorRows = Array.from({ length: perps + SPARE_ROWS }, (_, i) => ({
    number: i + 1,
    description: fieldView(`perpetrators.${i}.description`, { label: 'Who', hint: 'e.g. "Almaty police investigators"', maxlength: 500 }, values, errors),
    stateActor: fieldView(`perpetrators.${i}.stateActor`, { label: 'Acts for the State', type: 'checkbox' }, values, errors),
    stateLink: fieldView(`perpetrators.${i}.stateLink`, { label: 'Link to the State', hint: 'e.g. "officers of the Ministry of Internal Affairs"', maxlength: 500 }, values, errors),
    reason: fieldView(`perpetrators.${i}.reason`, { label: 'Why held responsible', type: 'textarea', rows: 2, maxlength: 1000, hint: 'e.g. "they carried out the search, according to two witnesses". UN communications print it with the facts.' }, values, errors),
  }));
  const remedies = rows(values, 'domesticRemedies.steps', REMEDY_COLUMNS, 'authority').length;
  const remedyRows = Array.from({ length: remedies + 1 }, (_, i) => ({
    number: i + 1,
    date: fieldView(`domesticRemedies.steps.${i}.date`, { label: 'Date', placeholder: 'YYYY-MM-DD', maxlength: 10 }, values, errors),
    authority: fieldView(`domesticRemedies.steps.${i}.authority`, { label: 'Before which authority', hint: 'e.g. "the Almaty City Court"', maxlength: 300 }, values, errors),
    action: fieldView(`domesticRemedies.steps.${i}.action`, { label: 'Step taken', hint: 'e.g. "appeal against the house arrest"', maxlength: 500 }, values, errors),
    outcome: fieldView(`domesticRemedies.steps.${i}.outcome`, { label: 'Outcome', hint: 'e.g. "dismissed on 2 April 2018"; empty while pending', maxlength: 1000 }, values, errors),
  }));
  const procedures = rows(values, 'internationalProcedures', PROCEDURE_COLUMNS, 'body').length;
  const procedureRows = Array.from({ length: procedures + 1 }, (_, i) => ({
    number: i + 1,
    body: fieldView(`internationalProcedures.${i}.body`, { label: 'Body', hint: 'e.g. "UN Human Rights Committee"', maxlength: 300 }, values, errors),
    reference: fieldView(`internationalProcedures.${i}.reference`, { label: 'Reference', maxlength: 100 }, values, errors),
    date: fieldView(`internationalProcedures.${i}.date`, { label: 'Date', placeholder: 'YYYY-MM-DD', maxlength: 10 }, values, errors),
    status: fieldView(`internationalProcedures.${i}.status`, { label: 'Status', maxlength: 300 }, values, errors),
  }));
  return {
    fields: specs,
    sourceRows,
    perpetratorRows,
    remedyRows,
    procedureRows,
    knownCountries: known.map((c) => `${c.code} (${c.name})`).join(', '),
    hasSources: sources.length > 0,
  };
}
