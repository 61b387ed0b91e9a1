import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from './db/database.js';
import { BusyError } from './shared/errors.js';

/** After the grace period: how long cancelled requests get to answer before everything closes. */
const CANCELLED_ANSWER_MS = 5_000;
/** What a request still running at the end of the grace period is told (503). */
const STOPPING = () => new BusyError('The service is stopping; retry in a moment.', 5);

/**
 * A stop in order (issue 18.8), so that nothing is closed under a request or a job still using it:
 *
 * 1. stop accepting: the listener closes (new connections are refused); every answer from now on
 *    closes its connection, and kept-alive connections close as soon as they fall idle;
 * 2. stop taking new generation jobs (documents/jobs/job-runtime.ts); queued ones stay queued for
 *    the next worker;
 * 3. wait for the requests in flight (http/in-flight.ts) — including those waiting for their
 *    jobs, and the handlers of clients that left, whose jobs were cancelled — and for the jobs
 *    running in this process, for at most `graceMs` together. What still runs then is stopped: a
 *    request answers 503 with Retry-After: 5, a job stops its renders and goes back to the queue,
 *    unfinished (neither lost nor failed); connections still open are cut;
 * 4. close the job runtime, then the render threads (Fastify's onClose hooks: app.ts);
 * 5. close the database pool.
 */
export async function shutDownInOrder(app: FastifyInstance, database: Pick<DatabaseHandle, 'close'>, graceMs: number): Promise<void> {
  const started = Date.now();
  app.server.close();
  app.inFlight.closeConnectionsAfterAnswers();
  await app.jobs.stopTaking();
  app.log.info({ requests: app.inFlight.count, jobs: app.jobs.running, graceMs }, 'stopped accepting; waiting for the requests in flight');
  // Fastify closes idle kept-alive connections once, when its close begins; a connection whose
  // answer goes out later would hold the stop until its idle timeout (72 s). Close each as it idles.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  try {
    const deadline = started + graceMs;
    const requestsLeft = await app.inFlight.drained(graceMs);
    const jobsLeft = await app.jobs.drained(Math.max(0, deadline - Date.now()));
    if (requestsLeft > 0 || jobsLeft > 0 || app.inFlight.count > 0) {
      app.log.warn({ requests: app.inFlight.pending(), jobs: app.jobs.running, graceMs }, 'shutdown grace period over: stopping what still runs');
      app.inFlight.cancelAll(STOPPING());
      await app.jobs.handBack();
      const stuck = await app.inFlight.drained(CANCELLED_ANSWER_MS);
      if (stuck > 0) app.log.error({ requests: app.inFlight.pending() }, 'requests still running after their cancellation; closing under them');
      app.server.closeAllConnections();
    }
    await app.close();
  } finally {
    clearInterval(sweep);
  }
  await database.close();
  app.log.info({ ms: Date.now() - started }, 'shut down');
}
