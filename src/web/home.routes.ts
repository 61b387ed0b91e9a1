import type { FastifyInstance } from 'fastify';
import { loadDemoData, seedDemoProfile } from '../demo/seed.js';
import { loadPersonsByKeys } from '../records/records.repository.js';
import { renderPage } from './page.js';
import { recordCounts } from '../records/record-choices.repository.js';
import { queryString } from './listing.js';
import { waitingForMe } from './review/review.view.js';

/** A demo person the quick-start links are about (in the Kazakhstan demo bundle). */
const DEMO_SUBJECT = 'p-kz-0001';

/** Quick starts on the demo data: each opens a generate form already filled in. */
function demoLinks() {
  return {
    urgentAppeal: `/generate/urgent-appeal${queryString({
      'selection.persons': DEMO_SUBJECT, 'options.appealCode': 'KAZ 001/0318/OBS 025', format: 'pdf',
    })}`,
    unCommunication: `/generate/un-communication${queryString({
      'selection.persons': DEMO_SUBJECT, 'options.variant': 'urgent-appeal',
      'options.mandates': ['sr-assembly-association', 'sr-defenders', 'wg-arbitrary-detention'], format: 'docx',
    })}`,
    euBriefing: `/generate/eu-briefing${queryString({
      'selection.country': 'KZ', 'selection.from': '2018-01-01', 'selection.to': '2018-03-31',
      'options.dialogueRound.number': '10', 'options.dialogueRound.place': 'Astana', format: 'pdf', draft: 'on',
    })}`,
  };
}

export async function homeRoutes(web: FastifyInstance): Promise<void> {
  web.get('/', async (request, reply) => {
    const counts = await recordCounts(web.db);
    const demoLoaded = (await loadPersonsByKeys(web.db, [DEMO_SUBJECT])).length > 0;
    return renderPage(request, reply, 'home', {
      title: 'Cited, consent-safe advocacy documents',
      section: 'home',
      counts,
      empty: counts.incidents === 0,
      demoLoaded,
      demo: demoLoaded ? demoLinks() : null,
      loaded: (request.query as Record<string, unknown>).loaded === '1',
      waiting: await waitingForMe(web.db, request),
    });
  });

  // First start on an existing database, or after a reset: load the demo bundle with one click.
  web.post('/demo-data', async (_request, reply) => {
    await loadDemoData(web.db);
    await seedDemoProfile(web.db);
    return reply.redirect('/?loaded=1', 303);
  });
}
