import { Worker } from 'node:worker_threads';
import type { PersonIdentity } from '../records/records.js';
import type { NameIndex } from './name-index.js';
import type { IncidentTexts, ShapedIncident } from './shaped-text.js';

/**
 * A thread that shapes incidents' search text, and finds whom their texts name, for one persons
 * revision (shaping.worker.mjs), below the event loop's priority. The matcher's index is shared memory, adopted there in
 * milliseconds; the persons are copied once.
 */
export class ShapingThread {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (shaped: ShapedIncident[]) => void; reject: (err: Error) => void }>();
  private failure: Error | null = null;
  /** Settle the start (the thread has its redactor, or ended first). */
  private ready: () => void = () => {};
  private failed: (err: Error) => void = () => {};

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { id: number; shaped?: ShapedIncident[]; error?: string; ready?: true }) => {
      if (m.ready) return this.ready();
      const waiter = this.waiting.get(m.id);
      if (waiter === undefined) return;
      this.waiting.delete(m.id);
      if (m.shaped) waiter.resolve(m.shaped);
      else waiter.reject(new Error(`shaping failed: ${m.error}`));
    });
    const fail = (err: Error) => {
      this.failure = err;
      this.failed(err);
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the shaping thread ended (${code})`)));
  }

  /** Starts a thread and waits until it has its redactor. */
  static async start(everyone: readonly PersonIdentity[], index: NameIndex, nice = 10): Promise<ShapingThread> {
    const worker = new Worker(new URL('./shaping.worker.mjs', import.meta.url), {
      workerData: { everyone, index, nice },
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    const shaping = new ShapingThread(worker);
    await new Promise<void>((resolve, reject) => {
      shaping.ready = resolve;
      shaping.failed = reject;
    });
    return shaping;
  }

  /** Each incident's text shaped and folded, with whom each names (shaped-text.ts shapeIncident). */
  shape(texts: readonly IncidentTexts[]): Promise<ShapedIncident[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<ShapedIncident[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, texts });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
