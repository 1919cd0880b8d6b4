import { apiDeps, startHttpServer } from './api/create-api.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startHealthServer } from './roles/health-server.ts';
import { roleFrom, RoleError, type Role } from './roles/role.ts';
import { startRuntime } from './runtime.ts';

/**
 * The service in one of its roles (ROLE): `all` runs API and workers in one process (`npm run dev` on
 * embedded defaults, `npm start` otherwise); `api`, `worker` and `agent` run apart against one cluster.
 */
async function main(): Promise<void> {
  const role: Role = roleFrom(process.env);
  if (role === 'agent') {
    console.log('survey-dialer: role agent (LiveKit voice agent)');
    // the agents framework reads its command from argv: a bare `ROLE=agent` means `start`
    if (process.argv.length <= 2) process.argv.push('start');
    await import('../agent/main.ts');
    return;
  }
  const config = loadConfig();
  const runtime = await startRuntime(config, { worker: role !== 'api' });
  const closers: (() => Promise<void>)[] = [];
  if (role === 'worker') {
    let running = true;
    const health = await startHealthServer(Number(process.env.HEALTH_PORT ?? 8081), () => running, { temporalSdkUrl: runtime.sdkMetricsUrl });
    closers.push(async () => {
      running = false;
      await health.close();
    });
    console.log(`worker: health ${health.url}/healthz, metrics ${health.url}/metrics`);
  } else {
    const http = await startHttpServer({ ...apiDeps(config, runtime.db.sql, runtime.client), temporalSdkMetricsUrl: runtime.sdkMetricsUrl });
    closers.push(() => http.close());
    console.log(`api: ${http.url} (docs ${http.url}/docs)`);
    if (!config.auth.sessionSecretConfigured) console.log('auth: SESSION_SECRET unset, sessions end when this process stops');
    if (config.auth.devLogin) console.log('auth: dev sign-in enabled (POST /auth/dev/login)');
  }
  console.log(`survey-dialer: role ${role} ready (Ctrl-C to stop)`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // HTTP first (no new launches), then the workers finish the activities they hold
    console.log(`survey-dialer: ${signal}, finishing in-flight work`);
    for (const close of closers) await close();
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof RoleError ? error.message : error);
  process.exit(1);
});
