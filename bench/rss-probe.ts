/**
 * Peak memory of one generation in a process of its own: compose and render from a loaded case
 * file (serialised by the bench with v8.serialize), with no embedded database in the process,
 * so the figure is the pipeline's and not PGlite's (~700 MB resident on its own).
 * The work runs in a thread under a render thread's resource limits (render-pool.ts), as it does
 * in a worker; the figure is the whole process's (both threads), from when the thread has
 * loaded its modules and the case file to the end of the document.
 * Prints JSON: { rssBeforeMB, peakRssMB, bytes }.
 */
import { Worker } from 'node:worker_threads';
import { renderThreadLimits } from '../src/documents/workers/thread-limits.js';
import { peakRssMB, resetPeakRss, rssMB } from './memory.js';

const heapMb = process.env.RENDER_HEAP_MB ? Number(process.env.RENDER_HEAP_MB) : undefined;
const thread = new Worker(new URL('./rss-probe.thread.mjs', import.meta.url), { workerData: process.argv[2], resourceLimits: renderThreadLimits(heapMb) });
const next = () => new Promise<unknown>((resolve, reject) => {
  thread.once('message', resolve);
  thread.once('error', reject);
});
await next(); // loaded
const before = rssMB();
resetPeakRss();
thread.postMessage('go');
const { bytes } = (await next()) as { bytes: number };
process.stdout.write(JSON.stringify({ rssBeforeMB: before, peakRssMB: peakRssMB(), bytes }));
await thread.terminate();
