import { defineConfig } from 'vitest/config';

/**
 * Three tiers (test/README.md): unit/ (no database, no app), integration/ (PostgreSQL when
 * TEST_DATABASE_URL is set, else PGlite; app.inject), e2e/ (Chromium against a listening app).
 * These timeouts are the only ones: no test raises its own.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files run in parallel processes; each data-layer test file gets its own database.
    pool: 'forks',
    maxWorkers: 2,
  },
});
