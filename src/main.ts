import { ConfigError, loadConfig } from './config.ts';
import { startRuntime } from './runtime.ts';

/** `npm run dev`: the whole service in one process on embedded defaults. */
async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await startRuntime(config);
  console.log('survey-dialer: ready (Ctrl-C to stop)');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`survey-dialer: ${signal}, finishing in-flight work`);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
