import { sql } from 'kysely';
import { containsPattern } from '../db/like.js';
import { mentionOf } from './mention-syntax.js';
import type { Executor } from './records.repository.js';
import { toPointer, type Problem } from '../shared/problems.js';

/**
 * What still refers to a record. A record with dependants must not be deleted: the documents
 * built on the dependants would lose their victims, evidence or context. Each dependant is one
 * problem whose path names it (`/incidents/<key>`), so a client can go and fix it first.
 */

export type RecordType = 'incidents' | 'persons' | 'sources' | 'organisations' | 'recommendations';

const dependant = (type: RecordType, key: string, message: string): Problem => ({ path: toPointer([type, key]), message });

async function incidentsCitingSource(db: Executor, sourceKey: string): Promise<Problem[]> {
  const rows = await db.selectFrom('incident_sources as l')
    .innerJoin('sources as s', 's.id', 'l.source_id')
    .innerJoin('incidents as i', 'i.id', 'l.incident_id')
    .select('i.key').where('s.key', '=', sourceKey).orderBy('i.key').execute();
  return rows.map((r) => dependant('incidents', r.key, `incident '${r.key}' cites this source`));
}

async function incidentsWithVictim(db: Executor, personKey: string): Promise<Problem[]> {
  const rows = await db.selectFrom('incident_victims as v')
    .innerJoin('persons as p', 'p.id', 'v.person_id')
    .innerJoin('incidents as i', 'i.id', 'v.incident_id')
    .select('i.key').where('p.key', '=', personKey).orderBy('i.key').execute();
  const identifying = await db.selectFrom('source_identifies as l')
    .innerJoin('persons as p', 'p.id', 'l.person_id')
    .innerJoin('sources as s', 's.id', 'l.source_id')
    .select('s.key').where('p.key', '=', personKey).orderBy('s.key').execute();
  return [
    ...rows.map((r) => dependant('incidents', r.key, `incident '${r.key}' names this person as a victim`)),
    ...identifying.map((r) => dependant('sources', r.key, `source '${r.key}' identifies this person`)),
  ];
}

/** Records whose free text mentions the person ([[person:KEY]]): the mention would dangle. */
async function recordsMentioningPerson(db: Executor, personKey: string): Promise<Problem[]> {
  const p = containsPattern(mentionOf(personKey));
  const incidents = await db.selectFrom('incidents as i').select('i.key').where((eb) => eb.or([
    eb('i.title', 'like', p),
    eb('i.summary', 'like', p),
    eb(sql<string>`array_to_string(i.legal_basis, ' ')`, 'like', p),
    eb.exists(eb.selectFrom('incident_perpetrators as x').select(sql`1`.as('one')).whereRef('x.incident_id', '=', 'i.id').where('x.description', 'like', p)),
    eb.exists(eb.selectFrom('incident_sources as x').select(sql`1`.as('one')).whereRef('x.incident_id', '=', 'i.id')
      .where((e) => e.or([e('x.locator', 'like', p), e('x.excerpt', 'like', p)]))),
  ])).orderBy('i.key').execute();
  const sources = await db.selectFrom('sources').select('key')
    .where((eb) => eb.or([eb('title', 'like', p), eb('author', 'like', p)])).orderBy('key').execute();
  const persons = await db.selectFrom('persons').select('key').where('key', '!=', personKey)
    .where((eb) => eb.or([eb('occupation', 'like', p), eb('affiliation', 'like', p)])).orderBy('key').execute();
  const recommendations = await db.selectFrom('recommendations').select('key').where('text', 'like', p).orderBy('key').execute();
  return [
    ...incidents.map((r) => dependant('incidents', r.key, `incident '${r.key}' mentions this person`)),
    ...sources.map((r) => dependant('sources', r.key, `source '${r.key}' mentions this person`)),
    ...persons.map((r) => dependant('persons', r.key, `person '${r.key}' mentions this person`)),
    ...recommendations.map((r) => dependant('recommendations', r.key, `recommendation '${r.key}' mentions this person`)),
  ];
}

async function sourcesOfOrganisation(db: Executor, organisationKey: string): Promise<Problem[]> {
  const rows = await db.selectFrom('sources as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select('s.key').where('o.key', '=', organisationKey).orderBy('s.key').execute();
  return rows.map((r) => dependant('sources', r.key, `source '${r.key}' refers to this organisation`));
}

async function referencesToIncident(db: Executor, incidentKey: string): Promise<Problem[]> {
  const followUps = await db.selectFrom('incidents as f')
    .innerJoin('incidents as i', 'i.id', 'f.follow_up_of_id')
    .select('f.key').where('i.key', '=', incidentKey).orderBy('f.key').execute();
  const recommendations = await db.selectFrom('recommendation_incidents as l')
    .innerJoin('incidents as i', 'i.id', 'l.incident_id')
    .innerJoin('recommendations as r', 'r.id', 'l.recommendation_id')
    .select('r.key').where('i.key', '=', incidentKey).orderBy('r.key').execute();
  return [
    ...followUps.map((r) => dependant('incidents', r.key, `incident '${r.key}' follows up this incident`)),
    ...recommendations.map((r) => dependant('recommendations', r.key, `recommendation '${r.key}' refers to this incident`)),
  ];
}

/** Every record that refers to the record `key` of `type`; empty when it can be deleted. */
export async function findDependants(db: Executor, type: RecordType, key: string): Promise<Problem[]> {
  switch (type) {
    case 'sources':
      return incidentsCitingSource(db, key);
    case 'persons': {
      const victimOf = await incidentsWithVictim(db, key);
      const seen = new Set(victimOf.map((d) => d.path));
      return [...victimOf, ...(await recordsMentioningPerson(db, key)).filter((d) => !seen.has(d.path))];
    }
    case 'organisations':
      return sourcesOfOrganisation(db, key);
    case 'incidents':
      return referencesToIncident(db, key);
    case 'recommendations':
      return []; // nothing refers to a recommendation
  }
}
