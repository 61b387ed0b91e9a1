import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { type callApi, keysOf, useSeededApi } from './records-fixture.js';

let t: TestApp;
let api: ReturnType<typeof callApi>;
useSeededApi((app, call) => { t = app; api = call; });

/** The total a list answers for `query`, after checking it answered. */
async function totalOf(query: string): Promise<number> {
  const res = await api('GET', `/incidents?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { total: number }).total;
}

// A search's total is kept per filter and revision (src/records/list-totals.ts): every write to
// what a search reads must show in the next total, whichever page is asked for.
describe('the total of an incident search', () => {
  it('stays right page after page, and after incidents are added and removed', async () => {
    expect(await totalOf('q=detained&limit=1')).toBe(2);
    expect(await totalOf('q=detained&limit=1&offset=1')).toBe(2);
    expect(await totalOf('limit=1&q=detained')).toBe(2);
    const created = await api('POST', '/incidents', {
      key: 'kz-apr-detention', title: 'Blogger detained', date: '2018-04-02', dateAccuracy: 'exact', country: { code: 'KZ' },
      location: { place: 'Astana' }, rights: ['liberty'], violations: ['detention'], summary: 'Police detained a blogger overnight.',
      status: 'concluded', sources: [],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await totalOf('q=detained&limit=1')).toBe(3);
    expect(await totalOf('q=detained&limit=1&offset=2')).toBe(3);
    expect((await api('DELETE', '/incidents/kz-apr-detention')).statusCode).toBe(204);
    expect(await totalOf('q=detained&limit=1')).toBe(2);
  });

  it('follows a victim renamed: the name searched for finds their incidents under the new name only', async () => {
    expect(await totalOf('q=Kasymova')).toBe(2);
    const person = (await api('GET', '/persons/p-asel')).json() as Record<string, unknown>;
    const { meta: _meta, ...body } = person;
    const renamed = await api('PUT', '/persons/p-asel', { ...body, name: 'Asel Nurlanova', nameNative: 'Әсел Нұрланова' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await totalOf('q=Kasymova')).toBe(0);
    expect(await totalOf('q=Nurlanova')).toBe(2);
  });
});

// Every filter's total is kept so (a list's pages count the same rows): a write by any means,
// here a statement no code of the service made, shows in the next total of every filter.
describe('the total of the whole list and of a filter', () => {
  it('follows incidents added and removed behind the service\'s back', async () => {
    const whole = await totalOf('limit=1');
    const kazakh = await totalOf('country=KZ&limit=1');
    expect(await totalOf('limit=1&offset=1')).toBe(whole);
    const created = await api('POST', '/incidents', {
      key: 'kz-total-check', title: 'Total check', date: '2018-05-02', dateAccuracy: 'exact', country: { code: 'KZ' },
      location: { place: 'Astana' }, rights: ['liberty'], violations: ['detention'], summary: 'Counted.', status: 'concluded', sources: [],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await totalOf('limit=1&offset=2')).toBe(whole + 1);
    expect(await totalOf('country=KZ&limit=1&offset=2')).toBe(kazakh + 1);
    await sql`delete from incidents where key = 'kz-total-check'`.execute(t.app.db);
    expect(await totalOf('limit=1&offset=3')).toBe(whole);
    expect(await totalOf('country=KZ&limit=1&offset=3')).toBe(kazakh);
  });
});

// Once a search's total is known and most incidents match it, its pages are found by reading the
// incidents in list order (records.repository.ts walkedPage): the same pages as the usual plan.
describe('the pages of a search most incidents match', () => {
  it('are the same once its total is known as when it was counted', async () => {
    await sql`analyze incidents`.execute(t.app.db); // the walk needs the planner's count of incidents
    const counted = await api('GET', '/incidents?q=activist%20police&limit=50');
    expect(counted.statusCode, counted.body).toBe(200);
    const all = keysOf(counted.json());
    expect(all.length).toBeGreaterThan(0);
    for (let offset = 0; offset < all.length; offset++) {
      const page = (await api('GET', `/incidents?q=activist%20police&limit=1&offset=${offset}`)).json() as { items: Array<{ key: string }>; total: number };
      expect(keysOf(page)).toEqual([all[offset]]);
      expect(page.total).toBe(all.length);
    }
    // Followed by cursors (walked after a position), with an incident added before the position
    // midway: the same incidents, each once (an offset counted before the write would repeat one).
    const activist = (key: string, date: string) => api('POST', '/incidents', {
      key, title: 'Activist questioned', date, dateAccuracy: 'exact', country: { code: 'KZ' }, location: { place: 'Astana' },
      rights: ['liberty'], violations: ['detention'], summary: 'Police questioned an activist.', status: 'concluded', sources: [],
    });
    for (const [n, date] of ['2018-05-01', '2018-06-01', '2018-07-01'].entries()) expect((await activist(`kz-activist-${n}`, date)).statusCode).toBe(201);
    const activists = keysOf((await api('GET', '/incidents?q=activist&limit=50')).json());
    expect(activists.length).toBe(5);
    const followed: string[] = [];
    for (let after = ''; ;) {
      const page = (await api('GET', `/incidents?q=activist&limit=1${after}`)).json() as { items: Array<{ key: string }>; next: string | null };
      followed.push(...keysOf(page));
      expect(followed.length).toBeLessThanOrEqual(activists.length);
      if (followed.length === 2) expect((await activist('kz-activist-early', '2017-01-01')).statusCode).toBe(201);
      if (page.next === null) break;
      after = `&after=${page.next}`;
    }
    expect(followed).toEqual(activists);
    const words = (await api('GET', '/incidents?q=detained&limit=50')).json() as { items: Array<{ key: string }> };
    const again = (await api('GET', '/incidents?q=detained&limit=50')).json() as { items: Array<{ key: string }> };
    expect(keysOf(again)).toEqual(keysOf(words));
  });
});
