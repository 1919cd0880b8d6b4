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

  it('50 concurrent pollers share at most one workflow query a second, each answer labelled with its source and time', async () => {
    const campaignId = await runningCampaign();
    queryTimes.length = 0;
    const started = Date.now();
    const sources: string[] = [];
    for (let round = 0; round < 6; round++) {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          const response = await api.call('GET', `/campaigns/${campaignId}/status`, { token });
          const arrived = Date.now();
          expect(response.status).toBe(200);
          const answer = campaignStatusSchema.parse(await response.json());
          sources.push(answer.source!);
          expect(answer).toMatchObject({ campaign_id: campaignId, status: 'running', total_contacts: 10 });
          // the workflow's own counts; a query slower than 2 s on a loaded machine is answered by the row, labelled so
          if (answer.source === 'workflow') expect(answer.in_progress_calls).toBe(2);
          else expect(answer.source).toBe('stored');
          // read at most the stale bound (5 s) before it was served
          expect(arrived - Date.parse(answer.as_of!)).toBeLessThan(5_000);
        }),
      );
      await pause(500);
    }
    const elapsed = Date.now() - started;
    expect(sources.filter((s) => s === 'workflow').length).toBeGreaterThan(0);
    // 300 requests; one query when the answer is older than a second, never one per request
    expect(queryTimes.length).toBeGreaterThan(0);
    expect(queryTimes.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1_000) + 1);
  });

  it('a caller who pauses the campaign sees it paused on its next read, not an answer from before', async () => {
    const campaignId = await runningCampaign();
    // fill the shared reader with a running answer
    expect((await read(await api.call('GET', `/campaigns/${campaignId}/status`, { token }))).status).toBe('running');
    expect((await api.call('POST', `/campaigns/${campaignId}/pause`, { token })).status).toBe(200);
    const answer = campaignStatusSchema.parse(await read(await api.call('GET', `/campaigns/${campaignId}/status`, { token })));
    expect(answer.status).toBe('paused');
    expect((await api.call('POST', `/campaigns/${campaignId}/cancel`, { token, json: { hang_up: true } })).status).toBe(200);
  });

  it('answers with the stored counts, labelled stored, when the workflow cannot answer in time', async () => {
    const campaignId = await runningCampaign();
    // no worker: nothing answers the workflow's queries
    await api.engine.stopWorker();
    await pause(1_100); // past the freshness bound of the last live answer
    let answer: ReturnType<typeof campaignStatusSchema.parse> | undefined;
    // within the stale bound the previous live answer may still be served while the query waits; then the row answers
    await waitFor('the stored counts to answer', async () => {
      answer = campaignStatusSchema.parse(await read(await api.call('GET', `/campaigns/${campaignId}/status`, { token })));
      return answer.source === 'stored';
    }, 15_000, 200);
    expect(answer).toMatchObject({ campaign_id: campaignId, total_contacts: 10 });
    expect(answer!.completed_calls + answer!.failed_calls + answer!.in_progress_calls + answer!.waiting_calls + answer!.pending_calls).toBe(10);
  });

  it("answers 404 for another user's campaign, whatever the shared reader holds", async () => {
    const campaignId = (await read(await api.call('GET', '/campaigns', { token }))).items?.[0]?.campaign_id as string | undefined;
    expect(campaignId).toMatch(/^[0-9a-f-]{36}$/);
    const other = await api.signIn(uniqueEmail('status-other'));
    const response = await api.call('GET', `/campaigns/${campaignId}/status`, { token: other.token });
    expect(response.status).toBe(404);
  });
});
