import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignStatusSchema } from '../../src/campaigns/campaign-schemas.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { countStatusQueries } from '../helpers/count-status-queries.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { pause, waitFor } from '../helpers/wait-for.ts';

describe('GET /campaigns/{id}/status (one shared query per campaign)', () => {
  let api: ApiHarness;
  let token: string;
  let queryTimes: number[] = [];

  beforeAll(async () => {
    api = await createApiHarness({ callDelayMs: 3_600_000, campaign: { maxConcurrentCalls: 2 } });
    await api.engine.startWorker();
    ({ token } = await api.signIn(uniqueEmail('status')));
    queryTimes = countStatusQueries(api.deps.temporal);
  });
  afterAll(() => api?.close());

  /** A campaign whose calls never end by themselves: it stays running while the test polls. */
  async function runningCampaign(): Promise<string> {
    const surveyId = (await read(await api.call('POST', '/surveys', { token, json: { title: 'Polled', json_questionnaire: questions } }))).id;
    const contacts = Array.from({ length: 10 }, (_, i) => ({ phone_number: `+1415555${String(4000 + i)}` }));
    await api.call('POST', `/surveys/${surveyId}/contacts`, { token, json: { contacts } });
    const campaignId = (await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: surveyId } }))).campaign_id as string;
    await waitFor('two calls in progress', async () => (await read(await api.call('GET', `/campaigns/${campaignId}/status`, { token }))).in_progress_calls === 2);
    return campaignId;
  }

  it('50 concurrent pollers share at most one workflow query a second, each answer the workflow\'s own and labelled so', async () => {
    const campaignId = await runningCampaign();
    queryTimes.length = 0;
    const started = Date.now();
    for (let round = 0; round < 6; round++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const response = await api.call('GET', `/campaigns/${campaignId}/status`, { token });
          expect(response.status).toBe(200);
          return campaignStatusSchema.parse(await response.json());
        }),
      );
      for (const answer of answers) {
        expect(answer).toMatchObject({ campaign_id: campaignId, status: 'running', source: 'workflow', in_progress_calls: 2, total_contacts: 10 });
        // read at most the freshness bound plus one query's time before it was served (5 s: the stale bound)
        expect(Date.now() - Date.parse(answer.as_of!)).toBeLessThan(5_000);
      }
      await pause(500);
    }
    const elapsed = Date.now() - started;
    // 300 requests; one query when the answer is older than a second, never one per request
    expect(queryTimes.length).toBeGreaterThan(0);
    expect(queryTimes.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1_000) + 1);
  });

  it('answers with the stored counts, labelled stored, when the workflow cannot answer in time', async () => {
    const campaignId = await runningCampaign();
    // no worker: nothing answers the workflow's queries
    await api.engine.stopWorker();
    await pause(1_100); // past the freshness bound of the last live answer
    const started = Date.now();
    let answer = campaignStatusSchema.parse(await read(await api.call('GET', `/campaigns/${campaignId}/status`, { token })));
    // within the stale bound the previous live answer may still be served while the query waits; then the row answers
    await waitFor('the stored counts to answer', async () => {
      answer = campaignStatusSchema.parse(await read(await api.call('GET', `/campaigns/${campaignId}/status`, { token })));
      return answer.source === 'stored';
    }, 15_000, 200);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(answer).toMatchObject({ campaign_id: campaignId, total_contacts: 10 });
    expect(answer.completed_calls + answer.failed_calls + answer.in_progress_calls + answer.waiting_calls + answer.pending_calls).toBe(10);
  });

  it("answers 404 for another user's campaign, whatever the shared reader holds", async () => {
    const campaignId = (await read(await api.call('GET', '/campaigns', { token }))).items?.[0]?.campaign_id as string | undefined;
    expect(campaignId).toMatch(/^[0-9a-f-]{36}$/);
    const other = await api.signIn(uniqueEmail('status-other'));
    const response = await api.call('GET', `/campaigns/${campaignId}/status`, { token: other.token });
    expect(response.status).toBe(404);
  });
});
