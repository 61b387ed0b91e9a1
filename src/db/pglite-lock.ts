import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is one process's database: two processes writing one data folder lose each other's
 * writes (a key made by `npm run api-key` beside a running service was gone when the service
 * stopped). So the folder is locked: a file holding the owner's PID, made with O_EXCL. A lock
 * whose process is gone (kill -9, power loss) is stale and taken over.
 */

export const LOCK_FILE = 'advocacy.lock';

export class DatabaseInUseError extends Error {
  constructor(readonly pid: number) {
    super(`the embedded database is in use by PID ${pid}; stop it or use DATABASE_URL`);
  }
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks `dataDir` for this process; returns the release. Throws DatabaseInUseError when held. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let pid = Number.NaN;
    try {
      pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    } catch {
      continue; // removed in between: try again
    }
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) throw new DatabaseInUseError(pid);
    // Stale (its process is gone) or unreadable: take it over.
    try {
      unlinkSync(path);
    } catch {
      // another process took it over first; the next attempt finds out
    }
  }
  throw new Error(`could not lock the embedded database folder ${dataDir}`);
}
