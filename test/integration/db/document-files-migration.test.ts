import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../../migrations/index.js';
import { migrateToLatest } from '../../../src/db/database.js';
import { getDocumentFile } from '../../../src/documents/documents.repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/**
 * Migration 2026-12-03-020: a version stored before both formats keeps its bytes (moved to
 * document_files) and stays downloadable; an approved version's file cannot be removed.
 */

let database: TestDatabase;
const ID = '11111111-1111-4111-8111-111111111111';
const BYTES = Buffer.from('%PDF-1.7 an older version\n%%EOF\n');

beforeAll(async () => {
  database = await createTestDatabase({ migrated: false });
  const migrator = new Migrator({ db: database.db, provider: migrationProvider });
  const { error } = await migrator.migrateTo('2026-12-02-010-identity-side-channels');
  if (error) throw error;
  await sql`insert into documents (id, series_id, version, kind, format, language, title, file_name, content_type, draft, request, provenance, bytes, byte_size, sha256, template_hash, claims, incidents, sources)
    values (${ID}, ${ID}, 1, 'urgent-appeal', 'pdf', 'en', 'An older appeal', 'urgent-appeal-KZ-2026-11-30.pdf', 'application/pdf', false, '{}', '{}', ${BYTES}, ${BYTES.length}, 'abc', 'def', 1, 1, 1)`.execute(database.db);
  await migrateToLatest(database.db);
});
afterAll(async () => database?.close());

describe('documents stored before both formats', () => {
  it('keep their one file, by default and by its format', async () => {
    const stored = await getDocumentFile(database.db, ID);
    expect(stored?.file).toMatchObject({ format: 'pdf', file_name: 'urgent-appeal-KZ-2026-11-30.pdf', content_type: 'application/pdf', sha256: 'abc' });
    expect(Buffer.from(stored!.file!.bytes).equals(BYTES)).toBe(true);
    expect((await getDocumentFile(database.db, ID, 'docx'))?.file).toBeUndefined();
    const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'documents'`.execute(database.db);
    expect(columns.rows.map((c) => c.column_name)).not.toContain('bytes');
  });

  it('an approved version\'s file can be neither changed nor removed', async () => {
    await sql`update documents set status = 'approved', approved_by = 'lawyer', approved_at = now() where id = ${ID}`.execute(database.db);
    await expect(sql`delete from document_files where document_id = ${ID}`.execute(database.db)).rejects.toThrow(/approved and cannot change/);
    await expect(sql`update document_files set bytes = '\\x00' where document_id = ${ID}`.execute(database.db)).rejects.toThrow(/do not change/);
  });
});
