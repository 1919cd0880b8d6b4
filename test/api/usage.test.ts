import { MockActivityEnvironment } from '@temporalio/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerActivities } from '../../activities/answers.ts';
import { createWebhookHook } from '../../activities/webhook-hook.ts';
import { createLlmMapper } from '../../src/answers/llm-mapper.ts';
import { startOpenAiStandIn } from '../helpers/openai-standin.ts';
import { loadConfig } from '../../src/config.ts';
import { perMinuteRate, priceTableSchema } from '../../src/usage/price-table.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';

describe('price table', () => {
  it("defaults to the product brief's figures with their source, and is the one rate the spend cap uses", () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.prices).toMatchObject({ currency: 'USD', carrier_per_minute: 0.013, stt_per_minute: 0.0043, number_per_month: 1.15, source: expect.stringContaining('PRODUCT-COSTS'), as_of: expect.any(String) });
    expect(config.campaign.costPerMinute).toBeCloseTo(0.0173, 10);
    const custom = loadConfig({ NODE_ENV: 'test', PRICE_TABLE: '{"carrier_per_minute":0.02,"as_of":"2026-12-01"}' });
    expect(custom.campaign.costPerMinute).toBeCloseTo(0.0243, 10);
    expect(custom.prices.as_of).toBe('2026-12-01');
    expect(() => loadConfig({ NODE_ENV: 'test', PRICE_TABLE: '{"carrier_per_minute":-1}' })).toThrow(/PRICE_TABLE/);
    expect(() => loadConfig({ NODE_ENV: 'test', PRICE_TABLE: 'cheap' })).toThrow(/PRICE_TABLE/);
  });
});

describe('usage and cost API', () => {
  let api: ApiHarness;
  let token: string;
  let campaignId: string;
  beforeAll(async () => {
    // the mix is rolled per contact id (new each run): one number always answers, so a call with answers exists
    api = await createApiHarness({ callDelayMs: 5, outcomeMix: { completed: 2, no_answer: 1 }, outcomeByNumber: { '+14155550170': 'completed' } });
    await api.engine.startWorker();
    ({ token } = await api.signIn(uniqueEmail('usage')));
    const survey = await read(await api.call('POST', '/surveys', { token, json: { title: 'Costed', json_questionnaire: questions } }));
    await api.call('POST', `/surveys/${survey.id}/contacts`, { token, json: { contacts: [0, 1, 2, 3].map((i) => ({ phone_number: `+1415555017${i}` })) } });
    campaignId = (await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: survey.id } }))).campaign_id;
    await api.engine.result(campaignId);
  });
  afterAll(() => api?.close());

  it('sums usage per call and prices it with the table, per month and per campaign, with the number rental', async () => {
    const calls = await api.engine.sql<{ duration_seconds: number }[]>`select duration_seconds from calls where campaign_id = ${campaignId}`;
    const talk = calls.reduce((s, c) => s + (c.duration_seconds ?? 0), 0);
    const carrierMinutes = calls.reduce((s, c) => s + Math.ceil((c.duration_seconds ?? 0) / 60), 0);
    const connected = calls.filter((c) => (c.duration_seconds ?? 0) > 0).length;

    const usage = await read(await api.call('GET', '/usage', { token }));
    expect(usage).toMatchObject({ currency: 'USD', calls: calls.length, connected_calls: connected, carrier_minutes: carrierMinutes, llm_tokens: { input: 0, output: 0 } });
    // simulated calls saw no LLM: their tokens are unknown, so each connected one is priced per call
    expect(usage.connected_calls_without_tokens).toBe(connected);
    expect(usage.talk_seconds).toBeCloseTo(talk, 0);
    const prices = priceTableSchema.parse({});
    const expectedCalls = carrierMinutes * prices.carrier_per_minute + (talk / 60) * (prices.stt_per_minute + prices.tts_per_minute) + connected * prices.llm_per_connected_call;
    expect(usage.cost.total - usage.cost.numbers).toBeCloseTo(expectedCalls, 3);
    // the number was provisioned by this launch: one month of rental in this month's report
    expect(usage.number_rental).toEqual({ months: 1, cost: 1.15 });
    expect(usage.by_month).toHaveLength(1);
    expect(usage.by_campaign).toEqual([expect.objectContaining({ campaign_id: campaignId, calls: calls.length })]);

    const detail = await read(await api.call('GET', `/campaigns/${campaignId}`, { token }));
    expect(detail.usage).toMatchObject({ calls: calls.length, currency: 'USD', cost: usage.by_campaign[0].cost });
    // the running estimate uses the same per-minute rate
    const status = await read(await api.call('GET', `/campaigns/${campaignId}/status`, { token }));
    expect(status.estimated_spend).toBeCloseTo((talk / 60) * perMinuteRate(prices), 3);
  });

  it("prices the tokens the answer mapper reported per million, and only calls without a count per call", async () => {
    const model = await startOpenAiStandIn(() => ({ content: { value: true, confidence: 0.95, unclear: false } }));
    try {
      const before = await read(await api.call('GET', `/campaigns/${campaignId}`, { token }));
      const [call] = await api.engine.sql<{ id: string; user_id: string; survey_id: string }[]>`
        select c.id, c.user_id, k.survey_id from calls c join campaigns k on k.id = c.campaign_id
        where c.campaign_id = ${campaignId} and c.duration_seconds > 0 and exists (select 1 from responses r where r.call_id = c.id and r.question_id = 'q3')
        limit 1`;
      await api.engine.sql`update responses set method = 'unclear', mapped_value = null, raw_answer = 'I suppose so' where call_id = ${call!.id} and question_id = 'q3'`;
      const llm = createLlmMapper({ client: new OpenAI({ apiKey: 'test-key', baseURL: model.url, maxRetries: 0 }), model: 'test-model' });
      const activities = createAnswerActivities({ sql: api.engine.sql, llm, events: createWebhookHook({ sql: api.engine.sql, startDelivery: null }) });
      const remap = await new MockActivityEnvironment().run(activities.remapUnclearAnswers, { userId: call!.user_id, surveyId: call!.survey_id, callId: call!.id });
      expect(remap).toEqual({ remapped: 1, unclear: 0 });

      const [row] = await api.engine.sql`select llm_input_tokens, llm_output_tokens from calls where id = ${call!.id}`;
      expect(row).toEqual({ llm_input_tokens: 50, llm_output_tokens: 10 });
      expect(await read(await api.call('GET', `/calls/${call!.id}`, { token }))).toMatchObject({ llm_input_tokens: 50, llm_output_tokens: 10 });
      const after = await read(await api.call('GET', `/campaigns/${campaignId}`, { token }));
      const prices = priceTableSchema.parse({});
      expect(after.usage.llm_tokens).toEqual({ input: 50, output: 10 });
      expect(after.usage.connected_calls_without_tokens).toBe(before.usage.connected_calls_without_tokens - 1);
      const tokenCost = (50 * prices.llm_input_per_million_tokens + 10 * prices.llm_output_per_million_tokens) / 1_000_000;
      expect(after.usage.cost.llm).toBeCloseTo(before.usage.cost.llm - prices.llm_per_connected_call + tokenCost, 4);
    } finally {
      await model.close();
    }
  });

  it('reports by range, refuses bad ranges, and shows another user nothing', async () => {
    const past = await read(await api.call('GET', '/usage?from=2020-01-01&to=2020-02-01', { token }));
    expect(past).toMatchObject({ calls: 0, number_rental: { months: 0, cost: 0 }, cost: { total: 0 } });
    const bad = await api.call('GET', '/usage?from=2026-02-01&to=2026-01-01', { token });
    expect(bad.status).toBe(400);
    expect((await read(bad)).error.code).toBe('validation_failed');
    expect((await api.call('GET', '/usage?from=yesterday', { token })).status).toBe(400);
    const other = (await api.signIn(uniqueEmail('usage-other'))).token;
    expect(await read(await api.call('GET', '/usage', { token: other }))).toMatchObject({ calls: 0, by_campaign: [], number_rental: { months: 0 } });
    expect((await api.call('GET', `/campaigns/${campaignId}`, { token: other })).status).toBe(404);
  });
});
