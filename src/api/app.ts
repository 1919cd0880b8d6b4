import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { requireUser } from './auth/require-user.ts';
import type { AppDeps } from './deps.ts';
import { ApiError, handleError } from './errors.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { applySignInRateLimits, applySpendRateLimits } from './rate-limits.ts';
import { authRoutes } from './routes/auth.ts';
import { callRoutes } from './routes/calls.ts';
import { doNotCallRoutes } from './routes/do-not-call.ts';
import { codecServerRoutes } from './routes/codec-server.ts';
import { campaignEventRoutes } from './routes/campaign-events.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { createSharedStatusReader } from '../campaigns/shared-status-reader.ts';
import { cspReportRoutes } from './routes/csp-reports.ts';
import { docsRoutes } from './routes/docs.ts';
import { contactRoutes } from './routes/contacts.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { httpMetrics } from '../observability/http-metrics.ts';
import { responseRoutes } from './routes/responses.ts';
import { surveyRoutes } from './routes/surveys.ts';
import { twilioWebhookRoutes } from './routes/twilio-webhooks.ts';
import { usageRoutes } from './routes/usage.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { signInOptionRoutes } from './routes/sign-in-options.ts';
import { webAppRoutes } from './routes/web-app.ts';
import { contentSecurityPolicy, CSP_REPORT_PATH, htmlContentSecurityPolicy, signInOrigins } from './web/content-security-policy.ts';

/** The whole HTTP API; `serve()` lives in the entry point so tests drive this with `app.request()`. */
export function createApp(deps: AppDeps) {
  const { config } = deps;
  const frontendOrigin = new URL(config.http.frontendUrl).origin;
  const allowedOrigins = [frontendOrigin, new URL(config.http.publicUrl).origin];
  const app = new Hono();

  app.onError(handleError);
  // outermost, so the span covers the whole request and parents every Temporal call a handler makes
  if (deps.httpTracing) app.use('*', deps.httpTracing);
  // first, so every request is timed, the codec's and refused ones included
  app.use('*', httpMetrics());
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  // before the app-wide CORS: the codec answers the Temporal Web UI's origin, not the frontend's
  app.route('/codec', codecServerRoutes(config));
  app.use('*', secureHeaders({ crossOriginResourcePolicy: false }));
  const policy = contentSecurityPolicy(signInOrigins([config.auth.google?.issuer, config.auth.microsoft?.issuer]));
  app.use('*', htmlContentSecurityPolicy(policy));
  const crossOrigin = cors({ origin: frontendOrigin, credentials: true, allowHeaders: ['Authorization', 'Content-Type'] });
  // CORS headers mean something only to a browser, which sends Origin on every cross-origin request;
  // without one, only `Vary: Origin` (so a cache never hands this answer to a cross-origin caller).
  // Hono's cors sets its headers before the handler answers, and merging them into the answer then
  // costs a full Fetch Response (so does `c.header` after it): about 7 % of a status request's CPU,
  // for API clients and pollers. Set on the answer's own headers, as secureHeaders does, it costs none.
  app.use('*', async (c, next) => {
    if (c.req.header('origin') !== undefined) return crossOrigin(c, next);
    await next();
    c.res.headers.append('Vary', 'Origin');
  });

  const tooLarge = (limit: number) => () => {
    throw new ApiError(413, 'payload_too_large', `the body is larger than ${limit} bytes`);
  };
  const uploadLimit = bodyLimit({ maxSize: config.http.maxUploadBytes, onError: tooLarge(config.http.maxUploadBytes) });
  const defaultLimit = bodyLimit({ maxSize: config.http.maxBodyBytes, onError: tooLarge(config.http.maxBodyBytes) });
  app.use('*', (c, next) => {
    // nothing reads a body of these; the check itself would build the full Fetch Request that Node's
    // adapter otherwise skips (about 7 % of a status request's CPU)
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return (/^\/surveys\/[^/]+\/contacts$/.test(c.req.path) ? uploadLimit : defaultLimit)(c, next);
  });

  app.route('/', healthRoutes(deps));
  app.route('/', metricsRoutes(deps));
  applySignInRateLimits(app, config);
  app.route('/auth/providers', signInOptionRoutes(deps));
  app.route('/auth', authRoutes(deps));
  app.route('/twilio', twilioWebhookRoutes(deps));

  const openapi = buildOpenApiDocument(config.http.publicUrl);
  app.get('/openapi.json', (c) => c.json(openapi));
  app.route('/', docsRoutes());
  app.route(CSP_REPORT_PATH, cspReportRoutes());
  app.route('/', webAppRoutes());

  const signedIn = requireUser({ sql: deps.sql, sessions: deps.sessions, allowedOrigins });
  for (const prefix of ['/surveys', '/surveys/*', '/campaigns', '/campaigns/*', '/api-keys', '/api-keys/*', '/webhooks', '/webhooks/*', '/usage', '/calls/*', '/responses/*', '/do-not-call', '/do-not-call/*']) app.use(prefix, signedIn);
  applySpendRateLimits(app, config);
  app.route('/surveys', surveyRoutes(deps));
  app.route('/surveys', contactRoutes(deps));
  app.route('/surveys', responseRoutes(deps));
  app.route('/surveys', analyticsRoutes(deps));
  // one status reader for /status and the event stream: one workflow query per campaign however many ask
  const readStatus = createSharedStatusReader(deps.temporal);
  app.route('/campaigns', campaignEventRoutes(deps, { readStatus }));
  app.route('/campaigns', campaignRoutes(deps, readStatus));
  app.route('/api-keys', apiKeyRoutes(deps));
  app.route('/webhooks', webhookRoutes(deps));
  app.route('/usage', usageRoutes(deps));
  app.route('/', callRoutes(deps));
  app.route('/do-not-call', doNotCallRoutes(deps));
  return app;
}
