import type { Db } from '../../db/database.js';
import { findIncidentIds, loadIncidents, loadPersonsByKeys } from '../../records/records.repository.js';
import { CHANNEL_LABELS, OUTCOME_LABELS, type Channel, type Outcome } from '../../records/vocabulary.js';
import { NotFoundError } from '../../shared/errors.js';
import { documentsAboutPerson } from '../documents.repository.js';
import { findInterventions, type InterventionDeps } from './interventions.service.js';

/**
 * One person's story in order: the incidents that befell them, the documents written about them,
 * the interventions sent and the replies received. Titles and texts as stored (mentions as
 * written); the API shapes them for callers without identities:read (consent/identity-shaping.ts).
 */
export type TimelineEvent =
  | { type: 'incident'; date: string; title: string; key: string }
  | { type: 'document'; date: string; title: string; id: string; kind: string; version: number; status: string }
  | { type: 'intervention'; date: string; title: string; id: number; reference: string | null; replyDue: string | null; overdue: boolean; outcome: string | null }
  | { type: 'reply'; date: string; title: string; id: number; summary: string | null };

export interface Timeline {
  person: { key: string; name: string; pseudonym: string };
  events: TimelineEvent[];
}

const KIND_NAMES: Record<string, string> = {
  'urgent-appeal': 'Urgent appeal', 'un-communication': 'UN communication', 'eu-briefing': 'EU briefing',
};

export async function personTimeline(deps: InterventionDeps, key: string): Promise<Timeline> {
  const [person] = await loadPersonsByKeys(deps.db as Db, [key]);
  if (!person) throw new NotFoundError(`Person '${key}'`);
  const { ids } = await findIncidentIds(deps.db, { person: key });
  const incidents = await loadIncidents(deps.db, ids);
  const documents = await documentsAboutPerson(deps.db, person.meta.id);
  const { items: interventions } = await findInterventions(deps, { person: key }, { limit: 200, offset: 0 });
  const events: TimelineEvent[] = [
    ...incidents.map((i): TimelineEvent => ({ type: 'incident', date: i.date, title: i.title, key: i.key })),
    ...documents.map((d): TimelineEvent => ({
      type: 'document', date: new Date(d.created_at).toISOString().slice(0, 10), title: d.title, id: d.id, kind: d.kind, version: d.version, status: d.status,
    })),
    ...interventions.flatMap((iv): TimelineEvent[] => {
      const to = [...iv.mandates.map((m) => m.title), ...iv.addressees.map((a) => a.title)];
      const outcome = iv.outcome ? ` Outcome: ${OUTCOME_LABELS[iv.outcome as Outcome] ?? iv.outcome}.` : '';
      const sent: TimelineEvent = {
        type: 'intervention', date: iv.sentOn, id: iv.id, reference: iv.reference, replyDue: iv.replyDue, overdue: iv.overdue, outcome: iv.outcome,
        title: `${KIND_NAMES[iv.documentKind] ?? iv.documentKind}${iv.documentCode ? ` ${iv.documentCode}` : ''} sent by ${(CHANNEL_LABELS[iv.channel as Channel] ?? iv.channel).toLowerCase()} to ${to.join('; ')}${iv.reference ? ` (reference ${iv.reference})` : ''}.${outcome}`,
      };
      return iv.reply ? [sent, { type: 'reply', date: iv.reply.receivedOn, id: iv.id, summary: iv.reply.summary, title: `Reply received${iv.reference ? ` to ${iv.reference}` : ''}` }] : [sent];
    }),
  ];
  const order = { incident: 0, document: 1, intervention: 2, reply: 3 } as const;
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : order[a.type] - order[b.type]));
  return { person: { key: person.key, name: person.name, pseudonym: person.pseudonym }, events };
}
