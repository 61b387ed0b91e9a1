import type { Db } from '../../db/database.js';
import { currentRecordVersions } from '../../records/records.repository.js';
import type { Provenance, RecordRef } from '../compose/compose.js';
import { getDocumentSources } from '../documents.repository.js';
import type { DocumentKind } from '../request.schemas.js';
import { templateHash } from '../template/templates.js';

/**
 * Whether an approved version still says what its records say: each incident, person and source
 * its provenance names, by id and version, against the records today, and its template against
 * today's. A version that is not approved is not "out of date": it is still being worked on.
 */
export interface OutOfDate {
  /** Records changed or deleted since the version was generated. */
  count: number;
  templateChanged: boolean;
  records: ChangedRecord[];
}

export interface ChangedRecord {
  type: 'incident' | 'person' | 'source';
  /** Today's key (a deleted record: the key provenance kept, null when it spelled a name). */
  key: string | null;
  /** An incident's or source's title, a person's name (shaped for callers without identities:read); null when deleted. */
  title: string | null;
  /** The version the document was made from. */
  version: number;
  /** Today's version; null when the record was deleted. */
  currentVersion: number | null;
}

const TYPES = [['incidents', 'incident'], ['persons', 'person'], ['sources', 'source']] as const;

/** Null when the version is not approved (or does not exist). */
export async function outOfDateOf(db: Db, id: string): Promise<OutOfDate | null> {
  const doc = await getDocumentSources(db, id);
  if (!doc || doc.status !== 'approved') return null;
  const provenance = doc.provenance as Partial<Provenance> | null;
  const records: ChangedRecord[] = [];
  for (const [table, type] of TYPES) {
    const refs: RecordRef[] = provenance?.records?.[table] ?? [];
    const current = new Map((await currentRecordVersions(db, table, refs.map((r) => r.id))).map((r) => [r.id, r]));
    for (const ref of refs) {
      const now = current.get(ref.id);
      if (now && now.version === ref.version) continue;
      records.push({ type, key: now?.key ?? ref.key, title: now?.title ?? null, version: ref.version, currentVersion: now?.version ?? null });
    }
  }
  let templateChanged = false;
  try {
    templateChanged = templateHash(doc.kind as DocumentKind) !== doc.template_hash;
  } catch {
    templateChanged = true; // a kind no longer known: its template certainly changed
  }
  return { count: records.length, templateChanged, records };
}
