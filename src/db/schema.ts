import type { AppealTables } from './tables/appeals.table.js';
import type { AuthTables } from './tables/auth.table.js';
import type { DocumentTables } from './tables/documents.table.js';
import type { IdempotencyTables } from './tables/idempotency.table.js';
import type { JobTables } from './tables/jobs.table.js';
import type { InterventionTables } from './tables/interventions.table.js';
import type { OrganisationTables } from './tables/organisation.table.js';
import type { RecordTables } from './tables/records.table.js';

/**
 * The one Database type every repository queries: the tables of each feature, assembled. The
 * migrations (migrations/) create them; each table file says what its feature keeps.
 */
export interface Database extends RecordTables, DocumentTables, AuthTables, IdempotencyTables, OrganisationTables, AppealTables, JobTables, InterventionTables {}

export type { DocumentFileRow, DocumentRow, NewDocument, NewDocumentFile } from './tables/documents.table.js';
export type { OrganisationProfileRow } from './tables/organisation.table.js';
export type {
  IncidentRow, OrganisationRow, PersonRow, RecommendationRow, SourceRow,
} from './tables/records.table.js';
