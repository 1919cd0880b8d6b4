import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { scrapeMetrics, type MetricsSources } from '../observability/metrics-scrape.ts';

/**
 * The worker role's only port: `GET /healthz` answers 200 while the workers run, 503 once they stop;
 * `GET /metrics` the process's metrics (the service's and the Temporal SDK's). No token: this port is
 * for the orchestrator and Prometheus, never published to the internet.
 */
export async function startHealthServer(
  port: number,
  healthy: () => boolean,
  metrics: MetricsSources = {},
  hostname = '127.0.0.1',
): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  app.get('/healthz', (c) => (healthy() ? c.json({ status: 'ok' }) : c.json({ status: 'stopping' }, 503)));
  app.get('/metrics', async (c) => {
    const { contentType, body } = await scrapeMetrics(metrics);
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s));
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${hostname}:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
