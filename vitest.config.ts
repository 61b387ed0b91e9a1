import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files run in parallel processes; each data-layer test file gets its own schema or PGlite.
    pool: 'forks',
    maxWorkers: 2,
  },
});
