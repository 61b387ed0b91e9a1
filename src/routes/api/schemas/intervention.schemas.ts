import { z } from 'zod';
import type { Intervention } from '../../../documents/interventions/interventions.schemas.js';
import { INTERVENTION_STATUSES } from '../../../documents/interventions/interventions.schemas.js';

/** An intervention as the API answers it (persons with name and pseudonym; shaped for callers without identities:read). */
export const InterventionResponse = z.object({
  id: z.number().int(),
  key: z.string().describe('Stable key, as a case bundle carries it'),
  documentId: z.string().nullable().describe('The approved version sent; null for one imported from a bundle'),
  documentKind: z.string(),
  documentTitle: z.string().nullable(),
  documentCode: z.string().nullable().describe('An urgent appeal\'s code: a follow-up appeal is "New information" on it'),
  country: z.string(),
  persons: z.array(z.object({ key: z.string().nullable(), name: z.string(), pseudonym: z.string() })),
  incidents: z.array(z.string().nullable()),
  mandates: z.array(z.object({ key: z.string(), title: z.string() })),
  addressees: z.array(z.object({ id: z.number().nullable(), title: z.string() })),
  sentOn: z.string(),
  channel: z.string(),
  reference: z.string().nullable(),
  replyDue: z.string().nullable(),
  reply: z.object({
    receivedOn: z.string(),
    summary: z.string().nullable(),
    file: z.object({
      fileName: z.string(), contentType: z.string(), byteSize: z.number(), sha256: z.string(), uploadedAt: z.string(), uploadedBy: z.string().nullable(), href: z.string(),
    }).nullable(),
  }).nullable(),
  outcome: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  notes: z.string().nullable(),
  status: z.enum(INTERVENTION_STATUSES),
  overdue: z.boolean(),
  daysUntilDue: z.number().nullable(),
  createdBy: z.string().nullable(),
  meta: z.object({ version: z.number(), createdAt: z.string(), updatedAt: z.string() }),
  links: z.object({ self: z.string(), document: z.string().nullable(), replyFile: z.string().nullable(), followUp: z.string() }),
});

export function interventionJson(i: Intervention): z.infer<typeof InterventionResponse> {
  const self = `/api/v1/interventions/${i.id}`;
  return {
    ...i,
    reply: i.reply ? { ...i.reply, file: i.reply.file ? { ...i.reply.file, href: `${self}/reply/file` } : null } : null,
    links: {
      self,
      document: i.documentId ? `/api/v1/documents/${i.documentId}` : null,
      replyFile: i.reply?.file ? `${self}/reply/file` : null,
      followUp: `${self}/follow-up`,
    },
  };
}
