/**
 * `npm run bench`: generation cost against the raw-library floor, scaling with incidents,
 * peak memory, and a server that stays responsive while it renders (issue 5).
 *
 * Prints a table and writes the same figures to bench/results/latest.json.
 * Knobs (environment): BENCH_SIZES=10,100,1000  BENCH_RUNS=20  BENCH_BUDGET_S=290 (the whole bench)
 * BENCH_GC=1 (forced GC before ours too)  BENCH_FLOOR_EVERY=7 (measure the floor on every 7th run)  BENCH_RSS_KINDS=eu-briefing,urgent-appeal,un-communication  BENCH_SERVER=0 (skip the server part)  BENCH_SERVER_SECONDS=20  BENCH_LOAD_INCIDENTS=10
 * BENCH_SERVER_PROFILE=dir: write .cpuprofile files of the server's threads (read them with
 * `tsx bench/profile-summary.ts FILE`).
 * BENCH_DATABASE_URL=postgres://…/db: the PostgreSQL server to work on, in a scratch database the
 * bench creates and drops (default: the local one at 127.0.0.1:5432 when it answers, as deployed);
 * BENCH_DATABASE_URL=embedded: embedded PGlite in the bench's process (the demo set-up).
 * BENCH_QUEUE=0: skip the queue part (bench/queue.ts: N concurrent generations through the job
 * queue with 1 and 2 worker processes; PostgreSQL only; BENCH_QUEUE_REQUESTS, BENCH_QUEUE_INCIDENTS).
 * BENCH_PEERS=1: afterwards, the peer part (bench/peers.ts): the same content by Carbone, docxtemplater,
 * LibreOffice from our DOCX, and ours (BENCH_PEERS_RUNS=5, BENCH_PEERS_WARMUP=3, BENCH_PEERS_SIZES=50,200, BENCH_PEERS_KIND).
 * BENCH_VOLUME=1: afterwards, the volume part (bench/volume.ts): the service on 50,000 incidents /
 * 20,000 persons against a small database (PostgreSQL only; several minutes more).
 * BENCH_ONLY=server: the server-under-load part alone (no generation table, PDF pages, RSS probes
 * or queue part; ~45 s), for A/B runs of the reads' latency while generation saturates the machine.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { serialize } from 'node:v8';
import { randomBytes } from 'node:crypto';
import Handlebars from 'handlebars';
import { startChild, stopChild } from '../test/support/processes.js';
import { nodeEnvOf, nodeFlagsOf } from '../scripts/node-flags.js';
import { issueApiKey } from '../src/auth/accounts.service.js';
import { SYSTEM } from '../src/auth/audit-context.js';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type Db } from '../src/db/database.js';
import { loadRequestedCaseFile } from '../src/documents/documents.service.js';
import { fontParses } from '../src/documents/render/fonts.js';
import type { DocumentFormat, DocumentKind } from '../src/documents/request.schemas.js';
import { validateBundle } from '../src/records/bundle-validation.js';
import { importBundle } from '../src/records/bundle.service.js';
import { freePort, median, quantile, round } from './numbers.js';
import { PDF_PAGE_SIZES, PDF_PAGE_TARGET_MS, pdfPagesLine, pdfPagesPart, type PdfPageCost } from './pdf-pages.js';
import { floorContent, floorDocx, floorPdf, type FloorContent } from './floor.js';
import { forgetReadings } from '../src/consent/name-matcher.js';
import { collectGarbage, peakIsPerCell, peakRssMB, resetPeakRss, rssMB } from './memory.js';
import { benchDatabaseUrl, benchRequest, FORMATS, generate, KINDS, type StageTimes } from './pipeline.js';
import { createScratchDatabase } from './scratch-database.js';
import { syntheticBundle } from './synthetic.js';
import { volumePart, volumeReport, type VolumeResults } from './volume.js';
import { queuePart, queueReport, type QueueResults } from './queue.js';
import type { PeerResults } from './peers.js';

const ROOT = new URL('..', import.meta.url).pathname;
const env = process.env;
const SIZES = (env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number).filter((n) => n > 0);
const RUNS = Number(env.BENCH_RUNS ?? 20);
/**
 * The whole bench should end within this many seconds on an idle 2-core machine: the smaller
 * sizes always get RUNS runs after warm-up; the largest size shares what time is left (at least
 * one run a cell, no separate warm-up: the code is warm from the smaller sizes by then).
 */
const BUDGET_S = Number(env.BENCH_BUDGET_S ?? 290);
/** The floor is measured on every FLOOR_EVERY-th run of ours and in the warm-up (20 runs → 3 floor runs, after one in the warm-up). */
const FLOOR_EVERY = Number(env.BENCH_FLOOR_EVERY ?? 7);
/** Runs per cell with every text read afresh (Cell.firstReadingRatio). */
const FIRST_READING_RUNS = 2;
/** Kinds whose largest PDF gets a fresh-process RSS probe (default: the briefing, the longest document). */
const RSS_KINDS = (env.BENCH_RSS_KINDS ?? 'eu-briefing').split(',').filter((k): k is DocumentKind => (KINDS as readonly string[]).includes(k));
/** BENCH_GC=1: a forced full collection before ours too (the floor always gets one). */
const FORCE_GC = env.BENCH_GC === '1';
/** BENCH_ONLY=server: the server part alone (A/B runs of the reads under load). */
const ONLY_SERVER = env.BENCH_ONLY === 'server';
const SERVER = ONLY_SERVER || env.BENCH_SERVER !== '0';
const SERVER_SECONDS = Number(env.BENCH_SERVER_SECONDS ?? 20);
const LOAD_INCIDENTS = Number(env.BENCH_LOAD_INCIDENTS ?? 10);
/** Seconds of reads of a different page each time, after the reads of one page, under the same load. */
const FRESH_READ_SECONDS = Number(env.BENCH_FRESH_READ_SECONDS ?? 8);
const CORES = availableParallelism();
const TARGET = { ratio: 1.3, scaling: 12, readP99: 50, rss: 300 } as const;

// Count template compilations: Handlebars compiles lazily, on a template's first render.
let templateCompiles = 0;
const jsCompiler = (Handlebars as unknown as { JavaScriptCompiler: { prototype: object } }).JavaScriptCompiler.prototype as unknown as { compile: (...args: unknown[]) => unknown };
const originalCompile = jsCompiler.compile;
jsCompiler.compile = function (this: unknown, ...args: unknown[]) {
  templateCompiles++;
  return originalCompile.apply(this, args);
};

const benchStart = performance.now();
/** Progress on stderr, each line with the seconds since the bench started. */
const log = (line: string) => process.stderr.write(`[${((performance.now() - benchStart) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
interface Cell {
  incidents: number;
  kind: DocumentKind;
  format: DocumentFormat;
  runs: number;
  floorRuns: number;
  ours: { medianMs: number; p95Ms: number; cpuMedianMs: number; stagesMedianMs: Omit<StageTimes, 'total' | 'cpu'>; bytes: number; firstReadingMedianMs: number };
  floor: { medianMs: number; p95Ms: number; cpuMedianMs: number; bytes: number };
  /** Median wall time, ours / floor: the figure the targets use. */
  ratio: number;
  /**
   * The same with every text read afresh (the readings memo emptied before each of 2 runs): what
   * the first generation after a persons change pays; the runs above read texts they read before.
   */
  firstReadingRatio: number;
  /** Median CPU time, ours / floor: steadier than wall time on a busy machine. */
  cpuRatio: number;
  notes: number;
  peakRssMB: number;
  rssBeforeMB: number;
}

async function floorOf(content: FloorContent, format: DocumentFormat): Promise<Buffer> {
  return format === 'pdf' ? floorPdf(content) : floorDocx(content);
}

interface CellPlan {
  warmUps: number;
  minRuns: number;
  maxRuns: number;
  /** Stop adding runs (past minRuns) when the next one would end after this much time in the cell. */
  budgetMs: number;
}

async function measureCell(db: Db, incidents: number, kind: DocumentKind, format: DocumentFormat, plan: CellPlan): Promise<Cell> {
  const request = benchRequest(kind, format, incidents);
  const started = performance.now();
  const ours: StageTimes[] = [];
  const floor: number[] = [];
  const floorCpu: number[] = [];
  let bytes = 0, floorBytes = 0, peak = 0, notes = 0;
  let content: FloorContent | undefined;
  collectGarbage();
  const rssBefore = rssMB();
  // One run = ours, then (every FLOOR_EVERY-th run, and always in warm-up) the floor: interleaved,
  // so that a change in machine load hits both alike. The floor is the same work every time and
  // its spread is small; measuring it on every run would double the bench's length.
  let kept = 0;
  const run = async (keep: boolean) => {
    // No forced collection before ours: a forced full GC also drops V8's compiled regular
    // expressions (the Redactor's), a cost a service does not pay on every request. Ours pays for
    // its own garbage as it would in service; the floor below starts from a collected heap.
    if (FORCE_GC) collectGarbage();
    resetPeakRss();
    const g = await generate(db, request);
    if (keep) {
      peak = Math.max(peak, peakRssMB());
      ours.push(g.times);
    }
    bytes = g.bytes.byteLength;
    notes = g.composition.model.notes.length;
    content ??= floorContent(g.composition.model);
    if (keep && kept++ % FLOOR_EVERY !== 0) return;
    collectGarbage();
    const c0 = process.cpuUsage();
    const f0 = performance.now();
    const fb = await floorOf(content, format);
    const f1 = performance.now();
    const c1 = process.cpuUsage(c0);
    if (keep) {
      floor.push(f1 - f0);
      floorCpu.push((c1.user + c1.system) / 1000);
    }
    floorBytes = fb.byteLength;
  };
  for (let w = 0; w < plan.warmUps; w++) await run(false);
  let runs = 0;
  while (runs < plan.maxRuns) {
    const t = performance.now();
    await run(true);
    runs++;
    const cost = performance.now() - t;
    if (runs >= plan.minRuns && performance.now() - started + cost > plan.budgetMs) break;
  }
  // The first generation over these records under this persons revision: nothing read before.
  const firstReading: number[] = [];
  for (let r = 0; r < FIRST_READING_RUNS; r++) {
    forgetReadings();
    firstReading.push((await generate(db, request)).times.total);
  }
  const totals = ours.map((t) => t.total);
  const cell: Cell = {
    incidents, kind, format, runs, floorRuns: floor.length,
    ours: {
      medianMs: round(median(totals)), p95Ms: round(quantile(totals, 0.95)), cpuMedianMs: round(median(ours.map((t) => t.cpu))),
      stagesMedianMs: {
        load: round(median(ours.map((t) => t.load))),
        compose: round(median(ours.map((t) => t.compose))),
        render: round(median(ours.map((t) => t.render))),
      },
      bytes,
      firstReadingMedianMs: round(median(firstReading)),
    },
    floor: { medianMs: round(median(floor)), p95Ms: round(quantile(floor, 0.95)), cpuMedianMs: round(median(floorCpu)), bytes: floorBytes },
    ratio: round(median(totals) / median(floor), 2),
    firstReadingRatio: round(median(firstReading) / median(floor), 2),
    cpuRatio: round(median(ours.map((t) => t.cpu)) / median(floorCpu), 2),
    notes,
    peakRssMB: round(peak, 0),
    rssBeforeMB: round(rssBefore, 0),
  };
  log(`  ${String(incidents).padStart(4)} ${kind.padEnd(16)} ${format.padEnd(4)} ${runs} runs: ours ${cell.ours.medianMs} ms (first reading ${cell.ours.firstReadingMedianMs} ms), floor ${cell.floor.medianMs} ms, ×${cell.ratio} (first reading ×${cell.firstReadingRatio})`);
  return cell;
}

/** Peak RSS of composing + rendering in a fresh process without the embedded database. */
/** Writes what one RSS probe needs (the loaded case file and the request) while the database is open. */
async function rssProbeInput(db: Db, kind: DocumentKind, format: DocumentFormat, incidents: number, dir: string) {
  const request = benchRequest(kind, format, incidents);
  const file = await loadRequestedCaseFile(db, request);
  const path = join(dir, `case-file-${kind}-${format}-${incidents}.v8`);
  writeFileSync(path, serialize({ file, request }));
  return { incidents, kind, format, path };
}

/** Peak RSS of composing + rendering in a fresh process without the database. */
async function rssProbe(input: Awaited<ReturnType<typeof rssProbeInput>>) {
  const out = await runNode(['--import', 'tsx', join(ROOT, 'bench/rss-probe.ts'), input.path]);
  const { incidents, kind, format } = input;
  return { incidents, kind, format, ...(JSON.parse(out) as { rssBeforeMB: number; peakRssMB: number; bytes: number }) };
}

function runNode(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}: ${err.slice(-2000)}`))));
  });
}

// ---------------------------------------------------------------- server under load

/**
 * CPU seconds (user + system) a process has used so far, from /proc: all its threads, or with
 * `thread`, that thread's alone (the process's id is its event-loop thread's).
 */
function cpuSeconds(pid: number, thread?: number): number | null {
  try {
    const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

interface LoadResult {
  duration: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
}

const loadClient = (config: object) => runNode([join(ROOT, 'bench/load-client.mjs'), JSON.stringify(config)]).then((s) => JSON.parse(s) as LoadResult);

/**
 * Where the server part's documents are rendered: as the service is set up by default for its
 * database (config.ts, WORKERS_IN_PROCESS). On PostgreSQL an app instance takes no jobs and a
 * worker process (`npm run worker`, RENDER_THREADS and WORKER_CONCURRENCY = cores, at
 * WORKER_NICE) renders them on the same machine, as docker-compose.yml deploys it; on embedded
 * PGlite the app renders in its own threads. BENCH_SERVER_WORKERS=in-process|process overrides.
 */
type Topology = 'in-process' | 'process';
const topologyFor = (databaseUrl: string | undefined): Topology => {
  const chosen = env.BENCH_SERVER_WORKERS;
  if (chosen === 'in-process' || chosen === 'process') {
    if (chosen === 'process' && !databaseUrl) throw new Error('BENCH_SERVER_WORKERS=process needs PostgreSQL: embedded PGlite is one process');
    return chosen;
  }
  return databaseUrl ? 'process' : 'in-process';
};

async function serverUnderLoad(dataDir: string, apiKey: string, databaseUrl: string | undefined, whileWarming: () => Promise<void>) {
  const topology = topologyFor(databaseUrl);
  const cookieSecret = randomBytes(32).toString('hex');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // BENCH_SERVER_PROFILE=dir: CPU profiles of the server's threads (main and workers) under load.
  const profile = env.BENCH_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_SERVER_PROFILE}`] : (env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  // npm start's node flags and environment (package.json), as the service is deployed; the source through tsx.
  const server = spawn(process.execPath, [...nodeFlagsOf('start'), ...profile, '--import', 'tsx', join(ROOT, 'src/server.ts')], {
    cwd: ROOT,
    env: {
      ...process.env, ...nodeEnvOf('start'), DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'off',
      // The app's own threads render (in-process) or only draw previews (as docker-compose.yml's app).
      RENDER_THREADS: topology === 'in-process' ? String(CORES) : '1', LOG_LEVEL: 'error', DATABASE_URL: databaseUrl ?? '',
      WORKERS_IN_PROCESS: topology === 'in-process' ? 'on' : 'off', JOB_WAIT_MS: '600000',
      // The per-key generation limit (30/min by default) would measure the limiter, not the renderer.
      GENERATE_RATE_LIMIT_PER_MINUTE: '1000000', ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
      COOKIE_SECRET: cookieSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Error lines the server logged (pino writes to stdout), to explain any 5xx in the report.
  const serverErrors: string[] = [];
  server.stdout.on('data', (d: Buffer) => {
    if (env.BENCH_SERVER_LOG) appendFileSync(env.BENCH_SERVER_LOG, d);
    for (const line of String(d).split('\n')) if (line.trim() !== '' && serverErrors.length < 5) serverErrors.push(line.slice(0, 600));
  });
  let serverErr = '';
  server.stderr.on('data', (d: Buffer) => (serverErr += d));
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
  // One worker process with a render thread and a job per core saturates the machine as the app's own threads would.
  const workers = topology === 'process' ? [startChild('src/cli/worker.ts', {
    ...nodeEnvOf('worker'), DATABASE_URL: databaseUrl!, COOKIE_SECRET: cookieSecret, LOG_LEVEL: 'error', RENDER_THREADS: String(CORES), WORKER_CONCURRENCY: String(CORES),
  }, nodeFlagsOf('worker'))] : [];
  const pids = () => [server.pid!, ...workers.map((w) => w.process.pid!)];
  const cpuOfAll = () => {
    const each = pids().map((pid) => cpuSeconds(pid));
    return each.includes(null) ? null : each.reduce((a, b) => a! + b!, 0);
  };
  // Work of the bench that times nothing (the RSS probes, each in a process of its own, measuring
  // its own peak) runs while the server starts and warms up, so the bench stays within its budget.
  const warming = whileWarming();
  warming.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  try {
    const started = performance.now();
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited: ${serverErr.slice(-2000)}`);
      for (const w of workers) if (w.process.exitCode !== null) throw new Error(`worker exited: ${w.output().slice(-2000)}`);
      try {
        if ((await fetch(`${base}/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 120_000) throw new Error('server did not become ready in 120 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    // The API needs credentials: an API key with the two scopes the load uses, made before start.
    const auth = { authorization: `Bearer ${apiKey}` };
    const headers: Record<string, string> = { 'content-type': 'application/json', ...auth };
    const probe = await fetch(`${base}/api/v1/incidents?limit=1`, { headers: auth });
    if (!probe.ok) throw new Error(`GET /api/v1/incidents with the bench's API key answered ${probe.status}: ${(await probe.text()).slice(0, 300)}`);
    const bodies = KINDS.map((kind) => JSON.stringify(benchRequest(kind, 'pdf', LOAD_INCIDENTS)));
    // Warm every worker (modules, fonts, templates, the Redactor's regexes): each kind, twice as
    // many requests at once as there are workers.
    await Promise.all(bodies.flatMap((body) => Array.from({ length: 2 * CORES }, async () => {
      const res = await fetch(`${base}/api/v1/documents`, { method: 'POST', headers, body });
      if (res.status !== 201) throw new Error(`POST /api/v1/documents answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    })));
    const reads = { url: `${base}/api/v1/incidents`, headers: auth, connections: 2, overallRate: 40, duration: SERVER_SECONDS };
    // The RSS probes (started with the server) must be done before anything is timed.
    await warming;
    // The read route warms up too (its first requests compile its code paths), unmeasured.
    await loadClient({ ...reads, duration: 2 });
    const idleSeconds = Math.min(6, SERVER_SECONDS);
    log(`  reads alone: GET /api/v1/incidents at 40 req/s for ${idleSeconds} s`);
    const loop0 = cpuSeconds(server.pid!, server.pid!);
    const idle = await loadClient({ ...reads, duration: idleSeconds });
    const loop1 = cpuSeconds(server.pid!, server.pid!);
    const connections = 4 * CORES;
    log(`  PDF generation (${LOAD_INCIDENTS} incidents, the three kinds in turn) with ${connections} connections for ${SERVER_SECONDS + FRESH_READ_SECONDS + 2} s, reads of one page alongside, then of a different page each time`);
    const cpu0 = cpuOfAll();
    const loop2 = cpuSeconds(server.pid!, server.pid!);
    const t0 = performance.now();
    const loadPromise = loadClient({
      url: base, connections, duration: SERVER_SECONDS + FRESH_READ_SECONDS + 2,
      requests: bodies.map((body) => ({ method: 'POST', path: '/api/v1/documents', headers, body })),
    });
    await new Promise((r) => setTimeout(r, 1000));
    const loaded = await loadClient(reads);
    // The reads above ask for the same page, which after the first is sent again from the answer
    // cache (http/answer-cache.ts). These ask for a different page each time (950 offsets): every
    // answer is read, serialised and scanned afresh — what a read costs when nothing is kept.
    const fresh = await loadClient({
      ...reads, overallRate: 20, duration: FRESH_READ_SECONDS,
      requests: Array.from({ length: 950 }, (_, i) => ({ method: 'GET', path: `/api/v1/incidents?limit=50&offset=${(i * 37) % 950}` })),
    });
    const load = await loadPromise;
    const cpu1 = cpuOfAll();
    const loop3 = cpuSeconds(server.pid!, server.pid!);
    const wall = (performance.now() - t0) / 1000;
    const created = load.statusCodeStats['201']?.count ?? 0;
    // What the event-loop thread spends (CPU, not waiting for a core: so it compares across runs on
    // a busy machine): per read alone, and per document under load, the reads alongside included
    // (taking out the reads' share as measured alone over- or under-shoots on a busy machine).
    const loopMsPerRead = loop0 !== null && loop1 !== null && idle.requests > 0 ? (1000 * (loop1 - loop0)) / idle.requests : null;
    const loopMsPerDocument = loop2 !== null && loop3 !== null && created > 0 ? (1000 * (loop3 - loop2)) / created : null;
    return {
      serverErrors,
      renderThreads: CORES,
      topology,
      loadIncidents: LOAD_INCIDENTS,
      generation: {
        connections, seconds: round(load.duration), documents: created, non2xx: load.non2xx, errors: load.errors,
        statusCodes: Object.fromEntries(Object.entries(load.statusCodeStats).map(([code, { count }]) => [code, count])),
        documentsPerSecond: round(created / load.duration, 2),
        latencyMs: { p50: load.latency.p50, p99: load.latency.p99 },
        serverCpuCores: cpu0 !== null && cpu1 !== null ? round((cpu1 - cpu0) / wall, 2) : null,
        eventLoopCpuMsPerDocument: loopMsPerDocument === null ? null : round(loopMsPerDocument, 1),
      },
      eventLoopCpuMsPerRead: loopMsPerRead === null ? null : round(loopMsPerRead, 2),
      readsIdle: { requests: idle.requests, non2xx: idle.non2xx, p50: idle.latency.p50, p99: idle.latency.p99, max: idle.latency.max },
      readsUnderLoad: { requests: loaded.requests, non2xx: loaded.non2xx, p50: loaded.latency.p50, p99: loaded.latency.p99, max: loaded.latency.max },
      freshReadsUnderLoad: { requests: fresh.requests, non2xx: fresh.non2xx, p50: fresh.latency.p50, p99: fresh.latency.p99, max: fresh.latency.max },
    };
  } finally {
    await Promise.all(workers.map((w) => stopChild(w)));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------- report

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

const verdict = (ok: boolean, miss: string) => (ok ? 'met' : `missed by ${miss}`);

async function main(): Promise<void> {
  const startedAt = performance.now();
  const load0 = loadavg();
  const dataDir = mkdtempSync(join(tmpdir(), 'advocacy-bench-'));
  const pgUrl = await benchDatabaseUrl();
  const scratch = pgUrl ? await createScratchDatabase(pgUrl) : undefined;
  const results: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: CORES, model: cpus()[0]?.model ?? null, node: process.version, platform: process.platform, loadAverageAtStart: load0.map((x) => round(x, 2)) },
    config: { sizes: SIZES, runs: RUNS, budgetSeconds: BUDGET_S, serverSeconds: SERVER_SECONDS, loadIncidents: LOAD_INCIDENTS },
  };
  try {
    const maxSize = Math.max(...SIZES, SERVER ? LOAD_INCIDENTS : 0);
    log(`Synthetic bundle: ${maxSize} incidents (3 sources each), ${scratch ? `PostgreSQL database ${scratch.name}` : `embedded PGlite in ${dataDir}`}`);
    const handle = await openDatabase(scratch ? { url: scratch.url } : { dataDir });
    results.database = scratch ? `postgresql (${scratch.name}, dropped afterwards)` : 'pglite (embedded, in the same process)';
    await migrateToLatest(handle.db);
    const bundle = syntheticBundle(maxSize);
    const validated = validateBundle(bundle);
    if (!validated.ok) throw new Error(`synthetic bundle is invalid: ${JSON.stringify(validated.problems.slice(0, 5))}`);
    const i0 = performance.now();
    await importBundle(handle.db, validated.bundle);
    const importMs = performance.now() - i0;
    // Statistics and visibility maps as a database in service has them; otherwise autovacuum
    // would analyse the fresh tables in the middle of the measurements.
    await sql`vacuum analyze`.execute(handle.db);
    results.bundle = {
      incidents: validated.bundle.incidents.length, persons: validated.bundle.persons.length, sources: validated.bundle.sources.length,
      protectedPublic: validated.bundle.persons.filter((p) => !p.consent.publicNaming).length,
      protectedUn: validated.bundle.persons.filter((p) => !p.consent.unSubmission).length,
      jsonBytes: JSON.stringify(bundle).length, importMs: round(importMs, 0),
    };
    log(`  imported in ${(importMs / 1000).toFixed(1)} s`);

    log('Generation in-process (ours = records → case file → composition → bytes; floor = docx/pdfkit directly):');
    const cells: Cell[] = [];
    let compilesAfterWarmUp = -1, fontsAfterWarmUp = -1, documentsAfterWarmUp = 0;
    // Time kept back for the RSS probes and the server part.
    // (+10 s for the PDF pages part, bench/pdf-pages.ts)
    const reserveS = (SERVER ? Math.min(6, SERVER_SECONDS) + SERVER_SECONDS + 40 : 20) + 10;
    const largest = Math.max(...SIZES);
    // BENCH_ONLY=server: the same records (the reads page through as many incidents), no table.
    for (const incidents of ONLY_SERVER ? [] : SIZES) {
      for (const kind of KINDS) {
        for (const format of FORMATS) {
          const budgeted = incidents === largest && incidents > 100;
          const cellsLeft = KINDS.length * FORMATS.length - cells.filter((c) => c.incidents === incidents).length;
          const remainingMs = BUDGET_S * 1000 - (performance.now() - startedAt) - reserveS * 1000;
          const plan: CellPlan = budgeted
            ? { warmUps: 0, minRuns: 1, maxRuns: RUNS, budgetMs: Math.max(0, remainingMs) / cellsLeft }
            // One warm-up for the first size; later sizes run the same code, already warm.
            : { warmUps: incidents === SIZES[0] ? 1 : 0, minRuns: RUNS, maxRuns: RUNS, budgetMs: Number.POSITIVE_INFINITY };
          cells.push(await measureCell(handle.db, incidents, kind, format, plan));
          if (compilesAfterWarmUp < 0 && cells.length === KINDS.length * FORMATS.length) {
            compilesAfterWarmUp = templateCompiles;
            fontsAfterWarmUp = fontParses();
            documentsAfterWarmUp = cells.reduce((n, c) => n + c.runs, 0);
          }
        }
      }
    }
    results.generation = cells;
    const documents = cells.reduce((n, c) => n + c.runs, 0);
    if (!ONLY_SERVER) results.onceChecks = {
      templateCompiles: { afterFirstSize: compilesAfterWarmUp, atEnd: templateCompiles, documentsBetween: documents - documentsAfterWarmUp },
      fontParses: { afterFirstSize: fontsAfterWarmUp, atEnd: fontParses(), documentsBetween: documents - documentsAfterWarmUp },
    };

    // Render alone, per page (issue 19): on the records already imported, so only sizes up to theirs.
    const pdfSizes = ONLY_SERVER ? [] : PDF_PAGE_SIZES.filter((n) => n <= maxSize);
    if (pdfSizes.length > 0) {
      log(`PDF render per page (eu-briefing at ${pdfSizes.join(', ')} incidents, renderer alone):`);
      results.pdfPages = await pdfPagesPart(handle.db, pdfSizes);
      for (const cost of results.pdfPages as PdfPageCost[]) log(`  ${pdfPagesLine(cost)}`);
    }

    const probeInputs = ONLY_SERVER ? [] : await Promise.all(RSS_KINDS.map((kind) => rssProbeInput(handle.db, kind, 'pdf', Math.max(...SIZES), dataDir)));
    // Processes at once: each has its own peak, and the wait is shorter.
    const probeRss = async () => {
      if (probeInputs.length === 0) return;
      log(`Peak RSS of one ${Math.max(...SIZES)}-incident generation in a fresh process (case file handed over; no database in it):`);
      results.rss = (await Promise.all(probeInputs.map(rssProbe))).map((r) => {
        log(`  ${r.kind} pdf: peak ${r.peakRssMB.toFixed(0)} MB (process at ${r.rssBeforeMB.toFixed(0)} MB before)`);
        return { ...r, peakRssMB: round(r.peakRssMB, 0), rssBeforeMB: round(r.rssBeforeMB, 0) };
      });
    };
    // A trusted service's key (identities:read): answers are not re-redacted for a pseudonymous
    // caller, so the reads measure the record path and the generation path, not that shaping.
    const { key } = await issueApiKey(handle.db, { ...SYSTEM, actor: 'bench' }, { name: 'bench', scopes: ['records:read', 'documents:generate', 'identities:read'] });
    await handle.close();

    if (SERVER) {
      log(`Server under load (tsx src/server.ts, ${topologyFor(scratch?.url) === 'process' ? `and a worker process (tsx src/cli/worker.ts) with ${CORES} render threads` : `RENDER_THREADS=${CORES}`}, same records):`);
      results.server = await serverUnderLoad(dataDir, key, scratch?.url, probeRss);
    } else {
      await probeRss();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  }
  results.loadAverageAtEnd = loadavg().map((x) => round(x, 2));
  results.benchSeconds = round((performance.now() - startedAt) / 1000, 0);
  results.targets = targets(results);
  if (env.BENCH_QUEUE !== '0' && !ONLY_SERVER) {
    // After the timed part too: separate worker processes on PostgreSQL (bench/queue.ts).
    if (pgUrl) {
      log('Queue (issue 15): concurrent generations through the job queue, 1 and 2 worker processes');
      results.queue = await queuePart(pgUrl, log);
    } else {
      log('Queue part skipped: worker processes need PostgreSQL (BENCH_DATABASE_URL, or one at 127.0.0.1:5432)');
    }
  }
  if (env.BENCH_PEERS === '1') {
    // After the timed part too: Carbone's and LibreOffice's processes would disturb it.
    log('Peers (issue 19): the same content by Carbone, docxtemplater, LibreOffice and ours');
    // Loaded only here: it brings Carbone, docxtemplater and LibreOffice into the process.
    const { peersPart } = await import('./peers.js');
    results.peers = await peersPart(pgUrl, log);
  }
  if (env.BENCH_VOLUME === '1') {
    // After the timed part, so that the five-minute budget above measures what it always did.
    if (pgUrl) {
      log('Volume (issue 18): 50,000 incidents / 20,000 persons against a small database');
      results.volume = await volumePart(pgUrl);
    } else {
      log('Volume part skipped: it needs PostgreSQL (BENCH_DATABASE_URL, or one at 127.0.0.1:5432)');
    }
  }

  const outDir = join(ROOT, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(report(results));
  if (results.queue) console.log(queueReport(results.queue as QueueResults));
  if (results.peers) console.log((await import('./peers.js')).peersReport(results.peers as PeerResults));
  if (results.volume) console.log(volumeReport(results.volume as VolumeResults));
  console.log(`\nFigures written to bench/results/latest.json (${results.benchSeconds} s).`);
}

interface Target { target: string; value: string; verdict: string; met: boolean }

function targets(results: Record<string, unknown>): Target[] {
  const out: Target[] = [];
  const cells = results.generation as Cell[];
  for (const c of cells.filter((c) => c.incidents >= 100)) {
    const ok = c.ratio <= TARGET.ratio;
    out.push({ target: `${c.incidents} ${c.kind} ${c.format}: ≤ ${TARGET.ratio}× floor`, value: `${c.ratio}× (first reading ${c.firstReadingRatio}×)`, met: ok, verdict: verdict(ok, `${round(c.ratio - TARGET.ratio, 2)}×`) });
  }
  for (const kind of KINDS) {
    for (const format of FORMATS) {
      const small = cells.find((c) => c.incidents === 100 && c.kind === kind && c.format === format);
      const large = cells.find((c) => c.incidents === 1000 && c.kind === kind && c.format === format);
      if (!small || !large) continue;
      const growth = round(large.ours.medianMs / small.ours.medianMs, 1);
      const ok = growth <= TARGET.scaling;
      out.push({ target: `${kind} ${format}: 1000 incidents ≤ ${TARGET.scaling}× the cost of 100`, value: `${growth}×`, met: ok, verdict: verdict(ok, `${round(growth - TARGET.scaling, 1)}×`) });
    }
  }
  for (const r of (results.rss as Array<{ incidents: number; kind: string; format: string; peakRssMB: number }> | undefined) ?? []) {
    const ok = r.peakRssMB < TARGET.rss;
    out.push({ target: `${r.incidents}-incident ${r.kind} ${r.format}: peak RSS < ${TARGET.rss} MB`, value: `${r.peakRssMB} MB`, met: ok, verdict: verdict(ok, `${round(r.peakRssMB - TARGET.rss, 0)} MB`) });
  }
  const server = results.server as Awaited<ReturnType<typeof serverUnderLoad>> | undefined;
  if (server) {
    const p99 = server.readsUnderLoad.p99;
    const ok = p99 < TARGET.readP99 && server.readsUnderLoad.non2xx === 0;
    out.push({ target: `reads p99 < ${TARGET.readP99} ms while PDFs render`, value: `${p99} ms`, met: ok, verdict: verdict(ok, `${p99 - TARGET.readP99 + 1} ms`) });
  }
  for (const p of (results.pdfPages as PdfPageCost[] | undefined) ?? []) {
    const ok = p.msPerPage <= PDF_PAGE_TARGET_MS;
    out.push({
      target: `PDF render ms/page, ${p.incidents}-incident eu-briefing ≤ ${PDF_PAGE_TARGET_MS} ms`, value: `${p.msPerPage} ms/page (CPU ${p.cpuMsPerPage}; ${p.pages} pages, median of ${p.runs})`,
      met: ok, verdict: verdict(ok, `${round(p.msPerPage - PDF_PAGE_TARGET_MS, 2)} ms/page`),
    });
  }
  const seconds = results.benchSeconds as number;
  out.push({ target: 'the whole bench within five minutes', value: `${seconds} s`, met: seconds < 300, verdict: verdict(seconds < 300, `${seconds - 299} s`) });
  const once = results.onceChecks as { templateCompiles: { afterFirstSize: number; atEnd: number; documentsBetween: number }; fontParses: { afterFirstSize: number; atEnd: number; documentsBetween: number } } | undefined;
  if (once) {
    const t = once.templateCompiles, f = once.fontParses;
    out.push({
      target: 'templates compiled once per process/worker', value: `${t.atEnd} compilations in all (${t.atEnd - t.afterFirstSize} during the last ${t.documentsBetween} documents)`,
      met: t.atEnd === t.afterFirstSize, verdict: verdict(t.atEnd === t.afterFirstSize, `${t.atEnd - t.afterFirstSize} compilations`),
    });
    out.push({
      target: 'fonts parsed once per process/worker', value: `${f.atEnd} font parses in all (${f.atEnd - f.afterFirstSize} during the last ${f.documentsBetween} documents)`,
      met: f.atEnd === f.afterFirstSize, verdict: verdict(f.atEnd === f.afterFirstSize, `${f.atEnd - f.afterFirstSize} parses`),
    });
  }
  return out;
}

function report(results: Record<string, unknown>): string {
  const cells = results.generation as Cell[];
  const lines: string[] = [];
  const machine = results.machine as { cpus: number; model: string; node: string; loadAverageAtStart: number[] };
  lines.push('', `Machine: ${machine.cpus} cores (${machine.model}), Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')} at start, ${(results.loadAverageAtEnd as number[]).join(' ')} at end.`);
  const b = results.bundle as { incidents: number; persons: number; sources: number; protectedPublic: number; protectedUn: number; importMs: number };
  lines.push(`Database: ${String(results.database)}.`);
  lines.push(`Records: ${b.incidents} incidents, ${b.persons} persons (${b.protectedPublic} protected from public naming, ${b.protectedUn} from UN submission), ${b.sources} sources; import ${(b.importMs / 1000).toFixed(1)} s.`);
  if (cells.length > 0) {
    lines.push('', 'GENERATION (ms; ours = load + compose + render, whole path from the database; floor = the same content with docx/pdfkit directly;');
    lines.push('render/floor = our renderer alone against the floor: what the rest of ours costs is loading, consent and the audits;');
    lines.push('first reading = ours/floor with every text read afresh by the name matchers, as the first generation after a persons change; the');
    lines.push('other runs read texts that earlier runs read under the same persons revision, as a preview, the DOCX and the final PDF of one document do)');
  }
  const per = peakIsPerCell() ? 'peak RSS per cell' : 'peak RSS (process-wide maximum)';
  if (cells.length > 0) lines.push(table([
    ['inc', 'kind', 'fmt', 'runs ours/floor', 'ours p50', 'p95', 'load', 'compose', 'render', 'floor p50', 'p95', 'ours/floor', 'first reading', 'render/floor', 'CPU ours/floor', 'KB ours', 'KB floor', 'notes', `${per} MB`],
    ...cells.map((c) => [
      String(c.incidents), c.kind, c.format, `${c.runs}/${c.floorRuns}`, c.ours.medianMs.toFixed(1), c.ours.p95Ms.toFixed(1),
      c.ours.stagesMedianMs.load.toFixed(1), c.ours.stagesMedianMs.compose.toFixed(1), c.ours.stagesMedianMs.render.toFixed(1),
      c.floor.medianMs.toFixed(1), c.floor.p95Ms.toFixed(1), `${c.ratio.toFixed(2)}×`, `${c.firstReadingRatio.toFixed(2)}×`, `${(c.ours.stagesMedianMs.render / c.floor.medianMs).toFixed(2)}×`,
      `${c.ours.cpuMedianMs.toFixed(0)}/${c.floor.cpuMedianMs.toFixed(0)} = ${c.cpuRatio.toFixed(2)}×`,
      (c.ours.bytes / 1024).toFixed(0), (c.floor.bytes / 1024).toFixed(0), String(c.notes), `${c.peakRssMB} (Δ ${Math.max(0, c.peakRssMB - c.rssBeforeMB)})`,
    ]),
  ]));
  const reduced = cells.filter((c) => c.runs < RUNS);
  if (reduced.length > 0) {
    lines.push(`Fewer than ${RUNS} runs, to end within ${BUDGET_S} s (BENCH_BUDGET_S): ${reduced.map((c) => `${c.incidents} ${c.kind} ${c.format} (${c.runs})`).join(', ')}; their p95 is the slowest run, and no warm-up run preceded them (the smaller sizes warmed the code).`);
  }
  if (cells.length > 0) lines.push(String(results.database).startsWith('pglite')
    ? 'Peak RSS in this table includes the embedded PGlite database in the same process (≈ 700 MB resident on its own); Δ is what the generation added.'
    : 'Peak RSS in this table is the bench process\'s (records in PostgreSQL); Δ is what the generation added.');
  const rss = (results.rss as Array<{ incidents: number; kind: string; format: string; peakRssMB: number; rssBeforeMB: number }> | undefined) ?? [];
  if (rss.length > 0) lines.push('', 'PEAK RSS, one generation in a fresh process (compose + render from the loaded case file, no database in the process)');
  for (const r of rss) lines.push(`  ${r.incidents} ${r.kind} ${r.format}: ${r.peakRssMB} MB (process ${r.rssBeforeMB} MB before)`);
  const server = results.server as Awaited<ReturnType<typeof serverUnderLoad>> | undefined;
  if (server) {
    const g = server.generation;
    const where = server.topology === 'process'
      ? `an app instance and a worker process with ${server.renderThreads} render threads (WORKERS_IN_PROCESS=off, as deployed on PostgreSQL)`
      : `one process, RENDER_THREADS=${server.renderThreads} (WORKERS_IN_PROCESS=on, the embedded default)`;
    lines.push('', `SERVER UNDER LOAD (${where}; ${server.loadIncidents}-incident PDFs, three kinds in turn, ${g.connections} connections, ${g.seconds} s)`);
    lines.push(`  generation: ${g.documents} documents, ${g.documentsPerSecond} documents/s, latency p50 ${g.latencyMs.p50} ms, p99 ${g.latencyMs.p99} ms, non-2xx ${g.non2xx} (status codes ${JSON.stringify(g.statusCodes)}), errors ${g.errors}${g.serverCpuCores !== null ? `; ${server.topology === 'process' ? 'app and worker' : 'server'} used ${g.serverCpuCores} of ${CORES} cores` : ''}`);
    if (server.eventLoopCpuMsPerRead !== null) {
      lines.push(`  event-loop thread's CPU: ${server.eventLoopCpuMsPerRead} ms per read (alone); under load ${g.eventLoopCpuMsPerDocument} ms per document, the ${server.readsUnderLoad.requests} reads alongside included`);
    }
    lines.push(`  GET /api/v1/incidents alone:        p50 ${server.readsIdle.p50} ms, p99 ${server.readsIdle.p99} ms, max ${server.readsIdle.max} ms (${server.readsIdle.requests} requests, non-2xx ${server.readsIdle.non2xx})`);
    lines.push(`  GET /api/v1/incidents under load:   p50 ${server.readsUnderLoad.p50} ms, p99 ${server.readsUnderLoad.p99} ms, max ${server.readsUnderLoad.max} ms (${server.readsUnderLoad.requests} requests, non-2xx ${server.readsUnderLoad.non2xx})`);
    const fresh = server.freshReadsUnderLoad;
    lines.push(`  … a different page each time:       p50 ${fresh.p50} ms, p99 ${fresh.p99} ms, max ${fresh.max} ms (${fresh.requests} requests, non-2xx ${fresh.non2xx}; nothing kept: the cost of a read afresh)`);
  }
  lines.push('', 'TARGETS (issue 5)');
  for (const t of results.targets as Target[]) lines.push(`  [${t.met ? 'met' : 'MISSED'}] ${t.target}: ${t.value}${t.met ? '' : ` — ${t.verdict}`}`);
  return lines.join('\n');
}

await main();
