import type { Audience } from '../consent/consent.js';
import { knownIdentities } from '../consent/identity-cache.js';
import type { Db } from '../db/database.js';
import { identityListsOf } from './case-file/case-file.js';
import { audienceOf } from './compose/compose.js';
import { documentKindsMade } from './documents.repository.js';
import type { DocumentRequest } from './request.schemas.js';
import type { DocumentRenderer } from './workers/render-pool.js';

/**
 * The audiences whose indexes are made ahead: those of the kinds of document made here before, or
 * the public's on a database that has none yet (EU briefings and urgent appeals: two kinds of
 * three). Each audience's indexes are held for as long as the service runs (~25 MB at 20,000
 * persons): a service that never writes to the UN does not hold the UN's. Public first: its
 * protected persons are also those a UN communication must not print to readers without
 * identities:read, so the UN documents' indexes then reuse that one instead of building it again.
 */
export function audiencesToPrepare(kindsMade: readonly string[]): Audience[] {
  if (kindsMade.length === 0) return ['public'];
  const used = new Set(kindsMade.map((kind) => audienceOf(kind as DocumentRequest['kind'])));
  return (['public', 'un'] as const).filter((audience) => used.has(audience));
}

/**
 * Makes the name indexes documents need, for the persons as they are now, before a document asks
 * for them: after a start, the first document otherwise waits for their build (35 s at 20,000
 * persons). One audience after the other: a build holds ~500 MB while it runs. A build that fails
 * is left to the first document, as without this.
 */
export async function prepareDocumentIdentities(db: Db, renderer: DocumentRenderer): Promise<void> {
  if (renderer.prepareIdentityLists === undefined) return;
  const [identities, kinds] = await Promise.all([knownIdentities(db), documentKindsMade(db)]);
  for (const audience of audiencesToPrepare(kinds)) {
    const lists = identityListsOf(identities, audience);
    if (lists.identityListsKey === '') return;
    await renderer.prepareIdentityLists(lists.identityListsKey, lists);
  }
}
