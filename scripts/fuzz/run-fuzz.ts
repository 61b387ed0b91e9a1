import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { defectsOf } from './oracle.js';
import { operationsOf, type Operation } from './operations.js';
import { requestArbitrary, type FuzzRequest, type RequestContext } from './requests.js';

/**
 * Drives every JSON route of the app's own OpenAPI document with generated requests (valid and
 * mutated) through `app.inject`, and checks each response against the oracle. Defects are
 * collected, not thrown, so one run reports all of them.
 */

export interface FuzzOptions extends Partial<RequestContext> {
  seed: number;
  runs: number;
  /** Stop early after this long (the seeded test run is bounded in time). */
  timeLimitMs?: number;
  /** The OpenAPI document to take the operations from. */
  openapi: unknown;
  /** Headers each operation's requests carry (authentication). */
  headersFor?: (op: Operation) => Record<string, string>;
  /** Only operations whose id matches. */
  only?: RegExp;
  /** Called after every case with the report so far (progress output of long runs). */
  onCase?: (report: FuzzReport) => void;
  /** The service's error log since the last call, attached to each 5xx. */
  drainServerErrors?: () => string[];
}

export interface FuzzFailure {
  operation: string;
  mode: FuzzRequest['mode'];
  request: string;
  status: number;
  defects: string[];
  body: string;
  serverLog?: string[];
  /** The request in full, to send again by hand. */
  replay: { method: string; url: string; headers: Record<string, string>; payload?: string; payloadBase64?: string };
}

export interface FuzzReport {
  seed: number;
  cases: number;
  byStatus: Record<string, number>;
  byMode: Record<string, number>;
  operations: string[];
  serverErrors: number;
  failures: FuzzFailure[];
  ms: number;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

export function describeRequest(req: FuzzRequest): string {
  const payload = req.payload === undefined ? '' : ` ${clip(Buffer.isBuffer(req.payload) ? `<bytes ${req.payload.toString('hex').slice(0, 80)}>` : req.payload, 300)}`;
  const type = req.headers['content-type'] !== undefined ? ` [${req.headers['content-type']}]` : '';
  return `${req.method} ${clip(req.url, 200)}${type}${payload}`;
}

export async function runFuzz(app: FastifyInstance, options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  // JSON routes only: the web pages answer in HTML by design.
  const operations: Operation[] = operationsOf(options.openapi)
    .filter((op) => op.path.startsWith('/api/'))
    .filter((op) => !options.only || options.only.test(op.id));
  if (operations.length === 0) throw new Error('the OpenAPI document lists no operations to fuzz');
  const ctx: RequestContext = { hints: options.hints ?? {}, examples: options.examples ?? {} };
  const arbitrary = fc.oneof(...operations.map((op) => {
    const headers = options.headersFor?.(op) ?? {};
    return requestArbitrary(op, ctx).map((req) => ({ ...req, headers: { ...headers, ...req.headers } }));
  }));

  const report: FuzzReport = {
    seed: options.seed, cases: 0, byStatus: {}, byMode: {}, operations: operations.map((o) => o.id), serverErrors: 0, failures: [], ms: 0,
  };
  await fc.assert(
    fc.asyncProperty(arbitrary, async (req) => {
      let res;
      try {
        res = await app.inject({
          method: req.method as 'GET',
          url: req.url,
          headers: req.headers,
          ...(req.payload === undefined ? {} : { payload: req.payload }),
        });
      } catch (err) {
        // The injector refuses what no HTTP client could send (e.g. a header it cannot encode).
        if (err instanceof TypeError && /header/i.test(err.message)) return;
        throw err;
      }
      report.cases++;
      report.byStatus[res.statusCode] = (report.byStatus[res.statusCode] ?? 0) + 1;
      report.byMode[req.mode] = (report.byMode[req.mode] ?? 0) + 1;
      if (res.statusCode >= 500) report.serverErrors++;
      const defects = defectsOf({ statusCode: res.statusCode, headers: res.headers, body: res.body });
      options.onCase?.(report);
      const serverLog = options.drainServerErrors?.() ?? [];
      if (defects.length > 0) {
        report.failures.push({
          operation: req.operation, mode: req.mode, request: describeRequest(req), status: res.statusCode, defects, body: clip(res.body, 500),
          ...(serverLog.length ? { serverLog } : {}),
          replay: {
            method: req.method, url: req.url, headers: req.headers,
            ...(typeof req.payload === 'string' ? { payload: req.payload } : {}),
            ...(Buffer.isBuffer(req.payload) ? { payloadBase64: req.payload.toString('base64') } : {}),
          },
        });
      }
    }),
    {
      seed: options.seed,
      numRuns: options.runs,
      ...(options.timeLimitMs ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false } : {}),
      endOnFailure: true,
    },
  );
  report.ms = Date.now() - started;
  return report;
}

/** Failures grouped by operation and defect, with one example each: what a person reads first. */
export function summariseFailures(failures: FuzzFailure[]): string {
  const groups = new Map<string, FuzzFailure[]>();
  for (const f of failures) {
    const key = `${f.operation} — ${f.defects.join('; ')}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.entries()]
    .map(([key, list]) => {
      const first = list[0] as FuzzFailure;
      const log = first.serverLog?.length ? `\n  server log: ${first.serverLog.join('\n    ')}` : '';
      return `${key} (${list.length}×)\n  e.g. ${first.request}\n  → ${first.status} ${first.body}${log}`;
    })
    .join('\n');
}
