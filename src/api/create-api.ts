import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { createApp } from './app.ts';
import { createOidcProvider } from './auth/oidc.ts';
import { createSessions } from './auth/session.ts';
import { createSecretBox } from '../crypto/secret-box.ts';
import { FORMS_READ_SCOPE } from '../surveys/google-form/forms-api.ts';
import type { AppDeps } from './deps.ts';
import { createRecordingProvider } from '../telephony/create-telephony.ts';

/** The app's dependencies from configuration: sessions and the configured sign-in providers. */
export function apiDeps(config: Config, sql: Sql, temporal: Client): AppDeps {
  const { auth } = config;
  return {
    config,
    sql,
    temporal,
    sessions: createSessions(auth.sessionSecret, auth.sessionTtlSeconds),
    secrets: createSecretBox(auth.tokenKey),
    recordings: createRecordingProvider(config.telephony),
    oidc: {
      ...(auth.google
        ? {
            google: createOidcProvider('google', auth.google, auth.sessionSecret, {
              extraScopes: auth.google.requestFormsAccess ? [FORMS_READ_SCOPE] : [],
              offline: auth.google.requestFormsAccess,
            }),
          }
        : {}),
      ...(auth.microsoft ? { microsoft: createOidcProvider('microsoft', auth.microsoft, auth.sessionSecret) } : {}),
    },
  };
}

/** Listens on HOST:PORT; resolves once the socket is bound. */
export function startHttpServer(deps: AppDeps): Promise<{ server: ServerType; url: string; close(): Promise<void> }> {
  const app = createApp(deps);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: deps.config.http.host, port: deps.config.http.port }, (info) => {
      resolve({
        server,
        url: `http://${info.address}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
