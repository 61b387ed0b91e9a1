import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport, runLeakCheck } from '../../leak/check.js';

/**
 * The adversarial leak corpus against the whole service (test/leak/): every attack of every class,
 * through every channel — documents of each kind and format, previews, provenance, records API,
 * search, export, error bodies — read with an oracle of its own. `npm run leak-check` prints the
 * same figures by class and channel.
 */
describe('leak corpus', () => {
  let report: Awaited<ReturnType<typeof runLeakCheck>>;
  let text: string;
  // The corpus is imported, documents generated and every channel read once (about a minute on
  // an idle machine; several on a loaded one: the limit only stops a hung run).
  beforeAll(async () => {
    report = await runLeakCheck();
    text = formatReport(report, { examples: 5 });
  }, 600_000);

  it('checks every attack through every channel, with nothing refused or left out', () => {
    expect(report.checks).toBeGreaterThan(10_000);
    expect(report.refused, text).toEqual(new Map());
  });

  it('leaks no protected name through any channel', () => {
    expect(report.leaks.length, text).toBe(0);
  });
});
