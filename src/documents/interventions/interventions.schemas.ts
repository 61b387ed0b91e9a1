import { z } from 'zod';
import { IsoDate, Key, Line, Text } from '../../records/bundle.schemas.js';
import { MANDATE_KEYS } from '../context/mandates.js';

/**
 * Interventions: a document sent, and what came back. What the API takes (create, change) and
 * what it is, as the service and the pages use it. The case bundle carries them too
 * (records/bundle.schemas.ts: BundleInterventionSchema, the same vocabularies).
 */

export { CHANNELS, OUTCOMES, CHANNEL_LABELS, OUTCOME_LABELS, type Channel, type Outcome } from '../../records/vocabulary.js';
import { CHANNELS, OUTCOMES } from '../../records/vocabulary.js';

import { INTERVENTION_STATUSES, type InterventionStatus, type ReplyFileInfo } from '../../records/interventions.repository.js';
export { INTERVENTION_STATUSES, type InterventionFilter, type InterventionStatus, type ReplyFileInfo } from '../../records/interventions.repository.js';
export const STATUS_LABELS: Record<InterventionStatus, string> = {
  'awaiting-reply': 'Awaiting a reply', replied: 'Reply received', closed: 'Closed (outcome recorded)',
};

const MandateKeys = z.array(z.enum(MANDATE_KEYS)).max(MANDATE_KEYS.length);
const AddresseeIds = z.array(z.number().int().min(1).max(2_147_483_647)).max(30);
/** A UN communication's reference ("AL KAZ 1/2018", "UA 61/20") or an authority's file number. */
export const Reference = Line(100);

export const ReplySchema = z.strictObject({
  receivedOn: IsoDate.describe('When the reply arrived'),
  summary: Text(4000).nullable().optional().describe('What the government says, in a few lines'),
});

export const CreateInterventionSchema = z.strictObject({
  documentId: z.uuid('must be a document id (UUID)').meta({ maxLength: 36 }).describe('The approved version that was sent'),
  sentOn: IsoDate.describe('When it was sent (not in the future)'),
  channel: z.enum(CHANNELS),
  mandates: MandateKeys.optional().describe('UN mandates it was sent to (keys as in a UN communication request); absent: the document\'s'),
  addressees: AddresseeIds.optional().describe('Address-book ids it was sent to; absent: the document\'s'),
  reference: Reference.nullable().optional().describe('The reference given back, e.g. "AL KAZ 1/2018" or "UA 61/20"'),
  replyDue: IsoDate.nullable().optional().describe('When a reply is due; absent: sentOn + REPLY_DEADLINE_DAYS (60, the UN\'s); null: none expected'),
  notes: Text(4000).nullable().optional(),
});
export type CreateIntervention = z.output<typeof CreateInterventionSchema>;

export const UpdateInterventionSchema = z.strictObject({
  sentOn: IsoDate.optional(),
  channel: z.enum(CHANNELS).optional(),
  mandates: MandateKeys.optional(),
  addressees: AddresseeIds.optional(),
  reference: Reference.nullable().optional(),
  replyDue: IsoDate.nullable().optional(),
  reply: ReplySchema.nullable().optional().describe('The government\'s reply; null removes it (and its file stays until replaced)'),
  outcome: z.enum(OUTCOMES).nullable().optional(),
  outcomeNote: Text(2000).nullable().optional(),
  notes: Text(4000).nullable().optional(),
}).refine((v) => Object.keys(v).length > 0, 'give at least one field to change');
export type UpdateIntervention = z.output<typeof UpdateInterventionSchema>;

export const ListInterventionsQuery = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. KZ').meta({ maxLength: 2 }).optional(),
  person: Key.optional(),
  document: z.uuid('must be a document id (UUID)').meta({ maxLength: 36 }).optional(),
  status: z.enum(INTERVENTION_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('true: no reply and the deadline has passed'),
  dueBy: IsoDate.optional().describe('No reply yet and due on or before this date (overdue ones included)'),
  asOf: IsoDate.optional().describe('The day "overdue" is judged on; today when absent'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** An intervention as stored, with what it refers to resolved (person names, mandate titles). */
export interface Intervention {
  id: number;
  key: string;
  documentId: string | null;
  documentKind: string;
  documentTitle: string | null;
  documentCode: string | null;
  country: string;
  persons: Array<{ key: string; name: string; pseudonym: string }>;
  incidents: string[];
  mandates: Array<{ key: string; title: string }>;
  addressees: Array<{ id: number | null; title: string }>;
  sentOn: string;
  channel: string;
  reference: string | null;
  replyDue: string | null;
  reply: { receivedOn: string; summary: string | null; file: ReplyFileInfo | null } | null;
  outcome: string | null;
  outcomeNote: string | null;
  notes: string | null;
  status: InterventionStatus;
  /** No reply, no outcome, and the deadline has passed (judged on the service's today). */
  overdue: boolean;
  /** Days until the reply is due (negative: overdue); null once replied or without a deadline. */
  daysUntilDue: number | null;
  createdBy: string | null;
  meta: { version: number; createdAt: string; updatedAt: string };
}
