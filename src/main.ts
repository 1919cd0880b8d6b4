import { pathToFileURL } from 'node:url';
import { apiDeps, startHttpServer } from './api/create-api.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startHealthServer } from './roles/health-server.ts';
import { roleFrom, RoleError, type Role } from './roles/role.ts';
import { startRuntime } from './runtime.ts';
import { logger } from './observability/logger.ts';
import { projectFile } from './project-files.ts';

/**
 * The service in one of its roles (ROLE): `all` runs API and workers in one process (`npm run dev` on
 * embedded defaults, `npm start` otherwise); `api`, `worker` and `agent` run apart against one cluster.
 */
async function main(): Promise<void> {
  const role: Role = roleFrom(process.env);
  if (role === 'agent') {
    logger.info('survey-dialer: role agent (LiveKit voice agent)');
    // the agents framework reads its command from argv: a bare `ROLE=agent` means `start`
    if (process.argv.length <= 2) process.argv.push('start');
    // by a computed path, so the compiled service (npm run build:service) leaves the agent and its
    // LiveKit libraries out: the agents framework runs its job entry from source, so this role runs
    // under tsx (`node --import tsx src/main.ts`, as docker-compose.yml's agent service does)
    await import(pathToFileURL(projectFile('agent/main.ts')).href).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'ERR_UNKNOWN_FILE_EXTENSION') throw new RoleError('the agent role runs from its sources: node --import tsx src/main.ts');
      throw error;
    });
    return;
  }
  const config = loadConfig();
  logger.level = config.serviceLogLevel;
  const runtime = await startRuntime(config, { worker: role !== 'api', role });
  const closers: (() => Promise<void>)[] = [];
  if (role === 'worker') {
    let running = true;
    const health = await startHealthServer(config.health.port, () => running, { temporalSdkUrl: runtime.sdkMetricsUrl }, config.health.host);
    closers.push(async () => {
      running = false;
      await health.close();
    });
    logger.info(`worker: health ${health.url}/healthz, metrics ${health.url}/metrics`);
  } else {
    const http = await startHttpServer({
      ...apiDeps(config, runtime.db.sql, runtime.client),
      temporalSdkMetricsUrl: runtime.sdkMetricsUrl,
      httpTracing: runtime.tracing?.httpMiddleware,
    });
    closers.push(() => http.close());
    logger.info(`api: ${http.url} (docs ${http.url}/docs)`);
    if (!config.auth.sessionSecretConfigured) logger.info('auth: SESSION_SECRET unset, sessions end when this process stops');
    if (config.auth.devLogin) logger.info('auth: dev sign-in enabled (POST /auth/dev/login)');
  }
  logger.info(`survey-dialer: role ${role} ready (Ctrl-C to stop)`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // HTTP first (no new launches), then the workers finish the activities they hold
    logger.info(`survey-dialer: ${signal}, finishing in-flight work`);
    for (const close of closers) await close();
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof RoleError) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'survey-dialer failed to start');
  process.exit(1);
});
