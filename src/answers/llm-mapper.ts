import type OpenAI from 'openai';
import { z } from 'zod';
import type { Question } from '../domain/questionnaire.ts';
import { CONFIDENT, type MappedAnswer } from './map-answer.ts';
import { tokensOf, type LlmTokens } from '../usage/llm-tokens.ts';

/** The JSON the model must return for a question: its value in the question's own terms. */
function valueSchema(question: Question): z.ZodType {
  const optionIds = (question.options ?? []).map((o) => o.id) as [string, ...string[]];
  switch (question.type) {
    case 'multiple_choice':
    case 'dropdown':
      return z.enum(optionIds).nullable();
    case 'checkboxes':
      return z.array(z.enum(optionIds)).nullable();
    case 'linear_scale':
      return z.number().int().min(question.scale?.min ?? 0).max(question.scale?.max ?? 10).nullable();
    case 'yes_no':
      return z.boolean().nullable();
    case 'number':
      return z.number().nullable();
    case 'date':
      return z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable();
    case 'time':
      return z.string().regex(/^\d{2}:\d{2}$/).nullable();
    case 'short_text':
    case 'paragraph':
      return z.string().nullable();
  }
}

const instructions = `You map a survey participant's spoken answer to the question's answer format.
Return JSON only. Use "unclear": true and "value": null when the answer is ambiguous, off-topic,
names several options for a single-choice question, or you would have to guess. A wrong confident
answer is worse than "unclear". "confidence" is your probability (0 to 1) that the value is right.
An option's "aliases" are other words the survey owner says people use for it: saying one names that option.`;

export interface LlmMapperOptions {
  client: OpenAI;
  model: string;
}

/** A mapping and what it cost: the tokens the API reported (absent when it reported none). */
export type LlmMappedAnswer = MappedAnswer & { tokens?: LlmTokens };

/**
 * Asks an OpenAI-compatible chat-completions endpoint to map an utterance, with a strict JSON schema
 * built from the question (option ids as an enum, the scale's bounds, …). The reply is validated again
 * here; anything invalid, unsure or below the confidence bar is "unclear". Transport errors throw, so
 * the activity calling it retries. The reply's `usage` comes back as `tokens`, whatever the mapping.
 */
export function createLlmMapper({ client, model }: LlmMapperOptions) {
  return async function mapWithLlm(question: Question, utterance: string, now = new Date()): Promise<LlmMappedAnswer> {
    const reply = z.object({ value: valueSchema(question), confidence: z.number().min(0).max(1), unclear: z.boolean() });
    const completion = await client.chat.completions.create({
      model,
      temperature: 0,
      messages: [
        { role: 'system', content: instructions },
        {
          role: 'user',
          content: JSON.stringify({
            today: now.toISOString().slice(0, 10),
            question: { text: question.text, type: question.type, options: question.options, scale: question.scale },
            answer: utterance,
          }),
        },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'mapped_answer', strict: true, schema: z.toJSONSchema(reply, { target: 'draft-7' }) as Record<string, unknown> },
      },
    });
    const tokens = tokensOf(completion);
    const withTokens = (answer: MappedAnswer): LlmMappedAnswer => (tokens ? { ...answer, tokens } : answer);
    const content = completion.choices[0]?.message?.content;
    let parsed: z.infer<typeof reply>;
    try {
      parsed = reply.parse(JSON.parse(content ?? ''));
    } catch {
      return withTokens({ status: 'unclear', reason: 'the model did not answer in the schema', confidence: 0 });
    }
    if (parsed.unclear || parsed.value === null || parsed.confidence < CONFIDENT) {
      return withTokens({ status: 'unclear', reason: 'the model is not sure', confidence: parsed.confidence, suggestion: parsed.value ?? undefined });
    }
    return withTokens({ status: 'mapped', value: parsed.value, confidence: parsed.confidence });
  };
}

export type LlmMapper = ReturnType<typeof createLlmMapper>;
