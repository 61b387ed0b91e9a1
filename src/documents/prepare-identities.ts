import type { Audience } from '../consent/consent.js';
import { knownIdentities } from '../consent/identity-cache.js';
import type { Db } from '../db/database.js';
import { identityListsOf } from './case-file/case-file.js';
import type { DocumentRenderer } from './workers/render-pool.js';

/**
 * Public first: its protected persons are also those a UN communication must not print to readers
 * without identities:read, so the UN documents' indexes then reuse that one instead of building it again.
 */
const AUDIENCES: readonly Audience[] = ['public', 'un'];

/**
 * Makes the name indexes documents of every audience need, for the persons as they are now, before
 * a document asks for them: after a start, the first document otherwise waits for their build
 * (35 s at 20,000 persons). One audience after the other: a build holds ~500 MB while it runs.
 * A build that fails is left to the first document, as without this.
 */
export async function prepareDocumentIdentities(db: Db, renderer: DocumentRenderer): Promise<void> {
  if (renderer.prepareIdentityLists === undefined) return;
  const identities = await knownIdentities(db);
  for (const audience of AUDIENCES) {
    const lists = identityListsOf(identities, audience);
    if (lists.identityListsKey === '') return;
    await renderer.prepareIdentityLists(lists.identityListsKey, lists);
  }
}
