import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { httpRequestDuration } from './metrics.ts';

/**
 * Times every request and labels it with the route pattern Hono matched (`/campaigns/:id/status`),
 * never the raw path: ids in a label would make one series per campaign and put ids in dashboards.
 * A request no route answers is labelled `unmatched`.
 */
export function httpMetrics(): MiddlewareHandler {
  return async (c, next) => {
    const stop = httpRequestDuration.startTimer();
    try {
      await next();
    } finally {
      // after next(), the route index points at the handler (or middleware) that answered
      const pattern = c.finalized ? routePath(c) : '';
      const route = pattern === '' || pattern === '*' || pattern === '/*' ? 'unmatched' : pattern;
      stop({ method: c.req.method, route, status: String(c.res.status) });
    }
  };
}
