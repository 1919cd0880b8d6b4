import type { Sql } from '../db/client.ts';

/** Tokens one or more chat completions used, as the API's `usage` field reports them. */
export interface LlmTokens {
  input: number;
  output: number;
}

/** The tokens a chat completion reports; null when the endpoint leaves `usage` out (some compatible servers do). */
export function tokensOf(completion: { usage?: { prompt_tokens?: number; completion_tokens?: number } | null }): LlmTokens | null {
  const usage = completion.usage;
  if (!usage || typeof usage.prompt_tokens !== 'number' || typeof usage.completion_tokens !== 'number') return null;
  return { input: usage.prompt_tokens, output: usage.completion_tokens };
}

export const addTokens = (a: LlmTokens, b: LlmTokens | null | undefined): LlmTokens => (b ? { input: a.input + b.input, output: a.output + b.output } : a);

/**
 * Adds tokens to the call's count. Added, not set: the agent (during the call) and the answer
 * mapper (after it) each report their own share, in either order.
 */
export async function addCallTokens(sql: Sql, call: { userId: string; callId: string }, tokens: LlmTokens): Promise<void> {
  await sql`
    update calls set llm_input_tokens = coalesce(llm_input_tokens, 0) + ${tokens.input},
      llm_output_tokens = coalesce(llm_output_tokens, 0) + ${tokens.output}
    where id = ${call.callId} and user_id = ${call.userId}`;
}
