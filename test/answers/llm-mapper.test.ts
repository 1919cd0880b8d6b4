import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmMapper } from '../../src/answers/llm-mapper.ts';
import type { Question } from '../../src/domain/questionnaire.ts';
import { startOpenAiStandIn } from '../helpers/openai-standin.ts';

const visits: Question = {
  id: 'visits', text: 'How often do you visit?', type: 'multiple_choice', required: true,
  options: [{ id: 'weekly', label: 'Every week' }, { id: 'monthly', label: 'About once a month' }, { id: 'rarely', label: 'A few times a year' }],
};

describe('LLM answer mapper against an OpenAI-compatible stand-in', () => {
  let model: Awaited<ReturnType<typeof startOpenAiStandIn>>;
  let map: ReturnType<typeof createLlmMapper>;
  beforeAll(async () => {
    model = await startOpenAiStandIn((_, answer) => ({
      content: answer === 'twice a year' ? { value: 'rarely', confidence: 0.92, unclear: false } : { value: null, confidence: 0.2, unclear: true },
    }));
    map = createLlmMapper({ client: new OpenAI({ apiKey: 'test-key', baseURL: model.url, maxRetries: 2 }), model: 'test-model' });
  });
  afterAll(() => model?.close());

  it('sends a strict JSON schema built from the question and maps a confident reply', async () => {
    // the stand-in reports usage 50 prompt + 10 completion tokens on every reply
    expect(await map(visits, 'twice a year')).toEqual({ status: 'mapped', value: 'rarely', confidence: 0.92, tokens: { input: 50, output: 10 } });
    const request = model.requests.at(-1)!;
    expect(request).toMatchObject({ model: 'test-model', temperature: 0, response_format: { type: 'json_schema', json_schema: { name: 'mapped_answer', strict: true } } });
    const schema = request.response_format!.json_schema!.schema as { properties: { value: { anyOf: { enum?: string[] }[] } }; required: string[] };
    expect(schema.required.sort()).toEqual(['confidence', 'unclear', 'value']);
    expect(schema.properties.value.anyOf[0]!.enum).toEqual(['weekly', 'monthly', 'rarely']);
    expect(JSON.parse(request.messages[1]!.content)).toMatchObject({ answer: 'twice a year', question: { type: 'multiple_choice' } });
  });

  it('says unclear when the model is unsure, off-schema or not confident enough', async () => {
    // an unclear reply was paid for too
    expect(await map(visits, 'who knows')).toMatchObject({ status: 'unclear', tokens: { input: 50, output: 10 } });
    model.setScript(() => ({ content: { value: 'daily', confidence: 0.99, unclear: false } }));
    expect(await map(visits, 'every day')).toMatchObject({ status: 'unclear', reason: 'the model did not answer in the schema' });
    model.setScript(() => ({ content: { value: 'weekly', confidence: 0.55, unclear: false } }));
    expect(await map(visits, 'weekly-ish')).toMatchObject({ status: 'unclear', suggestion: 'weekly', confidence: 0.55 });
  });

  it('retries server errors through the SDK and throws when they persist', async () => {
    let calls = 0;
    model.setScript(() => (++calls < 3 ? { status: 500, error: 'overloaded' } : { content: { value: 'monthly', confidence: 0.9, unclear: false } }));
    expect(await map(visits, 'monthly')).toMatchObject({ status: 'mapped', value: 'monthly' });
    expect(calls).toBe(3);
    model.setScript(() => ({ status: 500, error: 'down' }));
    await expect(map(visits, 'monthly')).rejects.toThrow();
  });
});
