import { parseArgs } from 'node:util';
import { runChaos } from './chaos/run-chaos.js';

/**
 * npm run chaos -- [--workers N] [--outage-ms MS] [--phase-ms MS]
 *
 * Starts a throwaway PostgreSQL cluster (initdb from /usr/lib/postgresql/*\/bin into a temporary
 * folder, its own port; never the server on 5432), runs the service on it under write load with
 * idempotency keys, stops and starts the database twice (a clean stop, then a crash), and checks
 * the books. Then SIGTERM with PDF renders in flight. Exits 1 if any acknowledged write is lost
 * or duplicated, the service crashed or answered 500, took over 10 s to recover, or to shut down.
 */
const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '8' },
    'outage-ms': { type: 'string', default: '3000' },
    'phase-ms': { type: 'string', default: '4000' },
  },
});

const report = await runChaos({
  restarts: ['fast', 'immediate'],
  outageMs: Number(values['outage-ms']),
  phaseMs: Number(values['phase-ms']),
  workers: Number(values.workers),
  documentEvery: 4,
  shutdownUnderLoad: { renders: 3, incidents: 50 },
  log: (line) => process.stdout.write(`  ${line}\n`),
});

const lines = [
  '',
  `requests sent:        ${report.sent} writes (${report.attempts} attempts with retries)`,
  `acknowledged:         ${report.acknowledged} (${report.acknowledgedBundles} bundle imports, ${report.acknowledgedDocuments} documents)`,
  `unacknowledged:       ${report.unacknowledged}`,
  `lost:                 ${report.lost}`,
  `duplicated:           ${report.duplicated}`,
  `answers by status:    ${JSON.stringify(report.byStatus)}`,
  ...report.restarts.map((r, i) =>
    `restart ${i + 1} (${r.mode}): down ${r.outageSeconds} s, answers meanwhile ${JSON.stringify(r.answersDuringOutage)}, ` +
    `seconds to recover ${r.secondsToRecover ?? 'never'} (ready after ${r.secondsToReady ?? 'never'} s)`),
  `service crashed:      ${report.serviceCrashed ? 'yes' : 'no'}`,
  ...(report.shutdown ? [
    `shutdown under load:  ${report.shutdown.seconds} s, exit code ${report.shutdown.exitCode}, ` +
    `${report.shutdown.completed}/${report.shutdown.inFlight} in-flight PDF generations completed (slowest ${report.shutdown.slowestRenderSeconds} s), ` +
    `new requests refused: ${report.shutdown.refusedAfterSignal ? 'yes' : 'no'}`,
  ] : []),
  `service log:          ${report.logFile}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (report.problems.length > 0) {
  process.stdout.write(`\nPROBLEMS:\n${report.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write('\nOK: nothing lost, nothing duplicated, recovered by itself.\n');
}
