/**
 * The peer part of `npm run bench` (issue 19, `BENCH_PEERS=1`; alone: `npx tsx bench/peers.ts`):
 * the same document content — the synthetic 50 and 200 incidents, composed by us once — produced
 * in one run by
 * - ours: the whole path (records → case file → composition → bytes, bench/pipeline.ts), DOCX and PDF;
 * - Carbone 3 (DOCX template with real footnotes, bench/peers/templates.ts): DOCX, and PDF through
 *   its LibreOffice worker (`convertTo: 'pdf'`); its first PDF call (which starts the worker)
 *   reported apart;
 * - docxtemplater + pizzip: DOCX (its free modules have no footnotes: notes are numbered
 *   paragraphs at the end instead);
 * - LibreOffice converting our own DOCX to PDF (`soffice --headless --convert-to pdf`, a process
 *   per document, as docassemble-style systems do): our DOCX + the conversion.
 * Median and p95 wall time, output pages (pdfinfo; DOCX pages from one untimed LibreOffice
 * conversion), the ratios ours/peer, and the targets of issue 19.
 *
 * Warm-ups: every producer gets the same BENCH_PEERS_WARMUP (3) untimed runs per size before the
 * timed ones, all of them in turn as in a timed run (a server runs warm; alone, ours used to get
 * a single warm-up, where in the full bench the generation table had warmed it first). Carbone's
 * first PDF call (reported apart) falls in the first warm-up, and its PDF one more after it.
 *
 * Alone, it adds its figures to bench/results/latest.json as `peers`.
 * Knobs: BENCH_PEERS_RUNS=5 (timed runs after the warm-ups), BENCH_PEERS_WARMUP=3, BENCH_PEERS_SIZES=50,200,
 * BENCH_PEERS_KIND=eu-briefing, BENCH_DATABASE_URL (as the bench; default the local PostgreSQL
 * when it answers, else embedded PGlite), SOFFICE=/usr/bin/soffice.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type Db } from '../src/db/database.js';
import type { DocumentKind } from '../src/documents/request.schemas.js';
import { validateBundle } from '../src/records/bundle-validation.js';
import { importBundle } from '../src/records/bundle.service.js';
import { floorContent } from './floor.js';
import { median, quantile, round } from './numbers.js';
import { carbonePdfProblem, carboneRender, docxtemplaterRender, loadCarbone, pdfPages, sofficePdf, type Carbone } from './peers/producers.js';
import { carboneTemplate, docxtemplaterTemplate } from './peers/templates.js';
import { benchDatabaseUrl, benchRequest, generate, KINDS } from './pipeline.js';
import { createScratchDatabase } from './scratch-database.js';
import { syntheticBundle } from './synthetic.js';

const env = process.env;
const RUNS = Number(env.BENCH_PEERS_RUNS ?? 5);
/** Untimed runs of every producer per size before the timed ones: the same number for each (at least 1). */
const WARMUP = Math.max(1, Number(env.BENCH_PEERS_WARMUP ?? 3));
const SIZES = (env.BENCH_PEERS_SIZES ?? '50,200').split(',').map(Number).filter((n) => n > 0);
const KIND = (env.BENCH_PEERS_KIND ?? 'eu-briefing') as DocumentKind;
const TARGET = { pdfVsCarbone: 2, pdfVsCarboneFirst: 20, docxVsCarbone: 1.5 } as const;

export interface Timing {
  medianMs: number;
  p95Ms: number;
  /** CPU time of this process (all threads) per document, median: steadier than wall time on a busy machine. Its children's (LibreOffice's) is not in it. */
  cpuMedianMs: number | null;
  runs: number;
  pages: number;
  bytes: number;
}
export interface PeerSize {
  incidents: number;
  notes: number;
  ours: { pdf: Timing; docx: Timing; renderMedianMs: { pdf: number; docx: number } };
  /** pdf: null when Carbone's LibreOffice worker could not convert (see carboneUnavailable). */
  carbone: { docx: Timing; pdf: Timing | null } | null;
  docxtemplater: { docx: Timing };
  /** Our DOCX, then `soffice --convert-to pdf` in a process of its own. */
  libreOfficeFromOurDocx: { pdf: Timing; conversionMedianMs: number };
  loadAverage: number[];
}
export interface PeerResults {
  generatedAt: string;
  kind: DocumentKind;
  runs: number;
  /** Untimed runs of every producer per size before the timed ones. */
  warmup: number;
  /** Carbone's first PDF call in the process (starts its LibreOffice worker), ms; null without Carbone. */
  carboneFirstPdfMs: number | null;
  carboneFirstPdfIncidents: number | null;
  /** Why Carbone (or its PDF) did not run, when it did not. */
  carboneUnavailable: string | null;
  sizes: PeerSize[];
  targets: Array<{ target: string; value: string; met: boolean }>;
  notes: string[];
}

// ---------------------------------------------------------------- measuring

interface Series { ms: number[]; cpu: number[]; last: Uint8Array | null }
const series = (): Series => ({ ms: [], cpu: [], last: null });
async function timed(s: Series | null, f: () => Promise<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const bytes = await f();
  if (s) {
    s.ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    s.cpu.push((c.user + c.system) / 1000);
    s.last = bytes;
  }
  return bytes;
}
/** `inProcess`: false when the work is in another process (LibreOffice), whose CPU time this one does not see. */
const timing = (s: Series, pages: number, inProcess = true): Timing => ({
  medianMs: round(median(s.ms)), p95Ms: round(quantile(s.ms, 0.95)), cpuMedianMs: inProcess ? round(median(s.cpu)) : null, runs: s.ms.length, pages, bytes: s.last?.byteLength ?? 0,
});

async function measureSize(db: Db, incidents: number, carbone: Carbone | null, dir: string, log: (line: string) => void, first: { ms: number | null; error: string | null }): Promise<PeerSize> {
  const pdfRequest = benchRequest(KIND, 'pdf', incidents);
  const docxRequest = benchRequest(KIND, 'docx', incidents);
  // The content, from our composition, once and untimed (as the floor's).
  const model = (await generate(db, docxRequest)).composition.model;
  const content = floorContent(model);
  const ct = await carboneTemplate(content);
  const carboneTemplatePath = join(dir, `carbone-${incidents}.docx`);
  writeFileSync(carboneTemplatePath, ct.template);
  const dt = await docxtemplaterTemplate(content);

  const s = {
    oursPdf: series(), oursDocx: series(), renderPdf: [] as number[], renderDocx: [] as number[],
    carboneDocx: series(), carbonePdf: series(), dxt: series(), lo: series(), conversion: [] as number[],
  };
  // One run: every producer in turn, so that a change in the machine's load hits all alike. No
  // forced collections: one between runs also drops V8's compiled regular expressions (the
  // Redactor's), which would make ours recompile them every run (bench/run.ts says more).
  const run = async (keep: boolean) => {
    const ours = async (request: typeof pdfRequest, into: Series, render: number[]) =>
      timed(keep ? into : null, async () => {
        const g = await generate(db, request);
        if (keep) render.push(g.times.render);
        return g.bytes;
      });
    await ours(pdfRequest, s.oursPdf, s.renderPdf);
    const docx = await ours(docxRequest, s.oursDocx, s.renderDocx);
    if (carbone) {
      await timed(keep ? s.carboneDocx : null, () => carboneRender(carbone, carboneTemplatePath, ct.data));
      if (first.error !== null) {
        // Its worker could not convert: the DOCX parts still run.
      } else if (first.ms === null) {
        const t0 = performance.now();
        try {
          await carboneRender(carbone, carboneTemplatePath, ct.data, 'pdf');
          first.ms = performance.now() - t0;
          log(`  Carbone's first PDF call (starts its LibreOffice worker): ${first.ms.toFixed(0)} ms`);
        } catch (e) {
          first.error = `Carbone's PDF conversion failed (LibreOffice's soffice.bin and a python3 with the uno module, Debian's python3-uno, are needed): ${(e as Error).message}`;
          log(`  ${first.error}`);
        }
      } else {
        await timed(keep ? s.carbonePdf : null, () => carboneRender(carbone, carboneTemplatePath, ct.data, 'pdf'));
      }
    }
    await timed(keep ? s.dxt : null, () => docxtemplaterRender(dt.template, dt.data));
    // Our DOCX (just made) through LibreOffice: the conversion alone, added to our DOCX time below.
    const c0 = performance.now();
    const pdf = await sofficePdf(docx, dir);
    if (keep) {
      s.conversion.push(performance.now() - c0);
      s.lo.last = pdf;
    }
  };
  // The same warm-ups for every producer, in turn. Carbone's first PDF call (which starts its
  // worker) falls in the first of them, when it has not yet been made; its conversion gets one
  // more warm-up after it, so that every producer enters the timed runs with WARMUP untimed ones.
  const firstBefore = first.ms;
  for (let i = 0; i < WARMUP; i++) await run(false);
  if (carbone && first.error === null && firstBefore === null) await carboneRender(carbone, carboneTemplatePath, ct.data, 'pdf');
  for (let i = 0; i < RUNS; i++) await run(true);
  s.lo.ms = s.conversion.map((c, i) => c + s.oursDocx.ms[i]!);

  // Pages: pdfinfo; a DOCX's pages from one LibreOffice conversion, untimed.
  const docxPages = async (bytes: Uint8Array | null) => (bytes ? pdfPages(await sofficePdf(bytes, dir), dir) : Number.NaN);
  const loPages = pdfPages(s.lo.last!, dir);
  const size: PeerSize = {
    incidents,
    notes: model.notes.length,
    ours: {
      pdf: timing(s.oursPdf, pdfPages(s.oursPdf.last!, dir)),
      docx: timing(s.oursDocx, loPages),
      renderMedianMs: { pdf: round(median(s.renderPdf)), docx: round(median(s.renderDocx)) },
    },
    carbone: carbone ? { docx: timing(s.carboneDocx, await docxPages(s.carboneDocx.last)), pdf: s.carbonePdf.last ? timing(s.carbonePdf, pdfPages(s.carbonePdf.last, dir), false) : null } : null,
    docxtemplater: { docx: timing(s.dxt, await docxPages(s.dxt.last)) },
    libreOfficeFromOurDocx: { pdf: timing(s.lo, loPages, false), conversionMedianMs: round(median(s.conversion)) },
    loadAverage: loadavg().map((x) => round(x, 2)),
  };
  log(`  ${incidents} incidents: ours PDF ${size.ours.pdf.medianMs} ms, DOCX ${size.ours.docx.medianMs} ms; Carbone DOCX ${size.carbone?.docx.medianMs ?? '—'} ms, PDF ${size.carbone?.pdf?.medianMs ?? '—'} ms; docxtemplater ${size.docxtemplater.docx.medianMs} ms; LibreOffice from our DOCX ${size.libreOfficeFromOurDocx.pdf.medianMs} ms`);
  return size;
}

function targets(r: Omit<PeerResults, 'targets'>): PeerResults['targets'] {
  const out: PeerResults['targets'] = [];
  for (const s of r.sizes) {
    if (!s.carbone) continue;
    // Judged on our whole path (what a caller waits for); our renderer alone beside it, as the
    // peers start from the finished content.
    const cpdf = s.carbone.pdf;
    const pdf = cpdf ? cpdf.medianMs / s.ours.pdf.medianMs : Number.NaN;
    const pdfRender = cpdf ? cpdf.medianMs / s.ours.renderMedianMs.pdf : Number.NaN;
    if (cpdf) out.push({ target: `${s.incidents} incidents: our PDF ≥ ${TARGET.pdfVsCarbone}× faster than Carbone's PDF`, value: `${round(pdf, 2)}× (renderer alone ${round(pdfRender, 2)}×)`, met: pdf >= TARGET.pdfVsCarbone });
    const docx = s.ours.docx.medianMs / s.carbone.docx.medianMs;
    const docxRender = s.ours.renderMedianMs.docx / s.carbone.docx.medianMs;
    // Both in this process: their CPU times compare too, and stay steadier on a busy machine.
    const docxCpu = s.ours.docx.cpuMedianMs! / s.carbone.docx.cpuMedianMs!;
    out.push({ target: `${s.incidents} incidents: our DOCX (real footnotes) within ${TARGET.docxVsCarbone}× of Carbone's DOCX`, value: `${round(docx, 2)}× its time (renderer alone ${round(docxRender, 2)}×; CPU ${round(docxCpu, 2)}×)`, met: docx <= TARGET.docxVsCarbone });
  }
  const firstSize = r.sizes.find((s) => s.incidents === r.carboneFirstPdfIncidents);
  if (r.carboneFirstPdfMs !== null && firstSize) {
    const x = r.carboneFirstPdfMs / firstSize.ours.pdf.medianMs;
    const xRender = r.carboneFirstPdfMs / firstSize.ours.renderMedianMs.pdf;
    out.push({ target: `${firstSize.incidents} incidents: our PDF ≥ ${TARGET.pdfVsCarboneFirst}× faster than Carbone's first PDF call`, value: `${round(x, 1)}× (renderer alone ${round(xRender, 1)}×)`, met: x >= TARGET.pdfVsCarboneFirst });
  }
  return out;
}

/** The peer part on a database of its own: PostgreSQL at `pgUrl` (a scratch database), else embedded PGlite. */
export async function peersPart(pgUrl: string | undefined, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<PeerResults> {
  if (!KINDS.includes(KIND)) throw new Error(`BENCH_PEERS_KIND: one of ${KINDS.join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'advocacy-peers-'));
  const scratch = pgUrl ? await createScratchDatabase(pgUrl, 'advocacy_bench_peers') : undefined;
  const dbUrl = scratch?.url;
  const handle = await openDatabase(dbUrl ? { url: dbUrl, poolMax: 2 } : { dataDir: join(dir, 'pglite') });
  let carbone: Carbone | null = null;
  let carboneUnavailable: string | null = null;
  try {
    await migrateToLatest(handle.db);
    const validated = validateBundle(syntheticBundle(Math.max(...SIZES)));
    if (!validated.ok) throw new Error('synthetic bundle is invalid');
    await importBundle(handle.db, validated.bundle);
    if (dbUrl) await sql`vacuum analyze`.execute(handle.db);
    try {
      carbone = await loadCarbone(join(dir, 'carbone'));
    } catch (e) {
      carboneUnavailable = `Carbone left out: it could not be loaded: ${(e as Error).message}`;
      log(`  ${carboneUnavailable}`);
    }
    log(`Peers (issue 19): ${KIND}, ${SIZES.join(' and ')} incidents, ${RUNS} runs after ${WARMUP} warm-up(s) of every producer; ${dbUrl ? 'PostgreSQL' : 'embedded PGlite'}; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    const first = { ms: null as number | null, error: carbone ? carbonePdfProblem() : null };
    if (first.error) log(`  ${first.error}`);
    const sizes: PeerSize[] = [];
    for (const incidents of SIZES) sizes.push(await measureSize(handle.db, incidents, carbone, dir, log, first));
    const partial = {
      generatedAt: new Date().toISOString(), kind: KIND, runs: RUNS, warmup: WARMUP, carboneFirstPdfMs: first.ms === null ? null : round(first.ms, 0), carboneFirstPdfIncidents: first.ms === null ? null : SIZES[0]!,
      carboneUnavailable: carboneUnavailable ?? first.error, sizes,
      notes: [
        'ours: the whole path (records from the database → case file → composition with consent and audits → bytes); the peers start from the finished content.',
        'Carbone DOCX carries real Word footnotes; docxtemplater\'s free modules have none: its notes are numbered paragraphs after the text.',
        'Links are link-styled text in both templates (no link target); ours and LibreOffice-from-ours carry real links.',
        'LibreOffice from our DOCX: our DOCX, then `soffice --headless --convert-to pdf` in a process of its own; DOCX pages from one untimed LibreOffice conversion.',
      ],
    };
    return { ...partial, targets: targets(partial) };
  } finally {
    if (carbone) {
      const converter = (await import('carbone/lib/converter.js')).default;
      await new Promise<void>((resolve) => converter.exit(() => resolve()));
    }
    await handle.close();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function peersReport(r: PeerResults): string {
  const lines = ['', `PEERS (issue 19): ${r.kind}, the same content produced by each; ${r.runs} runs after ${r.warmup} warm-up(s) of each, median / p95 ms wall, median CPU ms of this process (— when the work is in LibreOffice's), pages, ours/peer = our median ÷ theirs`];
  if (r.carboneUnavailable) lines.push(`  ${r.carboneUnavailable}`);
  if (r.carboneFirstPdfMs !== null) lines.push(`  Carbone's first PDF call (${r.carboneFirstPdfIncidents} incidents, starts its LibreOffice worker): ${r.carboneFirstPdfMs} ms`);
  for (const s of r.sizes) {
    lines.push(`  ${s.incidents} incidents (${s.notes} notes; load ${s.loadAverage.join(' ')}):`);
    // ours/peer: our whole path's median ÷ the peer's, and our renderer alone's ÷ the peer's.
    const row = (label: string, t: Timing, ours: { whole: number; render: number } | null, extra = '') =>
      lines.push(`    ${label.padEnd(42)} ${t.medianMs.toFixed(1).padStart(8)} ${t.p95Ms.toFixed(1).padStart(8)} ${(t.cpuMedianMs === null ? '—' : t.cpuMedianMs.toFixed(0)).padStart(6)} ${String(t.pages).padStart(5)} p ${(t.bytes / 1024).toFixed(0).padStart(6)} KB${ours ? `  ours/peer ${(ours.whole / t.medianMs).toFixed(2)}× (renderer alone ${(ours.render / t.medianMs).toFixed(2)}×)` : ''}${extra}`);
    const oursPdf = { whole: s.ours.pdf.medianMs, render: s.ours.renderMedianMs.pdf };
    const oursDocx = { whole: s.ours.docx.medianMs, render: s.ours.renderMedianMs.docx };
    lines.push(`    ${''.padEnd(42)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'CPU'.padStart(6)} ${'pages'.padStart(7)} ${'size'.padStart(9)}`);
    row('ours PDF', s.ours.pdf, null, `  (render alone ${s.ours.renderMedianMs.pdf} ms)`);
    row('ours DOCX (footnotes)', s.ours.docx, null, `  (render alone ${s.ours.renderMedianMs.docx} ms; pages via LibreOffice)`);
    if (s.carbone) {
      if (s.carbone.pdf) row('Carbone PDF (LibreOffice worker)', s.carbone.pdf, oursPdf);
      row('Carbone DOCX (footnotes)', s.carbone.docx, oursDocx);
    }
    row('docxtemplater DOCX (no footnotes)', s.docxtemplater.docx, oursDocx);
    row('LibreOffice PDF from our DOCX', s.libreOfficeFromOurDocx.pdf, oursPdf, `  (conversion ${s.libreOfficeFromOurDocx.conversionMedianMs} ms)`);
  }
  for (const n of r.notes) lines.push(`  ${n}`);
  lines.push('', 'TARGETS (issue 19)');
  for (const t of r.targets) lines.push(`  [${t.met ? 'met' : 'MISSED'}] ${t.target}: ${t.value}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await peersPart(await benchDatabaseUrl());
  // Into bench/results/latest.json beside the other parts' last figures (its own generatedAt says when).
  const out = join(dirname(new URL(import.meta.url).pathname), 'results', 'latest.json');
  const latest = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...latest, peers: results }, null, 2)}\n`);
  console.log(peersReport(results));
  console.log('\nFigures written to bench/results/latest.json (peers).');
}
