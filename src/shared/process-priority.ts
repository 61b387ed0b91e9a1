import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the priority of this whole process (Linux keeps a nice value per thread: each thread it
 * has now is set, and threads started afterwards inherit the value of the thread that starts
 * them). For a process whose work can wait — a generation worker beside an app instance that
 * answers reads — so that the event loop answering those reads runs first when the cores are
 * busy. Elsewhere, or when refused, the process runs as before. Raises nothing: a nice value can
 * only go up without privileges, and 0 leaves the process as it is.
 */
export function lowerProcessPriority(nice: number): { threads: number } {
  if (nice <= 0) return { threads: 0 };
  let threads = 0;
  let ids: number[];
  try {
    ids = readdirSync('/proc/self/task').map(Number).filter((id) => Number.isInteger(id) && id > 0);
  } catch {
    ids = [process.pid]; // not Linux: the process as a whole, where the system allows it
  }
  for (const id of ids) {
    try {
      setPriority(id, nice);
      threads++;
    } catch {
      // gone meanwhile, or not permitted: the others still give way
    }
  }
  return { threads };
}
