import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { loadDemoData } from '../../../src/demo/seed.js';
import { saveIncident } from '../../../src/records/records-write.repository.js';
import { recordLogin, findUserByName } from '../../../src/auth/users.repository.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';

/**
 * Issue 14.3, the daily-use pages: lists newest first with sortable columns and numbered pages
 * above and below; search that folds case and script and stems English words, and that is no
 * identity side channel; the first start's hint; HTML 404 pages among the pages.
 */
let t: TestAppWithAuth;
let staff: Record<string, string>;
let admin: Record<string, string>;
const HTML = { accept: 'text/html' };

beforeAll(async () => {
  t = await createTestApp({}, { actor: null });
  await loadDemoData(t.database.db);
  // 30 more incidents (48 in all): two pages of 25.
  for (let i = 1; i <= 30; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    await saveIncident(t.database.db, {
      key: `kz-extra-${i}`, title: `Extra incident number ${i}`, date: `2019-0${1 + (i % 9)}-${day}`, dateAccuracy: 'exact', endDate: null,
      location: { place: 'Shymkent', region: null }, rights: ['expression'], violations: ['fine'], summary: `Routine fine ${i}.`,
      victims: [], perpetrators: [], legalBasis: [], status: 'concluded', urgent: false, followUpOf: null, internationalProcedures: [], sources: [],
    } as never, 'KZ');
  }
  staff = await t.authenticate('staff', 'staff-pages');
  admin = await t.authenticate('admin', 'admin-pages');
});
afterAll(async () => t?.close());

const get = (url: string, headers: Record<string, string> = staff) => t.app.inject({ method: 'GET', url, headers: { ...HTML, ...headers } });

async function page(url: string, headers: Record<string, string> = staff): Promise<string> {
  const res = await get(url, headers);
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.body;
}

const cells = (html: string, label: string) => [...html.matchAll(new RegExp(`<td data-label="${label}"[^>]*>([\\s\\S]*?)</td>`, 'g'))].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
const rowKeys = (html: string, section: string) => [...html.matchAll(new RegExp(`<td data-label="[^"]+"[^>]*><a href="/${section}/([a-z0-9-]+)"`, 'g'))].map((m) => m[1]!);
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
const pageLinks = (html: string) => [...html.matchAll(/<a href="([^"]+)"( aria-current="page")?><span class="visually-hidden">Page <\/span>(\d+)<\/a>/g)]
  .map((m) => ({ href: unescape(m[1]!), current: m[2] !== undefined, number: Number(m[3]) }));

describe('lists: newest first, sortable, numbered pages', () => {
  it('incidents are newest first by default', async () => {
    const dates = cells(await page('/incidents'), 'Date').map((d) => d.slice(0, 10));
    expect(dates).toHaveLength(25);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0]).toBe('2019-09-27'); // the latest of the extra incidents
  });

  it('a column heading sorts the list, and again the other way', async () => {
    const html = await page('/incidents');
    const dateHeading = /<th scope="col" aria-sort="descending"><a href="([^"]+)"/.exec(html);
    expect(dateHeading, 'the date column is marked as sorted').not.toBeNull();
    const ascending = cells(await page(unescape(dateHeading![1]!)), 'Date').map((d) => d.slice(0, 10));
    expect(ascending).toEqual([...ascending].sort());
    expect(ascending[0]! < '2019-01-01').toBe(true);
    const titles = cells(await page('/incidents?q=extra&sort=title&dir=asc&size=100'), 'Incident');
    expect(titles).toHaveLength(30);
    expect(titles).toEqual([...titles].sort());
    const descending = cells(await page('/incidents?q=extra&sort=title&dir=desc&size=100'), 'Incident');
    expect(descending).toEqual([...titles].reverse());
  });

  it('numbered pages above and below the table, keeping filters and sort', async () => {
    const html = await page('/incidents?country=KZ&sort=title&dir=desc');
    const links = pageLinks(html);
    // Pages 1 and 2, twice: above and below the table.
    expect(links.map((l) => l.number)).toEqual([1, 2, 1, 2]);
    expect(links.filter((l) => l.current).map((l) => l.number)).toEqual([1, 1]);
    const second = links.find((l) => l.number === 2)!.href;
    expect(new URL(second, 'http://x').searchParams.toString()).toBe('country=KZ&sort=title&dir=desc&page=2');
    const two = await page(second);
    expect(rowKeys(two, 'incidents')).toHaveLength(23);
    expect(two).toContain('Showing 26–48 of 48 incidents.');
    expect(pageLinks(two).filter((l) => l.current).map((l) => l.number)).toEqual([2, 2]);
  });

  it('offers a page size: 50 a page shows all 48 and no page numbers', async () => {
    const html = await page('/incidents?size=50');
    expect(rowKeys(html, 'incidents')).toHaveLength(48);
    expect(pageLinks(html)).toEqual([]);
    expect(html).toMatch(/<select id="page-size" name="size">[\s\S]*<option value="50" selected>/);
    // An unknown size is the default.
    expect(rowKeys(await page('/incidents?size=7'), 'incidents')).toHaveLength(25);
  });

  it('sources are newest first; persons sort by name', async () => {
    const dates = cells(await page('/sources'), 'Date').filter(Boolean);
    expect(dates.length).toBeGreaterThan(3);
    expect(dates).toEqual([...dates].sort().reverse());
    const initials = cells(await page('/persons?sort=name&dir=asc'), 'Name').map((n) => n.charAt(0).toLowerCase());
    expect(initials).toEqual([...initials].sort());
  });
});

describe('search folds case and script and stems English words', () => {
  it('"Тобылова" finds the person recorded as "Tobylova", in any case', async () => {
    const latin = rowKeys(await page('/persons?q=Tobylova'), 'persons');
    expect(latin).toHaveLength(1);
    expect(rowKeys(await page(`/persons?q=${encodeURIComponent('Тобылова')}`), 'persons')).toEqual(latin);
    expect(rowKeys(await page(`/persons?q=${encodeURIComponent('тобылова')}`), 'persons')).toEqual(latin);
    // Her incidents too (she is a victim), whichever script is typed.
    const incidents = rowKeys(await page('/incidents?q=tobylova'), 'incidents');
    expect(incidents.length).toBeGreaterThan(0);
    expect(rowKeys(await page(`/incidents?q=${encodeURIComponent('ТОБЫЛОВА')}`), 'incidents')).toEqual(incidents);
  });

  it('"detained" and "detention" find the same incidents', async () => {
    const detained = rowKeys(await page('/incidents?q=detained&size=200'), 'incidents').sort();
    const detention = rowKeys(await page('/incidents?q=detention&size=200'), 'incidents').sort();
    expect(detained.length).toBeGreaterThan(1);
    expect(detained).toEqual(detention);
  });

  it('the pickers answer keys for what is typed, in any script', async () => {
    const res = await get(`/pickers/persons?q=${encodeURIComponent('Тобылова')}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { keys: string[] };
    expect(body.keys).toEqual(rowKeys(await page('/persons?q=Tobylova'), 'persons'));
    expect(JSON.stringify(body)).not.toMatch(/Tobylova|Тобылова/);
    expect((await get('/pickers/nothing?q=x')).statusCode).toBe(404);
    expect((await get('/pickers/nothing')).statusCode).toBe(404);
    expect((await get('/pickers/sources?q=')).json()).toEqual({ keys: [], total: 0 });
  });
});

describe('search is no identity side channel', () => {
  it('a key without identities:read finds nobody by a protected real name, in either script', async () => {
    const pseudonymous = await t.authenticate({ scopes: ['records:read'] });
    const identified = await t.authenticate({ scopes: ['records:read', 'identities:read'] });
    const api = async (url: string, headers: Record<string, string>) => {
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: Array<{ key: string; name?: string }>; total: number };
    };
    // A person whom the pseudonymous caller sees under a pseudonym only.
    const everyone = await api('/api/v1/persons?limit=200', identified);
    const shaped = await api('/api/v1/persons?limit=200', pseudonymous);
    const shapedNames = new Map(shaped.items.map((p) => [p.key, p.name]));
    const hidden = everyone.items.find((p) => p.name && p.name.includes(' ') && shapedNames.get(p.key) !== p.name)!;
    expect(hidden, 'the demo data has a protected person').toBeDefined();
    const surname = hidden.name!.split(' ').at(-1)!;
    const full = await api(`/api/v1/persons?q=${encodeURIComponent(surname)}`, identified);
    expect(full.items.map((p) => p.key)).toContain(hidden.key);
    for (const q of [surname, surname.toUpperCase(), surname.toLowerCase()]) {
      const found = await api(`/api/v1/persons?q=${encodeURIComponent(q)}`, pseudonymous);
      expect(found.items.map((p) => p.key)).not.toContain(hidden.key);
      expect(found.total).toBe(found.items.length);
      const incidents = await api(`/api/v1/incidents?q=${encodeURIComponent(q)}`, pseudonymous);
      expect(JSON.stringify(incidents)).not.toContain(surname);
    }
    // The pickers are for signed-in people only: a key is refused.
    expect((await t.app.inject({ method: 'GET', url: `/pickers/persons?q=${surname}`, headers: pseudonymous })).statusCode).toBe(403);
  });
});

describe('first start and the admin', () => {
  it('the login page says where the first password is, until somebody has signed in', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/login' });
    expect(before.body).toContain('First start');
    expect(before.body).toContain('initialPassword');
    expect(before.body).toContain('npm run reset-password -- admin');
    const user = await findUserByName(t.database.db, 'admin-pages');
    await recordLogin(t.database.db, user!.id);
    const after = await t.app.inject({ method: 'GET', url: '/login' });
    expect(after.body).not.toContain('First start');
  });

  it("the admin's home links to the admin pages and the password change, and offers nothing the admin may not do", async () => {
    const html = await page('/', admin);
    for (const href of ['/admin', '/admin/audit', '/admin/organisation', '/account/password']) expect(html).toContain(`href="${href}"`);
    expect(html).not.toContain('Load the demo data');
    expect(html).not.toContain('Try it on the demo data');
    expect(html).not.toContain('href="/generate');
    expect(html).not.toContain('href="/incidents/new"');
    const list = await page('/incidents', admin);
    expect(list).not.toContain('New incident');
    expect(await page('/incidents', staff)).toContain('New incident');
  });
});

describe('HTML error pages among the pages', () => {
  it('a mistyped address answers a page with the navigation; the API stays JSON', async () => {
    const res: LightMyRequestResponse = await get('/incidentz/oops');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Page not found');
    expect(res.body).toMatch(/<nav aria-label="Main">[\s\S]*href="\/incidents"/);
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { ...HTML, ...staff } });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/json/);
  });

  it('a refused page is a page with the navigation too', async () => {
    const res = await get('/incidents/new', admin);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/<nav aria-label="Main">[\s\S]*href="\/admin"/);
  });

  it('an unknown record is an HTML 404 page', async () => {
    const res = await get('/incidents/no-such-incident');
    expect(res.statusCode).toBe(404);
    expect(res.body).toMatch(/<nav aria-label="Main">/);
  });
});
