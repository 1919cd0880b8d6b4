import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';

/** The worker role's only port: `GET /healthz` answers 200 while the workers run, 503 once they stop. */
export async function startHealthServer(port: number, healthy: () => boolean): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  app.get('/healthz', (c) => (healthy() ? c.json({ status: 'ok' }) : c.json({ status: 'stopping' }, 503)));
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
