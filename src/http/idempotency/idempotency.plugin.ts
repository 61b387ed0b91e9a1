import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler, preHandlerHookHandler, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import {
  completeClaim, deleteExpiredClaims, findClaim, insertClaim, releaseClaim, renewClaims, takeOverClaim, type ClaimRow,
} from './idempotency.repository.js';
import { z } from 'zod';
import { conflict, HttpError, unprocessable } from '../errors.js';

/**
 * `Idempotency-Key` on writes: a client that did not hear the answer (timeout, 503, dropped
 * connection) retries with the same key and gets the first response back; nothing is written
 * twice.
 *
 * A request with a key first *claims* it (a row in state 'running', committed on its own). The
 * route then stores its response with `request.idempotency.complete(trx, …)` inside the same
 * transaction as its write, so the write and the remembered answer commit together or not at all.
 * The claim carries a fencing token: only the current claimant can complete it, so a request
 * whose claim was taken over (its process was thought dead) rolls back instead of writing twice.
 * A failed request releases its claim so that a retry runs afresh.
 *
 * Crash recovery: a claim is a short lease (IDEMPOTENCY_LEASE_MS, 10 s) that its process renews
 * every quarter lease while the request runs (the heartbeat). A process that dies — kill -9, power
 * loss — stops renewing, and a retry takes its claim over within one lease instead of getting 409
 * until a long timeout ran out. A claim of a request still running in this process is never taken
 * over, even if a blocked event loop let its lease lapse (the fencing token would roll it back).
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

const IdempotencyHeaders = z.object({
  [IDEMPOTENCY_HEADER]: z.string()
    .min(1)
    .max(255, 'must be at most 255 characters')
    .regex(KEY_SHAPE, 'must be 1–255 visible ASCII characters (a UUID is a good choice)')
    .optional()
    .describe('Makes retries safe: a request repeated with the same key (and the same body) returns the first response and writes nothing again. Keys are kept for 24 hours, per caller.'),
});

export interface IdempotencyOptions {
  /** Routes that honour the header, as "METHOD /full/url". */
  routes: readonly string[];
  /** How long a key and its response are kept (default 24 h). */
  ttlMs?: number;
  /** How long a running claim stays ours without a heartbeat (default 10 s); renewed every quarter of it. */
  leaseMs?: number;
  /** How long a concurrent duplicate waits for the first to finish before a 409 (default 5 s). */
  waitMs?: number;
}

export interface IdempotencyClaim {
  readonly key: string;
  /**
   * Stores the response inside the write's own transaction. Throws (so the write rolls back) when
   * this request no longer holds the claim.
   */
  complete(trx: Kysely<Database>, statusCode: number, body: unknown, headers?: Record<string, string>): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on routes that honour Idempotency-Key when the request carries one. */
    idempotency: IdempotencyClaim | null;
  }
}

type Row = ClaimRow;

/** Lets a claim's holder know which claim this request holds, and whether it already completed. */
interface ClaimState {
  id: { key: string; route: string; actor: string };
  token: string;
  completed: boolean;
}
const claimStates = new WeakMap<FastifyRequest, ClaimState>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** sha256 of the body as canonical JSON (key order aside): the same request hashes the same. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Who the key belongs to: keys of different callers never collide. */
function actorOf(request: FastifyRequest): string {
  const principal = (request as unknown as { principal?: { kind?: string; name?: string } | null }).principal;
  if (principal && principal.kind && principal.kind !== 'anonymous') return `${principal.kind}:${principal.name ?? ''}`;
  return 'anonymous';
}

export function installIdempotency(app: FastifyInstance, db: Kysely<Database>, options: IdempotencyOptions): void {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const leaseMs = options.leaseMs ?? 10_000;
  const waitMs = options.waitMs ?? 5000;
  const routes = new Set(options.routes);
  // This process, and the claims it is working on now: a 'running' row of ours that is not in
  // this set was abandoned by a request that failed while the database was away.
  const owner = randomUUID();
  const inFlight = new Set<string>();
  // The fencing token of each claim in flight here, renewed by the heartbeat.
  const heldTokens = new Map<string, string>();
  // Requests of this process deciding about a key right now: one that has just inserted its claim
  // is not in `inFlight` yet, and must not look abandoned to a duplicate racing it.
  const claiming = new Map<string, number>();
  const idOf = (c: ClaimState['id']) => `${c.route}\u0000${c.actor}\u0000${c.key}`;
  let claimsSinceSweep = 0;

  app.decorateRequest('idempotency', null);

  async function claim(id: ClaimState['id'], hash: string): Promise<{ token: string } | { row: Row }> {
    const token = randomUUID();
    if (await insertClaim(db, id, { hash, token, owner, leaseMs, ttlMs })) return { token };
    const row = await findClaim(db, id);
    if (!row) return claim(id, hash); // released in between: try again
    return { row };
  }

  /** Takes over a running claim that is abandoned (ours, not in flight) or whose lease ran out. */
  async function takeOver(row: Row): Promise<string | null> {
    const token = randomUUID();
    const k = idOf(row);
    // Still running in this process: its lease may have lapsed while the event loop was busy.
    if (row.owner === owner && inFlight.has(k)) return null;
    const abandonedHere = row.owner === owner && !inFlight.has(k) && (claiming.get(k) ?? 0) <= 1;
    return (await takeOverClaim(db, row, { token, owner, leaseMs, abandoned: abandonedHere })) ? token : null;
  }

  async function sweepExpired(): Promise<void> {
    if (++claimsSinceSweep < 100) return;
    claimsSinceSweep = 0;
    await deleteExpiredClaims(db);
  }

  /** The first response again; sent as an object so it takes the same serializer (the same bytes). */
  function replay(reply: FastifyReply, row: Row): FastifyReply {
    return reply
      .code(row.status_code ?? 200)
      .headers({ ...(row.response_headers ?? {}), 'idempotent-replayed': 'true' })
      .send(row.response_body === null ? null : JSON.parse(row.response_body));
  }

  const preHandler: preHandlerHookHandler = async function idempotencyPreHandler(request, reply) {
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!KEY_SHAPE.test(key)) {
      throw new HttpError(400, 'The Idempotency-Key header must be 1–255 visible ASCII characters (a UUID is a good choice).', [
        { path: '/idempotency-key', message: 'must be 1–255 visible ASCII characters' },
      ]);
    }
    const id = { key, route: `${request.method} ${request.routeOptions.url}`, actor: actorOf(request) };
    await sweepExpired();
    const k = idOf(id);
    claiming.set(k, (claiming.get(k) ?? 0) + 1);
    try {
      const claimed = await claimOrAnswer(request, reply, id, requestHash(request.body));
      // Answered from the key (the first response again): the handler does not run.
      if (claimed === 'replayed') return reply;
    } finally {
      const left = (claiming.get(k) ?? 1) - 1;
      if (left > 0) claiming.set(k, left);
      else claiming.delete(k);
    }
  };

  /**
   * Claims the key for this request (and sets request.idempotency), or replays the stored
   * answer, or waits for a duplicate in progress; refuses a key reused with another body.
   */
  async function claimOrAnswer(request: FastifyRequest, reply: FastifyReply, id: ClaimState['id'], hash: string): Promise<'claimed' | 'replayed'> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const outcome = await claim(id, hash);
      let token: string | null = 'token' in outcome ? outcome.token : null;
      if ('row' in outcome) {
        const { row } = outcome;
        if (new Date(row.expires_at).getTime() < Date.now()) {
          await deleteExpiredClaims(db, id);
          continue;
        }
        if (row.request_hash !== hash) {
          throw unprocessable('This Idempotency-Key was already used with a different request body; use a new key for a new request.', [
            { path: '', message: 'differs from the body first sent with this Idempotency-Key' },
          ]);
        }
        if (row.state === 'done') {
          replay(reply, row);
          return 'replayed';
        }
        token = await takeOver(row);
        if (!token) {
          if (Date.now() >= deadline) {
            const message = 'A request with this Idempotency-Key is still being processed; retry in a moment.';
            throw new HttpError(409, message, [{ path: '', message }], { 'retry-after': '1' });
          }
          await sleep(100);
          continue;
        }
      }
      const state: ClaimState = { id, token: token as string, completed: false };
      claimStates.set(request, state);
      inFlight.add(idOf(id));
      heldTokens.set(idOf(id), state.token);
      startHeartbeat();
      request.idempotency = {
        key: id.key,
        complete: async (trx, statusCode, body, headers) => {
          const done = await completeClaim(trx, id, state.token, { statusCode, body: JSON.stringify(body), headers: headers ?? null });
          if (!done) {
            throw conflict('Another request with this Idempotency-Key took over; this one was rolled back. Retry to get its response.');
          }
          state.completed = true;
        },
      };
      return 'claimed';
    }
  }

  /** After the handler: remember a success the route did not store itself; release a failure's claim. */
  const onSend: onSendHookHandler = async function idempotencyOnSend(request, reply, payload) {
    const state = claimStates.get(request);
    if (!state) return payload;
    claimStates.delete(request);
    try {
      const ok = reply.statusCode >= 200 && reply.statusCode < 300;
      if (ok && !state.completed && typeof payload === 'string') {
        const location = reply.getHeader('location');
        await completeClaim(db, state.id, state.token, {
          statusCode: reply.statusCode, body: payload, headers: typeof location === 'string' ? { location } : null,
        });
      } else if (!ok) {
        await releaseClaim(db, state.id, state.token);
      }
    } catch (err) {
      // The database is away: the claim stays 'running', and as it is ours and no longer in
      // flight, the next retry takes it over (see takeOver).
      request.log.warn({ code: (err as { code?: string }).code }, 'could not settle an idempotency claim');
    } finally {
      inFlight.delete(idOf(state.id));
      heldTokens.delete(idOf(state.id));
    }
    return payload;
  };

  // The heartbeat runs only while this process holds claims; it never keeps the process alive.
  let heartbeat: NodeJS.Timeout | null = null;
  let renewing = false;
  function startHeartbeat(): void {
    if (heartbeat) return;
    heartbeat = setInterval(() => {
      if (heldTokens.size === 0) {
        clearInterval(heartbeat!);
        heartbeat = null;
        return;
      }
      if (renewing) return;
      renewing = true;
      renewClaims(db, owner, [...heldTokens.values()], leaseMs)
        .catch((err: unknown) => app.log.warn({ code: (err as { code?: string }).code }, 'could not renew idempotency claims'))
        .finally(() => { renewing = false; });
    }, Math.max(50, Math.floor(leaseMs / 4)));
    heartbeat.unref();
  }
  app.addHook('onClose', async () => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
  });

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((m) => routes.has(`${m} ${route.url}`))) return;
    // Validated (400 with a problem at /idempotency-key) and published in the OpenAPI document.
    if (!route.schema?.headers) {
      route.schema = { ...route.schema, headers: IdempotencyHeaders };
    }
    route.preHandler = [...asArray(route.preHandler), preHandler];
    route.onSend = [...asArray(route.onSend), onSend];
  });
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
