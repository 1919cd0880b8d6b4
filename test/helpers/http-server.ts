import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP server on 127.0.0.1 whose handler is set after it listens: the app's config needs the
 * server's own origin (PUBLIC_URL, for the cookie Origin check), which is known only once bound.
 */
export async function startLateBoundServer() {
  let handler: ((request: Request) => Response | Promise<Response>) | null = null;
  const server = serve({ fetch: (request) => (handler ? handler(request) : new Response('starting', { status: 503 })), hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    handle(fetch: (request: Request) => Response | Promise<Response>) {
      handler = fetch;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
