import { describe, expect, it } from 'vitest';
import { findPostgresBin } from '../../../scripts/chaos/pg-cluster.js';
import { runChaos } from '../../../scripts/chaos/run-chaos.js';
import { required } from '../../support/tools.js';

/**
 * The service process on a PostgreSQL cluster of its own (never the machine's server), under
 * write load with idempotency keys; the database crashes and comes back; then SIGTERM with PDF
 * renders in flight. The short form of `npm run chaos`.
 */

const bin = await findPostgresBin();

describe.runIf(required(bin !== null, { name: 'PostgreSQL server binaries (initdb, pg_ctl)', install: 'apt-get install postgresql, or set PG_BIN' }))('PostgreSQL crashing under write load, then a graceful shutdown', () => {
  it('keeps every acknowledged write exactly once, answers 503 meanwhile, recovers by itself, and shuts down cleanly', async () => {
    const report = await runChaos({
      restarts: ['immediate'],
      // Long enough that some request is answered while the database is away: a generation now draws
      // both formats and may outlast a shorter outage.
      outageMs: 4000,
      phaseMs: 2500,
      workers: 4,
      documentEvery: 3,
      shutdownUnderLoad: { renders: 2, incidents: 15 },
    });
    const restart = report.restarts[0];

    expect(report.serviceCrashed).toBe(false);
    expect(report.acknowledgedBundles).toBeGreaterThan(0);
    expect(report.acknowledgedDocuments).toBeGreaterThan(0);
    expect(report.unacknowledged, report.problems.join('\n')).toBe(0);
    expect(report.lost, report.problems.join('\n')).toBe(0);
    expect(report.duplicated, report.problems.join('\n')).toBe(0);
    // While the database was away: 503 (retry later), never a 500.
    expect(report.serverErrors).toBe(0);
    expect(restart?.answersDuringOutage['503'] ?? 0).toBeGreaterThan(0);
    // Back by itself: writes sent after the database's return were acknowledged.
    expect(restart?.secondsToRecover).not.toBeNull();

    expect(report.shutdown?.exitCode, report.problems.join('\n')).toBe(0);
    expect(report.shutdown?.completed).toBe(report.shutdown?.inFlight);
    expect(report.shutdown?.refusedAfterSignal).toBe(true);
  });
});
