// A render worker for tests: the real one (src/documents/workers/render.worker.mjs), except that
// every task waits until the test lets it go, so that a test decides when a render is "in flight"
// instead of guessing how long one takes. The test and the threads (in its process or in a child
// service) talk through files in HELD_RENDER_DIR:
//   thread-<id>          written when a thread has loaded (a replaced thread writes a new one)
//   started-<id>-<n>     written when the thread's n-th task begins to wait; it holds the task's
//                        kind and, for a composition, the selection's end date (which request)
//   finished-<id>-<n>    written when that task has run
//   release-<id>-<n>     created by the test: that task runs
//   release              created by the test: every task, waiting or to come, runs
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import real, { compose as realCompose, composeAndRender as realComposeAndRender, preview as realPreview } from '../../src/documents/workers/render.worker.mjs';

const dir = process.env.HELD_RENDER_DIR;
if (!dir) throw new Error('HELD_RENDER_DIR is not set');
writeFileSync(join(dir, `thread-${threadId}`), '');
let tasks = 0;

async function held(kind, run) {
  const n = ++tasks;
  // Written whole, then named: a test that sees the marker reads its kind, never an empty file.
  writeFileSync(join(dir, `.tmp-started-${threadId}-${n}`), kind);
  renameSync(join(dir, `.tmp-started-${threadId}-${n}`), join(dir, `started-${threadId}-${n}`));
  // Waiting on the test, not on a clock: the file appears when the test says so.
  while (!existsSync(join(dir, 'release')) && !existsSync(join(dir, `release-${threadId}-${n}`))) await new Promise((resolve) => setTimeout(resolve, 10));
  const result = await run();
  writeFileSync(join(dir, `finished-${threadId}-${n}`), '');
  return result;
}

const of = (task) => task.request?.selection?.to ?? '';
export default (task) => held('render', () => real(task));
export const compose = (task) => held(`compose ${of(task)}`, () => realCompose(task));
export const composeAndRender = (task) => held(`composeAndRender ${of(task)}`, () => realComposeAndRender(task));
export const preview = (task) => held(`preview ${of(task)}`, () => realPreview(task));
