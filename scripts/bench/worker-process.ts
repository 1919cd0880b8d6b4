// A campaign worker in a process of its own, so the bench measures its memory apart from the Temporal
// server, the API and the bench's client. Configured by the environment like the service's worker role;
// BENCH_WORKFLOW_BUNDLE names a pre-built bundle (bundling at start would be measured with it).
import { loadConfig } from '../../src/config.ts';
import { logger } from '../../src/observability/logger.ts';
import { startRuntime } from '../../src/runtime.ts';

const config = loadConfig(process.env);
logger.level = config.serviceLogLevel;
const bundle = process.env.BENCH_WORKFLOW_BUNDLE;
const runtime = await startRuntime(config, { worker: true, role: 'worker', ...(bundle ? { workflowBundle: { codePath: bundle } } : {}), log: () => {} });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void runtime.stop().finally(() => process.exit(0));
});
