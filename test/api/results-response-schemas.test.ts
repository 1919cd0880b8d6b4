import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { surveyAnalyticsSchema } from '../../src/analytics/analytics-schema.ts';
import { callDetailSchema, reviewedAnswerSchema, unclearAnswerSchema } from '../../src/calls/call-schemas.ts';

/**
 * The OpenAPI document describes these answers with the schemas below and the web app's types are
 * generated from it: each route's real answer must parse, strictly, or the app's types would lie.
 */
describe('results routes answer what the OpenAPI document says', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness({ callDelayMs: 5 });
    await api.engine.startWorker();
  });
  afterAll(() => api?.close());

  it('GET /calls/{id}, GET /surveys/{id}/analytics, GET /surveys/{id}/unclear-answers, PATCH /responses/{id}', async () => {
    const { token } = await api.signIn(uniqueEmail('schemas'));
    // "Other" / "Others": the mapper never guesses between them, so this question's answers are unclear
    const questionnaire = [
      { id: 'back', text: 'Would you come back?', type: 'yes_no' },
      { id: 'pick', text: 'Which one?', type: 'multiple_choice', options: [{ id: 'other', label: 'Other' }, { id: 'others', label: 'Others' }] },
    ];
    const survey = await read(await api.call('POST', '/surveys', { token, json: { title: 'Schemas', json_questionnaire: questionnaire } }));
    await api.call('POST', `/surveys/${survey.id}/contacts`, { token, json: { contacts: [{ phone_number: '+14155550170' }, { phone_number: '+14155550171' }] } });
    const launched = await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: survey.id } }));
    await api.engine.result(launched.campaign_id);

    const responses = await read(await api.call('GET', `/surveys/${survey.id}/responses`, { token }));
    const call = await read(await api.call('GET', `/calls/${responses.items[0].call_id}`, { token }));
    const detail = callDetailSchema.strict().parse(call);
    expect(detail.transcript.length).toBeGreaterThan(0);
    expect(detail.answers.map((a) => a.question_id).sort()).toEqual(['back', 'pick']);

    const analytics = surveyAnalyticsSchema.strict().parse(await read(await api.call('GET', `/surveys/${survey.id}/analytics`, { token })));
    expect(analytics.funnel.map((f) => f.question_id)).toEqual(['back', 'pick']);

    const unclear = (await read(await api.call('GET', `/surveys/${survey.id}/unclear-answers`, { token }))).items.map((i: unknown) => unclearAnswerSchema.strict().parse(i));
    expect(unclear).toHaveLength(2);

    const reviewed = await api.call('PATCH', `/responses/${unclear[0]!.response_id}`, { token, json: { mapped_value: 'others' } });
    expect(reviewed.status).toBe(200);
    expect(reviewedAnswerSchema.strict().parse(await read(reviewed))).toMatchObject({ mapped_value: 'others', method: 'manual' });
  });
});
