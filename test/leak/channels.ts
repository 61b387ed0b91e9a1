/**
 * Every channel a protected name could leak through, collected from a fresh app with the
 * corpus imported: the documents (per kind × format) and the API as a caller without
 * identities:read sees it. Runs on PGlite, or on the test PostgreSQL when TEST_DATABASE_URL
 * is set (a schema of its own, dropped afterwards).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createTestApp } from '../support/app.js';
import { Api, apiTexts, personKeysText, searches } from './api.js';
import type { Corpus } from './corpus/types.js';
import { documentTexts, generateDocuments, type ChannelText } from './documents.js';
import type { Channel, SearchQuery } from './oracle.js';

/** The diagnostics channel on which the app publishes every 500 (src/http/error-handler.ts). */
const SERVER_ERRORS = 'advocacy-docs:server-error';

export interface Collected {
  texts: ChannelText[];
  search: { channel: Channel; queries: SearchQuery[] };
  /** Incidents the service refused to put in a document, by "kind/format". */
  refused: Map<string, string[]>;
  documents: number;
  database: string;
  /** Messages of the server errors (500) seen, by count: the app publishes them on a diagnostics channel. */
  serverErrors: Map<string, number>;
  /** Seconds spent per phase. */
  timings: Record<string, number>;
}

export async function collectChannels(corpus: Corpus, log: (line: string) => void = () => {}): Promise<Collected> {
  const timings: Record<string, number> = {};
  let started = performance.now();
  const lap = (phase: string) => {
    timings[phase] = (performance.now() - started) / 1000;
    log(`${phase}: ${timings[phase]!.toFixed(1)} s`);
    started = performance.now();
  };
  const serverErrors = new Map<string, number>();
  const onServerError = (message: unknown) => {
    const err = (message as { err?: { message?: string } }).err;
    const text = `${err?.message ?? 'unknown error'}`.replace(/'lc-inc-\d+'/g, "'lc-inc-…'");
    serverErrors.set(text, (serverErrors.get(text) ?? 0) + 1);
  };
  subscribe(SERVER_ERRORS, onServerError);
  const t = await createTestApp({ LOG_LEVEL: 'silent', GENERATE_RATE_LIMIT_PER_MINUTE: '1000000' }, { actor: null });
  try {
    const staff = await t.authenticate('staff', 'leak-check-staff');
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', headers: staff, payload: corpus.bundle as unknown as object });
    if (imported.statusCode >= 300) throw new Error(`the corpus bundle was refused (${imported.statusCode}): ${imported.body.slice(0, 4000)}`);
    lap('import');
    // As a running service answers once its background pass has been: the incidents' texts as
    // kept shaped per persons revision (consent/kept-texts.ts), not shaped afresh per answer.
    await t.app.shapedSearch.wake();
    lap('kept texts');
    // Documents are made by a caller who may see names (as staff and lawyers make them): what a
    // document prints depends on its audience, not on who asked. Everything else below is read by
    // a service key without identities:read, which must learn no name through any answer.
    const maker = new Api(t.app, await t.authenticate({ scopes: ['records:read', 'documents:generate', 'documents:read', 'identities:read'] }, 'leak-check-maker'));
    const api = new Api(t.app, await t.authenticate({ scopes: ['records:read', 'documents:generate', 'documents:read'] }, 'leak-check-service'));
    const { docs, previews, refused, refusals } = await generateDocuments(maker, corpus);
    lap('generate');
    const texts = await documentTexts(docs, previews);
    lap('extract');
    texts.push(...(await apiTexts(api, corpus, docs, refusals)));
    const search = await searches(api, corpus);
    texts.push(personKeysText(api));
    lap('api');
    return { texts, search, refused, serverErrors, documents: docs.length, database: t.database.label, timings };
  } finally {
    unsubscribe(SERVER_ERRORS, onServerError);
    await t.close();
  }
}
