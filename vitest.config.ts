import { defineConfig } from 'vitest/config';

/**
 * Three tiers (test/README.md): unit/ (no database, no app), integration/ (PostgreSQL when
 * TEST_DATABASE_URL is set, else PGlite; app.inject), e2e/ (Chromium against a listening app).
 * Only the tiers with a database run the global setup that makes the migrated template, so a run
 * of unit tests alone does not pay for it. These timeouts are the only ones: no test raises its own.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files run in parallel processes; each data-layer test file gets its own database.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'], globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});
