// Entry point of the thread that shapes incidents' search text (shaping-thread.ts): started for a
// refresh pass and ended after it, so that what reading 50,000 texts allocates goes back to the
// system with it instead of staying in the event loop's heap. Plain JavaScript, like the render
// threads' entry: it loads the compiled modules, or the TypeScript ones through tsx (tests).
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThisThreadsPriority } from '../shared/thread-priority.mjs';

lowerThisThreadsPriority(workerData.nice ?? 0);
const compiled = existsSync(new URL('./shaped-text.js', import.meta.url));
if (!compiled) (await import('tsx/esm/api')).register();
const { everyoneShaperFromIndex, shapeIncident } = await import(`./shaped-text.${compiled ? 'js' : 'ts'}`);

const { redactor, everybody } = everyoneShaperFromIndex(workerData.everyone, workerData.index);
parentPort.on('message', ({ id, texts }) => {
  try {
    parentPort.postMessage({ id, shaped: texts.map((incident) => shapeIncident(redactor, everybody, incident)) });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort.postMessage({ ready: true });
