/**
 * PDF render cost per page (issue 19, point 2: target ≤ 5 ms a page).
 *
 *   npx tsx bench/pdf-pages.ts [sizes=50,200] [runs=9]
 *   BENCH_PROFILE=out.cpuprofile: also a V8 CPU profile of the measured renders (read it with
 *   `tsx bench/profile-summary.ts out.cpuprofile`).
 *   BENCH_PDF_OUT=dir: also writes each size's PDF there (to look at, or to compare renders).
 *
 * The synthetic bundle's eu-briefing (the longest kind: headings, long paragraphs, three sources a
 * incident as footnotes) is composed once per size, then only the PDF renderer runs, `runs` times
 * after one warm-up. ms/page = the median render wall time / the document's pages. Composition,
 * loading and the database are not in the figure: `npm run bench` measures those whole-path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Db } from '../src/db/database.js';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { loadRequestedCaseFile } from '../src/documents/documents.service.js';
import { compose } from '../src/documents/compose/compose.js';
import type { DocumentModel } from '../src/documents/model/model.js';
import { renderPdf } from '../src/documents/render/pdf/pdf.renderer.js';
import { validateBundle } from '../src/records/bundle-validation.js';
import { importBundle } from '../src/records/bundle.service.js';
import { median, quantile, round } from './numbers.js';
import { benchRequest } from './pipeline.js';
import { syntheticBundle } from './synthetic.js';

export const PDF_PAGE_TARGET_MS = 5;
export const PDF_PAGE_SIZES = [50, 200] as const;

export interface PdfPageCost {
  incidents: number;
  pages: number;
  runs: number;
  renderMedianMs: number;
  renderP95Ms: number;
  msPerPage: number;
  /** Median CPU time a page (user + system): steadier than wall time on a shared machine. */
  cpuMsPerPage: number;
  bytes: number;
}

/** Pages of a PDF as its page objects say (pdfkit writes page dictionaries uncompressed). */
export function pdfPageCount(bytes: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

/** Renders one model `runs` times after a warm-up and reports the render cost per page. */
export async function measurePdfPages(model: DocumentModel, incidents: number, runs: number): Promise<PdfPageCost> {
  const warm = await renderPdf(model);
  const pages = pdfPageCount(warm);
  const times: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await renderPdf(model);
    times.push(performance.now() - t0);
    const cpu = process.cpuUsage(c0);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  const renderMedianMs = median(times);
  return {
    incidents, pages, runs, bytes: warm.byteLength,
    renderMedianMs: round(renderMedianMs, 1), renderP95Ms: round(quantile(times, 0.95), 1),
    msPerPage: round(renderMedianMs / pages, 2),
    cpuMsPerPage: round(median(cpus) / pages, 2),
  };
}

/** The eu-briefing model of the first `incidents` synthetic incidents, as the service composes it. */
export async function briefingModel(db: Db, incidents: number): Promise<DocumentModel> {
  const request = benchRequest('eu-briefing', 'pdf', incidents);
  return compose(await loadRequestedCaseFile(db, request), request).model;
}

/** Every size, on records already in `db` (the synthetic bundle of at least the largest size). */
export async function pdfPagesPart(db: Db, sizes: readonly number[] = PDF_PAGE_SIZES, runs = 9): Promise<PdfPageCost[]> {
  const out: PdfPageCost[] = [];
  for (const incidents of sizes) out.push(await measurePdfPages(await briefingModel(db, incidents), incidents, runs));
  return out;
}

export function pdfPagesLine(cost: PdfPageCost): string {
  const met = cost.msPerPage <= PDF_PAGE_TARGET_MS;
  return `[${met ? 'met' : 'MISSED'}] PDF render ms/page, ${cost.incidents}-incident eu-briefing: ${cost.msPerPage} ms/page`
    + ` (CPU ${cost.cpuMsPerPage} ms/page; ${cost.renderMedianMs} ms median, p95 ${cost.renderP95Ms} ms, ${cost.pages} pages, ${cost.runs} runs; target ≤ ${PDF_PAGE_TARGET_MS} ms)`
    + (met ? '' : ` — ${round(cost.msPerPage - PDF_PAGE_TARGET_MS, 2)} ms/page over`);
}

const post = <T>(session: Session, method: string, params?: object) =>
  new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? PDF_PAGE_SIZES.join(',')).split(',').map(Number).filter((n) => n > 0);
  const runs = Number(process.argv[3] ?? 9);
  const profile = process.env.BENCH_PROFILE;
  const dataDir = mkdtempSync(join(tmpdir(), 'pdf-pages-'));
  const handle = await openDatabase({ dataDir });
  try {
    await migrateToLatest(handle.db);
    const validated = validateBundle(syntheticBundle(Math.max(...sizes)));
    if (!validated.ok) throw new Error('synthetic bundle is invalid');
    await importBundle(handle.db, validated.bundle);
    const models = await Promise.all(sizes.map(async (incidents) => ({ incidents, model: await briefingModel(handle.db, incidents) })));
    const session = profile ? new Session() : null;
    if (session) {
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
      await post(session, 'Profiler.start');
    }
    console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    const out = process.env.BENCH_PDF_OUT;
    for (const { incidents, model } of models) {
      if (out) writeFileSync(join(out, `eu-briefing-${incidents}.pdf`), await renderPdf(model));
      console.log(pdfPagesLine(await measurePdfPages(model, incidents, runs)));
    }
    console.log(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    if (session && profile) {
      const { profile: data } = await post<{ profile: unknown }>(session, 'Profiler.stop');
      writeFileSync(profile, JSON.stringify(data));
      console.log(`CPU profile: ${profile}`);
      session.disconnect();
    }
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
