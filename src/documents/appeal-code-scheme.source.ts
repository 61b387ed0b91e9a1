import type { Executor } from '../records/records.repository.js';

/**
 * STUB — THE ONE PLACE the appeal-code scheme is read (issue 13, point 6).
 *
 * The scheme belongs to the organisation profile (table `organisation_profile`, field
 * `appealCodeScheme: string | null`), built alongside this. At merge, return the profile's
 * field here; nothing else needs to change. Until then: the APPEAL_CODE_SCHEME environment
 * variable (e.g. "{ISO3} {seq:3}/{MM}{YY}/OBS {n:3}"), or no scheme.
 */
export async function readAppealCodeScheme(_db: Executor): Promise<string | null> {
  const scheme = process.env.APPEAL_CODE_SCHEME?.trim();
  return scheme ? scheme : null;
}
