import type { Db } from '../../db/database.js';
import { loadEveryoneRedactor } from '../../consent/identity-shaping.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { getDocumentText, listReviewComments } from '../documents.repository.js';
import { refuseIfNamesProtected } from '../documents.service.js';
import { readNumberedText, type NumberedText } from '../model/numbered-text.js';
import { compareVersions, type Comparison } from './compare.js';

/**
 * What a reviewer reads: a version's numbered text, its comments, and two versions compared.
 * Shaped like the version's file: refused (403) to a caller without identities:read when the
 * version prints a name protected in public; otherwise, for such a caller, every name of anybody
 * on record is replaced by the pseudonym BEFORE comparing, so no part of a comparison can carry
 * a name (or half of one) the versions would not show them.
 */
export interface ReadDeps {
  db: Db;
  maySeeIdentities: boolean;
}

async function shapedText(deps: ReadDeps, text: NumberedText): Promise<NumberedText> {
  if (deps.maySeeIdentities) return text;
  const r = await loadEveryoneRedactor(deps.db);
  return {
    paragraphs: text.paragraphs.map((p) => ({ ...p, text: r.redact(p.text) })),
    notes: text.notes.map((n) => ({ ...n, text: r.redact(n.text) })),
  };
}

async function readableText(deps: ReadDeps, id: string) {
  const row = await getDocumentText(deps.db, id);
  if (!row) throw new NotFoundError('Document');
  refuseIfNamesProtected(deps, row.names_protected_persons);
  const text = readNumberedText(row.text);
  return { row, text: text ? await shapedText(deps, text) : null };
}

/** A version's numbered text; null when the version was generated before texts were stored. */
export async function versionText(deps: ReadDeps, id: string): Promise<NumberedText | null> {
  return (await readableText(deps, id)).text;
}

export interface VersionComparison extends Comparison {
  from: { id: string; version: number };
  to: { id: string; version: number };
}

/** Two versions of one document, the earlier one first whatever the order asked. */
export async function compareDocumentVersions(deps: ReadDeps, id: string, otherId: string): Promise<VersionComparison> {
  const [a, b] = [await readableText(deps, id), await readableText(deps, otherId)];
  if (a.row.series_id !== b.row.series_id) {
    throw new InvalidInputError('Only versions of the same document can be compared.', [{ path: '/with', message: 'is a version of another document' }]);
  }
  const [before, after] = a.row.version <= b.row.version ? [a, b] : [b, a];
  for (const v of [before, after]) {
    if (!v.text) throw new ConflictError(`Version ${v.row.version} was generated before texts were kept for comparison: generate a new version to compare.`);
  }
  return {
    from: { id: before.row.id, version: before.row.version },
    to: { id: after.row.id, version: after.row.version },
    ...compareVersions(before.text!, after.text!),
  };
}

export interface ReviewComment {
  id: number;
  documentId: string;
  paragraph: number | null;
  note: number | null;
  text: string;
  author: string;
  createdAt: string;
}

/** Comments on versions (oldest first). Their text is typed by lawyers: shaped for callers without identities:read. */
export async function reviewComments(deps: ReadDeps, documentIds: readonly string[]): Promise<ReviewComment[]> {
  const rows = await listReviewComments(deps.db, documentIds);
  const r = deps.maySeeIdentities || rows.length === 0 ? null : await loadEveryoneRedactor(deps.db);
  return rows.map((c) => ({
    id: c.id, documentId: c.document_id, paragraph: c.paragraph, note: c.note, text: r ? r.redact(c.body) : c.body,
    author: c.author, createdAt: new Date(c.created_at).toISOString(),
  }));
}
