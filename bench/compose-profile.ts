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
 * tokenize, scan, visibleText) is recorded (outermost call only) with its wall time; after each
 * composition the recorded calls are run again, in order, on the same matchers, and their CPU time
 * is set against the composition's CPU time (process.cpuUsage around each call would cost more
 * than many calls; wall times swing with the machine's load). Each kind's figures are from its
 * run with the least compose CPU (load only adds time).
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
/** The calls of one composition, replayed afterwards to take their CPU time alone. */
let recorded: { self: unknown; method: (...args: unknown[]) => unknown; args: unknown[] }[] = [];
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
      recorded.push({ self: this, method: original, args });
      depth--;
    }
  };
}

/** CPU ms of the recorded calls run again, in order, on the same (warm) matchers. */
function replayCpu(): number {
  const calls = recorded;
  recorded = [];
  depth++; // inner calls (namesSomebody → findLeaks) are not recorded again
  const c0 = process.cpuUsage();
  for (const { self, method, args } of calls) method.apply(self, args);
  const c = process.cpuUsage(c0);
  depth--;
  return (c.user + c.system) / 1000;
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
    console.log('kind              protected  compose: wall ms  cpu ms | matcher: wall ms  cpu ms  cpu share   calls  MB read  work steps');
    let totalCompose = 0;
    let totalMatcher = 0;
    for (const kind of KINDS) {
      // A draft: the synthetic summaries call people by a first name that several persons share,
      // which a final document refuses until staff say whom it means; a draft redacts the same.
      const request = { ...benchRequest(kind, 'pdf', INCIDENTS), draft: true };
      const file = await loadRequestedCaseFile(handle.db, request);
      compose(file, request); // warm-up: matchers built and cached, code compiled
      if (session && kind === KINDS[0]) await post(session, 'Profiler.start');
      const runs: { ms: number; cpu: number; matcher: number; matcherCpu: number; calls: number; chars: number; steps: number }[] = [];
      for (let r = 0; r < RUNS; r++) {
        Object.assign(inMatcher, { ms: 0, calls: 0, chars: 0 });
        recorded = [];
        const steps0 = matcherWork.steps;
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        compose(file, request);
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(c0);
        const steps = matcherWork.steps - steps0;
        runs.push({ ms, cpu: (cpu.user + cpu.system) / 1000, matcher: inMatcher.ms, matcherCpu: replayCpu(), calls: inMatcher.calls, chars: inMatcher.chars, steps });
      }
      runs.sort((a, b) => a.cpu - b.cpu);
      const m = runs[0]!; // the fastest run: a busy machine only ever adds time
      totalCompose += m.cpu;
      totalMatcher += m.matcherCpu;
      console.log(
        `${kind.padEnd(18)}${String(file.protectedPersons.length).padStart(9)}${m.ms.toFixed(0).padStart(17)}${m.cpu.toFixed(0).padStart(8)}` +
        `${m.matcher.toFixed(0).padStart(19)}${m.matcherCpu.toFixed(0).padStart(8)}${`${((100 * m.matcherCpu) / m.cpu).toFixed(1)} %`.padStart(11)}` +
        `${String(m.calls).padStart(8)}${(m.chars / 1e6).toFixed(2).padStart(9)}${String(m.steps).padStart(12)}`,
      );
    }
    console.log(`redaction + audit share of compose CPU (all kinds): ${((100 * totalMatcher) / totalCompose).toFixed(1)} %`);
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
