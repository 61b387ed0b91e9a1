// Entry point of a thread that builds name matchers' indexes once and ends (render-pool.ts
// buildApart). A build for 20,000 persons left ~250 MB of heap behind it, mostly garbage V8 kept
// until the next full collection, and ~500 MB resident: in a render thread that memory stayed as
// long as the thread did. The indexes are SharedArrayBuffers: they outlive this thread, and what
// it used goes back to the system when it ends.
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThisThreadsPriority } from '../../shared/thread-priority.mjs';

lowerThisThreadsPriority(workerData.nice ?? 0);
const compiled = existsSync(new URL('./compose-tasks.js', import.meta.url));
if (!compiled) (await import('tsx/esm/api')).register();
const { documentMatcherIndexes, NameMatcher } = await import(`../../consent/index.${compiled ? 'js' : 'ts'}`);

const { persons, lists, made } = workerData.task;
// A document's matchers (compose-tasks.ts IdentityLists) but those made already, or one matcher's (everybody's: key checks, shaping).
const built = lists !== undefined
  ? documentMatcherIndexes(lists.protectedPersons, lists.nameablePersons ?? [], lists.publiclyProtectedPersons, made)
  : new NameMatcher(persons).index;
parentPort.postMessage(built);
