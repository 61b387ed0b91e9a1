import type { Values } from './fields.js';

/** Pagination and query-string helpers for the list pages. */

export const PAGE_SIZE = 25;

/** The query's non-empty values: a GET form sends every field, most of them empty. */
export function filledQuery(query: unknown): Values {
  const out: Values = {};
  if (!query || typeof query !== 'object') return out;
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
    else if (Array.isArray(v)) {
      const items = v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
      if (items.length > 0) out[k] = items;
    }
  }
  return out;
}

export function queryString(values: Values): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The page number asked for (1-based), tolerant of nonsense: a bad number is page 1. */
export function pageNumber(values: Values): number {
  const raw = values.page;
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, n);
}

/** The page sizes a list offers; the first is the default. */
export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** The page size asked for (`size`), if it is one of PAGE_SIZES; else the default. */
export function pageSize(values: Values): number {
  const n = Number(values.size);
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : PAGE_SIZE;
}

export type SortDirection = 'asc' | 'desc';
export interface Sort { by: string; dir: SortDirection }

/** A list column: its heading, and the sort key when it can sort the list (with the direction a first click sorts in). */
export interface Column { label: string; sort?: string; firstDir?: SortDirection }

/** The sort asked for (`sort`, `dir`) when a column offers it; else the list's default. */
export function sortOf(values: Values, columns: readonly Column[], fallback: Sort): Sort {
  const column = columns.find((c) => c.sort !== undefined && c.sort === values.sort);
  if (!column) return fallback;
  const dir = values.dir === 'asc' || values.dir === 'desc' ? values.dir : (column.firstDir ?? 'asc');
  return { by: column.sort!, dir };
}

/**
 * What the list's paging and sorting read from the query (page, size, sort, dir), and the rest:
 * the filters. The filters and the view together make every link of the list.
 */
export function listView(raw: Values, columns: readonly Column[], fallback: Sort) {
  const { page: _page, size: _size, sort: _sort, dir: _dir, ...filters } = raw;
  const size = pageSize(raw);
  const sort = sortOf(raw, columns, fallback);
  const isDefault = sort.by === fallback.by && sort.dir === fallback.dir;
  /** The query values that keep this view (not the page): the default ones are left out of links. */
  const keep: Values = {
    ...(isDefault ? {} : { sort: sort.by, dir: sort.dir }),
    ...(size === PAGE_SIZE ? {} : { size: String(size) }),
  };
  return { page: pageNumber(raw), size, sort, filters, keep };
}

export interface HeadingView {
  label: string;
  href: string | null;
  /** aria-sort of the column sorted by: ascending or descending. */
  ariaSort: 'ascending' | 'descending' | null;
  /** What the link does, for screen readers and the tooltip. */
  action: string | null;
}

/** The table's headings: a sortable column links to the list sorted by it (again: the other way). */
export function headings(path: string, filters: Values, keep: Values, columns: readonly Column[], sort: Sort): HeadingView[] {
  return columns.map((c) => {
    if (!c.sort) return { label: c.label, href: null, ariaSort: null, action: null };
    const current = c.sort === sort.by;
    const dir: SortDirection = current ? (sort.dir === 'asc' ? 'desc' : 'asc') : (c.firstDir ?? 'asc');
    const { sort: _s, dir: _d, ...rest } = keep;
    return {
      label: c.label,
      href: `${path}${queryString({ ...filters, ...rest, sort: c.sort, dir })}`,
      ariaSort: current ? (sort.dir === 'asc' ? 'ascending' : 'descending') : null,
      action: `Sort by ${c.label.toLowerCase()}, ${dir === 'asc' ? 'ascending' : 'descending'}`,
    };
  });
}

export interface PageLink { number: number; href: string; current: boolean }
export interface Pager {
  summary: string;
  previous: string | null;
  next: string | null;
  /** Numbered pages: the first, the last, and two either side of this one; null where some are left out. */
  pages: Array<PageLink | null>;
  /** The page-size choice: the form keeps the filters and sort as hidden fields. */
  sizes: Array<{ value: number; selected: boolean }>;
  hidden: Array<{ name: string; value: string }>;
  path: string;
}

export function pager(path: string, filters: Values, page: number, total: number, shown: number, noun: string, size = PAGE_SIZE, keep: Values = {}): Pager {
  const first = (page - 1) * size + 1;
  const summary = total === 0
    ? `No ${noun} found.`
    : shown === 0
      ? `No ${noun} on this page (${total} in all).`
      : `Showing ${first}–${first + shown - 1} of ${total} ${noun}.`;
  const link = (p: number) => `${path}${queryString({ ...filters, ...keep, page: p === 1 ? undefined : String(p) })}`;
  const last = Math.max(1, Math.ceil(total / size));
  const numbers = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, last])].filter((n) => n >= 1 && n <= last).sort((a, b) => a - b);
  const pages: Array<PageLink | null> = [];
  numbers.forEach((n, i) => {
    if (i > 0 && n - numbers[i - 1]! > 1) pages.push(null);
    pages.push({ number: n, href: link(n), current: n === page });
  });
  const { size: _size, ...hiddenValues } = { ...filters, ...keep };
  return {
    summary,
    previous: page > 1 ? link(page - 1) : null,
    next: page * size < total ? link(page + 1) : null,
    pages: last > 1 ? pages : [],
    sizes: PAGE_SIZES.map((value) => ({ value, selected: value === size })),
    hidden: Object.entries(hiddenValues).flatMap(([name, v]) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((value) => ({ name, value }))),
    path,
  };
}
