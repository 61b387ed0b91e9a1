import type { Db } from '../db/database.js';
import type { IncidentFilter } from '../records/records.repository.js';
import {
  countUnshapedIncidents, markShapedSearchComplete, saveShapedIncidents, shapedSearchState, sweepShapedIncidents, unshapedIncidents, type UnshapedIncident,
} from '../records/shaped-search.repository.js';
import { personIdentityRevision } from '../records/records.repository.js';
import { BusyError } from '../shared/errors.js';
import { knownIdentities, type KnownIdentities } from './identity-cache.js';
import { everyoneRedactorOf } from './identity-shaping.js';
import { nameMatcherFor } from './index.js';
import { shapeIncident } from './shaped-text.js';
import { ShapingThread } from './shaping-thread.js';

/**
 * Incident search for callers without identities:read, at any volume. Such a caller searches the
 * titles and summaries they are shown (every person's name replaced by their pseudonym), never
 * the stored text (pseudonymous-search.ts). That shaped text is kept, folded, one row per
 * incident (migration 2026-12-08-010) under the incident's version and the persons' revision it
 * was made at, and a search runs in SQL over the rows of the current revision only. The same
 * pass keeps whom each stored title, summary and source excerpt names (shaped-text.ts
 * namedKeys), which the identity-read audit of a trusted caller's answer takes instead of
 * matching those texts again (auth/name-scan.ts scannerWithIncidentTexts).
 *
 * Before a search, the rows it needs are made current (`shapedRevisionFor`). The work that takes
 * depends on what was written since, never on what is searched for: a search for a real name costs
 * what any other search costs, and finds what it would find in the shaped text (nothing).
 *  - If nothing was written since every incident last had a current row (the incident list's
 *    revision, which moves with every write to incidents or persons, is the one recorded then),
 *    nothing is to do: a statement and the persons revision.
 *  - Otherwise the incidents without a current row are shaped now, up to `maxShapedNow`: a changed
 *    incident or two, a small database after a person's change.
 *  - Beyond that (a change to persons at 50,000 incidents makes every row stale: a pass of 40–44 s
 *    on 2 cores, 20,000 persons, the database writing one batch while the refresher's thread shapes
 *    the next; 58–61 s one after the other) the refresher (below) shapes them in the background,
 *    and the search answers 503 with Retry-After until it is done.
 */

/** Incidents a search shapes per statement (on the event loop). */
const BATCH = 50;
/**
 * Incidents the refresher reads, has shaped in its thread and writes, per statement. Small: a
 * batch's texts live on the event loop while the thread shapes them, and at 500 they outlived
 * young-generation collections, so a 50,000-incident pass left the service ~130 MB larger (RSS
 * after it 343 MB, 216 MB at 50, the pass as long).
 */
const THREAD_BATCH = 50;
/** Incidents a search shapes itself before it leaves the rest to the refresher. */
export const MAX_SHAPED_NOW = 5_000;

/** What shapes a batch of incidents' texts: the refresher's thread, or the event loop. */
type Shaper = Pick<ShapingThread, 'shape' | 'close'>;

/** Shaping on the event loop, a batch per turn of it (other requests go between). */
function shaperHere(known: KnownIdentities): Shaper {
  const redactor = everyoneRedactorOf(known);
  const everybody = nameMatcherFor(known.everyone);
  return {
    shape: async (texts) => {
      await new Promise((resolve) => setImmediate(resolve));
      return texts.map((incident) => shapeIncident(redactor, everybody, incident));
    },
    close: async () => {},
  };
}

/** Shapes and stores a batch of incidents; the revision is the identities', read before them. */
async function shapeBatch(db: Db, shaper: Shaper, rows: readonly UnshapedIncident[], revision: string): Promise<void> {
  const shaped = await shaper.shape(rows);
  await saveShapedIncidents(db, revision, rows.map((r, k) => ({ id: r.id, version: r.version, ...shaped[k]! })));
}

/**
 * The persons revision whose rows a search over the incidents `filter` selects may read: every
 * one of them has a current row at it when this returns. BusyError while the refresher still has
 * more than `maxShapedNow` of them to shape.
 */
export async function shapedRevisionFor(db: Db, filter: IncidentFilter, refresher: ShapedSearchRefresher | null, maxShapedNow = MAX_SHAPED_NOW): Promise<string> {
  // The list revision first: identities and rows read after it are at least as new.
  const state = await shapedSearchState(db);
  // Which rows a search reads, and whether it must wait, take the persons revision alone:
  // everybody's matcher (after a change to persons, a build of ~18 s at 20,000 persons) is loaded
  // only when incidents are shaped here. A search that is refused is refused at once.
  const revision = await personIdentityRevision(db);
  if (state.completeAt === state.revision) return revision;
  // Every incident first: when few are stale, the state is recorded complete and the next search is one statement.
  // Counted, not read: a refused search costs two counts.
  const everywhere = await countUnshapedIncidents(db, revision, {}, maxShapedNow + 1);
  const scope = everywhere <= maxShapedNow ? {} : filter;
  if (everywhere > maxShapedNow && await countUnshapedIncidents(db, revision, filter, maxShapedNow + 1) > maxShapedNow) {
    refresher?.wake();
    throw new BusyError(
      'The search over the text shown without identities:read is being brought up to date after a change to persons or incidents; retry shortly.',
      5,
    );
  }
  const known = await knownIdentities(db);
  // Persons changed since the count: count again at their new revision.
  if (known.revision !== revision) return shapedRevisionFor(db, filter, refresher, maxShapedNow);
  const here = shaperHere(known);
  for (let afterId = 0; ;) {
    const rows = await unshapedIncidents(db, known.revision, scope, BATCH, afterId);
    if (rows.length === 0) break;
    await shapeBatch(db, here, rows, known.revision);
    afterId = rows[rows.length - 1]!.id;
  }
  if (everywhere <= maxShapedNow) await markShapedSearchComplete(db, state.revision);
  return known.revision;
}

/**
 * Keeps every incident's shaped row current in the background: at start, every `intervalMs`, and
 * when a search finds too many stale rows, shaping in a thread of its own. One pass at a time per
 * process; two instances may both shape a row (the same row: harmless).
 */
export class ShapedSearchRefresher {
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Incidents shaped so far (tests read it). */
  shaped = 0;

  /** `batch`: incidents per statement (THREAD_BATCH; tests use fewer to have several). */
  constructor(private readonly db: Db, private readonly log: (err: unknown) => void = () => {}, private readonly batch = THREAD_BATCH) {}

  start(intervalMs: number): void {
    if (this.stopped) return;
    this.wake();
    this.timer = setInterval(() => this.wake(), intervalMs);
    this.timer.unref();
  }

  /** Starts a pass unless one is running; resolves when it ends. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.pass().catch(this.log).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the timer and waits for a running pass to reach the end of its batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /**
   * A thread that shapes for these identities; should it fail to start (its module missing from a
   * build, a memory limit), the event loop shapes, a batch per turn, and says so once.
   */
  private async shaperFor(known: KnownIdentities): Promise<Shaper> {
    try {
      return await ShapingThread.start(known.everyone, nameMatcherFor(known.everyone).index);
    } catch (err) {
      this.log(err);
      return shaperHere(known);
    }
  }

  /**
   * Walks the incidents in id order from the first, shaping those without a current row in a
   * thread of its own (shaping-thread.ts: what reading every text allocates leaves with it, and
   * requests keep the event loop); at the end, records the state complete at the list revision read
   * before the walk began, unless something was written meanwhile (then it walks again).
   */
  private async pass(): Promise<void> {
    let thread = null as { revision: string; shaping: Shaper } | null;
    try {
      for (;;) {
        if (this.stopped) return;
        const state = await shapedSearchState(this.db);
        if (state.completeAt === state.revision) return;
        let afterId = 0;
        // The last batch's write, still running: the database stores one batch while the thread
        // shapes the next (two cores at work instead of one after the other; the rows it reads
        // next are after the ones being written).
        let writing: Promise<void> = Promise.resolve();
        try {
          for (;;) {
            if (this.stopped) return;
            const known = await knownIdentities(this.db);
            const rows = await unshapedIncidents(this.db, known.revision, {}, this.batch, afterId);
            if (rows.length === 0) break;
            if (thread?.revision !== known.revision) {
              await writing;
              await thread?.shaping.close();
              thread = { revision: known.revision, shaping: await this.shaperFor(known) };
            }
            const shaped = await thread.shaping.shape(rows);
            await writing;
            writing = saveShapedIncidents(this.db, known.revision, rows.map((r, k) => ({ id: r.id, version: r.version, ...shaped[k]! })));
            // Handled now (awaited later): a write failing while the next batch is read must not
            // be an unhandled rejection, which ends the process.
            writing.catch(() => {});
            this.shaped += rows.length;
            afterId = rows[rows.length - 1]!.id;
          }
        } finally {
          // Awaited on every way out: a failed write is the pass's failure.
          await writing;
        }
        await sweepShapedIncidents(this.db);
        await markShapedSearchComplete(this.db, state.revision);
        const after = await shapedSearchState(this.db);
        if (after.completeAt === after.revision) return;
      }
    } finally {
      await thread?.shaping.close();
    }
  }
}
