// Entry point of a render worker thread, plain JavaScript in both forms of the service: beside
// the compiled modules (npm run build: dist/) it imports them as they are; beside the TypeScript
// sources (tsx, tests) it loads them through tsx's loader, which costs each thread ~55 MB more.
// Fonts, templates and modules load once per worker, not per document.
import { existsSync } from 'node:fs';
import { move, workerData } from 'piscina';
import { lowerThisThreadsPriority } from '../../shared/thread-priority.mjs';

lowerThisThreadsPriority(workerData?.nice ?? 0);
const compiled = existsSync(new URL('./compose-tasks.js', import.meta.url));
if (!compiled) (await import('tsx/esm/api')).register();
const ext = compiled ? 'js' : 'ts';
const { renderDocument } = await import(`../render/render-document.${ext}`);
const { composeAndRenderHere, composeHere, previewHere, withIdentityLists } = await import(`./compose-tasks.${ext}`);
const { createSettler, collectGarbage } = await import(`./thread-settle.${ext}`);

/** Collects this thread's garbage once a document's last task is done and no other came (thread-settle.ts). */
const settler = createSettler(collectGarbage);
/** Runs a task, and lets the thread settle after it when nothing of its document follows. */
async function task(lastOfDocument, work) {
  settler.started();
  try {
    return await work();
  } finally {
    settler.ended(lastOfDocument);
  }
}

/** The case file with the identity lists this thread keeps by revision, or the outcome asking for them. */
const NEEDED = { ok: false, error: { kind: 'identities-needed' } };

export default async function render({ model, format }) {
  const bytes = await task(true, () => renderDocument(model, format));
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Hand the bytes back without copying them.
  return move(view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : view.slice());
}

/** A loaded case file in, the stored document's bytes and provenance out (or a refusal, as data). */
export async function composeAndRender({ file, lists, request, now }) {
  const whole = withIdentityLists(file, lists);
  return whole === null ? NEEDED : task(true, () => composeAndRenderHere(whole, request, now));
}

/** A loaded case file in, the model and provenance out, to be drawn in each format by `render` (or a refusal, as data). */
export async function compose({ file, lists, request, now }) {
  const whole = withIdentityLists(file, lists);
  return whole === null ? NEEDED : task(false, () => composeHere(whole, request, now));
}

/** A loaded case file in, the preview HTML and its counts out (or a refusal, as data). */
export async function preview({ file, lists, request, now }) {
  const whole = withIdentityLists(file, lists);
  return whole === null ? NEEDED : task(true, () => previewHere(whole, request, now));
}

/** How often this thread settled after a document (thread-settle.ts; tests). */
export function settled() {
  return settler.settled;
}
