import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The service's own Prometheus metrics, one registry per process. Its own registry rather than
 * prom-client's global one, so a library that registers metrics globally cannot leak them into
 * `/metrics` or clash with these names. Every label takes values from a closed set (methods, route
 * patterns, statuses, outcomes, provider names, error kinds): never an id, a phone number or a user.
 */
export const metricsRegistry = new Registry();

// process-level figures (CPU, heap, event-loop lag, open handles): cheap and the first thing looked at
collectDefaultMetrics({ register: metricsRegistry, prefix: 'survey_dialer_' });

export const httpRequestDuration = new Histogram({
  name: 'survey_dialer_http_request_duration_seconds',
  help: 'HTTP requests by method, matched route pattern (never the raw path) and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

export const dialsTotal = new Counter({
  name: 'survey_dialer_dials_total',
  help: 'Call attempts whose result was recorded, by outcome',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const providerErrorsTotal = new Counter({
  name: 'survey_dialer_provider_errors_total',
  help: 'Errors from telephony providers, by provider and kind (auth, invalid_request, rate_limited, server_error, network)',
  labelNames: ['provider', 'kind'] as const,
  registers: [metricsRegistry],
});

export const campaignsByState = new Gauge({
  name: 'survey_dialer_campaigns',
  help: 'Live campaigns (not yet finished) by state, read from the database at scrape time',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
});

/** The registry in Prometheus' text format, and its content type. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
