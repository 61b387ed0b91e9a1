import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { DocumentModel } from '../model.js';
import type { DocumentFormat } from '../request.schema.js';
import { renderDocument } from './render-document.js';

/**
 * Renders documents off the event loop: a pool of worker threads sized to the cores, so reads
 * stay fast while PDFs are drawn. With `threads: 0` it renders in-process (tests, benchmarks).
 */
export interface DocumentRenderer {
  render(model: DocumentModel, format: DocumentFormat): Promise<Uint8Array>;
  close(): Promise<void>;
  readonly threads: number;
}

export function createRenderer(threads: number = availableParallelism()): DocumentRenderer {
  if (threads === 0) {
    return { threads: 0, render: renderDocument, close: async () => {} };
  }
  const pool = new Piscina({
    filename: new URL('./render.worker.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // Queue rather than refuse: the HTTP layer's rate limits bound how much waits here.
    maxQueue: 'auto',
    idleTimeout: 60_000,
  });
  return {
    threads,
    render: (model, format) => pool.run({ model, format }) as Promise<Uint8Array>,
    close: () => pool.destroy(),
  };
}
