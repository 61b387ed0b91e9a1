import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteAuditEvent } from '../auth/audit-events.js';
import { identityReadOf, setIdentityRead } from '../auth/identity-reads.js';
import { maySeeIdentities, type Principal } from '../auth/roles.js';

/**
 * Answers of the records API kept as the bytes that were sent (issue 15: reads while workers
 * render). A list page of 50 incidents costs the event loop ~9 ms to read, map, serialise and
 * scan for names, and allocates ~1.7 MB; sent again from here it costs a revision read and a
 * write. An answer is kept under the revision of everything those answers read
 * (records.repository.ts recordAnswersRevision, read before the answer was), so a write anywhere,
 * by any instance, makes every kept answer a miss. Answers are kept per audience: with names (and
 * the identities.read row the request wrote, which each request that gets the answer again writes
 * too), or shaped for callers without identities:read (the same for all of them).
 *
 * Bounded by bytes; the least recently used goes first. Buffers live outside V8's heap, so a full
 * cache adds no work to garbage collection.
 */
export interface KeptAnswer {
  payload: Buffer;
  contentType: string;
  /** The identities.read row the answer produced (null: it showed no real name). */
  identityRead: RouteAuditEvent | null;
}

/** What an entry costs besides its bytes (the key, the row, the map). */
const ENTRY_OVERHEAD = 512;

export class AnswerCache {
  private readonly entries = new Map<string, KeptAnswer & { revision: string; bytes: number }>();
  private bytes = 0;
  /** Answers sent again (tests read it). */
  hits = 0;

  constructor(private readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get(key: string, revision: string): KeptAnswer | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.revision !== revision) {
      if (entry !== undefined) this.drop(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry;
  }

  set(key: string, revision: string, answer: KeptAnswer): void {
    const bytes = answer.payload.length + key.length + ENTRY_OVERHEAD;
    if (bytes > this.maxBytes / 4) return; // one answer never takes over the cache
    this.drop(key);
    this.entries.set(key, { ...answer, revision, bytes });
    this.bytes += bytes;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  /** Bytes held (payloads and their bookkeeping). */
  get size(): number {
    return this.bytes;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

const kKeep = Symbol('keep this answer under the revision read before it');
type Marked = FastifyRequest & { [kKeep]?: { key: string; revision: string; audience: Audience } };

/**
 * Whom an answer is written for: callers who may see names get them (and leave an identities.read
 * row), the others get the same answer shaped (consent/identity-shaping.ts), whoever they are.
 */
type Audience = 'names' | 'pseudonyms';
function audienceOf(principal: Principal | null): Audience | null {
  if (!principal || principal.kind === 'anonymous') return null;
  return maySeeIdentities(principal) ? 'names' : 'pseudonyms';
}

/**
 * The two halves of a cached route: `sentAgain` at the start of its handler (sends the kept
 * answer and returns true, or marks the request so that its answer is kept), `keepAnswer` as its
 * onSend hook (runs after the auth plugin's, which shaped the answer for its audience and decided
 * its identities.read row). Only GET answers, only 200s, each audience's apart.
 */
export function answerCacheHooks(cache: AnswerCache, revision: () => Promise<string>) {
  const sentAgain = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const audience = audienceOf(request.principal);
    if (!cache.enabled || request.method !== 'GET' || audience === null) return false;
    const key = `${audience} ${request.url}`;
    // Read before the answer is: what is read after it is at least as new as the revision.
    const current = await revision();
    const kept = cache.get(key, current);
    if (kept === undefined) {
      (request as Marked)[kKeep] = { key, revision: current, audience };
      return false;
    }
    if (audience === 'names') setIdentityRead(request, kept.identityRead);
    void reply.type(kept.contentType).send(kept.payload);
    return true;
  };
  const keepAnswer = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const keep = (request as Marked)[kKeep];
    if (keep === undefined || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    // An answer with names is kept only with the identities.read row it produced.
    const identityRead = keep.audience === 'names' ? identityReadOf(request) : null;
    if (identityRead === undefined) return payload;
    const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    // The bytes kept are the bytes sent: encoding the text once, not again when it is written (a
    // 50-incident page is ~125 KB; writing it as a string encoded it a second time, ~2 ms).
    const bytes = Buffer.from(payload);
    cache.set(keep.key, keep.revision, { payload: bytes, contentType, identityRead });
    return bytes;
  };
  return { sentAgain, keepAnswer };
}
