import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../../../src/documents/model/model.js';
import { createRenderer } from '../../../../src/documents/workers/render-pool.js';
import { RENDER_THREAD_YOUNG_MB } from '../../../../src/documents/workers/thread-limits.js';
import { BusyError } from '../../../../src/shared/errors.js';
import { headersOf, statusOf } from '../../../../src/http/domain-status.js';
import { ModelBuilder } from '../../../support/model.js';

/** A model long enough that a render outlasts the few milliseconds it takes to queue the others. */
function longModel(): DocumentModel {
  const builder = new ModelBuilder({ title: 'Queue test', subject: 'Renderer pool', author: 'Tests', keywords: [] });
  for (let n = 1; n <= 300; n++) builder.claim('A paragraph that states one claim about one incident, at some length. '.repeat(4), `Source of incident ${n}.`);
  return builder.build();
}

const renderer = createRenderer(1, { maxQueue: 1 });
afterAll(() => renderer.close());

describe('render pool', () => {
  it('answers 503 with Retry-After when every thread is busy and the queue is full, and renders the rest', async () => {
    const model = longModel();
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => renderer.render(model, 'pdf')));
    const rendered = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    // At most one on the thread and one in the queue; the others are turned away, not failed.
    expect(rendered.length).toBeGreaterThanOrEqual(1);
    expect(rendered.length).toBeLessThanOrEqual(2);
    for (const o of rendered) expect(Buffer.from((o as PromiseFulfilledResult<Uint8Array>).value).subarray(0, 5).toString()).toBe('%PDF-');
    expect(refused).toHaveLength(4 - rendered.length);
    for (const err of refused) {
      expect(err).toBeInstanceOf(BusyError);
      expect(statusOf(err as BusyError)).toBe(503);
      expect(headersOf(err as BusyError)).toEqual({ 'Retry-After': '5' });
    }
  });
});

describe('a name index built in another thread', () => {
  it('is adopted by the caller and finds what a matcher built in the caller finds', async () => {
    const { ALL } = await import('../../consent/persons.js');
    const { NameMatcher } = await import('../../../../src/consent/index.js');
    const index = await renderer.buildNameIndex!(ALL);
    const adopted = NameMatcher.fromIndex(ALL, index);
    const here = new NameMatcher(ALL);
    const text = ALL.map((p) => `${p.name} (${p.nameNative ?? ''}) was questioned; ${p.name.split(' ').at(-1)} was released.`).join('\n\n');
    expect(adopted.redact(text)).toBe(here.redact(text));
    expect(adopted.findLeaks(text).length).toBeGreaterThanOrEqual(ALL.length);
    expect(adopted.findLeaks(adopted.redact(text))).toEqual([]);
  });

  it('is built in a thread that ends with the build: no render thread is started or kept for it', async () => {
    // At 20,000 persons a build leaves ~500 MB resident in the thread that ran it; a render
    // thread that built it kept that until it idled out, through every document meanwhile.
    const { ALL } = await import('../../consent/persons.js');
    const fresh = createRenderer(1);
    try {
      const index = await fresh.buildNameIndex!(ALL);
      expect(index.nodes).toBeGreaterThan(1);
      expect(fresh.running).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});

describe("a render thread's young generation", () => {
  it('stays within its limit however much a task allocates (V8 would grow it to 32 MB, resident between documents)', async () => {
    const pool = createRenderer(1, { workerFile: new URL('./young-generation.worker.mjs', import.meta.url) });
    try {
      const newSpaceBytes = await pool.render(undefined as unknown as DocumentModel, 'pdf') as unknown as number;
      expect(newSpaceBytes).toBeGreaterThan(0);
      expect(newSpaceBytes).toBeLessThanOrEqual(RENDER_THREAD_YOUNG_MB * 1024 * 1024);
    } finally {
      await pool.close();
    }
  });
});

describe('an idle render pool', () => {
  it('starts no thread until a document comes, stops its threads after the idle period, and renders again after', async () => {
    const idle = createRenderer(2, { idleMs: 300 });
    try {
      const model = new ModelBuilder({ title: 'Idle test', subject: 'Renderer pool', author: 'Tests', keywords: [] }).claim('One claim.', 'One source.').build();
      expect(idle.running).toBe(0);
      const first = await idle.render(model, 'pdf');
      expect(Buffer.from(first).subarray(0, 5).toString()).toBe('%PDF-');
      expect(idle.running).toBeGreaterThanOrEqual(1);
      const deadline = Date.now() + 10_000;
      while (idle.running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(idle.running).toBe(0);
      const again = await idle.render(model, 'docx');
      expect(Buffer.from(again).subarray(0, 2).toString()).toBe('PK');
      expect(idle.running).toBeGreaterThanOrEqual(1);
    } finally {
      await idle.close();
    }
  });
});
