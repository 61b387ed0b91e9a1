import type { Migration, MigrationProvider } from 'kysely';
import * as caseRecords from './2026-11-25-001-case-records.js';
import * as accountsAudit from './2026-11-25-002-accounts-audit.js';
import * as idempotency from './2026-11-25-003-idempotency.js';
import * as identitySideChannels from './2026-12-02-010-identity-side-channels.js';
import * as volumeIndexes from './2026-12-03-010-volume-indexes.js';
import * as organisationProfile from './2026-12-03-020-organisation-profile-document-files.js';
import * as appealsAddressBook from './2026-12-03-030-appeals-address-book.js';
import * as unCommunicationFields from './2026-12-03-040-un-communication-fields.js';
import * as documentReview from './2026-12-04-010-document-review.js';
import * as interventions from './2026-12-04-020-interventions.js';
import * as recordSearch from './2026-12-04-030-record-search.js';
import * as recordTranslations from './2026-12-04-050-record-translations.js';
import * as personIdentityRevision from './2026-12-04-060-person-identity-revision.js';
import * as generationJobs from './2026-12-04-040-generation-jobs.js';
import * as incidentSearchText from './2026-12-05-020-incident-search-text.js';
import * as incidentListRevision from './2026-12-06-010-incident-list-revision.js';
import * as personSearchFold from './2026-12-07-100-person-search-fold.js';
import * as recordAnswersRevision from './2026-12-07-200-record-answers-revision.js';
import * as pseudonymousSearchText from './2026-12-08-010-pseudonymous-search-text.js';
import * as searchFoldOrder from './2026-12-09-010-search-fold-order.js';
import * as incidentNamesShown from './2026-12-10-010-incident-names-shown.js';
import * as redactionRulesInitials from './2026-12-11-010-redaction-rules-initials.js';
import * as personFormerNames from './2026-12-11-020-person-former-names.js';

/**
 * Every migration, by name, in order. Listed statically (not read from the folder) so they load
 * the same way under tsx, vitest and worker threads. Names sort in the order they must run.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-25-001-case-records': caseRecords,
  '2026-11-25-002-accounts-audit': accountsAudit,
  '2026-11-25-003-idempotency': idempotency,
  '2026-12-02-010-identity-side-channels': identitySideChannels,
  '2026-12-03-010-volume-indexes': volumeIndexes,
  '2026-12-03-020-organisation-profile-document-files': organisationProfile,
  '2026-12-03-030-appeals-address-book': appealsAddressBook,
  '2026-12-03-040-un-communication-fields': unCommunicationFields,
  '2026-12-04-010-document-review': documentReview,
  '2026-12-04-020-interventions': interventions,
  '2026-12-04-030-record-search': recordSearch,
  '2026-12-04-050-record-translations': recordTranslations,
  '2026-12-04-060-person-identity-revision': personIdentityRevision,
  '2026-12-04-040-generation-jobs': generationJobs,
  '2026-12-05-020-incident-search-text': incidentSearchText,
  '2026-12-06-010-incident-list-revision': incidentListRevision,
  '2026-12-07-100-person-search-fold': personSearchFold,
  '2026-12-07-200-record-answers-revision': recordAnswersRevision,
  '2026-12-08-010-pseudonymous-search-text': pseudonymousSearchText,
  '2026-12-09-010-search-fold-order': searchFoldOrder,
  '2026-12-10-010-incident-names-shown': incidentNamesShown,
  '2026-12-11-010-redaction-rules-initials': redactionRulesInitials,
  '2026-12-11-020-person-former-names': personFormerNames,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
