import { z } from 'zod';
import { IsoDate, Key, Line, Text } from '../records/bundle.schemas.js';
import { RIGHTS } from '../records/vocabulary.js';
import { MANDATE_KEYS } from './context/mandates.js';

/** What a caller asks for: which records, which kind of document, in which format. */

export const DOCUMENT_KINDS = ['un-communication', 'eu-briefing', 'urgent-appeal'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const FORMATS = ['docx', 'pdf'] as const;
export type DocumentFormat = (typeof FORMATS)[number];

export const SelectionSchema = z
  .strictObject({
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. KZ').meta({ maxLength: 2 }).optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    incidents: z.array(Key).max(5000).optional(),
    rights: z.array(z.enum(RIGHTS)).max(RIGHTS.length).optional(),
    /** All incidents of which these persons are victims (the usual subject of an appeal). */
    persons: z.array(Key).max(200).optional(),
  })
  .describe('Which incidents the document is about. All given criteria must hold; at least one is required.')
  .superRefine((s, ctx) => {
    if (!s.country && !s.incidents?.length && !s.persons?.length) {
      ctx.addIssue({ code: 'custom', message: 'choose a country (and period), incident keys or persons', path: [] });
    }
    if (s.from && s.to && s.from > s.to) ctx.addIssue({ code: 'custom', message: `ends (${s.to}) before it starts (${s.from})`, path: ['to'] });
  });
export type Selection = z.output<typeof SelectionSchema>;

const SubmittingOrganisation = z.strictObject({
  name: Line(300),
  acronym: Line(40).optional(),
  email: z.email('must be an e-mail address').max(320).optional(),
  address: Line(500).optional(),
});

const Addressee = z.strictObject({
  title: Line(300).describe('e.g. "President of the Republic of Kazakhstan"'),
  name: Line(300).optional(),
  address: Line(500).optional(),
  email: z.email('must be an e-mail address').max(320).optional(),
});

export const UnCommunicationOptions = z.strictObject({
  variant: z.enum(['allegation-letter', 'urgent-appeal']),
  mandates: z.array(z.enum(MANDATE_KEYS)).min(1, 'address at least one mandate').max(MANDATE_KEYS.length),
  submittingOrganisation: SubmittingOrganisation.optional(),
  /** Ask the mandate holders not to disclose the submitting organisation's identity. */
  confidentiality: z.boolean().default(true),
  domesticRemedies: Text(4000).optional().describe('Steps taken to seek remedy at home, in the submitter\'s words'),
  requests: z.array(Line(1000)).max(20).optional().describe('Replaces the standard requests to the mandate holders'),
});

/** A person the briefing boxes as a case of concern, with what staff know of them now and what the EU should ask. */
const CaseOfConcern = z.strictObject({
  person: Key.describe('a victim of one of the selected incidents'),
  status: Line(500).optional().describe('Where things stand now, e.g. "In pre-trial detention in Almaty since 13 March 2018"; taken from the latest incident when absent'),
  ask: Line(1000).optional().describe('What the EU should ask for, e.g. "Call for her immediate release"; derived from the records when absent'),
});

export const EuBriefingOptions = z.strictObject({
  dialogueRound: z.strictObject({
    number: z.number().int().min(1).max(100).optional(),
    date: IsoDate.optional(),
    place: Line(200).optional(),
  }).default({}),
  /** The briefing goes out before the round: on or before its date. Today when absent. */
  publicationDate: IsoDate.optional().describe('Date printed on the paper; today when absent; on or before the dialogue round'),
  keyPoints: z.array(Line(1000)).max(6).optional().describe('Key issues written by staff, printed first in the executive summary'),
  casesOfConcern: z.array(CaseOfConcern).max(30).optional().describe('Cases to box; without it, individual victims of ongoing incidents'),
  submittingOrganisation: SubmittingOrganisation.optional(),
}).superRefine((o, ctx) => {
  if (o.publicationDate && o.dialogueRound.date && o.publicationDate > o.dialogueRound.date) {
    ctx.addIssue({ code: 'custom', path: ['publicationDate'], message: `must be on or before the dialogue round (${o.dialogueRound.date}): a briefing goes out before the round` });
  }
});

export const UrgentAppealOptions = z.strictObject({
  appealCode: z.string().max(40, 'must be at most 40 characters').trim().regex(/^[A-Z]{3} \d{3}\/\d{4}\/[A-Z]{2,5} \d{3}$/, 'must look like "KAZ 001/0318/OBS 025"'),
  violation: Line(200).optional().describe('Headline wording, e.g. "Detention"; derived from the incidents when absent'),
  addressees: z.array(Addressee).max(30).default([]),
  actions: z.array(Line(1000)).max(20).optional().describe('Replaces the standard actions requested'),
  submittingOrganisation: SubmittingOrganisation.optional(),
});

const common = {
  format: z.enum(FORMATS),
  language: z.literal('en', 'only English templates exist so far').default('en'),
  selection: SelectionSchema,
  /** Render unsourced incidents marked UNSOURCED, and stamp DRAFT on every page, instead of refusing. */
  draft: z.boolean().default(false),
  /** Print one paragraph on how the sources were assessed (never the gradings of single sources). */
  methodologyNote: z.boolean().default(false),
};

export const DocumentRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('un-communication'), options: UnCommunicationOptions, ...common }),
  z.strictObject({ kind: z.literal('eu-briefing'), options: EuBriefingOptions.default({ dialogueRound: {} }), ...common }),
  z.strictObject({ kind: z.literal('urgent-appeal'), options: UrgentAppealOptions, ...common }),
]);
export type DocumentRequest = z.output<typeof DocumentRequestSchema>;
