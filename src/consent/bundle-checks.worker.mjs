// Entry point of the thread that checks one large bundle (bundle-checks-thread.ts): started for
// the bundle and ended after it, so that the name matchers it builds go back to the system with
// it. Plain JavaScript, like the other threads' entries: it loads the compiled module, or the
// TypeScript one through tsx (tests).
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const compiled = existsSync(new URL('./bundle-checks.js', import.meta.url));
if (!compiled) (await import('tsx/esm/api')).register();
const { checkBundle } = await import(`./bundle-checks.${compiled ? 'js' : 'ts'}`);
try {
  parentPort.postMessage({ outcome: checkBundle(workerData) });
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? err.stack ?? err.message : String(err) });
}
