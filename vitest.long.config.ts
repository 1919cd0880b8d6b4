import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:long`: the slow runs against real servers built from source (a Temporal cluster on
 * PostgreSQL), kept out of `npm test`; CI runs both. Same global setup (a dev server, a database and
 * the workflow bundle), which these tests may use or not.
 */
export default defineConfig({
  ...base,
  // one at a time, each in a fresh process: they start servers (the cluster on its fixed ports) and kill processes
  test: { ...base.test, include: ['test/long/**/*.test.ts'], exclude: [], fileParallelism: false, maxWorkers: 1, isolate: true },
});
