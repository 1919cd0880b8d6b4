import { Hono } from 'hono';
import { sameSecret } from '../../crypto/same-secret.ts';
import { campaignStateRefresher } from '../../observability/campaign-states.ts';
import { scrapeMetrics } from '../../observability/metrics-scrape.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';

/**
 * GET /metrics on the API's public port. Metrics tell an outsider how busy the service is and what
 * fails, so the route exists only with METRICS_TOKEN and answers only its bearer; without the token it
 * is the same 404 as any unknown path, so a scanner cannot tell it is there.
 */
export function metricsRoutes({ config, sql, temporalSdkMetricsUrl }: AppDeps) {
  const app = new Hono();
  const token = config.metrics.token;
  const refresh = campaignStateRefresher(sql);
  app.get('/metrics', async (c) => {
    const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) throw new ApiError(404, 'not_found', `no route for GET ${c.req.path}`);
    if (bearer === undefined) throw new ApiError(401, 'unauthorized', 'send Authorization: Bearer <METRICS_TOKEN>');
    if (!sameSecret(bearer, token)) throw new ApiError(403, 'forbidden', 'that metrics token is not valid');
    const { contentType, body } = await scrapeMetrics({ refresh, temporalSdkUrl: temporalSdkMetricsUrl });
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
  return app;
}
