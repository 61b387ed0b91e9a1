import { describe, expect, it } from 'vitest';
import { type callApi, useSeededApi } from './records-fixture.js';

let api: ReturnType<typeof callApi>;
useSeededApi((_t, call) => { api = call; });

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
