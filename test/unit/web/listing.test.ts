import { describe, expect, it } from 'vitest';
import { headings, listView, pager, type Column } from '../../../src/web/listing.js';

const COLUMNS: Column[] = [{ label: 'Date', sort: 'date', firstDir: 'desc' }, { label: 'Title', sort: 'title' }, { label: 'Rights' }];
const NEWEST = { by: 'date', dir: 'desc' } as const;

describe('list paging and sorting (issue 14.3)', () => {
  it('numbers the first, the last and two pages either side, with gaps between', () => {
    const p = pager('/incidents', { country: 'KZ' }, 5, 250, 25, 'incidents');
    expect(p.pages.map((l) => (l ? l.number : '…'))).toEqual([1, '…', 3, 4, 5, 6, 7, '…', 10]);
    expect(p.pages.find((l) => l?.current)?.number).toBe(5);
    expect(p.pages[0]!.href).toBe('/incidents?country=KZ');
    expect(p.next).toBe('/incidents?country=KZ&page=6');
    expect(p.summary).toBe('Showing 101–125 of 250 incidents.');
  });

  it('offers no page numbers for one page', () => {
    expect(pager('/persons', {}, 1, 20, 20, 'persons').pages).toEqual([]);
  });

  it('reads sort, direction and size; ignores what no column offers', () => {
    expect(listView({ sort: 'title', size: '50', page: '2', q: 'x' }, COLUMNS, NEWEST)).toMatchObject({
      page: 2, size: 50, sort: { by: 'title', dir: 'asc' }, filters: { q: 'x' }, keep: { sort: 'title', dir: 'asc', size: '50' },
    });
    expect(listView({ sort: 'rights', dir: 'asc', size: '13' }, COLUMNS, NEWEST)).toMatchObject({ size: 25, sort: NEWEST, keep: {} });
  });

  it('a sorted column links to the other direction; the others to their first', () => {
    const [date, title, rights] = headings('/incidents', { q: 'x' }, {}, COLUMNS, NEWEST);
    expect(date).toMatchObject({ ariaSort: 'descending', href: '/incidents?q=x&sort=date&dir=asc' });
    expect(title).toMatchObject({ ariaSort: null, href: '/incidents?q=x&sort=title&dir=asc' });
    expect(rights!.href).toBeNull();
  });
});
