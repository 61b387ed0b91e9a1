/**
 * Totals of incident searches, kept per database handle, filter and incident-list revision
 * (migration 2026-12-06-010): a search every incident matches costs as much to count as to page
 * (~60 ms each at 50,000 incidents), and the next page, or the same search again, counts the same
 * rows. A total is used only under the revision it was counted at, read in the same statement as
 * the count: any write to what the filters read makes it a new search.
 */
const MAX_TOTALS = 512;

export class ListTotals {
  private readonly totals = new Map<string, { revision: string; total: number }>();

  get(key: string, revision: string): number | undefined {
    const kept = this.totals.get(key);
    if (kept === undefined || kept.revision !== revision) return undefined;
    // Least recently used goes first.
    this.totals.delete(key);
    this.totals.set(key, kept);
    return kept.total;
  }

  /** Whether a total is kept for the filter at any revision (without one, there is no revision to check). */
  has(key: string): boolean {
    return this.totals.has(key);
  }

  set(key: string, revision: string, total: number): void {
    this.totals.delete(key);
    this.totals.set(key, { revision, total });
    if (this.totals.size > MAX_TOTALS) this.totals.delete(this.totals.keys().next().value!);
  }
}

const perDatabase = new WeakMap<object, ListTotals>();

/** The totals kept for one database handle (a transaction gets its own, gone with it). */
export function listTotalsOf(db: object): ListTotals {
  let totals = perDatabase.get(db);
  if (totals === undefined) perDatabase.set(db, (totals = new ListTotals()));
  return totals;
}

/** A filter as a key: the same criteria in any order give the same key. */
export function filterKey(filter: object): string {
  return JSON.stringify(Object.entries(filter).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
}
