import type OpenAI from 'openai';
import { tokensOf, type LlmTokens } from '../src/usage/llm-tokens.ts';

export type Rephraser = (line: string) => Promise<string>;

/**
 * Lets the survey owner's instructions ("introduce yourself as Sam from Acme", "keep it brief") shape
 * what the agent says, without letting a model change what is asked: the engine's line is rephrased by
 * an LLM, and the original is used whenever the rewrite drops a number or an option, comes back empty
 * or rambles, or the model fails. Every reply's tokens go to `onTokens` (the call's usage), kept
 * rewrite or not: they were paid for either way.
 */
export function createRephraser(options: {
  client: OpenAI;
  model: string;
  tone: string;
  instructions: string;
  keep: string[];
  onTokens?: (tokens: LlmTokens) => void;
}): Rephraser {
  const system = `You are the voice of a phone survey. Rephrase the line you are given for speaking aloud, in a ${options.tone} tone.
Follow the survey owner's instructions: ${options.instructions}
Keep every question, option, number and date exactly. Reply with the line only.`;
  return async (line) => {
    try {
      const completion = await options.client.chat.completions.create({
        model: options.model,
        temperature: 0.3,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: line },
        ],
      });
      const tokens = tokensOf(completion);
      if (tokens) options.onTokens?.(tokens);
      const rewritten = completion.choices[0]?.message?.content?.trim() ?? '';
      return faithful(line, rewritten, options.keep) ? rewritten : line;
    } catch {
      return line;
    }
  };
}

function faithful(original: string, rewritten: string, keep: string[]): boolean {
  if (!rewritten || rewritten.length > original.length * 3 + 80) return false;
  const numbers = original.match(/\d+/g) ?? [];
  if (!numbers.every((n) => rewritten.includes(n))) return false;
  const lower = rewritten.toLowerCase();
  return keep.filter((k) => original.toLowerCase().includes(k.toLowerCase())).every((k) => lower.includes(k.toLowerCase()));
}
