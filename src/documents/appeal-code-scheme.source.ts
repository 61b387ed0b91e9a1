import { getOrganisationProfile } from '../records/organisation-profile.repository.js';
import type { Executor } from '../records/records.repository.js';

/**
 * The one place the urgent-appeal code scheme is read: the organisation profile's
 * `appealCodeScheme` (validated when the profile is saved), or none.
 */
export async function readAppealCodeScheme(db: Executor): Promise<string | null> {
  const scheme = (await getOrganisationProfile(db))?.appealCodeScheme?.trim();
  return scheme ? scheme : null;
}
