// The thread of bench/rss-probe.ts: loads the modules and the case file, says so, then composes
// and renders when told. Plain JavaScript that loads TypeScript through tsx, as render.worker.mjs.
import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { compose } = await import('../src/documents/compose/compose.ts');
const { renderDocument } = await import('../src/documents/render/render-document.ts');
const { file, request } = deserialize(readFileSync(workerData));
parentPort.postMessage('loaded');
await new Promise((resolve) => parentPort.once('message', resolve));
const bytes = await renderDocument(compose(file, request).model, request.format);
parentPort.postMessage({ bytes: bytes.byteLength });
