// The API's own time for `GET /campaigns/{id}/status`, read from its Prometheus histogram (`GET /metrics`
// with METRICS_TOKEN). The pollers' latency also holds their own wait for this machine's two CPUs,
// shared with the dev server, the database and the worker; the histogram is the API's part alone,
// from the request reaching its router to the answer leaving it. Its buckets include 5 and 25 ms, the
// issue's p50 and p99 bounds, so the shares within them answer "p50 ≤ 5 ms, p99 ≤ 25 ms" exactly.

const STATUS_ROUTE = '/campaigns/:id/status';
const HISTOGRAM = 'survey_dialer_http_request_duration_seconds_bucket';

/** Cumulative request counts by upper bound in seconds (`le`), summed over methods and statuses. */
export type StatusHistogram = Map<string, number>;

export interface ApiStatusTime {
  requests: number;
  /** share of the requests the API answered within 5 ms (the p50 bound) */
  within5ms: number;
  /** share within 25 ms (the p99 bound) */
  within25ms: number;
}

export async function scrapeStatusHistogram(baseUrl: string, token: string): Promise<StatusHistogram> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`bench: the API's /metrics answered ${response.status}`);
  const counts: StatusHistogram = new Map();
  for (const line of (await response.text()).split('\n')) {
    if (!line.startsWith(`${HISTOGRAM}{`)) continue;
    const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k!, v!]));
    if (labels.route !== STATUS_ROUTE || labels.le === undefined) continue;
    counts.set(labels.le, (counts.get(labels.le) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return counts;
}

/** What the API answered between two scrapes. */
export function statusTimeBetween(before: StatusHistogram, after: StatusHistogram): ApiStatusTime {
  const delta = (le: string) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const requests = delta('+Inf');
  // no request between the scrapes, or a restarted API (its counters back at zero): no figure to give
  if (!(requests > 0)) throw new Error(`bench: the API's histogram counted ${requests} status requests between two scrapes`);
  return { requests, within5ms: delta('0.005') / requests, within25ms: delta('0.025') / requests };
}
