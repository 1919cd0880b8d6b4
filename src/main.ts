import { apiDeps, startHttpServer } from './api/create-api.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startRuntime } from './runtime.ts';

/** The service: API and worker in one process (`npm run dev` on embedded defaults, `npm start` otherwise). */
async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await startRuntime(config);
  const http = await startHttpServer(apiDeps(config, runtime.db.sql, runtime.client));
  console.log(`api: ${http.url} (docs ${http.url}/docs)`);
  if (!config.auth.sessionSecretConfigured) console.log('auth: SESSION_SECRET unset, sessions end when this process stops');
  if (config.auth.devLogin) console.log('auth: dev sign-in enabled (POST /auth/dev/login)');
  console.log('survey-dialer: ready (Ctrl-C to stop)');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`survey-dialer: ${signal}, finishing in-flight work`);
    await http.close();
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
