import type { Db } from '../../db/database.js';
import {
  findCountry, selectIncidentIds, loadIncidents, loadIncidentsByKeys, loadOrganisationsByKeys, loadPersonsByKeys,
  loadRecommendationsFor, loadSourcesByKeys,
} from '../../records/records.repository.js';
import type {
  IncidentRecord, OrganisationRecord, PersonRecord, RecommendationRecord, SourceRecord,
} from '../../records/records.js';
import { namingConsentFor, type Audience, type ProtectedPerson } from '../../consent/consent.js';
import { recordMentionedKeys, type FreeTextCollection } from '../../consent/mentions.js';
import { knownIdentities, type KnownIdentities } from '../../consent/identity-cache.js';
import { DOCUMENT_MAX_INCIDENTS, type Selection } from '../request.schemas.js';
import { InvalidInputError } from '../../shared/errors.js';
import type { OrganisationProfile } from '../../records/organisation-profile.repository.js';

/** Everything a document is built from, loaded in one go: the stage after the database. */
export interface CaseFile {
  country: { code: string; name: string } | null;
  /** The selected incidents, in chronological order. */
  incidents: IncidentRecord[];
  /** Earlier incidents that selected ones follow up, when not selected themselves. */
  earlier: IncidentRecord[];
  /** The victims of those incidents. */
  persons: Map<string, PersonRecord>;
  /** Persons the free text mentions ([[person:KEY]]) who are not victims: witnesses, relatives, officials. */
  mentioned: Map<string, PersonRecord>;
  sources: Map<string, SourceRecord>;
  organisations: Map<string, OrganisationRecord>;
  recommendations: RecommendationRecord[];
  /** Every person in the records whose consent does not cover the audience. */
  protectedPersons: readonly ProtectedPerson[];
  /**
   * For a UN communication: every person who has not consented to public naming. A document that
   * prints one of their names may be read only by callers with identities:read. Empty otherwise.
   */
  publiclyProtectedPersons: readonly ProtectedPerson[];
  /**
   * Every individual on record whose consent covers the audience: a protected name inside a
   * longer name of one of them is theirs ("Aigerim Saparova" is no protected Aigerim). Optional:
   * without it a protected name is read wherever its words stand (safe, but it may name the wrong person).
   */
  nameablePersons?: readonly ProtectedPerson[];
  /**
   * Names the two lists above: the persons revision they were read at (consent/identity-cache.ts)
   * and the audience; '' when not cached. Render threads keep the lists, and the matchers built
   * from them, by it (workers/compose-tasks.ts), so they cross to a thread once per revision.
   */
  identityListsKey?: string;
  /** The sending organisation's profile (not case data: loaded beside the records); null when none is saved. */
  sender?: OrganisationProfile | null;
}

/** A selection of more incidents than one document takes (DOCUMENT_MAX_INCIDENTS), whatever the confirmation. */
export class TooManyIncidentsError extends InvalidInputError {
  constructor(readonly incidents: number) {
    super(`The selection holds ${incidents} incidents; a document takes at most ${DOCUMENT_MAX_INCIDENTS}. Narrow it (a shorter period, rights or persons).`,
      [{ path: '/selection', message: `${incidents} incidents, more than ${DOCUMENT_MAX_INCIDENTS}: narrow the period, rights or persons` }]);
  }
}

/** Refuses, before anything is loaded, a selection of more incidents than one document takes. */
export function refuseTooManyIncidents(incidents: number): void {
  if (incidents > DOCUMENT_MAX_INCIDENTS) throw new TooManyIncidentsError(incidents);
}

export async function loadCaseFile(db: Db, selection: Selection, audience: Audience, withRecommendations: boolean): Promise<CaseFile> {
  // Every criterion is applied in SQL: only the selected incidents are read, with only their
  // persons, sources and links below (a one-person appeal reads that person's incidents, not
  // the country's).
  const ids = await selectIncidentIds(db, {
    country: selection.country,
    from: selection.from,
    to: selection.to,
    keys: selection.incidents,
    rights: selection.rights,
    persons: selection.persons?.length ? selection.persons : undefined,
    sourcedOnly: selection.sourcedOnly === true ? true : undefined,
  });
  refuseTooManyIncidents(ids.length);
  const incidents = await loadIncidents(db, ids);
  const selected = new Set(incidents.map((i) => i.key));
  const earlierKeys = [...new Set(incidents.flatMap((i) => (i.followUpOf && !selected.has(i.followUpOf) ? [i.followUpOf] : [])))];
  const earlier = await loadIncidentsByKeys(db, earlierKeys);
  const all = [...earlier, ...incidents];

  // What depends only on the incidents is read at once (round trips, not work, are most of
  // loading a small file from PostgreSQL; on one connection the queries simply queue).
  const countryCode = selection.country ?? incidents[0]?.country;
  const [persons, [sources, organisations], country, recommendations] = await Promise.all([
    loadPersonsByKeys(db, all.flatMap((i) => i.victims)),
    loadSourcesByKeys(db, all.flatMap((i) => i.sources.map((s) => s.source))).then(async (sources) =>
      [sources, await loadOrganisationsByKeys(db, sources.flatMap((s) => (s.organisation ? [s.organisation] : [])))] as const),
    countryCode ? findCountry(db, countryCode).then((c) => c ?? null) : null,
    withRecommendations ? loadRecommendationsFor(db, incidents.map((i) => i.meta.id), undefined) : [],
  ]);

  // Mentions render per audience, so every person mentioned is loaded, victim or not.
  const known = new Set(persons.map((p) => p.key));
  const mentionedKeys = new Set<string>();
  const collect = (collection: FreeTextCollection, records: readonly unknown[]) => {
    for (const r of records) for (const k of recordMentionedKeys(collection, r)) if (!known.has(k)) mentionedKeys.add(k);
  };
  collect('incidents', all);
  collect('sources', sources);
  collect('persons', persons);
  collect('recommendations', recommendations);
  // Everybody protected, not only this document's persons: a protected person typed into a
  // selected incident is linked to nothing and must still be found. Held per persons revision.
  const [mentioned, identities] = await Promise.all([loadPersonsByKeys(db, [...mentionedKeys]), knownIdentities(db)]);

  return {
    country,
    incidents,
    earlier,
    persons: new Map(persons.map((p) => [p.key, p])),
    mentioned: new Map(mentioned.map((p) => [p.key, p])),
    sources: new Map(sources.map((s) => [s.key, s])),
    organisations: new Map(organisations.map((o) => [o.key, o])),
    recommendations,
    ...identityListsOf(identities, audience),
  };
}

/** A document's identity lists for an audience, and their key (CaseFile: protectedPersons … identityListsKey). */
export type DocumentIdentityLists = Required<Pick<CaseFile, 'protectedPersons' | 'publiclyProtectedPersons' | 'nameablePersons' | 'identityListsKey'>>;

/**
 * The persons a document for `audience` must protect, may name, and must not print to readers
 * without identities:read, as the persons revision `identities` was read at has them: the same
 * arrays for every document of the revision (the identity cache derives each once).
 */
export function identityListsOf(identities: KnownIdentities, audience: Audience): DocumentIdentityLists {
  return {
    protectedPersons: identities.withoutConsent(namingConsentFor(audience)),
    publiclyProtectedPersons: audience === 'public' ? [] : identities.withoutConsent(namingConsentFor('public')),
    nameablePersons: identities.nameableIndividuals(namingConsentFor(audience)),
    identityListsKey: identities.revision === '' ? '' : `${identities.revision}/${audience}`,
  };
}
