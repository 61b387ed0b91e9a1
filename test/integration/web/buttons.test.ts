import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_RULES, allows } from '../../../src/auth/access-rules.js';
import type { Principal, UserRole } from '../../../src/auth/roles.js';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createAddressee } from '../../../src/records/addressees.service.js';
import { ACTIONS } from '../../../src/web/actions.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';

/**
 * Issue 14.3: no button shown to a role that may not use it. One rule table decides both
 * (auth/access-rules.ts; the pages ask it through web/actions.ts). Here every page a role may
 * open is read as that role, every link and form on it is matched to its route, and the route's
 * rule must let that role through: a button a role sees is a button the role may use.
 */
let t: TestAppWithAuth;
const ROLES: UserRole[] = ['admin', 'staff', 'lawyer'];
const cookies = new Map<UserRole, Record<string, string>>();

beforeAll(async () => {
  t = await createTestApp({}, { actor: null });
  await loadDemoData(t.database.db);
  await createAddressee(t.database.db, { country: 'KZ', title: 'Prosecutor General' } as never);
  for (const role of ROLES) cookies.set(role, await t.authenticate(role, `buttons-${role}`));
});
afterAll(async () => t?.close());

/** The route ("METHOD /pattern") an address goes to: static segments before parameters, as the router does. */
function routeOf(method: string, path: string): string | undefined {
  const candidates = Object.keys(ACCESS_RULES).filter((key) => key.startsWith(`${method} `)).filter((key) => {
    const pattern = key.slice(method.length + 1);
    const re = new RegExp(`^${pattern.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);
    return re.test(path);
  });
  return candidates.sort((a, b) => (a.match(/[:*]/g)?.length ?? 0) - (b.match(/[:*]/g)?.length ?? 0))[0];
}

const principal = (role: UserRole): Principal => ({ kind: 'user', id: 1, name: role, role });
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
const ours = (href: string) => href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/assets/');
const pathOf = (href: string) => unescape(href).split(/[?#]/)[0]!;

function targets(html: string): Array<{ method: string; path: string }> {
  const links = [...html.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]!).filter(ours).map((h) => ({ method: 'GET', path: pathOf(h) }));
  const forms = [...html.matchAll(/<form [^>]*>/g)].map((m) => m[0]).map((tag) => ({
    method: (/method="([a-z]+)"/i.exec(tag)?.[1] ?? 'get').toUpperCase(),
    action: /action="([^"]*)"/.exec(tag)?.[1] ?? '',
  })).filter((f) => ours(f.action)).map((f) => ({ method: f.method, path: pathOf(f.action) }));
  return [...links, ...forms];
}

const PAGES = [
  '/', '/incidents', '/incidents/kz-2018-03-13-almaty-detentions', '/persons', '/persons/p-kz-0001', '/sources', '/recommendations',
  '/addressees', '/documents', '/generate', '/generate/urgent-appeal', '/generate/un-communication', '/generate/eu-briefing',
  '/admin', '/admin/audit', '/admin/organisation', '/account/password', '/no-such-page',
];

describe('every button a role sees leads to a route that role may use', () => {
  it('every action of the pages names a route of the rule table', () => {
    for (const [name, route] of Object.entries(ACTIONS)) expect(ACCESS_RULES[route], `${name}: ${route}`).toBeDefined();
  });

  it.each(ROLES)('%s', async (role) => {
    const seen = new Set<string>();
    const opened: string[] = [];
    // The pages of the list above, and the first record of each list, as this role.
    const queue = [...PAGES];
    for (const list of ['/incidents', '/persons', '/sources', '/recommendations', '/addressees']) {
      const html = (await t.app.inject({ method: 'GET', url: list, headers: { accept: 'text/html', ...cookies.get(role) } })).body;
      const first = new RegExp(`href="(${list}/[a-z0-9-]+)"`).exec(html);
      if (first && !first[1]!.endsWith('/new')) queue.push(first[1]!);
    }
    for (const url of queue) {
      const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...cookies.get(role) } });
      if (res.statusCode === 403) continue; // a page this role may not open offers it nothing
      expect([200, 404], `${role} ${url}: ${res.statusCode}`).toContain(res.statusCode);
      opened.push(url);
      for (const target of targets(res.body)) {
        const key = `${target.method} ${target.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const route = routeOf(target.method, target.path);
        expect(route, `${role} on ${url}: ${key} matches no route`).toBeDefined();
        expect(allows(ACCESS_RULES[route!]!, principal(role)), `${role} on ${url} is offered ${key} (${route}), which refuses ${role}`).toBe(true);
      }
    }
    expect(opened.length).toBeGreaterThan(8);
    expect(seen.size).toBeGreaterThan(20);
  });

  it('the buttons differ by role as the rule table says', async () => {
    const home = async (role: UserRole) => (await t.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html', ...cookies.get(role) } })).body;
    expect(await home('staff')).toContain('Try it on the demo data');
    expect(await home('lawyer')).toContain('Try it on the demo data');
    expect(await home('admin')).not.toContain('Try it on the demo data');
    expect(await home('lawyer')).not.toContain('href="/bundles"');
    expect(await home('admin')).toContain('href="/admin"');
    expect(await home('staff')).not.toContain('href="/admin"');
  });
});
