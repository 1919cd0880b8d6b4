// The API's own time for `GET /campaigns/{id}/status`, read from its Prometheus histogram (`GET /metrics`
// with METRICS_TOKEN). The pollers' latency also holds their own wait for this machine's two CPUs,
// shared with the dev server, the database and the worker; the histogram is the API's part alone,
// from the request reaching its router to the answer leaving it. Its buckets include 5 and 25 ms, the
// issue's p50 and p99 bounds, so the shares within them answer "p50 ≤ 5 ms, p99 ≤ 25 ms" exactly.

import { prometheusSamples } from './prometheus-text.ts';

const STATUS_ROUTE = '/campaigns/:id/status';
const HISTOGRAM = 'survey_dialer_http_request_duration_seconds_bucket';
// prom-client's event-loop delay, reset at every scrape: the figures of a scrape cover the time since the last one
const LOOP_DELAY_P99 = 'survey_dialer_nodejs_eventloop_lag_p99_seconds';
const LOOP_DELAY_MAX = 'survey_dialer_nodejs_eventloop_lag_max_seconds';

/** Cumulative request counts by upper bound in seconds (`le`), summed over methods and statuses. */
export type StatusHistogram = Map<string, number>;

/** One scrape of the API's `/metrics`: the status route's histogram, and its event loop's delay since the scrape before. */
export interface ApiScrape {
  histogram: StatusHistogram;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface ApiStatusTime {
  requests: number;
  /** share of the requests the API answered within 5 ms (the p50 bound) */
  within5ms: number;
  /** share within 25 ms (the p99 bound) */
  within25ms: number;
  /**
   * The API's event loop delay between the scrapes (p99 and largest). A request that arrives while the
   * loop is held waits before its router starts timing it: the histogram misses that wait, the pollers do not.
   */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export async function scrapeApi(baseUrl: string, token: string): Promise<ApiScrape> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`bench: the API's /metrics answered ${response.status}`);
  const histogram: StatusHistogram = new Map();
  const gauges = new Map<string, number>();
  for (const { name, labels, value } of prometheusSamples(await response.text())) {
    if (name === LOOP_DELAY_P99 || name === LOOP_DELAY_MAX) gauges.set(name, value);
    if (name !== HISTOGRAM || labels.route !== STATUS_ROUTE || labels.le === undefined) continue;
    histogram.set(labels.le, (histogram.get(labels.le) ?? 0) + value);
  }
  return { histogram, loopDelayP99Ms: (gauges.get(LOOP_DELAY_P99) ?? NaN) * 1000, loopDelayMaxMs: (gauges.get(LOOP_DELAY_MAX) ?? NaN) * 1000 };
}

/** What the API answered between two scrapes. */
export function statusTimeBetween(before: ApiScrape, after: ApiScrape): ApiStatusTime {
  const delta = (le: string) => (after.histogram.get(le) ?? 0) - (before.histogram.get(le) ?? 0);
  const requests = delta('+Inf');
  // no request between the scrapes, or a restarted API (its counters back at zero): no figure to give
  if (!(requests > 0)) throw new Error(`bench: the API's histogram counted ${requests} status requests between two scrapes`);
  return { requests, within5ms: delta('0.005') / requests, within25ms: delta('0.025') / requests, loopDelayP99Ms: after.loopDelayP99Ms, loopDelayMaxMs: after.loopDelayMaxMs };
}
