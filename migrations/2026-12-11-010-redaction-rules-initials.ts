import { type Kysely, sql } from 'kysely';

/**
 * The redaction rules read more of a name (consent/name-matcher.ts withInitialsAfter): initials
 * and a patronymic right after a protected name ("Rustam R." was "Witness C R.", "Rustam
 * Rakhimovich Rahimov" was "Witness C Rakhimovich Witness C"), and more spellings of it
 * (consent/spelling-readings.ts: Raqymov, Rahimoff, Rustamjon, Jumabaiuly; "Rahi- mov" joined
 * as a line break is: consent/tokenize.ts). Texts kept as shown under the old
 * rules — the incidents' shaped search text and shown texts, kept per persons revision
 * (consent/shaped-incident-search.ts) — would still be answered with: a new persons revision
 * makes every one of them stale, and the background pass makes them again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update person_identity_revision set revision = nextval('person_identity_revision_seq') where id = 1`.execute(db);
  await sql`update incident_shaped_search_state set complete_at = null`.execute(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: the texts are made again under whichever rules run.
}
