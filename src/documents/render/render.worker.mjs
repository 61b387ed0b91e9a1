// Entry point of a render worker thread. Workers load TypeScript through tsx's loader, so this
// file stays plain JavaScript. Fonts, templates and modules load once per worker, not per document.
import { register } from 'tsx/esm/api';
import { move } from 'piscina';

register();
const { renderDocument } = await import('./render-document.ts');
const { composeAndRenderHere } = await import('./render-pool.ts');

export default async function render({ model, format }) {
  const bytes = await renderDocument(model, format);
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Hand the bytes back without copying them.
  return move(view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : view.slice());
}

/** A loaded case file in, the stored document's bytes and provenance out (or a refusal, as data). */
export async function composeAndRender({ file, request, now }) {
  return composeAndRenderHere(file, request, now);
}
