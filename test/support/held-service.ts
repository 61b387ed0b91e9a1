import { startService } from '../../src/service.js';

/**
 * The service as `npm start` runs it (src/service.ts), with render threads that hold every task
 * until the test releases it (held-render.worker.mjs; HELD_RENDER_DIR in the environment).
 */
startService({ renderWorker: new URL('./held-render.worker.mjs', import.meta.url) }).catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
