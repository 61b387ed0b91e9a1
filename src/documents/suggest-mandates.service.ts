import type { Db } from '../db/database.js';
import { suggestMandates, type MandateSuggestion } from './context/mandate-suggestions.js';
import { loadRequestedCaseFile } from './documents.service.js';
import type { DocumentRequest, Selection } from './request.schemas.js';

/**
 * The mandates a UN communication about this selection should address (issue 13, point 4): the
 * same records a generation with this selection would use. An empty selection suggests nothing.
 */
export async function suggestMandatesFor(db: Db, selection: Selection, resolveAliases: boolean): Promise<MandateSuggestion[]> {
  const request = { kind: 'un-communication', selection } as Pick<DocumentRequest, 'kind' | 'selection'> as DocumentRequest;
  const file = await loadRequestedCaseFile(db, request, resolveAliases);
  return suggestMandates(file.incidents, file.persons);
}
