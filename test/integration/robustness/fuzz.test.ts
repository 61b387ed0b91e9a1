import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFuzzTarget, type FuzzTarget } from '../../../scripts/fuzz/harness.js';
import { runFuzz, summariseFailures } from '../../../scripts/fuzz/run-fuzz.js';

/**
 * A short, seeded run of the property-based fuzzer (`npm run fuzz -- --runs N` runs long ones):
 * generated valid and mutated requests to every JSON route of the OpenAPI document, signed in
 * as a role each route admits. No 5xx, every 4xx says what is wrong, no body reveals internals.
 */

const SEED = 20261125;
let target: FuzzTarget;

beforeAll(async () => {
  target = await createFuzzTarget();
});
afterAll(async () => target?.close());

describe('fuzzing every JSON route', () => {
  it('answers every generated request without a 5xx, with a reason for every 4xx, and without internals', async () => {
    const report = await runFuzz(target.test.app, {
      seed: SEED,
      runs: 400,
      // Under the config's test timeout: a slow machine runs fewer cases, not a failed test.
      timeLimitMs: 30_000,
      openapi: target.openapi,
      headersFor: target.headersFor,
      hints: target.hints,
      examples: target.examples,
      drainServerErrors: target.drainServerErrors,
    });
    expect(report.failures, summariseFailures(report.failures)).toEqual([]);
    // The run reached the routes: every operation was in play, and requests got past validation.
    expect(report.operations.length).toBeGreaterThanOrEqual(30);
    expect(report.cases).toBeGreaterThanOrEqual(100);
    expect((report.byStatus['200'] ?? 0) + (report.byStatus['201'] ?? 0)).toBeGreaterThan(0);
    expect(report.byStatus['401'] ?? 0).toBe(0);
  });
});
