import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataUpkeepResult } from '../../workflows/data-upkeep.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';

describe("retention: a survey's retention_days erases what people said, and keeps the results", () => {
  let api: ApiHarness;
  let token: string;

  const upkeep = () =>
    api.engine.client.workflow.execute('dataUpkeepWorkflow', { taskQueue: api.engine.taskQueue, workflowId: `upkeep-${randomBytes(4).toString('hex')}`, args: [] }) as Promise<DataUpkeepResult>;
  const surveyWithCalls = async (settings: Record<string, unknown>, phones: string[]) => {
    const survey = await read(await api.call('POST', '/surveys', { token, json: { title: 'Kept a while', json_questionnaire: questions, ...settings } }));
    await api.call('POST', `/surveys/${survey.id}/contacts`, { token, json: { contacts: phones.map((phone_number) => ({ phone_number })) } });
    const { campaign_id: campaignId } = await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: survey.id } }));
    await api.engine.result(campaignId);
    const calls = await api.engine.sql<{ id: string }[]>`select id from calls where campaign_id = ${campaignId} order by created_at`;
    return { surveyId: survey.id as string, calls: calls.map((c) => c.id) };
  };
  const backdate = (callIds: string[], days: number) =>
    api.engine.sql`update calls set ended_at = now() - make_interval(days => ${days}), created_at = now() - make_interval(days => ${days}) where id = any(${callIds}::uuid[])`;

  beforeAll(async () => {
    // a schema of its own: the data upkeep it runs erases every user's calls past the period, by design
    api = await createApiHarness({ callDelayMs: 5, ownSchema: 'retention' });
    await api.engine.startWorker();
    ({ token } = await api.signIn(uniqueEmail('retention')));
  });
  afterAll(() => api?.close());

  it('validates the setting: whole days from 1 to 3650, or null to keep', async () => {
    for (const retention_days of [0, -1, 3651, 1.5, '7']) {
      const response = await api.call('POST', '/surveys', { token, json: { title: 'x', json_questionnaire: questions, retention_days } });
      expect(response.status).toBe(400);
      expect((await read(response)).error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'retention_days' })]));
    }
    const survey = await read(await api.call('POST', '/surveys', { token, json: { title: 'x', json_questionnaire: questions } }));
    expect(survey).toMatchObject({ retention_days: null, record_calls: false });
    const patched = await read(await api.call('PATCH', `/surveys/${survey.id}`, { token, json: { retention_days: 7, record_calls: true } }));
    expect(patched).toMatchObject({ retention_days: 7, record_calls: true });
    expect((await read(await api.call('PATCH', `/surveys/${survey.id}`, { token, json: { retention_days: null } }))).retention_days).toBeNull();
  });

  it('erases transcripts, raw answer words and recordings of calls past the period; mapped answers, outcomes and analytics stay', async () => {
    const kept = await surveyWithCalls({ retention_days: 7 }, ['+14155550401', '+14155550402', '+14155550403']);
    const forever = await surveyWithCalls({}, ['+14155550411']);
    const [old, recent, oldToo] = kept.calls as [string, string, string];
    await backdate([old, oldToo], 8);
    await backdate([recent], 6);
    await backdate(forever.calls, 400);
    // a linked recording of the old call (as the recordings upkeep leaves it)
    await api.engine.sql`
      insert into call_recordings (call_id, user_id, provider, provider_recording_sid)
      select id, user_id, 'none', 'RE-old' from calls where id = ${old}`;
    const analyticsBefore = await read(await api.call('GET', `/surveys/${kept.surveyId}/analytics`, { token }));
    const mappedBefore = await api.engine.sql`select call_id, question_id, mapped_value, method from responses where survey_id = ${kept.surveyId} order by call_id, question_id`;

    const result = await upkeep();
    expect(result.retention.erasedCalls).toBeGreaterThanOrEqual(2);

    const detail = await read(await api.call('GET', `/calls/${old}`, { token }));
    expect(detail.transcript).toEqual([]);
    expect(detail.personal_data_erased_at).toEqual(expect.any(String));
    expect(detail.outcome).toBe('completed');
    expect(detail.answers.length).toBeGreaterThan(0);
    expect(detail.answers.every((a: { raw_answer: string | null; mapped_value: unknown }) => a.raw_answer === null && a.mapped_value !== null)).toBe(true);
    expect(await api.engine.sql`select 1 from call_recordings where call_id = ${old}`).toHaveLength(0);
    // its deletion at the provider was queued by the link's delete and done in the same run
    expect(result.deletions).toEqual({ deleted: 1, failed: 0 });
    expect(await api.engine.sql`select 1 from recording_deletions where provider_recording_sid = 'RE-old'`).toHaveLength(0);

    const young = await read(await api.call('GET', `/calls/${recent}`, { token }));
    expect(young.transcript.length).toBeGreaterThan(0);
    expect(young.personal_data_erased_at).toBeNull();
    expect(young.answers.some((a: { raw_answer: string | null }) => a.raw_answer !== null)).toBe(true);
    const noSetting = await read(await api.call('GET', `/calls/${forever.calls[0]}`, { token }));
    expect(noSetting.transcript.length).toBeGreaterThan(0);

    expect(await read(await api.call('GET', `/surveys/${kept.surveyId}/analytics`, { token }))).toEqual(analyticsBefore);
    expect(await api.engine.sql`select call_id, question_id, mapped_value, method from responses where survey_id = ${kept.surveyId} order by call_id, question_id`).toEqual(mappedBefore);

    // erased once: a later run has nothing left to do for these calls
    const again = await upkeep();
    expect(again.retention.erasedCalls).toBe(0);
  });
});
