import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { metricsRegistry } from '../../src/observability/metrics.ts';
import { classifyProviderError } from '../../src/telephony/live/provider-errors.ts';
import { startHealthServer } from '../../src/roles/health-server.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { startLateBoundServer } from '../helpers/http-server.ts';
import { waitFor } from '../helpers/wait-for.ts';

const METRICS_TOKEN = 'metrics-token-metrics-token-0123456789';

/** Every `name{labels}` of a Prometheus text body, with its labels as an object. */
function series(body: string, name: string): { labels: Record<string, string>; value: number }[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { labels, value: Number(line.slice(line.lastIndexOf(' ') + 1)) };
    });
}

describe('Prometheus metrics', () => {
  let api: ApiHarness;
  let token: string;
  let surveyId: string;
  let campaignId: string;
  // the simulator picks each contact's outcome from a seed and its random id: with 24 contacts at 2:1 the
  // chance that no call gets no_answer is (2/3)^24, about 1 in 17,000 (at 6 it was 1 in 11)
  const phones = Array.from({ length: 24 }, (_, i) => `+1415555${String(3100 + i)}`);

  beforeAll(async () => {
    // the registry is the process's, and files that ran before this one in the same test process counted
    // their own dials and errors (vitest.config.ts: isolate false); this file reads what it alone did
    metricsRegistry.resetMetrics();
    // a schema of its own: the campaigns gauge counts every campaign, and other files pause theirs meanwhile
    api = await createApiHarness({ callDelayMs: 5, outcomeMix: { completed: 2, no_answer: 1 }, env: { METRICS_TOKEN }, ownSchema: 'metrics' });
    await api.engine.startWorker();
    ({ token } = await api.signIn(uniqueEmail('metrics')));
    surveyId = (await read(await api.call('POST', '/surveys', { token, json: { title: 'Metrics', json_questionnaire: questions } }))).id;
    await api.call('POST', `/surveys/${surveyId}/contacts`, { token, json: { contacts: phones.map((phone_number) => ({ phone_number })) } });
    campaignId = (await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: surveyId } }))).campaign_id;
    await waitFor('the campaign to complete', async () => (await read(await api.call('GET', `/campaigns/${campaignId}/status`, { token }))).status === 'completed', 30_000, 50);
    await api.call('GET', `/surveys/${surveyId}`, { token });
    await api.call('GET', `/no/such/${surveyId}`, { token });
  });
  afterAll(() => api?.close());

  const scrape = (authorization?: string) => api.call('GET', '/metrics', authorization ? { headers: { authorization } } : {});

  it('answers only the METRICS_TOKEN bearer on the API port, and is a plain 404 without a token configured', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('Bearer wrong-token')).status).toBe(403);
    expect((await scrape(`Bearer ${METRICS_TOKEN}`)).status).toBe(200);
    const closed = createApp({ ...api.deps, config: { ...api.deps.config, metrics: { ...api.deps.config.metrics, token: null } } });
    const response = await closed.request('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(404);
    expect((await read(response)).error.code).toBe('not_found');
  });

  it('times requests by route pattern, counts dials by outcome and live campaigns by state, with no id or number in any label', async () => {
    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();

    const http = series(body, 'survey_dialer_http_request_duration_seconds_count');
    const routes = new Set(http.map((s) => s.labels.route));
    expect(routes).toContain('/surveys/:surveyId');
    expect(routes).toContain('/campaigns/:id/status');
    expect(routes).toContain('/campaigns/launch');
    expect(routes).toContain('unmatched');
    expect(http.find((s) => s.labels.route === '/surveys/:surveyId' && s.labels.method === 'GET' && s.labels.status === '200')?.value).toBeGreaterThanOrEqual(1);
    expect(http.find((s) => s.labels.route === '/campaigns/launch')?.labels).toMatchObject({ method: 'POST', status: expect.stringMatching(/^20[01]$/) });

    const dials = series(body, 'survey_dialer_dials_total');
    expect(dials.reduce((sum, s) => sum + s.value, 0)).toBeGreaterThanOrEqual(phones.length);
    expect(new Set(dials.map((s) => s.labels.outcome))).toEqual(new Set(['completed', 'no_answer']));

    const campaigns = series(body, 'survey_dialer_campaigns');
    expect(campaigns.map((s) => s.labels.state).sort()).toEqual(['launching', 'paused', 'provisioning', 'running', 'waiting']);
    expect(series(body, 'survey_dialer_process_cpu_seconds_total')).toHaveLength(1);

    // no raw path, id or phone number anywhere in the text
    for (const secret of [surveyId, campaignId, ...phones, ...phones.map((p) => p.slice(2)), '/no/such']) expect(body).not.toContain(secret);
  });

  it('reads live campaigns by state from the database at scrape time', async () => {
    const sql = api.engine.sql;
    await sql`update campaigns set status = 'paused' where id = ${campaignId}`;
    try {
      // a new app has a new refresher, so the 10 s reuse of the last count does not hide the change
      const fresh = createApp(api.deps);
      const body = await (await fresh.request('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      const paused = series(body, 'survey_dialer_campaigns').find((s) => s.labels.state === 'paused');
      const [row] = await sql<{ count: number }[]>`select count(*)::int as count from campaigns where status = 'paused'`;
      const count = row!.count;
      expect(paused?.value).toBe(count);
      expect(count).toBeGreaterThanOrEqual(1);
    } finally {
      await sql`update campaigns set status = 'completed' where id = ${campaignId}`;
    }
  });

  it('counts provider errors by provider and kind where adapters classify them', async () => {
    for (const status of [401, 429, 503, undefined]) classifyProviderError('Twilio', 'buy a phone number', Object.assign(new Error('boom'), { status }));
    classifyProviderError('LiveKit', 'dial', Object.assign(new Error('bad'), { status: 400 }));
    const errors = series(await (await scrape(`Bearer ${METRICS_TOKEN}`)).text(), 'survey_dialer_provider_errors_total');
    const kinds = errors.map((s) => `${s.labels.provider}/${s.labels.kind}`).sort();
    expect(kinds).toEqual(['livekit/invalid_request', 'twilio/auth', 'twilio/network', 'twilio/rate_limited', 'twilio/server_error']);
  });

  it("serves the worker's metrics on its health port with the Temporal SDK's appended, and says when the SDK's are unavailable", async () => {
    const sdk = await startLateBoundServer();
    sdk.handle(() => new Response('# TYPE temporal_request counter\ntemporal_request{namespace="default"} 3\n'));
    const health = await startHealthServer(0, () => true, { temporalSdkUrl: `${sdk.origin}/metrics` });
    try {
      const body = await (await fetch(`${health.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
      expect(body).toContain('survey_dialer_dials_total');
      expect(body).toContain('temporal_request{namespace="default"} 3');
    } finally {
      await health.close();
      await sdk.close();
    }
    const orphan = await startHealthServer(0, () => true, { temporalSdkUrl: `${sdk.origin}/metrics` });
    try {
      const body = await (await fetch(`${orphan.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
      expect(body).toContain('# temporal sdk metrics unavailable');
      expect(body).toContain('survey_dialer_dials_total');
    } finally {
      await orphan.close();
    }
  });
});
