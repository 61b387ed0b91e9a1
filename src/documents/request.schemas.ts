import { z } from 'zod';
import { IsoDate, Key, Line, Text } from '../records/bundle.schemas.js';
import { RIGHTS } from '../records/vocabulary.js';
import { MANDATE_KEYS } from './context/mandates.js';
import { APPEAL_CODE_MAX, appealCodeProblem } from '../shared/appeal-codes.js';
import { LANGUAGES } from '../shared/languages.js';

/**
 * Incidents one document takes at most, listed or selected (~2,700 pages of a briefing). A
 * selection of 50,000 (with confirmLarge) ran a render thread out of its heap and the process with it.
 */
export const DOCUMENT_MAX_INCIDENTS = 5000;

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
    incidents: z.array(Key).max(DOCUMENT_MAX_INCIDENTS).optional(),
    rights: z.array(z.enum(RIGHTS)).max(RIGHTS.length).optional(),
    /** All incidents of which these persons are victims (the usual subject of an appeal). */
    persons: z.array(Key).max(200).optional(),
    /** Leave out the incidents that have no source (chosen in SQL, like every other criterion). */
    sourcedOnly: z.boolean().optional().describe('Leave out incidents without a source'),
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

/** An addressee typed into the request (the address book's are picked by id). */
const Addressee = z.strictObject({
  title: Line(300).describe('e.g. "President of the Republic of Kazakhstan"'),
  name: Line(300).optional(),
  address: Text(500).optional().describe('Postal address, one line per line of the envelope'),
  email: z.email('must be an e-mail address').max(320).optional(),
  fax: Line(50).optional(),
  salutation: Line(200).optional().describe('e.g. "Dear President"'),
  language: Line(100).optional(),
});
export type TypedAddressee = z.output<typeof Addressee>;

/** Any code of 1 to 40 printable characters: "UA 61/20", "KAZ 001/0520/OBS 050.1", "KAZ 001 / 1016 / OBS 085.3". */
const AppealCode = z.string().superRefine((code, ctx) => {
  const problem = appealCodeProblem(code);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).transform((code) => code.trim()).meta({ maxLength: APPEAL_CODE_MAX });

export const UnCommunicationOptions = z.strictObject({
  variant: z.enum(['allegation-letter', 'urgent-appeal']),
  mandates: z.array(z.enum(MANDATE_KEYS)).min(1, 'address at least one mandate').max(MANDATE_KEYS.length),
  submittingOrganisation: SubmittingOrganisation.optional(),
  /** Ask the mandate holders not to disclose the submitting organisation's identity (absent: the organisation profile's default; true without a profile). */
  confidentiality: z.boolean().optional(),
  domesticRemedies: Text(4000).optional().describe('Steps taken to seek remedy at home, in the submitter\'s words (printed after the steps recorded with the incidents)'),
  requests: z.array(Line(1000)).max(20).optional().describe('Replaces the standard requests to the mandate holders'),
  /** OHCHR: information the submitter does not want shared with the State; printed last, marked, on its own page. */
  notForTransmission: Text(10_000).optional().describe('Information for the mandate holders only, marked "not to be transmitted to the Government"'),
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
  appealCode: AppealCode.optional().describe(
    'The appeal\'s code. Absent: numbered by the organisation\'s appeal-code scheme, or, for a follow-up, the earlier code with the next update suffix (".1", ".2"). '
    + 'Asking again with the same request keeps the code it was given.',
  ),
  followsAppeal: z.strictObject({
    code: AppealCode.describe('The earlier appeal\'s code'),
    date: IsoDate.optional().describe('When it was issued; found by its code when it was issued here'),
  }).optional().describe('"New information": this appeal updates an earlier one'),
  violation: Line(200).optional().describe('Headline wording, e.g. "Detention"; derived from the incidents when absent'),
  concern: Line(300).optional().describe('Concern line, e.g. "Arbitrary detention / Judicial harassment"; derived from the incidents when absent'),
  background: Text(4000).optional().describe('Background on the person, printed after what their record says; mentions ([[person:KEY]]) and typed names are shown as consent allows'),
  addressees: z.array(z.union([
    z.number().int().min(1).max(2_147_483_647).describe('An addressee of the address book, by id'),
    Addressee,
  ], { error: 'must be an addressee id (a number) or an addressee ({ "title": … })' })).max(30).default([]),
  actions: z.array(Line(1000)).max(20).optional().describe('Replaces the standard actions requested'),
  deadline: IsoDate.optional().describe('Write before this date'),
  languages: z.array(Line(60)).max(10).optional().describe('Languages to write in; the addressees\' languages when absent'),
  sampleLetter: z.boolean().default(false).describe('Add a sample letter built from the appeal'),
  sampleLetterText: Text(6000).optional().describe('A sample letter of your own (paragraphs separated by a blank line); implies sampleLetter'),
  submittingOrganisation: SubmittingOrganisation.optional(),
});

const common = {
  /**
   * Every generation stores both files (DOCX and PDF, from one composition); this is the primary
   * one, served by the file link without `?format=`.
   */
  format: z.enum(FORMATS).default('pdf').describe('Primary file (both DOCX and PDF are stored); default pdf'),
  /** The document's language: its fixed words, dates and the translations of record text it uses. */
  language: z.enum(LANGUAGES, `must be one of ${LANGUAGES.join(', ')}`).default('en').describe('Document language: en, fr, es or ru'),
  selection: SelectionSchema,
  /**
   * A final document in a language some record text is not translated into prints that text in
   * its original language, unmarked, instead of being refused (drafts always print it, marked).
   */
  allowMixedLanguages: z.boolean().default(false).describe('Final documents may print record text not translated into the document language'),
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

/** Confirms a document estimated above the large-document threshold (LARGE_DOCUMENT_PAGES); not part of the request itself. */
const ConfirmLarge = z.boolean().optional()
  .describe('Generate even though the document is estimated above LARGE_DOCUMENT_PAGES pages (without it such a request is answered 422 with the estimate)');

/** POST /api/v1/documents: a document request, and the large-document confirmation. */
export const GenerateBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('un-communication'), options: UnCommunicationOptions, ...common, confirmLarge: ConfirmLarge }),
  z.strictObject({ kind: z.literal('eu-briefing'), options: EuBriefingOptions.default({ dialogueRound: {} }), ...common, confirmLarge: ConfirmLarge }),
  z.strictObject({ kind: z.literal('urgent-appeal'), options: UrgentAppealOptions, ...common, confirmLarge: ConfirmLarge }),
]);

/** The request without the confirmation (which must not change its series or its idempotency). */
export function withoutConfirmation(body: z.output<typeof GenerateBodySchema>): { request: DocumentRequest; confirmLarge: boolean } {
  const { confirmLarge, ...request } = body;
  return { request: request as DocumentRequest, confirmLarge: confirmLarge === true };
}
