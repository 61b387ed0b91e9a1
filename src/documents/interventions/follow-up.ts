import type { Db } from '../../db/database.js';
import { communicationSources } from '../../records/interventions.repository.js';
import { getDocumentProvenance } from '../documents.repository.js';
import type { DocumentRequest } from '../request.schemas.js';
import type { Intervention } from './interventions.schemas.js';

/**
 * The next document for the same case, filled in from an intervention:
 *   - an urgent appeal becomes "New information" on the earlier appeal's code (the code numbering
 *     then gives it the next update suffix, ".1", ".2": documents/appeal-codes.ts);
 *   - a UN communication goes to the same mandates about the same case; the earlier
 *     communication is cited the way the records already cite one — a source of type
 *     `un-communication` with its reference, cited by the case's incidents — so the letter prints
 *     it under "earlier communications". `earlierReference` says whether the records cite it yet.
 * Nothing is generated: the caller reviews the request and sends it.
 */
export interface FollowUp {
  request: Partial<DocumentRequest> & { kind: DocumentRequest['kind'] };
  earlierReference: { reference: string; citedBy: string[]; sources: string[] } | null;
  note: string;
}

export async function followUpRequest(db: Db, intervention: Intervention): Promise<FollowUp> {
  const stored = intervention.documentId ? await getDocumentProvenance(db, intervention.documentId) : undefined;
  const original = stored?.request as DocumentRequest | undefined;
  const selection = original?.selection
    ?? (intervention.persons.length > 0 ? { persons: intervention.persons.map((p) => p.key) } : { incidents: intervention.incidents });
  const format = original?.format ?? 'pdf';

  if (intervention.documentKind === 'urgent-appeal') {
    const code = intervention.documentCode ?? intervention.reference;
    const addressees = original?.kind === 'urgent-appeal' ? original.options.addressees : intervention.addressees.flatMap((a) => (a.id === null ? [] : [a.id]));
    return {
      request: {
        kind: 'urgent-appeal', format, selection,
        options: {
          ...(code ? { followsAppeal: { code, ...(intervention.documentId ? {} : { date: intervention.sentOn }) } } : {}),
          addressees, sampleLetter: original?.kind === 'urgent-appeal' ? original.options.sampleLetter : false,
        },
      } as FollowUp['request'],
      earlierReference: null,
      note: code
        ? `"New information" on ${code}; its code will be ${code} with the next update suffix unless you give one.`
        : 'The earlier appeal has no code on record: give it (options.followsAppeal.code) to print "New information".',
    };
  }

  if (intervention.documentKind === 'un-communication') {
    const variant = original?.kind === 'un-communication' ? original.options.variant : 'allegation-letter';
    const reference = intervention.reference;
    const sources = reference ? await communicationSources(db, reference) : [];
    const citedBy = [...new Set(sources.flatMap((s) => s.incidents))].sort();
    return {
      request: { kind: 'un-communication', format, selection, options: { variant, mandates: intervention.mandates.map((m) => m.key) as never } } as FollowUp['request'],
      earlierReference: reference ? { reference, citedBy, sources: sources.map((s) => s.key) } : null,
      note: !reference
        ? 'No reference was recorded for the earlier communication: record it on the intervention to cite it.'
        : citedBy.length > 0
          ? `The letter cites the earlier communication ${reference} (source ${sources.map((s) => s.key).join(', ')}).`
          : `The records do not cite ${reference} yet: add a source of type un-communication with this reference to the case's incidents, and the letter cites it.`,
    };
  }

  return {
    request: { kind: intervention.documentKind as 'eu-briefing', format, selection },
    earlierReference: null,
    note: 'The same selection as the earlier briefing; set the new dialogue round.',
  };
}
