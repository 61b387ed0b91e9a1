import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CancelledError, type DomainError } from '../shared/errors.js';

/**
 * The requests this process is still working on, so that a stop waits for them (src/shutdown.ts)
 * and a client that leaves stops its own work.
 *
 * A request counts from its first hook until both: Fastify has ended (or destroyed) its response —
 * its last step, taken even when nobody listens any more — and the response is delivered or its
 * client gone (the response's 'close'). So the handler of a client that left still counts until it
 * has finished: the render threads and the pool are never closed under it.
 *
 * Such a handler finishes quickly because it is cancelled: `request.cancellation` fires when the
 * client disconnects before its answer (renders take it: a queued one leaves the queue, a running
 * one loses its thread; the route answers 499, logged, and an idempotency claim is released).
 * One place could still wait for ever: a client that hangs up while the onRequest hooks run (the
 * session and key look-ups) leaves a request stream that is destroyed before Fastify's body parser
 * listens to it, and the parser would then wait for data that never comes. The preParsing guard
 * below ends such a request before its body is read.
 */
export interface InFlight {
  /** Requests not yet ended. */
  readonly count: number;
  /** Resolves once no request is in flight, or after `ms`, with how many still are. */
  drained(ms: number): Promise<number>;
  /** Cancels every request still running (their renders stop; the routes answer `reason`). */
  cancelAll(reason: DomainError): void;
  /** From now on every answer closes its connection: a kept-alive client sends nothing more. */
  closeConnectionsAfterAnswers(): void;
  /** The requests still running: id and route (for the log when a grace period runs out). */
  pending(): Array<{ id: string; route: string }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    inFlight: InFlight;
  }
  interface FastifyRequest {
    /**
     * Fires when this request's work should stop: its client disconnected before the answer
     * (reason: CancelledError), or the service is stopping and its grace period ran out (BusyError).
     * Not Fastify's `request.signal`, which follows the request stream's 'close' — emitted as soon
     * as the body has been read, whether or not anyone still waits for the answer.
     */
    cancellation: AbortSignal;
  }
}

interface Entry {
  route: string;
  controller: AbortController;
  /** Fastify called end() or destroy() on the response. */
  ended: boolean;
  /** The response emitted 'close': delivered, or the client left. */
  closed: boolean;
  /** The client disconnected before its answer was written. */
  clientLeft: boolean;
  startedAt: number;
}

export function trackInFlight(app: FastifyInstance): InFlight {
  const running = new Map<string, Entry>();
  const waiters = new Set<() => void>();
  let closeAfterAnswers = false;

  const settle = (id: string, entry: Entry, request: FastifyRequest, res: FastifyReply['raw']) => {
    if (!entry.ended || !entry.closed || !running.has(id)) return;
    running.delete(id);
    // Fastify logs a request when its answer was sent; one whose client had left is logged here.
    if (entry.clientLeft) {
      request.log.info({ res: { statusCode: res.statusCode }, responseTime: performance.now() - entry.startedAt }, 'request ended; its client had left');
    }
    if (running.size === 0) for (const wake of [...waiters]) wake();
  };

  app.decorateRequest('cancellation', null as unknown as AbortSignal);
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
    const id = String(request.id);
    const entry: Entry = { route: `${request.method} ${request.routeOptions.url ?? request.url}`, controller: new AbortController(), ended: false, closed: false, clientLeft: false, startedAt: performance.now() };
    running.set(id, entry);
    request.cancellation = entry.controller.signal;
    const res = reply.raw;
    // 'finish': the whole answer was handed to the connection. A 'close' without it: the client left.
    let finished = false;
    res.once('finish', () => { finished = true; });
    res.once('close', () => {
      entry.closed = true;
      if (!finished) {
        entry.clientLeft = true;
        if (!entry.controller.signal.aborted) entry.controller.abort(new CancelledError('The client disconnected before its answer; its work was stopped.'));
      }
      settle(id, entry, request, res);
    });
    // Fastify's last step for every answer: end() — sent, refused, failed, or written to a socket
    // that is gone — or destroy() when an error meets a response that cannot be written.
    const thenSettle = <F extends (...args: never[]) => unknown>(original: F): F => function settling(this: unknown, ...args: Parameters<F>) {
      entry.ended = true;
      const result = original.apply(this, args);
      settle(id, entry, request, res);
      return result;
    } as F;
    res.end = thenSettle(res.end);
    res.destroy = thenSettle(res.destroy);
    if (closeAfterAnswers) reply.header('connection', 'close');
    done();
  });
  // The client left during the onRequest hooks: answer (499, to nobody) instead of reading a body
  // that will never come. Registered first among the preParsing hooks, and the only async step
  // before the parser listens is the hooks' own chain of promises, so no hang-up slips in between
  // as long as no later preParsing hook waits on I/O.
  app.addHook('preParsing', async (request) => {
    if (request.cancellation.aborted) throw request.cancellation.reason;
    if (request.raw.destroyed && !request.raw.readableEnded) throw new CancelledError('The client disconnected before its request was read.');
  });

  const inFlight: InFlight = {
    get count() {
      return running.size;
    },
    pending: () => [...running].map(([id, entry]) => ({ id, route: entry.route })),
    drained(ms) {
      if (running.size === 0) return Promise.resolve(0);
      return new Promise((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(finish);
          resolve(running.size);
        };
        const timer = setTimeout(finish, ms);
        waiters.add(finish);
      });
    },
    cancelAll(reason) {
      for (const entry of running.values()) if (!entry.controller.signal.aborted) entry.controller.abort(reason);
    },
    closeConnectionsAfterAnswers() {
      closeAfterAnswers = true;
    },
  };
  app.decorate('inFlight', inFlight);
  return inFlight;
}
