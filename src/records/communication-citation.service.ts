import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { canonicalIncident } from './canonical.js';
import { communicationSources } from './interventions.repository.js';
import { nextOpaqueKey } from './record-keys.repository.js';
import { loadIncidentsByKeys } from './records.repository.js';
import { stripMeta } from './records.js';
import { saveIncident, saveSource } from './records-write.repository.js';

/**
 * An earlier UN communication, cited the way the records already cite one: a source of type
 * `un-communication` carrying its reference ("AL KAZ 1/2018"), linked to the case's incidents. A
 * UN letter about those incidents then prints it among the earlier communications. Reuses the
 * source when one with this reference exists; links it only where it is missing. One transaction.
 */
export async function citeCommunication(
  db: Kysely<Database>,
  input: { reference: string; country: string; incidentKeys: readonly string[]; mandateTitles: readonly string[] },
): Promise<{ sourceKey: string; created: boolean; linked: string[] }> {
  return db.transaction().execute(async (trx) => {
    const existing = (await communicationSources(trx, input.reference))[0];
    const sourceKey = existing?.key ?? await nextOpaqueKey(trx, 'sources', `s-${input.country.toLowerCase()}`);
    if (!existing) {
      const to = input.mandateTitles.length > 0 ? ` (${input.mandateTitles.join('; ')})` : '';
      await saveSource(trx, {
        key: sourceKey, type: 'un-communication', title: `Communication ${input.reference} of the UN Special Procedures${to}`.slice(0, 500),
        author: 'UN Special Procedures', organisation: null, date: null, url: null, reliability: 'A', confidential: false,
        reference: input.reference, identifies: [],
      }, input.country);
    }
    const linked: string[] = [];
    for (const incident of await loadIncidentsByKeys(trx, input.incidentKeys)) {
      if (incident.sources.some((s) => s.source === sourceKey)) continue;
      const { country, ...record } = stripMeta(incident);
      // Credibility 3 ("possibly true"): the communication relays the allegations; it does not confirm them.
      const next = canonicalIncident({ ...record, sources: [...record.sources, { source: sourceKey, credibility: 3, locator: null, excerpt: null }] });
      await saveIncident(trx, next, country);
      linked.push(incident.key);
    }
    return { sourceKey, created: !existing, linked };
  });
}
