/**
 * The text each record type is searched in, folded by search_fold() (migration
 * 2026-12-04-030-record-search): one definition for the expression indexes and the queries,
 * which must spell the expression the same way for the index to answer them. Incidents are
 * searched in their stored fold (table incident_search_text, migration 2026-12-05-020).
 */
const col = (alias: string | undefined, name: string) => (alias ? `${alias}.${name}` : name);

/** An incident's folded title and summary, as stored (incident_search_text, migration 2026-12-05-020). */
export const incidentSearchText = (alias?: string) => col(alias, 'folded');

/** Name, native name and pseudonym: searched by people who may see names (pages, identities:read). */
export const personSearchText = (alias?: string) =>
  `search_fold(${col(alias, 'name')} || ' ' || coalesce(${col(alias, 'name_native')}, '') || ' ' || ${col(alias, 'pseudonym')})`;

export const sourceSearchText = (alias?: string) =>
  `search_fold(${col(alias, 'title')} || ' ' || coalesce(${col(alias, 'author')}, ''))`;
