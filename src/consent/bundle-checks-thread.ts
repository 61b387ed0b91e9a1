import { Worker } from 'node:worker_threads';
import { checkBundle, type BundleCheckInput, type BundleCheckOutcome } from './bundle-checks.js';
import { MATCHER_BUILT_HERE_UP_TO } from './index.js';

/**
 * Records (persons, sources, incidents) from which a bundle is checked in a thread of its own:
 * below, the checks take well under a second (1,000 incidents: ~3 s, which the event loop would
 * otherwise be held for; 6,300: ~20 s, /health waited 17 s).
 */
export const CHECK_OFF_THREAD_RECORDS = 400;

const recordsOf = (raw: unknown): number => {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return ['persons', 'sources', 'incidents'].reduce((n, k) => n + (Array.isArray(o[k]) ? (o[k] as unknown[]).length : 0), 0);
};

/** Whether checkBundleAside checks `input` in a thread of its own. */
export const checkedApart = (input: Pick<BundleCheckInput, 'raw' | 'identities'>, threshold = CHECK_OFF_THREAD_RECORDS): boolean =>
  recordsOf(input.raw) >= threshold || input.identities.length > MATCHER_BUILT_HERE_UP_TO;

/**
 * checkBundle, in a thread of its own for a bundle of CHECK_OFF_THREAD_RECORDS records or more
 * (`threshold`), or whenever its typed names are converted against more persons on record than a
 * matcher is built of on the event loop: the conversion's matcher (everybody and the bundle's
 * persons) is a build of its own, ~18 s at 20,000 persons — a one-incident bundle held /health 19 s.
 */
export async function checkBundleAside(input: BundleCheckInput, threshold = CHECK_OFF_THREAD_RECORDS): Promise<BundleCheckOutcome> {
  if (!checkedApart(input, threshold)) return checkBundle(input);
  const worker = new Worker(new URL('./bundle-checks.worker.mjs', import.meta.url), {
    workerData: input,
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  try {
    return await new Promise<BundleCheckOutcome>((resolve, reject) => {
      worker.once('message', (m: { outcome?: BundleCheckOutcome; error?: string }) => (m.outcome ? resolve(m.outcome) : reject(new Error(`checking the bundle failed: ${m.error}`))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the bundle check thread ended (${code})`)));
    });
  } finally {
    await worker.terminate();
  }
}
