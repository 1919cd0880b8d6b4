import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the cluster and LiveKit runs: `npm run test:long`
    exclude: ['test/long/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-logging.ts'],
    // one real Temporal server and one database for the whole suite; 2-core machines run files in turn
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
