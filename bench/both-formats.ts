/**
 * One request, both formats (issue 13, point 7): what drawing the DOCX and the PDF of one
 * composition costs next to drawing one, on the render pool as the service runs it.
 *
 *   npx tsx bench/both-formats.ts [incidents=100] [runs=3] [threads=2]
 *
 * Per kind, the median of `runs` of: compose (in a worker) + one render; compose + both renders
 * one after the other; compose + both renders at once (what generateDocument does).
 */
import { performance } from 'node:perf_hooks';
import { availableParallelism, loadavg } from 'node:os';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { seedDemoProfile } from '../src/demo/seed.js';
import { loadRequestedCaseFile } from '../src/documents/documents.service.js';
import { createRenderer } from '../src/documents/workers/render-pool.js';
import { validateBundle } from '../src/records/bundle-validation.js';
import { importBundle } from '../src/records/bundle.service.js';
import { benchRequest, KINDS } from './pipeline.js';
import { syntheticBundle } from './synthetic.js';

const [incidents = 100, runs = 3, threads = 2] = process.argv.slice(2).map(Number);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const handle = await openDatabase({});
await migrateToLatest(handle.db);
const validated = validateBundle(syntheticBundle(incidents));
if (!validated.ok) throw new Error('synthetic bundle is invalid');
await importBundle(handle.db, validated.bundle);
await seedDemoProfile(handle.db);
const renderer = createRenderer(threads);
console.log(`${incidents} incidents, ${runs} runs, ${threads} render threads, ${availableParallelism()} cores, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('kind                 compose+pdf   compose+docx   both in turn   both at once   (ms wall / ms CPU, median)');
for (const kind of KINDS) {
  const request = benchRequest(kind, 'pdf', incidents);
  const file = await loadRequestedCaseFile(handle.db, request);
  const now = new Date();
  // Wall time, and CPU time of the whole process (every thread): on a busy machine the wall
  // time says more about the neighbours than about us.
  const time = async (formats: Array<'docx' | 'pdf'>, parallel: boolean) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { model } = await renderer.compose(file, request, now);
    if (parallel) await Promise.all(formats.map((f) => renderer.render(model, f)));
    else for (const f of formats) await renderer.render(model, f);
    const cpu = process.cpuUsage(c0);
    return { wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 };
  };
  await time(['docx', 'pdf'], true); // warm the threads
  const cells: string[] = [];
  for (const [formats, parallel] of [[['pdf'], false], [['docx'], false], [['docx', 'pdf'], false], [['docx', 'pdf'], true]] as const) {
    const xs: Array<{ wall: number; cpu: number }> = [];
    for (let i = 0; i < runs; i++) xs.push(await time([...formats], parallel));
    cells.push(`${median(xs.map((x) => x.wall)).toFixed(0)} / ${median(xs.map((x) => x.cpu)).toFixed(0)}`);
  }
  console.log(`${kind.padEnd(18)} ${cells.map((c) => c.padStart(13)).join('  ')}`);
}
await renderer.close();
await handle.close();
