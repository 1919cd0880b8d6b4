import { defineConfig } from 'vitest/config';
import { onPostgresServer } from './test/helpers/test-database.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the cluster and LiveKit runs: `npm run test:long`
    exclude: ['test/long/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-logging.ts'],
    // one real Temporal server and one database for the whole suite. Most files spend their time waiting
    // on timers and calls, so on a PostgreSQL server three run side by side (each on its own task queue
    // and users); embedded PGlite serves one connection at a time, so there files run in turn
    fileParallelism: onPostgresServer,
    maxWorkers: onPostgresServer ? 3 : 1,
    // files share their test process's modules (@temporalio/worker's native runtime alone took 1.5 s to
    // load per file): a file that reads process-wide state (the metrics registry) resets it first
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
