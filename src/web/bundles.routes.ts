import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEMO_BUNDLE_URL } from '../demo/seed.js';
import { importPreparedBundle, prepareBundleImport } from '../consent/bundle-import.js';
import type { MentionCounts } from '../consent/mentions.js';
import type { ImportSummary } from '../records/bundle.service.js';
import type { Problem } from '../shared/problems.js';
import { fieldViews, type Errors, type Values } from './fields.js';
import { renderPage } from './page.js';
import { countries } from '../records/record-choices.repository.js';

/** How many problems a page lists; the count says how many there are in all. */
const SHOWN_PROBLEMS = 500;

/** Bundle upload (a JSON file, checked like the API checks it) and the demo bundle to download. */
export async function bundlePages(web: FastifyInstance): Promise<void> {
  web.get('/bundles', async (request, reply) => show(request, reply, {}));

  web.post('/bundles', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const file = body.bundle;
    const bytes = Buffer.isBuffer(file) ? file : typeof file === 'string' ? Buffer.from(file) : Buffer.alloc(0);
    if (bytes.length === 0) return show(request, reply, { errors: { bundle: 'Bundle file: choose a JSON file to upload' } }, 422);
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      return show(request, reply, { errors: { bundle: `Bundle file: is not valid JSON (${(err as Error).message})` } }, 422);
    }
    // Staff may see identities: typed names of anybody on record become mentions.
    const result = await prepareBundleImport(web.db, raw, { storedNames: true });
    if (!result.ok) return show(request, reply, { problems: result.problems }, 422);
    const { summary, keysRenamed } = await importPreparedBundle(web.db, result);
    return show(request, reply, { summary, country: result.bundle.country, mentions: result.mentionsConverted, keysRenamed: keysRenamed.length });
  });

  web.get('/bundles/demo.json', async (_request, reply) => {
    const bytes = await readFile(DEMO_BUNDLE_URL);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="kz-2018-q1.bundle.json"')
      .send(bytes);
  });

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: {
      errors?: Errors; problems?: Problem[]; summary?: ImportSummary; country?: { code: string; name: string }; mentions?: MentionCounts;
      /** How many stored record keys spelled a name the bundle brought and were renamed (a count: the old keys spell names). */
      keysRenamed?: number;
    },
    status = 200,
  ) {
    const known = await countries(web.db);
    const exportValues: Values = { country: known[0]?.code ?? '' };
    return renderPage(request, reply, 'bundles/upload', {
      title: 'Upload a case bundle',
      section: 'bundles',
      errors: outcome.errors ?? {},
      upload: fieldViews({
        bundle: { label: 'Bundle file (JSON)', type: 'file', hint: 'A case bundle v1, up to 20 MB. Records are added or updated by key, all or nothing.' },
      }, {}, outcome.errors ?? {}),
      problems: outcome.problems?.slice(0, SHOWN_PROBLEMS) ?? null,
      problemCount: outcome.problems?.length ?? 0,
      problemsCut: (outcome.problems?.length ?? 0) > SHOWN_PROBLEMS,
      summary: outcome.summary
        ? Object.entries(outcome.summary).map(([type, tally]) => ({ type, ...tally }))
        : null,
      imported: outcome.country ?? null,
      mentionsConverted: outcome.mentions?.total ?? 0,
      keysRenamed: outcome.keysRenamed ?? 0,
      exportFields: fieldViews({
        country: { label: 'Country', type: 'select', options: known.map((c) => ({ value: c.code, label: c.name })) },
        from: { label: 'From', placeholder: 'YYYY-MM-DD', maxlength: 10 },
        to: { label: 'To', placeholder: 'YYYY-MM-DD', maxlength: 10 },
      }, exportValues, {}),
      canExport: known.length > 0,
    }, status);
  }
}
