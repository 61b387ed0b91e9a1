/**
 * Redaction and leak-audit share of composition (issue 12: target < 10 %).
 *
 *   npx tsx bench/compose-profile.ts [incidents=1000] [runs=3]
 *   BENCH_PROFILE=out.cpuprofile: also a V8 CPU profile of the measured runs (read it with
 *   `tsx bench/profile-summary.ts out.cpuprofile`).
 *
 * The synthetic bundle (bench/synthetic.ts: ~0.7 persons an incident, ~420 of them protected in
 * some audience at 1000 incidents) is imported into embedded PGlite, each kind's case file is
 * loaded once, then composed (as a draft: see below) `runs` times after one warm-up. Every call of the name matcher's
 * public methods (redact, findLeaks, findMentions, namesSomebody, leakedPseudonyms: fold,
 * tokenize, scan, visibleText) is timed (outermost call only) and set against the time of the whole
 * composition: wall times of one synchronous call on one thread, so a busy machine inflates both
 * alike (process.cpuUsage per call would cost more than the calls). The process CPU time of
 * compose is printed beside them; each kind's figures are from its fastest run (load only adds time).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { loadRequestedCaseFile } from '../src/documents/documents.service.js';
import { compose } from '../src/documents/compose/compose.js';
import { validateBundle } from '../src/records/bundle-validation.js';
import { importBundle } from '../src/records/bundle.service.js';
import { NameMatcher, matcherWork } from '../src/consent/index.js';
import { benchRequest, KINDS } from './pipeline.js';
import { syntheticBundle } from './synthetic.js';

const INCIDENTS = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.argv[3] ?? 3);
const PROFILE = process.env.BENCH_PROFILE;

/** Time inside the matcher (outermost public call), and characters read through it. */
const inMatcher = { ms: 0, calls: 0, chars: 0 };
let depth = 0;
const proto = NameMatcher.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const method of ['redact', 'findLeaks', 'findMentions', 'namesSomebody', 'leakedPseudonyms']) {
  const original = proto[method]!;
  proto[method] = function (this: unknown, ...args: unknown[]) {
    if (depth > 0) return original.apply(this, args);
    depth++;
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      inMatcher.ms += performance.now() - t0;
      inMatcher.calls++;
      if (typeof args[0] === 'string') inMatcher.chars += args[0].length;
      depth--;
    }
  };
}

const post = <T>(session: Session, method: string, params?: object) =>
  new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'compose-profile-'));
  const handle = await openDatabase({ dataDir });
  try {
    await migrateToLatest(handle.db);
    const validated = validateBundle(syntheticBundle(INCIDENTS));
    if (!validated.ok) throw new Error('synthetic bundle is invalid');
    await importBundle(handle.db, validated.bundle);
    const session = PROFILE ? new Session() : null;
    if (session) {
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
    }
    console.log(`compose at ${INCIDENTS} incidents, ${RUNS} runs each after a warm-up (fastest shown)`);
    console.log('kind              protected  compose ms  cpu ms  matcher ms  share   calls  MB read  work steps');
    let totalCompose = 0;
    let totalMatcher = 0;
    for (const kind of KINDS) {
      // A draft: the synthetic summaries call people by a first name that several persons share,
      // which a final document refuses until staff say whom it means; a draft redacts the same.
      const request = { ...benchRequest(kind, 'pdf', INCIDENTS), draft: true };
      const file = await loadRequestedCaseFile(handle.db, request);
      compose(file, request); // warm-up: matchers built and cached, code compiled
      if (session && kind === KINDS[0]) await post(session, 'Profiler.start');
      const runs: { ms: number; cpu: number; matcher: number; calls: number; chars: number; steps: number }[] = [];
      for (let r = 0; r < RUNS; r++) {
        Object.assign(inMatcher, { ms: 0, calls: 0, chars: 0 });
        const steps0 = matcherWork.steps;
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        compose(file, request);
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(c0);
        runs.push({ ms, cpu: (cpu.user + cpu.system) / 1000, matcher: inMatcher.ms, calls: inMatcher.calls, chars: inMatcher.chars, steps: matcherWork.steps - steps0 });
      }
      runs.sort((a, b) => a.ms - b.ms);
      const m = runs[0]!; // the fastest run: a busy machine only ever adds time
      totalCompose += m.ms;
      totalMatcher += m.matcher;
      console.log(
        `${kind.padEnd(18)}${String(file.protectedPersons.length).padStart(9)}${m.ms.toFixed(0).padStart(12)}${m.cpu.toFixed(0).padStart(8)}` +
        `${m.matcher.toFixed(0).padStart(12)}${`${((100 * m.matcher) / m.ms).toFixed(1)} %`.padStart(8)}${String(m.calls).padStart(8)}` +
        `${(m.chars / 1e6).toFixed(2).padStart(9)}${String(m.steps).padStart(12)}`,
      );
    }
    console.log(`redaction + audit share of compose (all kinds): ${((100 * totalMatcher) / totalCompose).toFixed(1)} %`);
    if (session && PROFILE) {
      const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
      writeFileSync(PROFILE, JSON.stringify(profile));
      console.log(`CPU profile: ${PROFILE}`);
      session.disconnect();
    }
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
