import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { hasPostgres } from './support/tools.js';
import { createTemplate, dropDatabases, dropLeftovers, runPrefix, writePgliteDump, type TestDatabasesContext } from './support/test-databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: TestDatabasesContext['postgres'];
    pgliteDump: TestDatabasesContext['pgliteDump'];
  }
}

/**
 * Once per run, before any test file: the migrated template every test database is copied from
 * (see support/test-databases.ts). In CI a missing TEST_DATABASE_URL fails the run here.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  if (url || hasPostgres()) {
    const base = url!;
    await dropLeftovers(base);
    const prefix = runPrefix();
    try {
      const template = await createTemplate(base, prefix);
      project.provide('postgres', { template, prefix });
      project.provide('pgliteDump', null);
    } catch (err) {
      await dropDatabases(base, prefix);
      throw err;
    }
    return () => dropDatabases(base, prefix);
  }
  const dir = await mkdtemp(join(tmpdir(), 'advocacy-pglite-template-'));
  const dump = join(dir, 'migrated.tar');
  await writePgliteDump(dump);
  project.provide('postgres', null);
  project.provide('pgliteDump', dump);
  return () => rm(dir, { recursive: true, force: true });
}
