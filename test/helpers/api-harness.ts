import { readFileSync } from 'node:fs';
import { apiDeps } from '../../src/api/create-api.ts';
import { createApp } from '../../src/api/app.ts';
import type { AppDeps } from '../../src/api/deps.ts';
import { loadConfig } from '../../src/config.ts';
import { createHarness, defaultCampaignConfig, TEST_CREDENTIALS_KEY, type Harness, type HarnessOptions } from './harness.ts';

export const FRONTEND = 'http://frontend.test';

export interface ApiHarness {
  engine: Harness;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  /** A bearer token for a dev-signed-in user (created on first use). */
  signIn(email: string): Promise<{ token: string; userId: string }>;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  close(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  body?: string | FormData | Blob;
  headers?: Record<string, string>;
}

/** The API built around the engine harness (real Temporal, real database), driven with app.request(). */
export async function createApiHarness(options: HarnessOptions & { env?: Record<string, string> } = {}): Promise<ApiHarness> {
  const engine = await createHarness(options);
  const campaign = { ...defaultCampaignConfig, ...options.campaign };
  const config = loadConfig({
    NODE_ENV: 'test',
    DEV_LOGIN: 'true',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    FRONTEND_URL: FRONTEND,
    PUBLIC_URL: 'http://api.test',
    TEMPORAL_TASK_QUEUE: engine.taskQueue,
    TEMPORAL_DIAL_TASK_QUEUE: engine.dialTaskQueue,
    CAMPAIGN_MAX_CONCURRENT_CALLS: String(campaign.maxConcurrentCalls),
    CAMPAIGN_CONTACT_PAGE_SIZE: String(campaign.contactPageSize),
    CAMPAIGN_MAX_ATTEMPTS: String(campaign.maxAttempts),
    CAMPAIGN_RETRY_DELAY_MS: String(campaign.retryDelayMs),
    CALL_RESULT_TIMEOUT_MS: String(campaign.callResultTimeoutMs),
    // tests run at any hour; calling-hours tests set their own
    CAMPAIGN_CALLING_HOURS: 'always',
    LAUNCH_WAIT_MS: '10000',
    CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    WEBHOOK_RETRY_INITIAL_MS: '100',
    WEBHOOK_RETRY_MAX_INTERVAL_MS: '1000',
    ...options.env,
  });
  const deps = { ...apiDeps(config, engine.sql, engine.client), fetchFormPage: savedFormPages, httpTracing: options.tracing?.httpMiddleware };
  const app = createApp(deps);

  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body = o.body;
    if (o.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(o.json);
    }
    return app.request(path, { method, headers, body });
  };

  return {
    engine,
    deps,
    app,
    call,
    async signIn(email) {
      const response = await call('POST', '/auth/dev/login', { json: { email } });
      if (response.status !== 200) throw new Error(`dev login failed: ${response.status} ${await response.text()}`);
      const session = (await response.json()) as { token: string; user: { id: string } };
      return { token: session.token, userId: session.user.id };
    },
    close: () => engine.close(),
  };
}

export const questions = [
  { id: 'q1', text: 'How did you hear about us?', type: 'multiple_choice', options: [{ id: 'web', label: 'Online' }, { id: 'friend', label: 'A friend' }] },
  { id: 'q2', text: 'Rate us from 1 to 5', type: 'linear_scale', scale: { min: 1, max: 5 } },
  { id: 'q3', text: 'Would you come back?', type: 'yes_no' },
];

/** A response body for assertions (tests compare shapes, so `any` is the honest type here). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const read = async (response: Response): Promise<any> => response.json();

/** The saved form page fixture's public link. */
export const FIXTURE_FORM_URL = 'https://docs.google.com/forms/d/e/1FAIpQLSe8nR2wVfTestFixtureCustomerFeedback/viewform';

/** Serves saved Google Form pages instead of the network: one known form, everything else is "offline". */
async function savedFormPages(url: string): Promise<string> {
  if (url === FIXTURE_FORM_URL) return readFileSync(new URL('../fixtures/google-form-customer-feedback.html', import.meta.url), 'utf8');
  throw new Error('getaddrinfo ENOTFOUND docs.google.com');
}
