import { beforeAll, describe, expect, it } from 'vitest';
import type { TestAppWithAuth } from '../../support/app.js';
import { type callApi, keysOf, useSeededApi } from './records-fixture.js';

/**
 * Keyset paging of the record lists: `next` in every list answer, `after=` for the page that
 * follows (routes/api/schemas/list-cursor.ts). What a service syncing every record relies on:
 * each record once, in the list's order, whatever is written between two pages.
 */

let t: TestAppWithAuth;
let api: ReturnType<typeof callApi>;
useSeededApi((app, call) => { t = app as TestAppWithAuth; api = call; });

interface ListAnswer { items: Array<{ key: string }>; total: number; limit: number; offset: number; next: string | null }

async function list(url: string, headers: Record<string, string> = {}): Promise<ListAnswer> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ListAnswer;
}

/** Every page of a list followed by its cursors: the keys in order, and each page's answer. */
async function follow(path: string, limit: number, headers: Record<string, string> = {}) {
  const join = path.includes('?') ? '&' : '?';
  const pages: ListAnswer[] = [];
  let after: string | null = null;
  do {
    const url = `${path}${join}limit=${limit}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`;
    const page = await list(url, headers);
    pages.push(page);
    after = page.next;
    expect(pages.length).toBeLessThan(100);
  } while (after !== null);
  return { keys: pages.flatMap(keysOf), pages };
}

/** Every key of a list in its order, read as one page by offset. */
const allKeys = async (path: string, headers: Record<string, string> = {}) =>
  keysOf(await list(`${path}${path.includes('?') ? '&' : '?'}limit=200`, headers));

const incident = (key: string, date: string) => ({
  key, country: { code: 'KZ' }, title: `Cursor test ${key}`, date, dateAccuracy: 'exact', location: { place: 'Almaty' },
  rights: ['expression'], violations: ['detention'], summary: 'A journalist was held for a day.', status: 'concluded',
});

// More records than the bundles hold: incidents on one day (the order's tie falls to the id) and
// keys that the database's collation may order otherwise than code points ('p-ab' / 'p-a-b').
beforeAll(async () => {
  for (let n = 1; n <= 6; n++) expect((await api('POST', '/incidents', incident(`kz-cursor-tie-${n}`, '2018-02-10'))).statusCode).toBe(201);
  for (const key of ['p-ab', 'p-a-b', 'p-a', 'p-aa', 'p-a-a']) {
    expect((await api('POST', '/persons', { key, kind: 'group', name: `Cursor group ${key}`, pseudonym: `Group ${key}`, consent: {} })).statusCode).toBe(201);
  }
  for (const key of ['s-r-1', 's-r1', 's-r-2', 's-r2', 's-r']) {
    expect((await api('POST', '/sources', { key, type: 'media', title: `Cursor report ${key}`, reliability: 'B' })).statusCode).toBe(201);
  }
});

describe('following next reads every record once, in the list order', () => {
  for (const path of ['/incidents', '/incidents?country=KZ', '/persons', '/sources', '/organisations', '/recommendations']) {
    it(`${path}, two at a time`, async () => {
      const everything = await allKeys(path);
      expect(everything.length).toBeGreaterThan(1);
      const { keys, pages } = await follow(path, 2);
      expect(keys).toEqual(everything);
      // Each page says where it stands; only the last has no next, and none is empty.
      let position = 0;
      for (const page of pages) {
        expect(page.offset).toBe(position);
        expect(page.total).toBe(everything.length);
        expect(page.items.length).toBeGreaterThan(0);
        position += page.items.length;
      }
      expect(pages.at(-1)!.next).toBeNull();
      expect(pages.slice(0, -1).every((p) => p.next !== null)).toBe(true);
    });
  }

  it('an offset page also gives the cursor of what follows it', async () => {
    const everything = await allKeys('/incidents');
    const second = await list('/incidents?limit=2&offset=2');
    const third = await list(`/incidents?limit=2&after=${encodeURIComponent(second.next!)}`);
    expect(keysOf(third)).toEqual(everything.slice(4, 6));
    expect(third.offset).toBe(4);
    expect((await list(`/incidents?limit=200`)).next).toBeNull();
  });
});

describe('writes between two pages', () => {
  it('an incident added before the cursor is not read twice, unlike the next offset page', async () => {
    const first = await list('/incidents?limit=3');
    const byOffsetBefore = keysOf(await list('/incidents?limit=3&offset=3'));
    expect((await api('POST', '/incidents', incident('kz-cursor-early', '2000-01-01'))).statusCode).toBe(201);
    try {
      const byCursor = keysOf(await list(`/incidents?limit=3&after=${encodeURIComponent(first.next!)}`));
      const byOffset = keysOf(await list('/incidents?limit=3&offset=3'));
      expect(byCursor).toEqual(byOffsetBefore);
      // The offset page now starts one earlier: it repeats the last incident of the first page.
      expect(byOffset[0]).toBe(first.items.at(-1)!.key);
    } finally {
      expect((await api('DELETE', '/incidents/kz-cursor-early')).statusCode).toBe(204);
    }
  });

  it('the last record of a page deleted before the next is read: the next page still starts right after it', async () => {
    expect((await api('POST', '/incidents', incident('kz-cursor-gone', '2018-02-14'))).statusCode).toBe(201);
    const everything = await allKeys('/incidents');
    const at = everything.indexOf('kz-cursor-gone');
    const page = await list(`/incidents?limit=${at + 1}`);
    expect(page.items.at(-1)!.key).toBe('kz-cursor-gone');
    expect((await api('DELETE', '/incidents/kz-cursor-gone')).statusCode).toBe(204);
    const next = await list(`/incidents?limit=3&after=${encodeURIComponent(page.next!)}`);
    expect(keysOf(next)).toEqual(everything.slice(at + 1, at + 4));
  });
});

describe('a caller without identities:read pages the same way', () => {
  it('incidents searched, persons, and sources searched (matched in the service) follow their cursors', async () => {
    const headers = await t.authenticate({ scopes: ['records:read'] });
    for (const path of ['/incidents?q=journalist', '/persons', '/sources?q=report']) {
      const everything = await allKeys(path, headers);
      expect(everything.length, path).toBeGreaterThan(1);
      expect((await follow(path, 1, headers)).keys, path).toEqual(everything);
    }
  });
});

describe('a cursor that is not one is a 400 naming after, never a 500', () => {
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const cases: Array<[string, string, RegExp]> = [
    ['not base64 JSON', 'zzz', /not one/],
    ['JSON of another shape', cursorOf({ hello: 1 }), /not one/],
    ['a date that is none', cursorOf({ c: 'incidents', p: ['2018-02-30', 1], o: 0 }), /not one/],
    ['an id past what the database holds', cursorOf({ c: 'incidents', p: ['2018-02-01', 2 ** 40], o: 0 }), /not one/],
    ['an id that is text', cursorOf({ c: 'incidents', p: ['2018-02-01', '1; drop table incidents'], o: 0 }), /not one/],
    ['a cursor of the persons list', cursorOf({ c: 'persons', p: ['p-asel'], o: 2 }), /of the persons list, not of incidents/],
    ['a list no one has', cursorOf({ c: '<script>', p: ['x'], o: 0 }), /not one/],
  ];
  for (const [what, after, message] of cases) {
    it(what, async () => {
      const res = await api('GET', `/incidents?after=${encodeURIComponent(after)}`);
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json())).toMatch(/after/);
      expect(JSON.stringify(res.json())).toMatch(message);
    });
  }

  it('offset and after together', async () => {
    const first = await list('/persons?limit=1');
    const res = await api('GET', `/persons?offset=3&after=${encodeURIComponent(first.next!)}`);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toMatch(/offset or after, not both/);
  });
});
