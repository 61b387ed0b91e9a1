import { hasNoIncidents } from '../records/records.repository.js';
import { readFile } from 'node:fs/promises';
import type { Db } from '../db/database.js';
import { validateBundle } from '../records/bundle-validation.js';
import { importBundle, type ImportSummary } from '../records/bundle.service.js';

export const DEMO_BUNDLE_URL = new URL('./kz-2018-q1.bundle.json', import.meta.url);

export async function readDemoBundle(): Promise<unknown> {
  return JSON.parse(await readFile(DEMO_BUNDLE_URL, 'utf8'));
}

/** Loads the Kazakhstan demo bundle (validated like any other bundle). */
export async function loadDemoData(db: Db): Promise<ImportSummary> {
  const result = validateBundle(await readDemoBundle());
  if (!result.ok) throw new Error(`demo bundle is invalid: ${JSON.stringify(result.problems.slice(0, 5))}`);
  return importBundle(db, result.bundle);
}

/** True when the database holds no incident yet (a first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  return hasNoIncidents(db);
}
