/**
 * Resident memory: current, and the peak since the last reset. On Linux the kernel's peak
 * ("VmHWM") can be reset by writing 5 to /proc/self/clear_refs, so each cell gets its own peak;
 * elsewhere the process-wide maximum is all there is (and the table says so).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const rssMB = (): number => process.memoryUsage().rss / 1048576;

let resettable: boolean | undefined;

export function resetPeakRss(): boolean {
  if (resettable === false) return false;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    resettable = true;
  } catch {
    resettable = false;
  }
  return resettable;
}

export function peakRssMB(): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

export const peakIsPerCell = (): boolean => resettable === true;

/** A full collection between runs, so one run's garbage is not collected on the next one's time. */
export const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return gc ?? (() => {});
})();
