import type { FastifyInstance } from 'fastify';
import { pseudonymProblems } from '../../../consent/pseudonym-check.js';
import { recordKeyProblems, renameKeysForPersonWrite } from '../../../consent/record-keys.js';
import { incidentStore, organisationStore, personStore, recommendationStore, sourceStore } from '../../../records/record-stores.repository.js';
import {
  IncidentBody, IncidentListQuery, IncidentResponse, OrganisationBody, OrganisationListQuery,
  OrganisationResponse, PersonBody, PersonListQuery, PersonResponse, PersonWriteResponse, RecommendationBody,
  RecommendationListQuery, RecommendationResponse, SourceBody, SourceListQuery, SourceResponse,
} from '../schemas/record.schemas.js';
import { registerRecordRoutes } from './record-routes.js';

/** Single records are small: a body over 1 MB is a mistake (bulk loads go through /bundles). */
export const RECORD_BODY_LIMIT = 1024 * 1024;

/** REST API for incidents, persons, sources, organisations and recommendations, by key. */
export async function recordRoutes(app: FastifyInstance): Promise<void> {
  const opts = { bodyLimit: RECORD_BODY_LIMIT };

  registerRecordRoutes(app, {
    collection: 'incidents', body: IncidentBody, response: IncidentResponse, query: IncidentListQuery,
    store: incidentStore,
    bodyNotes: 'Victims, sources and followUpOf must name existing records; an unknown country code needs country.name. The key must not spell a person\'s name (422).',
    createCheck: (db, incident) => recordKeyProblems(db, 'incidents', incident),
  }, opts);
  registerRecordRoutes(app, {
    collection: 'persons', body: PersonBody, response: PersonResponse, query: PersonListQuery, store: personStore,
    bodyNotes: 'The key must not spell a person\'s name (422): use an opaque key such as p-kz-0042. '
      + 'Record keys written earlier that spell this person\'s name are renamed to opaque keys in the same write (old keys stay aliases); `keysRenamed` lists them.',
    createCheck: async (db, person) => [...pseudonymProblems(person), ...(await recordKeyProblems(db, 'persons', person))],
    replaceCheck: async (_db, person) => pseudonymProblems(person),
    renameKeys: renameKeysForPersonWrite,
    writeResponse: PersonWriteResponse,
  }, opts);
  registerRecordRoutes(app, {
    collection: 'sources', body: SourceBody, response: SourceResponse, query: SourceListQuery, store: sourceStore,
    bodyNotes: 'organisation, when given, must name an existing organisation; identifies, existing persons. The key must not spell a person\'s name (422).',
    createCheck: (db, source) => recordKeyProblems(db, 'sources', source),
  }, opts);
  registerRecordRoutes(app, {
    collection: 'organisations', body: OrganisationBody, response: OrganisationResponse, query: OrganisationListQuery,
    store: organisationStore,
    bodyNotes: 'The key must not spell a person\'s name (422).',
    createCheck: (db, organisation) => recordKeyProblems(db, 'organisations', organisation),
  }, opts);
  registerRecordRoutes(app, {
    collection: 'recommendations', body: RecommendationBody, response: RecommendationResponse,
    query: RecommendationListQuery, store: recommendationStore,
    bodyNotes: 'incidents must name existing incidents. The key must not spell a person\'s name (422).',
    createCheck: (db, recommendation) => recordKeyProblems(db, 'recommendations', recommendation),
  }, opts);
}
