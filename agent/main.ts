import { fileURLToPath } from 'node:url';
import { cli, ServerOptions, type AgentServer } from '@livekit/agents';
import { loadAgentConfig } from './config.ts';

// `npm run agent -- start`: registers under an explicit agent name, so only dispatched calls reach it;
// on SIGTERM the framework drains running calls before exiting.
const config = loadAgentConfig();
const maxCalls = config.AGENT_MAX_CALLS;
cli.runApp(
  new ServerOptions({
    agent: fileURLToPath(new URL('./entry.ts', import.meta.url)),
    agentName: config.LIVEKIT_AGENT_NAME,
    host: config.AGENT_HTTP_HOST,
    port: config.AGENT_HTTP_PORT,
    numIdleProcesses: config.AGENT_IDLE_PROCESSES,
    initializeProcessTimeout: config.AGENT_INIT_TIMEOUT_SECONDS && config.AGENT_INIT_TIMEOUT_SECONDS * 1000,
    ...(maxCalls ? { loadFunc: async (server: AgentServer) => server.activeJobs.length / maxCalls, loadThreshold: 1 } : {}),
  }),
);
