import { fileURLToPath } from 'node:url';
import { cli, ServerOptions } from '@livekit/agents';
import { loadAgentConfig } from './config.ts';

// `npm run agent -- start`: registers under an explicit agent name, so only dispatched calls reach it;
// on SIGTERM the framework drains running calls before exiting.
const config = loadAgentConfig();
cli.runApp(
  new ServerOptions({
    agent: fileURLToPath(new URL('./entry.ts', import.meta.url)),
    agentName: config.LIVEKIT_AGENT_NAME,
  }),
);
