import type { Context, MiddlewareHandler } from 'hono';
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
      stop({ method: c.req.method, route: matchedRoute(c), status: String(c.res.status) });
    }
  };
}

/** After `next()`: the route pattern that answered (the route index points at its handler), or `unmatched`. */
export function matchedRoute(c: Context): string {
  const pattern = c.finalized ? routePath(c) : '';
  return pattern === '' || pattern === '*' || pattern === '/*' ? 'unmatched' : pattern;
}
