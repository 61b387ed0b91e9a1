// Plain JavaScript, imported by the threads' entry points (render.worker.mjs, index-build.worker.mjs, shaping.worker.mjs).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Renderers give way to the event-loop thread: with every core busy drawing PDFs, a read request
 * would otherwise wait its turn behind them for tens of milliseconds. Linux keeps a nice value per
 * thread, and setpriority() with a thread's id sets that thread's alone. Elsewhere, or when it is
 * refused, the pool works the same, only without the hint.
 */
export function lowerThisThreadsPriority(nice) {
  if (nice <= 0) return;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, nice);
  } catch {
    // not Linux, or not permitted
  }
}
