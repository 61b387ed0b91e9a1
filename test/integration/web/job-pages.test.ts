import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { startJobRuntime } from '../../../src/documents/jobs/job-runtime.js';
import { createRenderer } from '../../../src/documents/workers/render-pool.js';
import { openForm, postForm, type FormSession } from './forms.js';

/** Generating from the pages through the job queue: the progress page, and the large-document step. */

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`');

async function previewRequest(t: TestAppWithAuth, session: FormSession): Promise<string> {
  const preview = await postForm(t.app, '/generate/eu-briefing/preview', { 'selection.country': 'KZ', format: 'pdf', draft: 'on' }, session);
  expect(preview.statusCode, preview.body.slice(0, 500)).toBe(200);
  return unescape(/<input type="hidden" name="request" value="([^"]+)">/.exec(preview.body)![1]!);
}

describe('a generation that outlasts the wait', () => {
  let t: TestAppWithAuth;
  let session: FormSession;
  beforeAll(async () => {
    // No worker until the test starts one: the progress page is seen while the job waits.
    t = await createTestApp({ JOB_WAIT_MS: '0', WORKERS_IN_PROCESS: 'off' });
    await loadDemoData(t.database.db);
    session = await openForm(t.app, '/generate/eu-briefing');
  });
  afterAll(async () => t?.close());

  it('leads to a progress page (a bar, a refresh without scripts, a cancel button), then to the document', async () => {
    const generated = await postForm(t.app, '/generate/eu-briefing', { request: await previewRequest(t, session) }, session);
    expect(generated.statusCode).toBe(303);
    const jobPage = generated.headers.location!;
    expect(jobPage).toMatch(/^\/jobs\/[0-9a-f-]{36}$/);
    let page = await t.app.inject({ url: jobPage });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<progress class="job-progress" max="100" value="0"/);
    expect(page.body).toContain('Waiting for a worker');
    expect(page.body).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
    expect(page.body).toContain(`data-job-events="/api/v1/jobs/${jobPage.split('/').pop()}/events"`);
    expect(page.body).toContain(`action="${jobPage}/cancel"`);
    const worker = await startJobRuntime(loadConfig({ DEMO_DATA: 'off' }), t.database, createRenderer(0), t.app.log, { work: true });
    try {
      for (let i = 0; i < 600 && page.statusCode === 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        page = await t.app.inject({ url: jobPage });
      }
    } finally {
      await worker.close();
    }
    for (let i = 0; i < 600 && page.statusCode === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      page = await t.app.inject({ url: jobPage });
    }
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/documents\/[0-9a-f-]{36}\?generated=1$/);
    expect((await t.app.inject({ url: page.headers.location! })).body).toContain('stored as version');
  });
});

describe('a document above the large-document threshold', () => {
  let t: TestAppWithAuth;
  let session: FormSession;
  beforeAll(async () => {
    t = await createTestApp({ LARGE_DOCUMENT_PAGES: '2' });
    await loadDemoData(t.database.db);
    session = await openForm(t.app, '/generate/eu-briefing');
  });
  afterAll(async () => t?.close());

  it('asks first, with the estimate, and generates once confirmed', async () => {
    const request = await previewRequest(t, session);
    const asked = await postForm(t.app, '/generate/eu-briefing', { request }, session);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toMatch(/estimated at <strong>about \d+ pages<\/strong> \(\d+ incidents\), above the 2-page threshold/);
    expect(asked.body).toContain('<input type="hidden" name="confirmLarge" value="1">');
    const confirmed = await postForm(t.app, '/generate/eu-briefing', { request, confirmLarge: '1' }, session);
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toMatch(/^\/documents\/[0-9a-f-]{36}\?generated=1$/);
  });
});
