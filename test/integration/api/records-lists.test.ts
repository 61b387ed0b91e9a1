import { describe, expect, it } from 'vitest';
import { loadIncidents, selectIncidentIds } from '../../../src/records/records.repository.js';
import type { TestApp } from '../../support/app.js';
import { type callApi, keysOf, useSeededApi } from './records-fixture.js';

let t: TestApp;
let api: ReturnType<typeof callApi>;
useSeededApi((app, call) => { t = app; api = call; });

async function listKeys(url: string): Promise<string[]> {
  const res = await api('GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return keysOf(res.json());
}

describe('GET /incidents filters', () => {
  const cases: Array<[string, string[]]> = [
    ['', ['kz-jan-fine', 'kz-feb-detention', 'kz-mar-house-arrest', 'kg-apr-search']],
    ['country=KZ', ['kz-jan-fine', 'kz-feb-detention', 'kz-mar-house-arrest']],
    ['country=KG', ['kg-apr-search']],
    ['country=UZ', []],
    ['from=2018-02-01&to=2018-02-28', ['kz-feb-detention']],
    // An incident belongs to a period it overlaps: the house arrest runs until 20 April.
    ['from=2018-04-01', ['kz-mar-house-arrest', 'kg-apr-search']],
    ['to=2018-01-31', ['kz-jan-fine']],
    ['right=association', ['kz-feb-detention', 'kz-mar-house-arrest']],
    ['right=liberty', ['kz-feb-detention']],
    ['violation=fine', ['kz-jan-fine']],
    ['violation=search', ['kg-apr-search']],
    ['urgent=true', ['kz-feb-detention', 'kz-mar-house-arrest']],
    ['urgent=false', ['kz-jan-fine', 'kg-apr-search']],
    // Issue 14.3: English words stemmed, "detained" and "detention" find the same set; case and script folded.
    ['q=detained', ['kz-feb-detention', 'kz-mar-house-arrest']],
    ['q=Detention', ['kz-feb-detention', 'kz-mar-house-arrest']],
    [`q=${encodeURIComponent('АЛМАТЫ')}`, ['kz-feb-detention']],
    ['q=almaty%20detentions', ['kz-feb-detention']],
    ['q=HOUSE%20ARREST', ['kz-mar-house-arrest']],
    ['q=100%25', ['kz-jan-fine']],
    // LIKE wildcards match literally: no incident text contains '_' or '%' other than the fine's.
    ['q=%25', ['kz-jan-fine']],
    ['q=_', []],
    ['person=p-asel', ['kz-feb-detention', 'kz-mar-house-arrest']],
    ['person=p-nobody', []],
    ['country=KZ&urgent=true&right=liberty&from=2018-01-01&to=2018-03-31', ['kz-feb-detention']],
  ];
  it.each(cases)('?%s', async (query, expected) => {
    expect(await listKeys(`/incidents?${query}`)).toEqual(expected);
  });

  it('returns whole records with their country', async () => {
    const body = (await api('GET', '/incidents?violation=house-arrest')).json();
    expect(body.items[0]).toMatchObject({
      key: 'kz-mar-house-arrest', country: { code: 'KZ', name: 'Kazakhstan' }, followUpOf: 'kz-feb-detention',
      victims: ['p-asel'], sources: [{ source: 's-note', credibility: 2 }], meta: { version: 1 },
    });
  });
});

describe('a list page and an item read the same incidents as the document loader', () => {
  // The API reads a page in one statement (links as JSON per incident); documents read with
  // separate statements. Both must give the same record: links in order, nulls, numbers, dates.
  it('every field of every incident, in the list and by key', async () => {
    // Links listed out of key order, with and without locators, two perpetrators, a follow-up.
    const added = await api('POST', '/incidents', {
      key: 'kz-zz-links', country: { code: 'KZ' }, title: 'Two bloggers questioned', date: '2018-03-30', dateAccuracy: 'exact',
      location: { place: 'Almaty', region: 'Almaty' }, rights: ['expression', 'peaceful-assembly'], summary: 'Both were questioned.',
      victims: ['p-ivan', 'p-asel'], status: 'ongoing', followUpOf: 'kz-feb-detention',
      perpetrators: [{ description: 'Police', stateActor: true }, { description: 'Unknown men', stateActor: false, reason: 'not identified' }],
      sources: [{ source: 's-news', credibility: 3, locator: 'p. 2', excerpt: 'questioned' }, { source: 's-note', credibility: 4 }],
    });
    expect(added.statusCode, added.body).toBe(201);
    const ids = await selectIncidentIds(t.database.db, {});
    const loaded = await loadIncidents(t.database.db, ids);
    expect(loaded.length).toBeGreaterThan(3);
    expect(loaded.some((i) => i.victims.length > 1 && i.sources.length > 1 && i.perpetrators.length > 0)).toBe(true);
    const asApi = (i: (typeof loaded)[number]) => ({ ...i, country: { code: i.country, name: expect.any(String) } });
    const page = (await api('GET', `/incidents?limit=${loaded.length}`)).json();
    expect(page.items).toEqual(loaded.map(asApi));
    for (const incident of loaded) {
      expect((await api('GET', `/incidents/${incident.key}`)).json()).toEqual(asApi(incident));
    }
    // The other tests of this file count the seeded incidents.
    expect((await api('DELETE', '/incidents/kz-zz-links')).statusCode).toBe(204);
  });
});

describe('pagination', () => {
  it('pages incidents with total, limit and offset', async () => {
    const first = (await api('GET', '/incidents?limit=2')).json();
    expect(first).toMatchObject({ total: 4, limit: 2, offset: 0 });
    expect(keysOf(first)).toEqual(['kz-jan-fine', 'kz-feb-detention']);
    const second = (await api('GET', '/incidents?limit=2&offset=2')).json();
    expect(second).toMatchObject({ total: 4, limit: 2, offset: 2 });
    expect(keysOf(second)).toEqual(['kz-mar-house-arrest', 'kg-apr-search']);
    const beyond = (await api('GET', '/incidents?limit=2&offset=10')).json();
    expect(beyond).toEqual({ items: [], total: 4, limit: 2, offset: 10, next: null });
  });

  it('counts the filtered set, not the page', async () => {
    const body = (await api('GET', '/incidents?country=KZ&limit=1&offset=1')).json();
    expect(body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(keysOf(body)).toEqual(['kz-feb-detention']);
  });

  it('defaults to limit 50, offset 0', async () => {
    expect((await api('GET', '/persons')).json()).toMatchObject({ total: 3, limit: 50, offset: 0 });
  });

  it('pages every other list in key order', async () => {
    const expectations: Array<[string, number, string[]]> = [
      ['/persons?limit=2&offset=1', 3, ['p-group', 'p-ivan']],
      ['/sources?limit=1&offset=2', 3, ['s-note']],
      ['/organisations?limit=1', 2, ['org-monitor']],
      ['/recommendations?limit=2&offset=1', 3, ['r-kz-association', 'r-kz-expression']],
    ];
    for (const [url, total, keys] of expectations) {
      const body = (await api('GET', url)).json();
      expect(body.total, url).toBe(total);
      expect(keysOf(body), url).toEqual(keys);
    }
  });
});

describe('GET /persons, /sources, /organisations, /recommendations filters', () => {
  const cases: Array<[string, string[]]> = [
    ['/persons?q=petrov', ['p-ivan']],
    ['/persons?q=activist', ['p-asel']], // pseudonym
    ['/persons?q=%D3%98%D1%81%D0%B5%D0%BB', ['p-asel']], // native name 'Әсел'
    ['/persons?q=_', ['p-group']],
    ['/persons?q=%25', ['p-group']],
    ['/persons?q=i_an', []], // '_' is not a one-character wildcard (it would match 'Ivan')
    ['/sources?type=interview', ['s-interview']],
    ['/sources?confidential=true', ['s-interview']],
    ['/sources?confidential=false', ['s-news', 's-note']],
    ['/sources?q=monitoring', ['s-note']], // title
    ['/sources?q=vlast', ['s-news']], // author
    ['/sources?type=media&confidential=true', []],
    ['/organisations', ['org-monitor', 'org-press']],
    ['/organisations?q=srm', ['org-monitor']], // acronym
    ['/organisations?q=press', ['org-press']],
    ['/recommendations?right=association', ['r-kz-association']],
    ['/recommendations?addressee=un', ['r-kg-privacy']],
    ['/recommendations?country=KG', ['r-kg-privacy']],
    ['/recommendations?country=KZ', ['r-kz-association', 'r-kz-expression']],
    ['/recommendations?country=KZ&addressee=eu', ['r-kz-expression']],
  ];
  it.each(cases)('%s', async (url, expected) => {
    expect(await listKeys(url)).toEqual(expected);
  });

  it('finds a recommendation by the country of its incidents even without a country of its own', async () => {
    const created = await api('POST', '/recommendations', { key: 'r-api-kg', right: 'privacy', addressee: 'state', text: 'Stop searches.' });
    expect(created.json().country).toBeNull();
    await api('PUT', '/recommendations/r-api-kg', { right: 'privacy', addressee: 'state', text: 'Stop searches.', incidents: ['kg-apr-search'] });
    expect(await listKeys('/recommendations?country=KG')).toEqual(['r-api-kg', 'r-kg-privacy']);
    expect((await api('DELETE', '/recommendations/r-api-kg')).statusCode).toBe(204);
  });
});

describe('bad query parameters: 400 naming each one', () => {
  const cases: Array<[string, string[]]> = [
    ['/incidents?country=kz&from=2018-02-30&to=soon', ['/country', '/from', '/to']],
    ['/incidents?right=happiness&violation=tickling&urgent=yes', ['/right', '/violation', '/urgent']],
    ['/incidents?person=Not%20A%20Key&q=', ['/person', '/q']],
    ['/incidents?limit=0&offset=-1', ['/limit', '/offset']],
    ['/incidents?limit=201', ['/limit']],
    ['/incidents?limit=ten&offset=1.5', ['/limit', '/offset']],
    ['/incidents?from=2018-03-01&to=2018-02-01', ['/to']],
    ['/incidents?colour=red', ['/colour']],
    ['/incidents?country=KZ&country=KG', ['/country']],
    ['/persons?limit=500&q=' + 'x'.repeat(201), ['/limit', '/q']],
    ['/sources?type=blog&confidential=1', ['/type', '/confidential']],
    ['/organisations?offset=many', ['/offset']],
    ['/recommendations?right=x&addressee=king&country=Kazakhstan', ['/right', '/addressee', '/country']],
  ];
  it.each(cases)('%s', async (url, paths) => {
    const res = await api('GET', url);
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    expect(body.message).toMatch(/query/);
    expect(body.problems.map((p: { path: string }) => p.path).sort()).toEqual([...paths].sort());
    for (const p of body.problems) expect(p.message).not.toBe('');
  });
});
