import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

/** `npm run fuzz -- --runs 5000`: the route fuzz suite on the test setup (real Temporal, real database), longer. */
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5000' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs takes a positive whole number');
  process.exit(2);
}
const result = spawnSync('npx', ['vitest', 'run', 'test/api/fuzz.test.ts'], { stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: String(runs) } });
process.exit(result.status ?? 1);
