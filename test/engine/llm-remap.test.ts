import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmMapper } from '../../src/answers/llm-mapper.ts';
import { reportCallCompleted } from '../../src/campaigns/report-call.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { startOpenAiStandIn } from '../helpers/openai-standin.ts';

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
    const { userId, surveyId, campaignId, workflowId, callId } = await h.launchOneCall('llm');
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
