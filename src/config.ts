import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { outcomeMixSchema, respondentMixSchema } from './domain/outcome-mix.ts';
import { alwaysOpen, callingHoursSchema, type CallingHours } from './domain/calling-hours.ts';
import { perMinuteRate, priceTableSchema, type PriceTable } from './usage/price-table.ts';
import { devPayloadKey, parsePayloadKeys, type PayloadKey } from './temporal/payload-codec.ts';
import { serviceLogLevels } from './observability/logger.ts';
import { temporalAuthEnvShape, temporalAuthFrom, type TemporalAuth } from './temporal/connection-options.ts';

const durationMs = z.coerce.number().int().nonnegative();

/** A variable holding JSON for `schema`: one issue naming every bad field, as the rest of the config does. */
function parseJsonVariable<T>(raw: string, schema: z.ZodType<T>, ctx: z.RefinementCtx, notJson: string): T {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: notJson });
    return z.NEVER;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    return z.NEVER;
  }
  return parsed.data;
}

/** Every environment variable the service reads, with its default. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** PostgreSQL URL; unset means an embedded PGlite database under DATA_DIR. */
  DATABASE_URL: z.url().optional(),
  /** Where embedded state (PGlite files, the dev server's SQLite file) lives. */
  DATA_DIR: z.string().default('.data'),
  /** host:port of a Temporal frontend; unset means `npm run dev` starts a local dev server. */
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** Temporal Cloud / TLS: TEMPORAL_API_KEY, TEMPORAL_TLS_CERT + _KEY, TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_NAME, TEMPORAL_TLS */
  ...temporalAuthEnvShape,
  TEMPORAL_TASK_QUEUE: z.string().default('survey-campaigns'),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  /**
   * Workflow runs a worker keeps in memory between tasks. Sized for the runs that are open at once
   * (each campaign's window of contact runs plus the campaign): larger only costs memory, smaller
   * makes evicted runs replay their history on their next task. Measured by `npm run bench`.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(200),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(40),
  /**
   * The workflows bundled ahead of time (`npm run build:service` writes dist/service/workflows.js; the
   * image sets this): unset, the worker bundles them at start, which takes webpack's time and memory.
   */
  WORKFLOW_BUNDLE: z.string().min(1).optional(),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
  /** Payload encryption keys, `id:base64key,...` (32-byte keys; the first encrypts, all decrypt); required in production. */
  TEMPORAL_PAYLOAD_KEYS: z
    .string()
    .optional()
    .transform((raw, ctx): PayloadKey[] | undefined => {
      if (raw === undefined) return undefined;
      try {
        return parsePayloadKeys(raw);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Bearer token operators give the codec server (/codec); unset means it refuses everyone. */
  TEMPORAL_CODEC_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Origins of Temporal Web UIs allowed to call /codec from the browser; default the local dev server's UI. */
  TEMPORAL_UI_ORIGINS: z.string().regex(/^https?:\/\/[^,]+(,https?:\/\/[^,]+)*$/, 'comma-separated origins such as https://temporal.example.com').optional(),
  /** The worker role's health and metrics port; in a container bind 0.0.0.0 and do not publish it. */
  HEALTH_HOST: z.string().default('127.0.0.1'),
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  /** Bearer token for the API's GET /metrics; unset: the API answers 404 there (workers serve /metrics on their health port). */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where a worker process's Temporal SDK runtime serves its own Prometheus metrics (host:port; loopback: /metrics merges them). */
  TEMPORAL_METRICS_BIND_ADDRESS: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port, e.g. 127.0.0.1:9464').default('127.0.0.1:9464'),
  /** OTLP/HTTP base URL (the standard OpenTelemetry variable): set, the api and worker roles export traces to `<url>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'an http(s) URL, e.g. http://otel-collector:4318' }).optional(),
  /** The traces URL itself, used as given; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/, error: 'an http(s) URL, e.g. http://otel-collector:4318/v1/traces' }).optional(),
  /** `service.name` of the exported spans; default `survey-dialer-<role>`. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Level of the service's own JSON log lines (pino's levels). */
  SERVICE_LOG_LEVEL: z.enum(serviceLogLevels).default('info'),
  /** Level of the Temporal SDK's own log lines (worker lifecycle, workflow bundling). */
  LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('WARN'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** simulated: no accounts needed; live: Twilio numbers and trunks, LiveKit rooms and the voice agent */
  TELEPHONY_MODE: z.enum(['simulated', 'live']).default('simulated'),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, 'AC followed by 32 hex characters').optional(),
  TWILIO_AUTH_TOKEN: z.string().regex(/^[0-9a-f]{32}$/, '32 hex characters').optional(),
  /** Countries to buy numbers in, in order of preference. */
  TWILIO_NUMBER_COUNTRIES: z.string().regex(/^[A-Z]{2}(,[A-Z]{2})*$/, 'e.g. US,CA').default('US'),
  TWILIO_AREA_CODE: z.coerce.number().int().min(200).max(999).optional(),
  LIVEKIT_URL: z.url().optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(1).optional(),
  LIVEKIT_AGENT_NAME: z.string().min(1).default('survey-voice-agent'),
  /** base64 of 32 random bytes: seals per-user SIP credentials at rest */
  CREDENTIALS_KEY: z.string().refine((k) => Buffer.from(k, 'base64').length === 32, 'base64 of exactly 32 bytes').optional(),
  CALL_RINGING_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(120).default(30),
  CALL_MAX_DURATION_SECONDS: z.coerce.number().int().min(60).max(7200).default(900),
  /** Account-wide dial rate across every worker and campaign (Twilio allows 1 call/s unless raised). */
  DIAL_RATE_PER_SECOND: z.coerce.number().positive().max(100).default(1),
  TEMPORAL_DIAL_TASK_QUEUE: z.string().default('survey-dials'),
  /** How long a simulated call lasts before it reports back. */
  SIM_CALL_DELAY_MS: durationMs.default(1500),
  /** Outcome weights of simulated calls, e.g. "completed=70,no_answer=10,busy=5,voicemail=10,failed=5". */
  SIM_OUTCOME_MIX: outcomeMixSchema.prefault('completed=62,no_answer=10,busy=4,voicemail=8,failed=3,hung_up_early=5,opted_out=2,declined=3,callback_requested=3'),
  /** Who answers a simulated call that connects: weights of scripted respondents. */
  SIM_RESPONDENTS: respondentMixSchema.prefault('cooperative=6,talkative=2,confused=2'),
  /** Seed for simulated outcomes and answers: the same seed replays the same campaign. */
  SIM_SEED: z.string().default('survey-dialer'),
  CAMPAIGN_MAX_CONCURRENT_CALLS: z.coerce.number().int().min(1).max(500).default(5),
  CAMPAIGN_CONTACT_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Attempts per contact; retryable outcomes (no answer, busy, failed) are dialed again. */
  CAMPAIGN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(1),
  CAMPAIGN_RETRY_DELAY_MS: durationMs.default(15 * 60_000),
  /** Default calling hours of a survey: `always`, or JSON such as {"days":["mon","tue"],"start":"09:00","end":"20:00","time_zone":"America/New_York"}. */
  CAMPAIGN_CALLING_HOURS: z
    .string()
    .default('{}')
    .transform((raw, ctx): CallingHours => (raw === 'always' ? alwaysOpen : parseJsonVariable(raw, callingHoursSchema, ctx, 'must be "always" or a JSON object'))),
  /** Prices as JSON overriding any default of the price table (src/usage/price-table.ts), e.g. {"carrier_per_minute":0.014,"as_of":"2026-12-01"}. */
  PRICE_TABLE: z
    .string()
    .default('{}')
    .transform((raw, ctx): PriceTable => parseJsonVariable(raw, priceTableSchema, ctx, 'must be a JSON object')),
  /** The circuit breaker pauses a campaign when THRESHOLD of the last WINDOW dials failed for the provider's reasons. */
  CAMPAIGN_BREAKER_WINDOW: z.coerce.number().int().min(1).max(1000).default(10),
  CAMPAIGN_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(6),
  /** How long a contact's workflow waits for the call-completed signal before giving up on the attempt. */
  CALL_RESULT_TIMEOUT_MS: durationMs.default(30 * 60_000),
  /** A campaign run continues as new past this many history events (Temporal's hard limit is far above). */
  CAMPAIGN_CONTINUE_AS_NEW_AFTER_EVENTS: z.coerce.number().int().min(200).max(40_000).default(2_500),
  /** How long a run due to continue as new waits, starting no call, for its calls in flight to end (see workflows/quiet-continue-as-new.ts). */
  CAMPAIGN_CONTINUE_AS_NEW_QUIET_MS: z.coerce.number().int().min(1_000).max(10 * 60_000).default(30_000),
  /** How often a campaign run checks that calls handed over by its previous run are still open (see workflows/handed-over-runs.ts). */
  CAMPAIGN_HANDED_OVER_CHECK_MS: z.coerce.number().int().min(1_000).max(24 * 3_600_000).default(10 * 60_000),
  /** The service's public base URL (OIDC redirect URIs are built from it). */
  PUBLIC_URL: z.url().default('http://127.0.0.1:8080'),
  /** Where the sign-in callback sends the browser; also the one origin allowed to call with cookies. */
  FRONTEND_URL: z.url().default('http://localhost:3000'),
  /** HMAC key for session tokens; required in production, random per process otherwise. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).default(7 * 24 * 3600),
  /** POST /auth/dev/login issues a token for any email: local use and tests only, refused in production. */
  DEV_LOGIN: z.stringbool().default(false),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  GOOGLE_ISSUER: z.url().default('https://accounts.google.com'),
  /** Also ask Google sign-in for read access to the user's forms (a sensitive scope: Google reviews the app). */
  GOOGLE_REQUEST_FORMS_ACCESS: z.stringbool().default(false),
  GOOGLE_FORMS_API_URL: z.url().default('https://forms.googleapis.com'),
  MICROSOFT_CLIENT_ID: z.string().optional(),
  MICROSOFT_CLIENT_SECRET: z.string().optional(),
  /** Entra tenant id, or common / organizations / consumers. */
  MICROSOFT_TENANT: z.string().default('common'),
  /** Overrides the discovery base (tests); default https://login.microsoftonline.com/<tenant>/v2.0 */
  MICROSOFT_ISSUER: z.url().optional(),
  /** OpenAI-compatible endpoint for the LLM answer mapper; without a key, unclear answers stay unclear. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** Region for phone numbers written without a country code (ISO 3166 alpha-2). */
  DEFAULT_PHONE_COUNTRY: z.string().regex(/^[A-Z]{2}$/).default('US'),
  /** Behind a reverse proxy: take the client address for rate limits from the last X-Forwarded-For entry. */
  TRUST_PROXY: z.stringbool().default(false),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  /** How long POST /campaigns/launch waits for the number to be provisioned before answering. */
  LAUNCH_WAIT_MS: durationMs.default(15_000),
  /** Webhooks may target loopback receivers (tests, local development); refused in production. Private and link-local targets never. */
  WEBHOOK_ALLOW_LOOPBACK: z.stringbool().default(false),
  /** First retry of a failed webhook delivery; each next one waits twice as long, up to the maximum. */
  WEBHOOK_RETRY_INITIAL_MS: durationMs.default(30_000),
  WEBHOOK_RETRY_MAX_INTERVAL_MS: durationMs.default(60 * 60_000),
  /** A delivery is given up after this long (3 days). */
  WEBHOOK_GIVE_UP_AFTER_MS: durationMs.default(3 * 24 * 3600_000),
  /** An endpoint failing without a single success for this long is disabled (3 days). */
  WEBHOOK_DISABLE_AFTER_MS: durationMs.default(3 * 24 * 3600_000),
  WEBHOOK_TIMEOUT_MS: durationMs.default(10_000),
  /**
   * How often the data-upkeep schedule links new recordings, applies retention and deletes recordings at
   * the carrier. At most an hour: the link step looks back one day, and a call's lookups must fit in it.
   */
  DATA_UPKEEP_INTERVAL_MS: durationMs
    .min(10_000, 'at least 10000 (10 seconds)')
    .max(3_600_000, 'at most 3600000 (1 hour): the upkeep looks for recordings of calls that ended in the last day, a few runs apart')
    .default(5 * 60_000),
});

export type Env = z.infer<typeof envSchema>;

export interface OidcProviderConfig {
  clientId: string;
  clientSecret: string;
  /** Discovery base: `${issuer}/.well-known/openid-configuration` */
  issuer: string;
}

export interface Config {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  serviceLogLevel: Env['SERVICE_LOG_LEVEL'];
  database: { url: string | undefined; dataDir: string };
  temporal: {
    address: string | undefined;
    /** API key or mTLS (Temporal Cloud), TLS; none for the local dev server */
    auth: TemporalAuth;
    namespace: string;
    taskQueue: string;
    port: number;
    uiPort: number;
    /** encrypts payloads on every client and worker; the first key encrypts (see src/temporal/payload-codec.ts) */
    payloadKeys: PayloadKey[];
    /** the codec server the Web UI decodes through: null token means it refuses every caller */
    codecServer: { token: string | null; uiOrigins: string[] };
  };
  http: {
    host: string;
    port: number;
    publicUrl: string;
    frontendUrl: string;
    maxBodyBytes: number;
    maxUploadBytes: number;
    launchWaitMs: number;
    /** rate limits key on X-Forwarded-For (set by the proxy) instead of the socket's peer */
    trustProxy: boolean;
  };
  auth: {
    sessionSecret: string;
    /** false when the secret was generated for this process (dev): sessions end with the process */
    sessionSecretConfigured: boolean;
    sessionTtlSeconds: number;
    devLogin: boolean;
    google: (OidcProviderConfig & { requestFormsAccess: boolean; formsApiUrl: string }) | null;
    /** seals provider API tokens at rest: CREDENTIALS_KEY, or a key derived from SESSION_SECRET */
    tokenKey: string;
    microsoft: (OidcProviderConfig & { tenant: string }) | null;
  };
  contacts: { defaultCountry: string };
  llm: { apiKey: string; baseUrl: string | undefined; model: string } | null;
  telephony: {
    mode: Env['TELEPHONY_MODE'];
    /** dials go through their own task queue, rate-limited by the server for all workers at once */
    dialTaskQueue: string;
    dialRatePerSecond: number;
    live: LiveTelephonyConfig | null;
    simulated: { callDelayMs: number; outcomeMix: Env['SIM_OUTCOME_MIX']; respondentMix: Env['SIM_RESPONDENTS']; seed: string };
  };
  campaign: {
    maxConcurrentCalls: number;
    contactPageSize: number;
    maxAttempts: number;
    retryDelayMs: number;
    callResultTimeoutMs: number;
    continueAsNewAfterEvents: number;
    continueAsNewQuietMs: number;
    handedOverCheckMs: number;
    callingHours: CallingHours;
    /** estimated price of a call minute: derived from the price table, never set apart from it */
    costPerMinute: number;
    breaker: { window: number; threshold: number };
  };
  webhooks: WebhookConfig;
  prices: PriceTable;
  /** the data-upkeep Temporal Schedule (recordings and retention) a worker ensures at start */
  upkeep: { intervalMs: number };
  /** what a campaign worker holds at once */
  worker: { maxCachedWorkflows: number; maxConcurrentWorkflowTasks: number; maxConcurrentActivities: number; workflowBundle: string | null };
  /** the worker role's GET /healthz and /metrics */
  health: { host: string; port: number };
  metrics: {
    /** null: the API's /metrics answers 404 (not exposed on the public port without a token) */
    token: string | null;
    /** the worker's Temporal SDK Prometheus exporter, host:port */
    temporalBindAddress: string;
  };
  /** OpenTelemetry tracing over OTLP/HTTP; null (no endpoint set): no OpenTelemetry code is loaded */
  tracing: TracingConfig | null;
}

export interface TracingConfig {
  /** where spans are POSTed (OTLP/HTTP, JSON encoding) */
  tracesUrl: string;
  /** OTEL_SERVICE_NAME; null: `survey-dialer-<role>` */
  serviceName: string | null;
}

/** The OTLP traces URL from the standard variables: the signal's own URL as given, or `/v1/traces` on the base. */
function tracingFrom(e: Env): TracingConfig | null {
  const tracesUrl = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (e.OTEL_EXPORTER_OTLP_ENDPOINT ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : null);
  return tracesUrl ? { tracesUrl, serviceName: e.OTEL_SERVICE_NAME ?? null } : null;
}

/** Webhook delivery: where it may go and how long it keeps trying. */
export interface WebhookConfig {
  policy: { httpsOnly: boolean; allowLoopback: boolean };
  retry: { initialIntervalMs: number; maximumIntervalMs: number; giveUpAfterMs: number };
  disableAfterMs: number;
  timeoutMs: number;
}

export interface LiveTelephonyConfig {
  twilio: { accountSid: string; authToken: string; countries: string[]; areaCode: number | undefined };
  livekit: { url: string; apiKey: string; apiSecret: string; agentName: string };
  credentialsKey: string;
  ringingTimeoutSeconds: number;
  maxCallDurationSeconds: number;
  /** Twilio calls this when someone calls the number back */
  voiceWebhookUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws a ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as they do in most .env files and compose files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production' && e.DEV_LOGIN) problems.push('DEV_LOGIN: not allowed when NODE_ENV=production');
  if (e.NODE_ENV === 'production' && e.WEBHOOK_ALLOW_LOOPBACK) problems.push('WEBHOOK_ALLOW_LOOPBACK: not allowed when NODE_ENV=production');
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) problems.push('SESSION_SECRET: required when NODE_ENV=production');
  if (e.NODE_ENV === 'production' && !e.TEMPORAL_PAYLOAD_KEYS) problems.push('TEMPORAL_PAYLOAD_KEYS: required when NODE_ENV=production');
  for (const p of ['GOOGLE', 'MICROSOFT'] as const) {
    if (Boolean(e[`${p}_CLIENT_ID`]) !== Boolean(e[`${p}_CLIENT_SECRET`])) {
      problems.push(`${p}_CLIENT_ID / ${p}_CLIENT_SECRET: set both or neither`);
    }
  }
  if (e.TELEPHONY_MODE === 'live') {
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET', 'CREDENTIALS_KEY'] as const) {
      if (!e[name]) problems.push(`${name}: required when TELEPHONY_MODE=live`);
    }
    if (!e.PUBLIC_URL.startsWith('https://')) problems.push('PUBLIC_URL: must be https when TELEPHONY_MODE=live (Twilio calls its webhooks)');
  }
  const temporalAuth = temporalAuthFrom(e);
  problems.push(...temporalAuth.problems);
  if (problems.length) throw new ConfigError(problems);
  const publicUrl = e.PUBLIC_URL.replace(/\/$/, '');
  const sessionSecret = e.SESSION_SECRET ?? randomBytes(32).toString('base64url');
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    serviceLogLevel: e.SERVICE_LOG_LEVEL,
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      auth: temporalAuth.auth,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      payloadKeys: e.TEMPORAL_PAYLOAD_KEYS ?? [devPayloadKey],
      codecServer: {
        token: e.TEMPORAL_CODEC_TOKEN ?? null,
        uiOrigins: e.TEMPORAL_UI_ORIGINS?.split(',').map((o) => new URL(o).origin) ?? [
          `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`,
          `http://localhost:${e.TEMPORAL_UI_PORT}`,
        ],
      },
    },
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl,
      frontendUrl: e.FRONTEND_URL,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      launchWaitMs: e.LAUNCH_WAIT_MS,
      trustProxy: e.TRUST_PROXY,
    },
    auth: {
      sessionSecret,
      sessionSecretConfigured: Boolean(e.SESSION_SECRET),
      sessionTtlSeconds: e.SESSION_TTL_SECONDS,
      devLogin: e.DEV_LOGIN,
      google:
        e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
          ? {
              clientId: e.GOOGLE_CLIENT_ID,
              clientSecret: e.GOOGLE_CLIENT_SECRET,
              issuer: e.GOOGLE_ISSUER,
              requestFormsAccess: e.GOOGLE_REQUEST_FORMS_ACCESS,
              formsApiUrl: e.GOOGLE_FORMS_API_URL,
            }
          : null,
      tokenKey: e.CREDENTIALS_KEY ?? createHash('sha256').update(`tokens:${sessionSecret}`).digest('base64'),
      microsoft:
        e.MICROSOFT_CLIENT_ID && e.MICROSOFT_CLIENT_SECRET
          ? {
              clientId: e.MICROSOFT_CLIENT_ID,
              clientSecret: e.MICROSOFT_CLIENT_SECRET,
              tenant: e.MICROSOFT_TENANT,
              issuer: e.MICROSOFT_ISSUER ?? `https://login.microsoftonline.com/${e.MICROSOFT_TENANT}/v2.0`,
            }
          : null,
    },
    contacts: { defaultCountry: e.DEFAULT_PHONE_COUNTRY },
    llm: e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL } : null,
    telephony: {
      mode: e.TELEPHONY_MODE,
      dialTaskQueue: e.TEMPORAL_DIAL_TASK_QUEUE,
      dialRatePerSecond: e.DIAL_RATE_PER_SECOND,
      live:
        e.TELEPHONY_MODE === 'live'
          ? {
              twilio: { accountSid: e.TWILIO_ACCOUNT_SID!, authToken: e.TWILIO_AUTH_TOKEN!, countries: e.TWILIO_NUMBER_COUNTRIES.split(','), areaCode: e.TWILIO_AREA_CODE },
              livekit: { url: e.LIVEKIT_URL!, apiKey: e.LIVEKIT_API_KEY!, apiSecret: e.LIVEKIT_API_SECRET!, agentName: e.LIVEKIT_AGENT_NAME },
              credentialsKey: e.CREDENTIALS_KEY!,
              ringingTimeoutSeconds: e.CALL_RINGING_TIMEOUT_SECONDS,
              maxCallDurationSeconds: e.CALL_MAX_DURATION_SECONDS,
              voiceWebhookUrl: `${publicUrl}/twilio/voice`,
            }
          : null,
      simulated: { callDelayMs: e.SIM_CALL_DELAY_MS, outcomeMix: e.SIM_OUTCOME_MIX, respondentMix: e.SIM_RESPONDENTS, seed: e.SIM_SEED },
    },
    campaign: {
      maxConcurrentCalls: e.CAMPAIGN_MAX_CONCURRENT_CALLS,
      contactPageSize: e.CAMPAIGN_CONTACT_PAGE_SIZE,
      maxAttempts: e.CAMPAIGN_MAX_ATTEMPTS,
      retryDelayMs: e.CAMPAIGN_RETRY_DELAY_MS,
      callResultTimeoutMs: e.CALL_RESULT_TIMEOUT_MS,
      continueAsNewAfterEvents: e.CAMPAIGN_CONTINUE_AS_NEW_AFTER_EVENTS,
      continueAsNewQuietMs: e.CAMPAIGN_CONTINUE_AS_NEW_QUIET_MS,
      handedOverCheckMs: e.CAMPAIGN_HANDED_OVER_CHECK_MS,
      callingHours: e.CAMPAIGN_CALLING_HOURS,
      costPerMinute: perMinuteRate(e.PRICE_TABLE),
      breaker: { window: e.CAMPAIGN_BREAKER_WINDOW, threshold: Math.min(e.CAMPAIGN_BREAKER_THRESHOLD, e.CAMPAIGN_BREAKER_WINDOW) },
    },
    webhooks: {
      policy: { httpsOnly: e.NODE_ENV === 'production', allowLoopback: e.WEBHOOK_ALLOW_LOOPBACK },
      retry: { initialIntervalMs: e.WEBHOOK_RETRY_INITIAL_MS, maximumIntervalMs: e.WEBHOOK_RETRY_MAX_INTERVAL_MS, giveUpAfterMs: e.WEBHOOK_GIVE_UP_AFTER_MS },
      disableAfterMs: e.WEBHOOK_DISABLE_AFTER_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    },
    prices: e.PRICE_TABLE,
    upkeep: { intervalMs: e.DATA_UPKEEP_INTERVAL_MS },
    worker: {
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      workflowBundle: e.WORKFLOW_BUNDLE ?? null,
    },
    health: { host: e.HEALTH_HOST, port: e.HEALTH_PORT },
    metrics: { token: e.METRICS_TOKEN ?? null, temporalBindAddress: e.TEMPORAL_METRICS_BIND_ADDRESS },
    tracing: tracingFrom(e),
  };
}
