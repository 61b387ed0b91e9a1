import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** Cookies a response sets, by name: value and attributes as sent. */
export function setCookies(res: LightMyRequestResponse): Map<string, { value: string; attributes: string[] }> {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  const out = new Map<string, { value: string; attributes: string[] }>();
  for (const line of list) {
    const [pair, ...attributes] = line.split(';').map((s) => s.trim());
    const eq = pair!.indexOf('=');
    out.set(pair!.slice(0, eq), { value: decodeURIComponent(pair!.slice(eq + 1)), attributes });
  }
  return out;
}

export const form = (fields: Record<string, string | string[]>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
  return p.toString();
};

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let addresses = 0;

/** Signs in through the form as a browser does: GET /login for the CSRF cookie, then POST. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password: string,
  extra: { headers?: Record<string, string>; next?: string; remoteAddress?: string } = {},
): Promise<{ res: LightMyRequestResponse; cookie: string | null }> {
  // Each sign-in from an address of its own unless told: the per-address limit is tested on purpose only.
  const remoteAddress = extra.remoteAddress ?? `10.${(++addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
  const page = await app.inject({ method: 'GET', url: '/login', headers: extra.headers, remoteAddress });
  expect(page.statusCode).toBe(200);
  const csrf = setCookies(page).get('login_csrf')!.value;
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress,
    headers: { ...FORM, cookie: `login_csrf=${csrf}`, ...extra.headers },
    payload: form({ username, password, _csrf: csrf, next: extra.next ?? '/' }),
  });
  const sid = setCookies(res).get('sid');
  return { res, cookie: sid ? `sid=${sid.value}` : null };
}
