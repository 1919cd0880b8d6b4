import { Worker } from '@temporalio/worker';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startTracing, type Tracing } from '../../src/observability/tracing.ts';
import { campaignWorkflowId } from '../../workflows/messages.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { listenOnLoopback } from '../helpers/loopback-server.ts';
import { replayOptions, tracingModes } from '../helpers/replay-options.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** A span as OTLP/HTTP JSON carries it (ids in hex), with its resource's service name. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpAttribute { key: string; value: Record<string, unknown> }
interface OtlpExport {
  resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: (Omit<ReceivedSpan, 'service' | 'attributes'> & { attributes?: OtlpAttribute[] })[] }[] }[];
}

const attributes = (list: OtlpAttribute[] = []) => Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));
const SERVER = 2;

describe('OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  const received: ReceivedSpan[] = [];
  let receiver: Awaited<ReturnType<typeof listenOnLoopback>>;
  let tracing: Tracing;
  let api: ApiHarness;
  let campaignId = '';

  beforeAll(async () => {
    // an OTLP/HTTP receiver: the exporter POSTs JSON to <endpoint>/v1/traces
    const collector = new Hono().post('/v1/traces', async (c) => {
      const body = (await c.req.json()) as OtlpExport;
      for (const { resource, scopeSpans } of body.resourceSpans) {
        const service = String(attributes(resource.attributes)['service.name']);
        for (const { spans } of scopeSpans) for (const span of spans) received.push({ ...span, service, attributes: attributes(span.attributes) });
      }
      return c.json({});
    });
    receiver = await listenOnLoopback(collector);
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/` });
    expect(config.tracing).toEqual({ tracesUrl: `${receiver.url}/v1/traces`, serviceName: null });
    tracing = await startTracing(config.tracing!, 'survey-dialer-all');
    api = await createApiHarness({ tracing });
    await api.engine.startWorker();

    const { token } = await api.signIn(uniqueEmail('tracing'));
    const survey = await read(await api.call('POST', '/surveys', { token, json: { title: 'Traced survey', json_questionnaire: questions } }));
    const csv = ['name,phone', 'Ann,+14155550101', 'Bob,+14155550102'].join('\n');
    expect((await api.call('POST', `/surveys/${survey.id}/contacts`, { token, body: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(201);
    const launch = await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: survey.id } }));
    campaignId = launch.campaign_id;
    expect((await api.engine.result(campaignId)).status).toBe('completed');
  }, 90_000);

  afterAll(async () => {
    await api?.close();
    await tracing?.shutdown();
    await receiver?.close();
  });

  it('exports one trace from the launch request through the workflow start to every activity of the campaign', async () => {
    await tracing.flush();
    const launch = await waitFor('the launch request span', () => received.find((s) => s.name === 'POST /campaigns/launch'), 10_000);
    expect(launch).toMatchObject({ kind: SERVER, service: 'survey-dialer-all', attributes: { 'http.route': '/campaigns/launch', 'http.response.status_code': 200 } });
    // the route names the span: no id or phone number from a path reaches the backend
    expect(received.filter((s) => s.kind === SERVER).every((s) => !/[0-9a-f]{8}-|\+1/.test(s.name))).toBe(true);

    const trace = received.filter((s) => s.traceId === launch.traceId);
    const named = (name: string) => trace.filter((s) => s.name === name);
    const start = named('StartWorkflow:campaignWorkflow');
    expect(start).toHaveLength(1);
    expect(start[0]!.parentSpanId).toBe(launch.spanId);

    // activities of the campaign workflow and of both contacts' child workflows, in the same trace
    const dials = named('RunActivity:dispatchCall');
    const results = named('RunActivity:recordCallResult');
    expect(dials).toHaveLength(2);
    expect(results).toHaveLength(2);
    for (const span of [...dials, ...results]) {
      expect(span.parentSpanId).toBe(start[0]!.spanId);
      expect(String(span.attributes.temporalWorkflowId)).toMatch(new RegExp(`^campaign-${campaignId}-contact-`));
    }
    expect(named('RunActivity:loadContactsPage').every((s) => s.attributes.temporalWorkflowId === campaignWorkflowId(campaignId))).toBe(true);
    expect(named('RunActivity:loadContactsPage').length).toBeGreaterThan(0);
    // the simulated call's report, sent while the dial's span is active, joins it
    const reports = named('SignalWorkflow:callCompleted');
    expect(reports).toHaveLength(2);
    for (const report of reports) expect(dials.map((d) => d.spanId)).toContain(report.parentSpanId);
  });

  it("a traced campaign's histories replay on workers with tracing off and on", async () => {
    const ids = [campaignWorkflowId(campaignId), ...new Set(received.filter((s) => s.name === 'RunActivity:dispatchCall').map((s) => String(s.attributes.temporalWorkflowId)))];
    expect(ids).toHaveLength(3);
    for (const workflowId of ids) {
      const history = await api.engine.client.workflow.getHandle(workflowId).fetchHistory();
      for (const mode of tracingModes) {
        await expect(Worker.runReplayHistory(replayOptions(mode), history, workflowId), `${workflowId}, ${mode}`).resolves.toBeUndefined();
      }
    }
  });
});
