import { fileURLToPath } from 'node:url';
import { cli, ServerOptions, type AgentServer } from '@livekit/agents';
import { logger } from '../src/observability/logger.ts';
import { startHealthServer } from '../src/roles/health-server.ts';
import { loadAgentConfig } from './config.ts';
import { routeFrameworkLogs } from './logs.ts';
import { receiveJobProcessEvents } from './metrics.ts';

// `npm run agent -- start`: registers under an explicit agent name, so only dispatched calls reach it;
// on SIGTERM the framework drains running calls before exiting.
const config = loadAgentConfig();
const maxCalls = config.AGENT_MAX_CALLS;
// before the framework creates its logger and forks its first job process
routeFrameworkLogs();
const command = process.argv[2];
if (command === 'start' || command === 'dev') {
  receiveJobProcessEvents();
  // the framework's own server (AGENT_HTTP_PORT) answers `/` and `/worker` only: metrics get a port of their own
  const metrics = await startHealthServer(config.AGENT_METRICS_PORT, () => true, {}, config.AGENT_METRICS_HOST);
  logger.info({ component: 'agent' }, `agent: metrics ${metrics.url}/metrics`);
}
/** The framework's own default for `start` (machine CPU share at which the worker stops taking jobs). */
const PRODUCTION_LOAD_THRESHOLD = 0.7;

cli.runApp(
  new ServerOptions({
    agent: fileURLToPath(new URL('./entry.ts', import.meta.url)),
    agentName: config.LIVEKIT_AGENT_NAME,
    host: config.AGENT_HTTP_HOST,
    port: config.AGENT_HTTP_PORT,
    numIdleProcesses: config.AGENT_IDLE_PROCESSES,
    initializeProcessTimeout: config.AGENT_INIT_TIMEOUT_SECONDS && config.AGENT_INIT_TIMEOUT_SECONDS * 1000,
    // explicit either way: options built here (not in production mode) carry the framework's dev
    // threshold (Infinity), which `start` would keep, so the worker would never call itself full
    ...(maxCalls ? { loadFunc: async (server: AgentServer) => server.activeJobs.length / maxCalls, loadThreshold: 1 } : { loadThreshold: PRODUCTION_LOAD_THRESHOLD }),
  }),
);
