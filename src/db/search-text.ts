/**
 * The text each record type is searched in, folded by search_fold() (migration
 * 2026-12-04-030-record-search): one definition for the expression indexes and the queries,
 * which must spell the expression the same way for the index to answer them. Incidents are
 * searched in their stored fold (table incident_search_text, migration 2026-12-05-020), persons
 * in theirs (persons.search_folded, migration 2026-12-07-100).
 */
const col = (alias: string | undefined, name: string) => (alias ? `${alias}.${name}` : name);

/** An incident's folded title and summary, as stored (incident_search_text, migration 2026-12-05-020). */
export const incidentSearchText = (alias?: string) => col(alias, 'folded');

/**
 * A person's name, native name and pseudonym, folded: the expression of the stored column
 * persons.search_folded (migration 2026-12-07-100) and of the index migration 2026-12-04-030 built.
 */
export const personFoldExpression = (alias?: string) =>
  `search_fold(${col(alias, 'name')} || ' ' || coalesce(${col(alias, 'name_native')}, '') || ' ' || ${col(alias, 'pseudonym')})`;

/**
 * Name, native name and pseudonym: searched by people who may see names (pages, identities:read).
 * Stored folded (persons.search_folded, migration 2026-12-07-100): a trigram match rechecks each
 * candidate row, and folding it again there took ~0.35 ms a row (~43 of a 50 ms search page at
 * 20,000 persons for a surname many persons share).
 */
export const personSearchText = (alias?: string) => col(alias, 'search_folded');

export const sourceSearchText = (alias?: string) =>
  `search_fold(${col(alias, 'title')} || ' ' || coalesce(${col(alias, 'author')}, ''))`;
