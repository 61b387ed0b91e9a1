import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { Agent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../../../src/http/error-handler.js';
import { trackInFlight } from '../../../src/http/in-flight.js';
import { BusyError, CancelledError, throwIfCancelled } from '../../../src/shared/errors.js';

/**
 * The requests a stop waits for (src/http/in-flight.ts), on a listening server with real sockets:
 * a request counts until its handler has finished, even when its client left; a client that
 * leaves cancels the request's work; a client that hangs up while the onRequest hooks run does not
 * leave a request that never ends (the withdrawn round-1 shutdown waited for one for its whole grace).
 */

/** How long `drained` may wait in these tests: only reached when a request never ends. */
const NEVER = 10_000;

interface Gate { open: () => void; opened: Promise<void> }
const gate = (): Gate => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return { open, opened };
};

let app: FastifyInstance;
afterEach(async () => app?.close());

/** A server with the tracker, a slow onRequest hook where asked, and a route that waits for `release`. */
async function serve(options: { slowHook?: { entered: Gate; release: Gate } } = {}) {
  app = Fastify();
  installErrorHandler(app);
  trackInFlight(app);
  const seen: FastifyRequest[] = [];
  const release = gate();
  // What a handler still does after its cancellation (stop a render, release a claim).
  const cleanup = gate();
  if (options.slowHook) {
    const { entered, release: hookRelease } = options.slowHook;
    // Like the session and API-key look-ups: a hook that waits on I/O before the body is read.
    app.addHook('onRequest', async (request) => {
      seen.push(request);
      entered.open();
      await hookRelease.opened;
    });
  }
  app.post('/work', async (request) => {
    seen.push(request);
    await Promise.race([release.opened, new Promise((resolve) => request.cancellation.addEventListener('abort', resolve))]);
    // Work that was cancelled stops here (as a render does), and is answered with the reason.
    if (request.cancellation.aborted) await cleanup.opened;
    throwIfCancelled(request.cancellation);
    return { done: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { port, seen, release, cleanup };
}

function send(port: number, agent: Agent | false = false): { req: ClientRequest; response: Promise<IncomingMessage | 'disconnected'> } {
  let req!: ClientRequest;
  const response = new Promise<IncomingMessage | 'disconnected'>((resolve) => {
    req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/work', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res));
    });
    req.on('error', () => resolve('disconnected'));
    req.end('{"a":1}');
  });
  return { req, response };
}

const aborted = (signal: AbortSignal) => new Promise<void>((resolve) => {
  if (signal.aborted) resolve();
  else signal.addEventListener('abort', () => resolve());
});

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
};

describe('requests in flight', () => {
  it('counts a request until its answer is sent, then drains', async () => {
    const { port, seen, release } = await serve();
    const { response } = send(port);
    await until(() => seen.length === 1);
    expect(app.inFlight.count).toBe(1);
    expect(app.inFlight.pending()).toEqual([{ id: String(seen[0]!.id), route: 'POST /work' }]);
    const drained = app.inFlight.drained(NEVER);
    release.open();
    expect(await drained).toBe(0);
    expect(((await response) as IncomingMessage).statusCode).toBe(200);
    expect(seen[0]!.cancellation.aborted).toBe(false);
  });

  it('an answered request is not cancelled afterwards, through app.inject too (the tests\' transport)', async () => {
    const { seen, release } = await serve();
    release.open();
    const res = await app.inject({ method: 'POST', url: '/work', payload: { a: 1 } });
    expect(res.statusCode).toBe(200);
    await until(() => app.inFlight.count === 0);
    expect(seen[0]!.cancellation.aborted).toBe(false);
  });

  it('a client that leaves cancels its request, which still counts until its handler has finished', async () => {
    const { port, seen, cleanup } = await serve();
    const { req, response } = send(port);
    await until(() => seen.length === 1);
    req.destroy();
    await aborted(seen[0]!.cancellation);
    expect(seen[0]!.cancellation.reason).toBeInstanceOf(CancelledError);
    expect(await response).toBe('disconnected');
    // Its handler is still cleaning up: a stop waits for it (the pool must not close under it).
    let drained: number | undefined;
    const draining = app.inFlight.drained(NEVER).then((left) => { drained = left; });
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect([app.inFlight.count, drained]).toEqual([1, undefined]);
    cleanup.open();
    await draining;
    expect(drained).toBe(0);
  });

  it('a client that hangs up while the onRequest hooks run: the request ends (499) instead of waiting for its body for ever', async () => {
    const entered = gate();
    const release = gate();
    const { port, seen } = await serve({ slowHook: { entered, release } });
    const { req } = send(port);
    await entered.opened;
    req.destroy();
    await aborted(seen[0]!.cancellation);
    release.open();
    expect(await app.inFlight.drained(NEVER)).toBe(0);
    // The route never ran: the request was ended before its body was read.
    expect(seen).toHaveLength(1);
  });

  it('cancels every request still running with the reason given (the end of a grace period)', async () => {
    const { port, seen, cleanup } = await serve();
    const first = send(port);
    const second = send(port);
    await until(() => seen.length === 2);
    cleanup.open();
    app.inFlight.cancelAll(new BusyError('The service is stopping; retry in a moment.', 5));
    const answers = (await Promise.all([first.response, second.response])) as IncomingMessage[];
    expect(answers.map((a) => [a.statusCode, a.headers['retry-after']])).toEqual([[503, '5'], [503, '5']]);
    expect(await app.inFlight.drained(NEVER)).toBe(0);
  });

  it('once the service stops accepting, every answer closes its connection', async () => {
    const { port, seen, release } = await serve();
    const keepAlive = new Agent({ keepAlive: true });
    const before = send(port, keepAlive);
    await until(() => seen.length === 1);
    app.inFlight.closeConnectionsAfterAnswers();
    const after = send(port, keepAlive);
    await until(() => seen.length === 2);
    release.open();
    const answers = (await Promise.all([before.response, after.response])) as IncomingMessage[];
    expect(answers.map((a) => a.headers.connection)).toEqual(['keep-alive', 'close']);
    keepAlive.destroy();
  });
});
