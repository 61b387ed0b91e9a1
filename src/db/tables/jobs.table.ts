import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from './records.table.js';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A generation as its caller follows it; pg-boss's own tables deliver it to a worker. */
export interface GenerationJobsTable {
  id: string;
  state: Generated<JobState>;
  stage: Generated<string>;
  request: ColumnType<unknown, string, string>;
  may_see_identities: boolean;
  created_by: string | null;
  idempotency_key: string | null;
  incidents_total: number | null;
  incidents_composed: Generated<number>;
  pages_estimated: number | null;
  pages_rendered: Generated<number>;
  attempts: Generated<number>;
  worker: string | null;
  cancel_requested: Generated<boolean>;
  document_id: string | null;
  error: ColumnType<unknown, string | null, string | null>;
  created_at: Generated<Timestamp>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}

export type GenerationJobRow = Selectable<GenerationJobsTable>;

export interface JobTables {
  generation_jobs: GenerationJobsTable;
}
