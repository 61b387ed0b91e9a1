/**
 * Redaction and leak-audit share of composition (issue 12: target < 10 %).
 *
 *   npx tsx bench/compose-profile.ts [incidents=1000] [runs=3]
 *   BENCH_PROFILE=out.cpuprofile: also write the V8 CPU profiles of the first kind's cold and warm
 *   runs (out.cpuprofile, out-warm.cpuprofile; read them with
 *   `tsx bench/profile-summary.ts out.cpuprofile`).
 *
 * The synthetic bundle (bench/synthetic.ts: ~0.7 persons an incident, ~420 of them protected in
 * some audience at 1000 incidents) is imported into embedded PGlite, each kind's case file is
 * loaded once, then composed (as a draft: see below) `runs` times after one warm-up, under V8's
 * sampling CPU profiler (one sample per 100 µs). The share is read off the samples, over those
 * with `compose` on the stack: "matcher" those with a public method of the name matcher (redact,
 * findLeaks, findMentions, namesSomebody, leakedPseudonyms) on it — the calls as they ran, cold
 * caches included; "consent" those with any function of the consent module (src/consent/, and
 * the text folding of src/shared/text/) on it: the matcher, building the matchers a document
 * needs, mentions, ambiguities and person views — the target's measure. Garbage collection is
 * sampled apart (V8 does not say whose allocations it collects) and shown on its own. Wall times
 * are the fastest run's; the profiler's overhead is in them.
 *
 * Two readings of each kind: "cold", every text read afresh (what a composition pays the first
 * time its records are read under a persons revision: the readings memo is emptied before each
 * run), and "warm", the same records composed again (a preview, then the DOCX, then the final
 * PDF: the matchers remember what they found in each text, consent/readings-memo.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { loadRequestedCaseFile } from '../src/documents/documents.service.js';
import { compose } from '../src/documents/compose/compose.js';
import { forgetReadings } from '../src/consent/name-matcher.js';
import { validateBundle } from '../src/records/bundle-validation.js';
import { importBundle } from '../src/records/bundle.service.js';
import { benchRequest, KINDS } from './pipeline.js';
import { syntheticBundle } from './synthetic.js';

const INCIDENTS = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.argv[3] ?? 3);
const PROFILE = process.env.BENCH_PROFILE;

const MATCHER_METHODS = new Set(['redact', 'findLeaks', 'findMentions', 'namesSomebody', 'leakedPseudonyms']);

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Sampled µs with `compose` on the stack, with a matcher method or the consent module under it too, and in GC. */
function shares(profile: CpuProfile): { compose: number; matcher: number; consent: number; gc: number } {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  type Kind = 'matcher' | 'consent' | 'compose' | 'gc' | 'other';
  const kindOf = new Map<number, Kind>();
  const classify = (id: number): Kind => {
    let known = kindOf.get(id);
    if (known !== undefined) return known;
    let inMatcher = false;
    let inConsent = false;
    known = 'other';
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const { functionName, url } = byId.get(cur)!.callFrame;
      if (functionName === '(garbage collector)') { known = 'gc'; break; }
      if (url.endsWith('consent/name-matcher.ts') && MATCHER_METHODS.has(functionName)) inMatcher = true;
      if (url.includes('/src/consent/') || url.includes('/src/shared/text/')) inConsent = true;
      if (functionName === 'compose' && url.endsWith('compose/compose.ts')) { known = inMatcher ? 'matcher' : inConsent ? 'consent' : 'compose'; break; }
    }
    kindOf.set(id, known);
    return known;
  };
  const out = { compose: 0, matcher: 0, consent: 0, gc: 0 };
  profile.samples.forEach((id, i) => {
    const kind = classify(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (kind === 'gc') out.gc += dt;
    if (kind === 'matcher') out.matcher += dt;
    if (kind === 'matcher' || kind === 'consent') out.consent += dt;
    if (kind === 'matcher' || kind === 'consent' || kind === 'compose') out.compose += dt;
  });
  return out;
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
    const session = new Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
    console.log(`compose at ${INCIDENTS} incidents, ${RUNS} runs each after a warm-up (sampled CPU; wall: fastest run)`);
    console.log('kind              reading  protected  compose wall ms | sampled ms: compose  matcher  share  consent  share |  GC ms');
    const totals = { cold: { compose: 0, matcher: 0, consent: 0 }, warm: { compose: 0, matcher: 0, consent: 0 } };
    const profiles: unknown[] = [];
    for (const kind of KINDS) {
      // A draft: the synthetic summaries call people by a first name that several persons share,
      // which a final document refuses until staff say whom it means; a draft redacts the same.
      const request = { ...benchRequest(kind, 'pdf', INCIDENTS), draft: true };
      const file = await loadRequestedCaseFile(handle.db, request);
      compose(file, request); // warm-up: the shared matchers built and cached, code compiled
      for (const reading of ['cold', 'warm'] as const) {
        await post(session, 'Profiler.start');
        let fastest = Infinity;
        for (let r = 0; r < RUNS; r++) {
          if (reading === 'cold') forgetReadings();
          const t0 = performance.now();
          compose(file, request);
          fastest = Math.min(fastest, performance.now() - t0);
        }
        const { profile } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
        if (profiles.length < 2) profiles.push(profile);
        const s = shares(profile);
        totals[reading].compose += s.compose;
        totals[reading].matcher += s.matcher;
        totals[reading].consent += s.consent;
        console.log(
          `${kind.padEnd(18)}${reading.padEnd(7)}${String(file.protectedPersons.length).padStart(11)}${fastest.toFixed(0).padStart(17)}` +
          `${(s.compose / 1000 / RUNS).toFixed(0).padStart(21)}${(s.matcher / 1000 / RUNS).toFixed(0).padStart(9)}` +
          `${`${((100 * s.matcher) / s.compose).toFixed(1)} %`.padStart(8)}${(s.consent / 1000 / RUNS).toFixed(0).padStart(9)}` +
          `${`${((100 * s.consent) / s.compose).toFixed(1)} %`.padStart(8)}${(s.gc / 1000 / RUNS).toFixed(0).padStart(9)}`,
        );
      }
    }
    for (const reading of ['cold', 'warm'] as const) {
      const t = totals[reading];
      console.log(`share of compose CPU, ${reading} (all kinds, sampled, GC apart): matcher calls ${((100 * t.matcher) / t.compose).toFixed(1)} %, consent module (target < 10 %) ${((100 * t.consent) / t.compose).toFixed(1)} %`);
    }
    if (PROFILE) {
      const warm = PROFILE.replace(/(\.cpuprofile)?$/, '-warm.cpuprofile');
      writeFileSync(PROFILE, JSON.stringify(profiles[0]));
      writeFileSync(warm, JSON.stringify(profiles[1]));
      console.log(`CPU profiles (first kind): cold ${PROFILE}, warm ${warm}`);
    }
    session.disconnect();
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
