import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { dueSoon, findInterventions, type InterventionDeps } from '../../documents/interventions/interventions.service.js';
import { interventionView } from './interventions.view.js';
import { ACTIONS, mayUse, principalOf } from '../actions.js';

/**
 * What the interventions add to other pages, each drawn by its own partial: the home page's
 * replies to chase (partials/interventions/home-due.hbs) and the document page's "Sent" section
 * (partials/interventions/document-sent.hbs).
 */

const depsOf = (web: FastifyInstance, config: Config | undefined): InterventionDeps => ({
  db: web.db, today: web.clock().toISOString().slice(0, 10), replyDays: config?.REPLY_DEADLINE_DAYS ?? 60,
});

/** Replies overdue, and those due within seven days (judged on the app's clock); null before any sending is recorded. */
export async function homeDueSection(web: FastifyInstance, config: Config | undefined) {
  const deps = depsOf(web, config);
  if ((await findInterventions(deps, {}, { limit: 1, offset: 0 })).total === 0) return null;
  const { items } = await dueSoon(deps, 7);
  const views = items.map(interventionView);
  const overdue = views.filter((i) => i.overdue);
  const thisWeek = views.filter((i) => !i.overdue);
  return { overdue, thisWeek, any: views.length > 0 };
}

/** Where this version was sent; whether the signed-in person may record a sending of it. */
export async function documentSentSection(web: FastifyInstance, config: Config | undefined, request: FastifyRequest, doc: { id: string; status: string }) {
  const { items } = await findInterventions(depsOf(web, config), { document: doc.id }, { limit: 50, offset: 0 });
  const approved = doc.status === 'approved';
  return { items: items.map(interventionView), approved, canRecord: approved && mayUse(principalOf(request), ACTIONS.recordSending) };
}
