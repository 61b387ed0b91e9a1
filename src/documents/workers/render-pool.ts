import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { BusyError, cancellationOf, throwIfCancelled } from '../../shared/errors.js';
import type { CaseFile } from '../case-file/case-file.js';
import type { DocumentModel } from '../model/model.js';
import type { DocumentFormat, DocumentRequest } from '../request.schemas.js';
import {
  composeAndRenderHere, composeHere, previewHere, unwrap, withoutIdentityLists, type ComposedDocument, type ComposedModel, type ComposeOutcome,
  type DocumentPreview, type IdentityLists,
} from './compose-tasks.js';
import {
  allMade, patchedDocumentIndexes, rememberDocumentIndexes, type DocumentMatcherIndexes, type NameIndex, type ProtectedPerson,
} from '../../consent/index.js';
import { renderDocument } from '../render/render-document.js';
import { renderThreadLimits } from './thread-limits.js';

/**
 * Renders documents off the event loop: a pool of worker threads sized to the cores, so reads
 * stay fast while PDFs are drawn. With `threads: 0` it renders in-process (tests, benchmarks).
 *
 * Every task takes an optional `signal` (the client's: aborted when it disconnects or the service
 * stops): a queued task then leaves the queue, a running one loses its thread (piscina stops it and
 * starts a fresh one), and the call throws the signal's reason (CancelledError, or BusyError).
 * In-process, a task cannot be stopped half-way: the signal is checked before and after it.
 */
export interface DocumentRenderer {
  render(model: DocumentModel, format: DocumentFormat, signal?: AbortSignal): Promise<Uint8Array>;
  /**
   * Composes a loaded case file and renders it, in a worker: composing is CPU work too (consent
   * audits over every text of the document: ~50 ms at 10 incidents, seconds at 1000), and on
   * the event loop it would hold up every other request. Throws CompositionRefused and
   * CompositionAuditError as compose() does.
   */
  composeAndRender(file: CaseFile, request: DocumentRequest, now: Date, signal?: AbortSignal): Promise<ComposedDocument>;
  /** Composes in a worker and hands the model back, to be drawn in each format by `render` (in parallel). */
  compose(file: CaseFile, request: DocumentRequest, now: Date, signal?: AbortSignal): Promise<ComposedModel>;
  /** Composes a loaded case file into the browser preview, in a worker for the same reason. */
  preview(file: CaseFile, request: DocumentRequest, now: Date, signal?: AbortSignal): Promise<DocumentPreview>;
  /**
   * Builds a name matcher's index in a thread (seconds at 20,000 persons) for the calling one to
   * adopt (NameMatcher.fromIndex). Absent in-process: there is no other thread.
   */
  buildNameIndex?(persons: readonly ProtectedPerson[]): Promise<NameIndex>;
  /**
   * Makes ready the name indexes of documents with these identity lists (CaseFile.identityListsKey
   * `key`), built in a thread as a document's first request would have them built, so that it
   * does not wait for them (seconds at 20,000 persons). Absent in-process: nothing to make ahead.
   */
  prepareIdentityLists?(key: string, lists: IdentityLists): Promise<void>;
  /** Name index builds started in threads of their own so far (everybody's, documents'): what one waits for. */
  readonly indexBuilds: number;
  close(): Promise<void>;
  readonly threads: number;
  /** Tasks waiting for a thread now. */
  readonly queued: number;
  /** Threads running now (0 before the first task and after an idle period). */
  readonly running: number;
}

export interface RendererOptions {
  /**
   * Nice value (0–19) of the worker threads, so that the event-loop thread, which answers every
   * other request, runs first when all cores are busy rendering (Linux; ignored elsewhere).
   */
  nice?: number;
  /** Tasks that may wait for a thread; past it a request gets 503 (default: 32 per thread, at least 64). */
  maxQueue?: number;
  /** The module each thread runs (default: render.worker.mjs); tests hold renders with their own. */
  workerFile?: URL;
  /** Old-generation heap limit of each thread, in MB (default: thread-limits.ts). */
  heapMb?: number;
  /**
   * A thread idle this long stops (default RENDER_IDLE_MS_DEFAULT); the next task starts one
   * again (under a second). Threads start when the first task comes, not with the service.
   * 0: every thread starts with the pool and stays (and a stopped one is replaced at once).
   */
  idleMs?: number;
}

/**
 * How long a render thread idles before it stops. Each thread holds its modules, fonts, and the
 * identity lists of the persons revision it was last sent (tens to hundreds of MB at 20,000
 * persons); a service that renders now and then should not hold them between documents.
 */
export const RENDER_IDLE_MS_DEFAULT = 30_000;

/** The shared build, or the signal's reason when it is aborted first (the build goes on for the others). */
async function untilReady<T>(ready: Promise<T>, signal?: AbortSignal): Promise<T> {
  throwIfCancelled(signal);
  if (signal === undefined) return ready;
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancellationOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([ready, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The render threads' pool (piscina's options): exported for the tests of what the threads do between tasks. */
export function renderPoolOptions(threads: number, options: RendererOptions = {}) {
  return {
    filename: (options.workerFile ?? new URL('./render.worker.mjs', import.meta.url)).href,
    // None until a task comes, and none again after an idle period (RendererOptions.idleMs).
    minThreads: options.idleMs === 0 ? threads : 0,
    maxThreads: threads,
    // Queue up to a bound, then refuse as busy: the HTTP layer's rate limits keep us below it. ('auto'
    // is threads², 4 tasks on 2 cores: 8 concurrent generations already failed with 500.)
    maxQueue: options.maxQueue ?? Math.max(64, threads * 32),
    idleTimeout: options.idleMs || RENDER_IDLE_MS_DEFAULT,
    workerData: { nice: options.nice ?? 10 },
    resourceLimits: renderThreadLimits(options.heapMb),
    // Between tasks a thread waits with Atomics.waitAsync, not Atomics.wait: its event loop stays
    // free, so it can settle after a document (thread-settle.ts) and V8's own idle collections run.
    // With 'sync' (piscina's default) a thread is frozen between tasks with all its garbage.
    atomics: 'async' as const,
  };
}

export function createRenderer(threads: number = availableParallelism(), options: RendererOptions = {}): DocumentRenderer {
  if (threads === 0) {
    const here = async <T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
      throwIfCancelled(signal);
      const result = await work();
      throwIfCancelled(signal);
      return result;
    };
    return {
      threads: 0,
      queued: 0,
      running: 0,
      indexBuilds: 0,
      render: (model, format, signal) => here(() => renderDocument(model, format), signal),
      composeAndRender: async (file, request, now, signal) => unwrap(await here(() => composeAndRenderHere(file, request, now), signal)),
      compose: async (file, request, now, signal) => unwrap(await here(() => composeHere(file, request, now), signal)),
      preview: async (file, request, now, signal) => unwrap(await here(() => previewHere(file, request, now), signal)),
      close: async () => {},
    };
  }
  const nice = options.nice ?? 10;
  const limits = renderThreadLimits(options.heapMb);
  const pool = new Piscina(renderPoolOptions(threads, options));
  // Index builds run in a thread of their own that ends with the build (index-build.worker.mjs):
  // the memory a build of thousands of persons uses (~500 MB resident at 20,000) is then returned,
  // not kept by a render thread until it idles out. V8's own young generation there: a build's
  // objects live long, and its memory goes with the thread.
  const builders = new Set<Worker>();
  let indexBuilds = 0;
  const buildApart = <T>(task: { persons: readonly ProtectedPerson[] } | { lists: IdentityLists; made: Partial<DocumentMatcherIndexes> }): Promise<T> => new Promise<T>((resolve, reject) => {
    const resourceLimits = { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb };
    const builder = new Worker(new URL('./index-build.worker.mjs', import.meta.url), { workerData: { nice, task }, resourceLimits });
    indexBuilds++;
    builders.add(builder);
    builder.once('message', (built: T) => resolve(built));
    builder.once('error', reject);
    builder.once('exit', (code) => {
      builders.delete(builder);
      reject(new Error(`the index build thread ended (${code}) without an index`));
    });
  });
  const run = async <T>(task: object, name?: string, signal?: AbortSignal): Promise<T> => {
    try {
      return (await pool.run(task, { ...(name ? { name } : {}), ...(signal ? { signal } : {}) })) as T;
    } catch (err) {
      // Cancelled: the task left the queue, or its thread was stopped (piscina starts another).
      if (signal?.aborted) throw cancellationOf(signal);
      // A full queue is a busy service, not a failure: say so, and when to come back.
      if (err instanceof Error && err.message === 'Task queue is at limit') {
        throw new BusyError('Every renderer is busy and the queue is full; retry shortly.', 5);
      }
      throw err;
    }
  };
  // A new revision's matchers are built once, apart (seconds at 20,000 persons), and their indexes,
  // shared memory, go with the lists to the render threads, which adopt them in milliseconds: one
  // build per revision, one copy in memory. A thread asking for the lists waits for that build.
  // Only a thread that has a document to compose asks: sent to every thread ahead, the lists
  // started a thread that had nothing to do (documents one at a time, previews) and kept it until
  // it idled out: ~47 MB of heap at 20,000 persons, most of it the thread's own modules.
  const warmed = new Map<string, Promise<IdentityLists>>();
  const warm = (key: string, lists: IdentityLists): Promise<IdentityLists> => {
    let ready = warmed.get(key);
    if (ready === undefined) {
      const { protectedPersons, nameablePersons = [], publiclyProtectedPersons } = lists;
      // Nearly the lists of a revision before (a few persons changed): patched here at once.
      // The rest built in a thread; those made here go with the task and come back as they are.
      const made = patchedDocumentIndexes(protectedPersons, nameablePersons, publiclyProtectedPersons);
      ready = allMade(made) ? Promise.resolve({ ...lists, indexes: made }) : buildApart<DocumentMatcherIndexes>({ lists, made }).then(
        (built) => {
          const indexes = { ...built, ...made };
          rememberDocumentIndexes(protectedPersons, nameablePersons, publiclyProtectedPersons, indexes);
          return { ...lists, indexes };
        },
        // Not built (the build thread failed, or the service is closing): each thread builds its own when sent the lists.
        () => lists,
      );
      warmed.set(key, ready);
      if (warmed.size > 4) warmed.delete(warmed.keys().next().value!);
    }
    return ready;
  };
  // The identity lists go to a thread only when it asks (once per persons revision and thread),
  // with the indexes once they are built.
  const composing = async <T>(name: string, whole: CaseFile, request: DocumentRequest, now: Date, signal?: AbortSignal): Promise<T> => {
    const { file, lists } = withoutIdentityLists(whole);
    const ready = lists === null ? null : warm(file.identityListsKey!, lists);
    let outcome = await run<ComposeOutcome<T>>({ file, request, now }, name, signal);
    if (!outcome.ok && outcome.error.kind === 'identities-needed') {
      outcome = await run<ComposeOutcome<T>>({ file, lists: ready === null ? lists : await untilReady(ready, signal), request, now }, name, signal);
    }
    return unwrap(outcome);
  };
  return {
    threads,
    get queued() {
      return pool.queueSize;
    },
    get running() {
      return pool.threads.length;
    },
    get indexBuilds() {
      return indexBuilds;
    },
    render: (model, format, signal) => run<Uint8Array>({ model, format }, undefined, signal),
    composeAndRender: (file, request, now, signal) => composing<ComposedDocument>('composeAndRender', file, request, now, signal),
    compose: (file, request, now, signal) => composing<ComposedModel>('compose', file, request, now, signal),
    preview: (file, request, now, signal) => composing<DocumentPreview>('preview', file, request, now, signal),
    buildNameIndex: (persons) => buildApart<NameIndex>({ persons }),
    prepareIdentityLists: async (key, lists) => void (await warm(key, lists)),
    close: async () => {
      await Promise.all([...builders].map((builder) => builder.terminate()));
      await pool.destroy();
    },
  };
}
