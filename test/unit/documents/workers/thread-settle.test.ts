import { getHeapSpaceStatistics } from 'node:v8';
import { Piscina } from 'piscina';
import { describe, expect, it } from 'vitest';
import { renderPoolOptions } from '../../../../src/documents/workers/render-pool.js';
import { collectGarbage, createSettler, SETTLE_AFTER_MS } from '../../../../src/documents/workers/thread-settle.js';
import { ModelBuilder } from '../../../support/model.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a render thread settling between documents (thread-settle.ts)', () => {
  it('collects garbage: what nothing holds is gone after collectGarbage', async () => {
    const ref = new WeakRef({ rows: Array.from({ length: 10_000 }, (_, i) => ({ i })) });
    await pause(0); // a WeakRef's target lives at least to the end of the turn that made it
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });

  it('gives the emptied pages back: after collectGarbage the heap commits little more than it uses', async () => {
    // A document's garbage, as a render thread leaves it: ~60 MB of small objects, one in fifty kept.
    let rows: Array<{ text: string; ids: number[] }> = [];
    for (let i = 0; i < 200_000; i++) rows.push({ text: `${'x'.repeat(200)}${i}`, ids: [i, i + 1, i + 2] });
    rows = rows.filter((_, i) => i % 50 === 0);
    await pause(0);
    // The old generation, MB (the young generation's size is fixed): used, and committed beyond that.
    const oldSpace = () => {
      const old = getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!;
      return { usedMB: old.space_used_size / 1048576, slackMB: (old.space_size - old.space_used_size) / 1048576 };
    };
    const before = oldSpace();
    collectGarbage();
    const after = oldSpace();
    // The garbage was there and was collected (else the next line would hold whatever the code did)…
    expect(before.usedMB - after.usedMB).toBeGreaterThan(30);
    // …and its pages went back: one collection alone left ~60 MB of them committed here.
    expect(after.slackMB).toBeLessThan(8);
    expect(rows).toHaveLength(4_000);
  });

  it("settles once a document's last task is done and no task came in the pause; not after a composition, not while a task runs", async () => {
    let settles = 0;
    const settler = createSettler(() => settles++, 30);
    settler.started();
    settler.ended(false); // a composition: its drawing follows
    await pause(80);
    expect(settles).toBe(0);
    settler.started();
    settler.ended(true);
    settler.started(); // the next document's task, within the pause
    await pause(80);
    expect(settles).toBe(0);
    settler.ended(true);
    await pause(80);
    expect(settles).toBe(1);
    expect(settler.settled).toBe(1);
  });

  it("runs in the render pool's threads: one settles after drawing a document (its event loop is not frozen between tasks)", async () => {
    const pool = new Piscina(renderPoolOptions(1, { nice: 0 }));
    try {
      const model = new ModelBuilder({ title: 'Settle test', subject: 'Renderer pool', author: 'Tests', keywords: [] }).claim('One claim.', 'One source.').build();
      expect(await pool.run(undefined, { name: 'settled' })).toBe(0);
      await pool.run({ model, format: 'pdf' });
      await pause(SETTLE_AFTER_MS + 300);
      expect(await pool.run(undefined, { name: 'settled' })).toBe(1);
    } finally {
      await pool.destroy();
    }
  });
});
