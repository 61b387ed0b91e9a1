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
    const words = (await api('GET', '/incidents?q=detained&limit=50')).json() as { items: Array<{ key: string }> };
    const again = (await api('GET', '/incidents?q=detained&limit=50')).json() as { items: Array<{ key: string }> };
    expect(keysOf(again)).toEqual(keysOf(words));
  });
});
