import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../../bench/synthetic.js';
import { loadRequestedCaseFile } from '../../../src/documents/documents.service.js';
import { DocumentRequestSchema } from '../../../src/documents/request.schemas.js';
import { createRenderer, type DocumentRenderer } from '../../../src/documents/workers/render-pool.js';
import { validateBundle } from '../../../src/records/bundle-validation.js';
import { importBundle } from '../../../src/records/bundle.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/**
 * Issue 18, point 9 (memory at volume): a render thread is started, and sent the identity lists
 * of a persons revision, only when it has a document to compose (a thread holds ~47 MB of heap at
 * 20,000 persons). Documents one after another keep one thread; documents at the same time start
 * the other, which asks for the lists and composes what the first one composes.
 */
const checked = validateBundle(syntheticBundle(40));
if (!checked.ok) throw new Error(JSON.stringify(checked.problems.slice(0, 3)));
const bundle = checked.bundle;
const victim = bundle.incidents.find((i) => i.victims.length > 0)!.victims[0]!;
const request = DocumentRequestSchema.parse({
  kind: 'urgent-appeal', format: 'pdf', draft: true, selection: { persons: [victim] },
  options: { addressees: [{ title: 'President of the Republic of Kazakhstan' }] },
});
const now = new Date('2026-12-02T12:00:00Z');

let database: TestDatabase;
let renderer: DocumentRenderer;
beforeAll(async () => {
  database = await createTestDatabase();
  await importBundle(database.db, bundle);
  renderer = createRenderer(2, { idleMs: 120_000 });
});
afterAll(async () => {
  await renderer?.close();
  await database?.close();
});

describe('render threads of a pool of two', () => {
  it('documents one after another start one thread, which alone receives the identity lists', async () => {
    const file = await loadRequestedCaseFile(database.db, request);
    expect(file.identityListsKey).toBeTruthy();
    expect(file.protectedPersons.length).toBeGreaterThan(0);
    const first = await renderer.preview(file, request, now);
    for (let n = 0; n < 3; n++) {
      const again = await renderer.preview(await loadRequestedCaseFile(database.db, request), request, now);
      expect(again.html).toBe(first.html);
    }
    expect(first.pseudonymised.length).toBeGreaterThan(0);
    expect(renderer.running).toBe(1);
  }, 60_000);

  it('documents at the same time start the second thread, which asks for the lists and composes the same', async () => {
    const [alone] = await Promise.all([renderer.preview(await loadRequestedCaseFile(database.db, request), request, now)]);
    const together = await Promise.all([0, 1, 2, 3].map(async () => renderer.preview(await loadRequestedCaseFile(database.db, request), request, now)));
    expect(renderer.running).toBe(2);
    for (const preview of together) {
      expect(preview.html).toBe(alone!.html);
      expect(preview.pseudonymised).toEqual(alone!.pseudonymised);
    }
  }, 60_000);
});
