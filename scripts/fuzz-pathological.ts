import { SCOPES } from '../src/auth/roles.js';
import { loadDemoData } from '../src/demo/seed.js';
import { createTestApp } from '../test/support/app.js';
import { PATHOLOGICAL_FAMILIES } from './fuzz/pathological.js';
import { runPathological } from './fuzz/pathological-requests.js';

/**
 * npx tsx scripts/fuzz-pathological.ts [FAMILY…]
 *
 * Each pathological family (scripts/fuzz/pathological.ts) at the fields' maximum lengths through
 * the API, on a fresh database with the demo data: milliseconds per request, status and the
 * matching work. The figures for issue 18; the test (test/integration/robustness/
 * pathological-input.test.ts) bounds the work, this prints the time.
 */
const wanted = process.argv.slice(2);
const test = await createTestApp({ GENERATE_RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'silent' }, { actor: null });
try {
  await loadDemoData(test.database.db);
  const c = {
    test,
    named: await test.authenticate({ scopes: [...SCOPES] }),
    pseudonymous: await test.authenticate({ scopes: SCOPES.filter((s) => s !== 'identities:read') }),
    staff: await test.authenticate('staff'),
  };
  for (const family of PATHOLOGICAL_FAMILIES.filter((f) => wanted.length === 0 || wanted.includes(f.label))) {
    const run = await runPathological(c, family, 1);
    const cells = run.requests.map((r) => `${r.what} ${r.status} ${r.ms.toFixed(0)} ms`).join(' | ');
    process.stdout.write(`${family.label} (${run.chars} chars, ${run.steps} steps): ${cells}\n`);
  }
} finally {
  await test.close();
}
