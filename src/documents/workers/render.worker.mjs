// Entry point of a render worker thread, plain JavaScript in both forms of the service: beside
// the compiled modules (npm run build: dist/) it imports them as they are; beside the TypeScript
// sources (tsx, tests) it loads them through tsx's loader, which costs each thread ~55 MB more.
// Fonts, templates and modules load once per worker, not per document.
import { existsSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { move, workerData } from 'piscina';

lowerThisThreadsPriority(workerData?.nice ?? 0);
const compiled = existsSync(new URL('./compose-tasks.js', import.meta.url));
if (!compiled) (await import('tsx/esm/api')).register();
const ext = compiled ? 'js' : 'ts';
const { renderDocument } = await import(`../render/render-document.${ext}`);
const { composeAndRenderHere, composeHere, nameIndexOf, previewHere, warmIdentityLists, withIdentityLists } = await import(`./compose-tasks.${ext}`);

/** The case file with the identity lists this thread keeps by revision, or the outcome asking for them. */
const NEEDED = { ok: false, error: { kind: 'identities-needed' } };

export default async function render({ model, format }) {
  const bytes = await renderDocument(model, format);
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Hand the bytes back without copying them.
  return move(view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : view.slice());
}

/**
 * The identity lists of a new persons revision, kept and their matchers built (or adopted from
 * the indexes sent with them) before documents need them; the indexes go back for the other threads.
 */
export async function warm({ key, lists }) {
  return warmIdentityLists(key, lists);
}

/** Persons in, their matcher's index out (shared memory): built here so that the event loop goes on answering. */
export async function nameIndex({ persons }) {
  return nameIndexOf(persons);
}

/** A loaded case file in, the stored document's bytes and provenance out (or a refusal, as data). */
export async function composeAndRender({ file, lists, request, now }) {
  const whole = withIdentityLists(file, lists);
  return whole === null ? NEEDED : composeAndRenderHere(whole, request, now);
}

/** A loaded case file in, the model and provenance out, to be drawn in each format by `render` (or a refusal, as data). */
export async function compose({ file, lists, request, now }) {
  const whole = withIdentityLists(file, lists);
  return whole === null ? NEEDED : composeHere(whole, request, now);
}

/** A loaded case file in, the preview HTML and its counts out (or a refusal, as data). */
export async function preview({ file, lists, request, now }) {
  const whole = withIdentityLists(file, lists);
  return whole === null ? NEEDED : previewHere(whole, request, now);
}

/**
 * Renderers give way to the event-loop thread: with every core busy drawing PDFs, a read request
 * would otherwise wait its turn behind them for tens of milliseconds. Linux keeps a nice value per
 * thread, and setpriority() with a thread's id sets that thread's alone. Elsewhere, or when it is
 * refused, the pool works the same, only without the hint.
 */
function lowerThisThreadsPriority(nice) {
  if (nice <= 0) return;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, nice);
  } catch {
    // not Linux, or not permitted
  }
}
