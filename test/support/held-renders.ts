import { readdirSync } from 'node:fs';
import { request as httpRequest, type Agent, type ClientRequest } from 'node:http';

/**
 * What the tests of cancelled renders and of the ordered shutdown share: a generation request on
 * the demo data, a client that can hang up, the markers of held-render.worker.mjs, and a wait for
 * a condition (never for a duration).
 */

/** A short UN communication on the demo data; `to` differs per client so that each is its own series. */
export const generation = (to: string) => ({
  kind: 'un-communication', format: 'pdf', selection: { country: 'KZ', from: '2018-03-01', to },
  options: { variant: 'allegation-letter', mandates: ['sr-expression', 'wg-arbitrary-detention'] },
});

/** A client of POST /api/v1/documents on a listening service; `answer` is its status, or 'disconnected'. */
export function postDocument(
  port: number,
  key: string,
  body: object,
  options: { agent?: Agent; idempotencyKey?: string } = {},
): { req: ClientRequest; answer: Promise<number | 'disconnected'> } {
  const text = JSON.stringify(body);
  let req!: ClientRequest;
  const answer = new Promise<number | 'disconnected'>((resolve) => {
    req = httpRequest({
      host: '127.0.0.1', port, method: 'POST', path: '/api/v1/documents', agent: options.agent ?? false,
      headers: {
        authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text),
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve('disconnected'));
    req.end(text);
  });
  return { req, answer };
}

/** The files in HELD_RENDER_DIR whose names start with `prefix` (see held-render.worker.mjs). */
export const heldMarkers = (dir: string, prefix: string) => readdirSync(dir).filter((f) => f.startsWith(prefix)).sort();

/** Waits until `check` holds, looking again every few milliseconds (a condition, not a duration). */
export async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never saw: ${what}`);
}
