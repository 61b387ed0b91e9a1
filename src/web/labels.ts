import { ENGLISH } from '../documents/i18n/messages.js';
import type { Violation } from '../records/vocabulary.js';
import {
  ADDRESSEES, DATE_ACCURACY, INCIDENT_STATUS, PERSON_KINDS, RELIABILITY, RIGHT_LABELS, RIGHTS, RISKS, SEXES,
  SOURCE_TYPE_LABELS, SOURCE_TYPES, VIOLATIONS, WHEREABOUTS, WHEREABOUTS_LABELS,
} from '../records/vocabulary.js';
import type { Option } from './fields.js';

/** Words for the vocabularies, as staff read them on the forms. */

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const RELIABILITY_LABELS: Record<(typeof RELIABILITY)[number], string> = {
  A: 'A — completely reliable',
  B: 'B — usually reliable',
  C: 'C — fairly reliable',
  D: 'D — not usually reliable',
  E: 'E — unreliable',
  F: 'F — reliability cannot be judged',
};

export const CREDIBILITY_LABELS: Record<number, string> = {
  1: '1 — confirmed by other sources',
  2: '2 — probably true',
  3: '3 — possibly true',
  4: '4 — doubtful',
  5: '5 — improbable',
  6: '6 — truth cannot be judged',
};

/** The consent flags in plain words: what each one allows. */
export const CONSENT_TEXT = {
  unSubmission: 'May be named in a submission to the UN',
  publicNaming: 'May be named in public documents such as briefings and urgent appeals',
  stateTransmission: 'Knows the UN will transmit the case to the State',
  unPublicReport: 'May be named in the UN\'s public communications report',
} as const;

export const ADDRESSEE_LABELS: Record<(typeof ADDRESSEES)[number], string> = {
  state: 'The State (national authorities)',
  eu: 'The European Union',
  un: 'The United Nations',
};

const DATE_ACCURACY_LABELS: Record<(typeof DATE_ACCURACY)[number], string> = {
  exact: 'Exact day',
  month: 'Month only (the day is not known)',
  approximate: 'Approximate',
};

const PERSON_KIND_LABELS: Record<(typeof PERSON_KINDS)[number], string> = {
  individual: 'An individual',
  group: 'A group of people',
  organisation: 'An organisation',
};

export const options = {
  rights: RIGHTS.map((r): Option => ({ value: r, label: RIGHT_LABELS[r] })),
  violations: VIOLATIONS.map((v): Option => ({ value: v, label: capitalise(ENGLISH.t(`violation.${v}`)) })),
  dateAccuracy: DATE_ACCURACY.map((d): Option => ({ value: d, label: DATE_ACCURACY_LABELS[d] })),
  status: INCIDENT_STATUS.map((s): Option => ({
    value: s, label: s === 'ongoing' ? 'Ongoing (the person is still affected)' : 'Concluded',
  })),
  credibility: [1, 2, 3, 4, 5, 6].map((n): Option => ({ value: String(n), label: CREDIBILITY_LABELS[n]! })),
  reliability: RELIABILITY.map((r): Option => ({ value: r, label: RELIABILITY_LABELS[r] })),
  sourceTypes: SOURCE_TYPES.map((t): Option => ({ value: t, label: capitalise(SOURCE_TYPE_LABELS[t]) })),
  personKinds: PERSON_KINDS.map((k): Option => ({ value: k, label: PERSON_KIND_LABELS[k] })),
  sexes: SEXES.map((s): Option => ({ value: s, label: capitalise(s) })),
  risks: RISKS.map((r): Option => ({ value: r, label: `${capitalise(r)} risk of reprisal` })),
  addressees: ADDRESSEES.map((a): Option => ({ value: a, label: ADDRESSEE_LABELS[a] })),
  whereabouts: WHEREABOUTS.map((w): Option => ({ value: w, label: capitalise(WHEREABOUTS_LABELS[w]) })),
};

export const rightLabel = (r: string) => RIGHT_LABELS[r as keyof typeof RIGHT_LABELS] ?? r;
export const violationLabel = (v: string) => capitalise((VIOLATIONS as readonly string[]).includes(v) ? ENGLISH.t(`violation.${v as Violation}`) : v);
export const sourceTypeLabel = (t: string) => capitalise(SOURCE_TYPE_LABELS[t as keyof typeof SOURCE_TYPE_LABELS] ?? t);
