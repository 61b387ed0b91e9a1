import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createFuzzTarget } from './fuzz/harness.js';
import { runFuzz, summariseFailures } from './fuzz/run-fuzz.js';

/**
 * npm run fuzz -- [--runs N] [--seed S] [--seconds T] [--only REGEX] [--out report.json]
 *
 * Property-based fuzzing of every JSON route (from the app's OpenAPI document) on a fresh database
 * with the demo data: in-memory PGlite, or a private schema on PostgreSQL when TEST_DATABASE_URL
 * is set. Exits 1 when any response is a 5xx, a 4xx that does not say what is wrong, or a body
 * that reveals internals.
 */
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '2000' },
    seed: { type: 'string' },
    seconds: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});

const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run fuzz -- [--runs N] [--seed S] [--seconds T] [--only REGEX] [--out report.json]\n');
  process.exit(2);
}

const target = await createFuzzTarget();
try {
  process.stdout.write(`fuzzing with seed ${seed}, ${runs} runs${values.seconds ? `, at most ${values.seconds} s` : ''}…\n`);
  const report = await runFuzz(target.test.app, {
    seed,
    runs,
    openapi: target.openapi,
    headersFor: target.headersFor,
    hints: target.hints,
    examples: target.examples,
    drainServerErrors: target.drainServerErrors,
    onCase: (r) => {
      if (r.cases % 1000 === 0) {
        const heap = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
        process.stdout.write(`  … ${r.cases} cases, ${r.serverErrors} 5xx, ${r.failures.length} defects, heap ${heap} MB\n`);
      }
    },
    ...(values.seconds ? { timeLimitMs: Number(values.seconds) * 1000 } : {}),
    ...(values.only ? { only: new RegExp(values.only) } : {}),
  });
  process.stdout.write([
    `operations: ${report.operations.length}`,
    `cases run:  ${report.cases} in ${(report.ms / 1000).toFixed(1)} s`,
    `by status:  ${JSON.stringify(report.byStatus)}`,
    `by kind:    ${JSON.stringify(report.byMode)}`,
    `5xx seen:   ${report.serverErrors}`,
    `defects:    ${report.failures.length}`,
    '',
  ].join('\n'));
  if (values.out) {
    await writeFile(values.out, JSON.stringify(report, null, 2));
    process.stdout.write(`report with every failing request in full: ${values.out}\n`);
  }
  if (report.failures.length > 0) {
    process.stdout.write(`${summariseFailures(report.failures)}\n\nreplay with: npm run fuzz -- --seed ${seed} --runs ${runs}\n`);
    process.exitCode = 1;
  }
} finally {
  await target.close();
}
