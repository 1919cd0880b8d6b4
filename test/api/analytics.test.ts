import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';

describe('survey analytics', () => {
  let api: ApiHarness;
  let token: string;
  let surveyId: string;
  let campaignId: string;
  beforeAll(async () => {
    api = await createApiHarness({ callDelayMs: 5, respondentMix: { cooperative: 2, talkative: 1, confused: 1 } });
    await api.engine.startWorker();
    ({ token } = await api.signIn(uniqueEmail('analytics')));
    surveyId = (await read(await api.call('POST', '/surveys', { token, json: { title: 'Counted', json_questionnaire: questions } }))).id;
    await api.call('POST', `/surveys/${surveyId}/contacts`, { token, json: { contacts: [0, 1, 2, 3, 4, 5].map((i) => ({ phone_number: `+1415555019${i}` })) } });
    campaignId = (await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: surveyId } }))).campaign_id;
    await api.engine.result(campaignId);
  });
  afterAll(() => api?.close());

  it('matches the stored responses: distributions, scale mean and median, unclear rate, funnel, median call length', async () => {
    const response = await api.call('GET', `/surveys/${surveyId}/analytics`, { token });
    expect(response.status).toBe(200);
    const a = await read(response);
    const rows = await api.engine.sql<{ question_id: string; mapped_value: unknown; method: string }[]>`
      select question_id, mapped_value, method from responses where survey_id = ${surveyId}`;
    const calls = await api.engine.sql<{ duration_seconds: number }[]>`select duration_seconds from calls where campaign_id = ${campaignId} and duration_seconds > 0 order by duration_seconds`;
    expect(a).toMatchObject({ survey_id: surveyId, calls: 6, connected_calls: calls.length });
    const mid = calls.length / 2;
    const median = calls.length % 2 ? calls[Math.floor(mid)]!.duration_seconds : (calls[mid - 1]!.duration_seconds + calls[mid]!.duration_seconds) / 2;
    expect(a.median_call_seconds).toBeCloseTo(median, 0);

    for (const q of a.questions) {
      const mine = rows.filter((r) => r.question_id === q.question_id);
      const clear = mine.filter((r) => r.method !== 'unclear' && r.mapped_value !== null);
      expect({ id: q.question_id, answered: q.answered, unclear: q.unclear }).toEqual({ id: q.question_id, answered: mine.length - mine.filter((r) => r.method === 'unclear').length, unclear: mine.filter((r) => r.method === 'unclear').length });
      const expected: Record<string, number> = {};
      for (const r of clear) expected[String(r.mapped_value)] = (expected[String(r.mapped_value)] ?? 0) + 1;
      expect(q.distribution).toEqual(expected);
      if (q.type === 'linear_scale') {
        const nums = clear.map((r) => Number(r.mapped_value));
        expect(q.mean).toBeCloseTo(nums.reduce((s, n) => s + n, 0) / nums.length, 2);
        expect(q.median).not.toBeNull();
      }
    }
    expect(a.funnel.map((f: { question_id: string }) => f.question_id)).toEqual(['q1', 'q2', 'q3']);
  });

  it('narrows to a campaign, and refuses another user or a foreign campaign', async () => {
    const one = await read(await api.call('GET', `/surveys/${surveyId}/analytics?campaign_id=${campaignId}`, { token }));
    expect(one).toMatchObject({ campaign_id: campaignId, calls: 6 });
    const other = (await api.signIn(uniqueEmail('analytics-other'))).token;
    expect((await api.call('GET', `/surveys/${surveyId}/analytics`, { token: other })).status).toBe(404);
    expect((await api.call('GET', `/surveys/${surveyId}/analytics?campaign_id=00000000-0000-4000-8000-000000000000`, { token })).status).toBe(404);
    expect((await api.call('GET', `/surveys/${surveyId}/analytics?campaign_id=nope`, { token })).status).toBe(400);
  });
});
