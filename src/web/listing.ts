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

export interface Pager {
  summary: string;
  previous: string | null;
  next: string | null;
}

export function pager(path: string, filters: Values, page: number, total: number, shown: number, noun: string): Pager {
  const first = (page - 1) * PAGE_SIZE + 1;
  const summary = total === 0
    ? `No ${noun} found.`
    : shown === 0
      ? `No ${noun} on this page (${total} in all).`
      : `Showing ${first}–${first + shown - 1} of ${total} ${noun}.`;
  const link = (p: number) => `${path}${queryString({ ...filters, page: p === 1 ? undefined : String(p) })}`;
  return {
    summary,
    previous: page > 1 ? link(page - 1) : null,
    next: page * PAGE_SIZE < total ? link(page + 1) : null,
  };
}
