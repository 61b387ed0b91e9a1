import type { Problem } from '../shared/problems.js';
import { toPointer } from '../shared/problems.js';

/**
 * Rules within one record that a zod object schema cannot state without losing `.extend` (the
 * API's bodies extend the bundle's schemas). The bundle import and the records API both run them.
 */

/** How the Special Procedures number their letters: AL (allegation), UA (urgent appeal), OL (other), joint ones of old. */
export const UN_REFERENCE = /^(AL|UA|OL|JAL|JUA|JOL) [A-Z]{3} \d{1,4}\/\d{4}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A UN communication is cited by its reference: required, and in the OHCHR form. Works on unchecked input. */
export function sourceRuleProblems(source: unknown, prefix: readonly PropertyKey[] = []): Problem[] {
  if (!isObj(source) || source.type !== 'un-communication') return [];
  const reference = typeof source.reference === 'string' ? source.reference.trim() : null;
  const path = toPointer([...prefix, 'reference']);
  if (!reference) return [{ path, message: 'a UN communication needs its reference, e.g. "AL KAZ 1/2018"' }];
  if (!UN_REFERENCE.test(reference)) return [{ path, message: `'${reference}' is not a Special Procedures reference: write it like "AL KAZ 1/2018" (AL, UA or OL, the country's three letters, number/year)` }];
  return [];
}
