/**
 * The generation jobs this process is running, each with the AbortController its generation
 * takes as `DocumentDeps.signal` (so that stopping a job stops its compose and render tasks in
 * the render threads at once, not at its next stage). A job runtime owns one set; cancelling by
 * id looks in every runtime of the process (an app and a test's extra worker may share one).
 */

/** Why a running job was stopped by its own process's shutdown: it goes back to the queue, unfinished. */
export class JobHandedBack extends Error {
  constructor() {
    super('This process is stopping: the job goes back to the queue for the next worker.');
  }
}

const runtimes = new Set<RunningJobs>();

export class RunningJobs {
  readonly #jobs = new Map<string, AbortController>();
  readonly #waiters = new Set<() => void>();

  constructor() {
    runtimes.add(this);
  }

  get count(): number {
    return this.#jobs.size;
  }

  /** A job begins here: the signal its generation stops on. */
  begin(id: string): AbortSignal {
    const controller = new AbortController();
    this.#jobs.set(id, controller);
    return controller.signal;
  }

  /** The job's handler has finished (stored, settled, or handed back). */
  end(id: string, signal: AbortSignal): void {
    if (this.#jobs.get(id)?.signal === signal) this.#jobs.delete(id);
    if (this.#jobs.size === 0) for (const wake of [...this.#waiters]) wake();
  }

  /** Stops every job running here (their handlers then settle them as `reason` says). */
  abortAll(reason: Error): void {
    for (const controller of this.#jobs.values()) if (!controller.signal.aborted) controller.abort(reason);
  }

  /** Resolves once no job runs here, or after `ms`, with how many still do. */
  drained(ms: number): Promise<number> {
    if (this.#jobs.size === 0) return Promise.resolve(0);
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(finish);
        resolve(this.#jobs.size);
      };
      const timer = setTimeout(finish, ms);
      this.#waiters.add(finish);
    });
  }

  /** This set is no longer used (its runtime closed). */
  forget(): void {
    runtimes.delete(this);
  }

  /** Whether a runtime of this process runs the job now (its handler then tells this process when it settles). */
  static runsHere(id: string): boolean {
    for (const r of runtimes) if (r.#jobs.has(id)) return true;
    return false;
  }

  static abort(id: string, reason: Error): boolean {
    let found = false;
    for (const r of runtimes) {
      const controller = r.#jobs.get(id);
      if (controller && !controller.signal.aborted) {
        controller.abort(reason);
        found = true;
      }
    }
    return found;
  }
}
