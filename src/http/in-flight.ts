import type { FastifyInstance } from 'fastify';

/**
 * Requests the process is still working on, for an orderly shutdown. Fastify's close waits for
 * open connections, but a client that disconnected has no connection left while its handler
 * still runs (a render, an audit row): closing the render threads and the pool then fails it
 * with a 500. Here a request counts from onRequest until Fastify ends its response — which it
 * does, after every onSend hook, even when nobody is listening any more — or destroys it (an
 * error for a client that left).
 */
export interface InFlight {
  readonly count: number;
  /** Resolves with the number still running once none is, or when `graceMs` has passed. */
  drained(graceMs: number): Promise<number>;
  /** The requests still running: id, method and route (for the log when the grace runs out). */
  pending(): Array<{ id: string; route: string }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    inFlight: InFlight;
  }
  interface FastifyRequest {
    /**
     * Aborted when the client disconnects before its answer was sent (a render is then cancelled).
     * Not Fastify's request.signal, which follows the request stream's 'close' — emitted once the
     * body has been read, whether or not anyone is still waiting.
     */
    clientGone: AbortSignal;
  }
}

export function trackInFlight(app: FastifyInstance): InFlight {
  let count = 0;
  const running = new Map<string, string>();
  const waiters = new Set<() => void>();
  const finished = () => {
    count--;
    if (count === 0) for (const wake of [...waiters]) wake();
  };

  app.decorateRequest('clientGone', null as unknown as AbortSignal);
  app.addHook('onRequest', async (request, reply) => {
    count++;
    const gone = new AbortController();
    request.clientGone = gone.signal;
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    const id = String(request.id);
    running.set(id, `${request.method} ${request.routeOptions.url ?? '(no route)'}`);
    const res = reply.raw;
    const { end, destroy } = res;
    let counted = true;
    const once = () => {
      if (!counted) return;
      counted = false;
      running.delete(id);
      finished();
    };
    // Fastify's last step for every answer: end() — sent, refused, failed, or written to a socket
    // that is gone — or destroy() when an error meets a response whose client has left.
    res.end = function endAndCount(this: typeof res, ...args: Parameters<typeof end>) {
      once();
      return end.apply(this, args);
    } as typeof end;
    res.destroy = function destroyAndCount(this: typeof res, ...args: Parameters<typeof destroy>) {
      once();
      return destroy.apply(this, args);
    } as typeof destroy;
  });

  const inFlight: InFlight = {
    get count() {
      return count;
    },
    pending: () => [...running].map(([id, route]) => ({ id, route })),
    drained(graceMs) {
      if (count === 0) return Promise.resolve(0);
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve(count);
        };
        const timer = setTimeout(done, graceMs);
        waiters.add(done);
      });
    },
  };
  app.decorate('inFlight', inFlight);
  return inFlight;
}
