import { Worker } from 'node:worker_threads';
import { checkBundle, type BundleCheckInput, type BundleCheckOutcome } from './bundle-checks.js';

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

/** checkBundle, in a thread of its own for a bundle of CHECK_OFF_THREAD_RECORDS records or more (`threshold`). */
export async function checkBundleAside(input: BundleCheckInput, threshold = CHECK_OFF_THREAD_RECORDS): Promise<BundleCheckOutcome> {
  if (recordsOf(input.raw) < threshold) return checkBundle(input);
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
