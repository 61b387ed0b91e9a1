import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { findNames, nameFreeWindow, protectedNamePatterns, type Bundle } from '../../support/consent-oracle.js';
import { generate, importBundle, viewOf, type Format } from '../../support/documents.js';
import { pdfFonts, qpdfCheck } from '../../support/extract.js';

/** The production path: rendering in piscina worker threads (RENDER_THREADS ≥ 1), not in-process. */
const second = JSON.parse(readFileSync(new URL('../../fixtures/second-team.bundle.json', import.meta.url), 'utf8')) as Bundle;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RENDER_THREADS: '1' });
  await importBundle(t.app, second);
});
afterAll(async () => t?.close());

describe('generation through the worker pool', () => {
  it('runs a pool of one worker thread', () => {
    expect(t.app.renderer.threads).toBe(1);
  });

  it('runs the render thread at a lower priority than the event loop (RENDER_NICE, default 10)', async () => {
    // Threads start with the first document (RENDER_IDLE_MS): draw one, so that there is one.
    await generate(t.app, { kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kg-0003'] }, options: { appealCode: 'KGZ 002/0619/OBS 041' } });
    // Linux: /proc/self/task/<tid>/stat, field 19 is the nice value of that thread.
    const niceOf = (tid: string) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const nices = readdirSync('/proc/self/task').map(niceOf);
    expect(niceOf(String(process.pid))).toBe(0);
    // The pool's worker (started by the generation above), and the module-loader thread it
    // starts after lowering its own priority.
    expect(nices.filter((n) => n === 10).length).toBeGreaterThanOrEqual(1);
    expect(nices.filter((n) => n !== 0 && n !== 10)).toEqual([]);
  });

  it.each<Format>(['pdf', 'docx'])('returns a complete, consent-safe %s', async (format) => {
    const doc = await generate(t.app, {
      kind: 'urgent-appeal', format, selection: { persons: ['p-kg-0003'] }, options: { appealCode: 'KGZ 002/0619/OBS 041' },
    });
    const view = await viewOf(doc.bytes, format);
    const patterns = protectedNamePatterns([second], 'public');
    const lead = second.incidents.find((i) => i.key === 'kg-2019-06-14-detention-extended')!;
    expect(view.notesAfter(nameFreeWindow(lead.summary, patterns)).length).toBeGreaterThan(0);
    expect(view.citations).toBe(doc.provenance.claims.length);
    expect(view.notes.size).toBe(doc.provenance.claims.length);
    expect(view.everywhere.flatMap((text) => findNames(text, patterns))).toEqual([]);
    if (format === 'pdf') {
      expect((await qpdfCheck(doc.bytes)).ok).toBe(true);
      expect((await pdfFonts(doc.bytes)).every((f) => f.embedded)).toBe(true);
    }
  });
});
