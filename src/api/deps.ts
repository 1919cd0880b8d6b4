import type { Client } from '@temporalio/client';
import type { MiddlewareHandler } from 'hono';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import type { Sessions } from './auth/session.ts';
import type { OidcProvider, ProviderName } from './auth/oidc.ts';
import type { PageFetcher } from '../surveys/google-form/fetch-google-form.ts';
import type { RecordingProvider } from '../telephony/ports.ts';

/** Everything the HTTP layer uses, injected so tests build the app around stand-ins. */
export interface AppDeps {
  config: Config;
  sql: Sql;
  temporal: Client;
  sessions: Sessions;
  oidc: Partial<Record<ProviderName, OidcProvider>>;
  /** seals API tokens a sign-in granted (Google Forms read access) */
  secrets: SecretBox;
  /** Streams call recordings from the carrier; absent: none can be played (404) */
  recordings?: RecordingProvider;
  /** Fetches public Google Form pages (tests serve saved ones). */
  fetchFormPage?: PageFetcher;
  /** In a process that also runs workers (ROLE=all): the Temporal SDK's metrics, merged into /metrics. */
  temporalSdkMetricsUrl?: string | null;
  /** OpenTelemetry: a SERVER span per request (src/observability/tracing.ts); absent: none */
  httpTracing?: MiddlewareHandler;
}
