import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmMapper } from '../../src/answers/llm-mapper.ts';
import { reportCallCompleted } from '../../src/campaigns/report-call.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';
import { startOpenAiStandIn } from '../helpers/openai-standin.ts';
import { contactWorkflowId } from '../../workflows/messages.ts';

describe('unclear answers after the call', () => {
  let h: Harness;
  let model: Awaited<ReturnType<typeof startOpenAiStandIn>>;
  let failures = 0;
  beforeAll(async () => {
    model = await startOpenAiStandIn((_, answer) => {
      // the first request fails as if the provider were overloaded: the activity retries
      if (failures++ === 0) return { status: 500, error: 'overloaded' };
      return { content: answer === 'twice a year' ? { value: 'rarely', confidence: 0.9, unclear: false } : { value: null, confidence: 0.1, unclear: true } };
    });
    const llm = createLlmMapper({ client: new OpenAI({ apiKey: 'test-key', baseURL: model.url, maxRetries: 0 }), model: 'test-model' });
    h = await createHarness({ callDelayMs: 3_600_000, llm });
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    await model?.close();
  });

  it('are remapped by the LLM in a retried activity; what it cannot map stays unclear', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('llm'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, 1);
    const [contact] = await h.sql<{ id: string }[]>`select id from contacts where survey_id = ${surveyId}`;
    const { campaignId } = await h.launch(userId, surveyId);
    const workflowId = contactWorkflowId(campaignId, contact!.id);
    const callId = (await h.waitForCall(workflowId)).callId!;
    await reportCallCompleted(h.client, workflowId, {
      call_id: callId,
      outcome: 'completed',
      answers: [
        { question_id: 'visit_frequency', raw_answer: 'twice a year', mapped_value: null, confidence: 0, method: 'unclear' },
        { question_id: 'satisfaction', raw_answer: 'four', mapped_value: 4, confidence: 0.95, method: 'deterministic' },
        { question_id: 'recommend', raw_answer: 'it depends', mapped_value: null, confidence: 0, method: 'unclear' },
      ],
    });
    await h.result(campaignId);
    const rows = await h.sql`select question_id, mapped_value, method, confidence from responses where call_id = ${callId} order by question_id`;
    expect(rows).toEqual([
      { question_id: 'recommend', mapped_value: null, method: 'unclear', confidence: 0 },
      { question_id: 'satisfaction', mapped_value: 4, method: 'deterministic', confidence: 0.95 },
      { question_id: 'visit_frequency', mapped_value: 'rarely', method: 'llm', confidence: 0.9 },
    ]);
    expect(failures).toBeGreaterThanOrEqual(3);
  });
});
