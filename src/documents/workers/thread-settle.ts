/**
 * What a render thread gives back between documents. V8 collects a thread's old generation when
 * it grows, not when the thread waits: a thread that drew a 100-incident PDF kept what the
 * document left (25–40 MB of its heap at 20,000 persons) for as long as no next document came, up
 * to its idle stop (RENDER_IDLE_MS). So once a document's last task is done and no other task
 * came within SETTLE_AFTER_MS, the thread collects its garbage (tens of ms of a thread that has
 * nothing to do); a task that comes first cancels it. The pool parks idle threads with
 * Atomics.waitAsync (render-pool.ts) so that their timers run at all.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A pause this long after a document's last task (a store and the next request take longer). */
export const SETTLE_AFTER_MS = 20;

let gc: (() => void) | null = null;

/**
 * Full collections of this thread's heap, now (V8's `gc`, exposed to one fresh context only), until
 * the pages they emptied are given back. One collection frees the garbage but V8 keeps the pages
 * it emptied committed until the next one (in the unit test, 60–70 MB of emptied pages after one
 * collection, under 8 MB after two), and a settled thread sees no next one until a document comes.
 * The second collection, on a heap of live objects only, takes a few ms.
 */
export function collectGarbage(): void {
  if (gc === null) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
  }
  gc();
  gc();
}

export interface Settler {
  /** A task started: no settling while it runs. */
  started(): void;
  /** A task ended; `lastOfDocument`: nothing of its document follows (a composition is followed by its drawing). */
  ended(lastOfDocument: boolean): void;
  /** How often this thread settled (tests). */
  readonly settled: number;
}

export function createSettler(settle: () => void, afterMs: number = SETTLE_AFTER_MS): Settler {
  let timer: NodeJS.Timeout | undefined;
  let running = 0;
  let settled = 0;
  return {
    started() {
      running++;
      clearTimeout(timer);
      timer = undefined;
    },
    ended(lastOfDocument) {
      running = Math.max(0, running - 1);
      if (running > 0 || !lastOfDocument) return;
      // unref: a settling due must not keep a thread (or a test) alive.
      timer = setTimeout(() => {
        timer = undefined;
        settled++;
        settle();
      }, afterMs).unref();
    },
    get settled() {
      return settled;
    },
  };
}
