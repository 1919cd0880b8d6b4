import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { swaggerUI } from '@hono/swagger-ui';
import { requireUser } from './auth/require-user.ts';
import type { AppDeps } from './deps.ts';
import { ApiError, handleError } from './errors.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { authRoutes } from './routes/auth.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { contactRoutes } from './routes/contacts.ts';
import { healthRoutes } from './routes/health.ts';
import { responseRoutes } from './routes/responses.ts';
import { surveyRoutes } from './routes/surveys.ts';
import { twilioWebhookRoutes } from './routes/twilio-webhooks.ts';

/** The whole HTTP API; `serve()` lives in the entry point so tests drive this with `app.request()`. */
export function createApp(deps: AppDeps) {
  const { config } = deps;
  const frontendOrigin = new URL(config.http.frontendUrl).origin;
  const allowedOrigins = [frontendOrigin, new URL(config.http.publicUrl).origin];
  const app = new Hono();

  app.onError(handleError);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  app.use('*', secureHeaders({ crossOriginResourcePolicy: false }));
  app.use('*', cors({ origin: frontendOrigin, credentials: true, allowHeaders: ['Authorization', 'Content-Type'] }));

  const tooLarge = (limit: number) => () => {
    throw new ApiError(413, 'payload_too_large', `the body is larger than ${limit} bytes`);
  };
  const uploadLimit = bodyLimit({ maxSize: config.http.maxUploadBytes, onError: tooLarge(config.http.maxUploadBytes) });
  const defaultLimit = bodyLimit({ maxSize: config.http.maxBodyBytes, onError: tooLarge(config.http.maxBodyBytes) });
  app.use('*', (c, next) => (/^\/surveys\/[^/]+\/contacts$/.test(c.req.path) ? uploadLimit : defaultLimit)(c, next));

  app.route('/', healthRoutes(deps));
  app.route('/auth', authRoutes(deps));
  app.route('/twilio', twilioWebhookRoutes(deps));

  const openapi = buildOpenApiDocument(config.http.publicUrl);
  app.get('/openapi.json', (c) => c.json(openapi));
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));

  const signedIn = requireUser({ sql: deps.sql, sessions: deps.sessions, allowedOrigins });
  for (const prefix of ['/surveys', '/surveys/*', '/campaigns', '/campaigns/*']) app.use(prefix, signedIn);
  app.route('/surveys', surveyRoutes(deps));
  app.route('/surveys', contactRoutes(deps));
  app.route('/surveys', responseRoutes(deps));
  app.route('/campaigns', campaignRoutes(deps));
  return app;
}
