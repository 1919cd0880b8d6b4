import { listenOnLoopback } from './loopback-server.ts';
import { Hono } from 'hono';

export interface ChatRequest {
  model: string;
  temperature?: number;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
}

/** The scripted model: what it returns for a request (a JSON object for content, or an HTTP failure). */
export type ModelScript = (request: ChatRequest, answer: string) => { content: unknown } | { status: number; error: string };

/**
 * A local OpenAI-compatible chat-completions endpoint (`POST /v1/chat/completions`), so the real
 * `openai` SDK is exercised: request shape, JSON-schema response format, error codes, retries.
 */
export async function startOpenAiStandIn(script: ModelScript) {
  const requests: ChatRequest[] = [];
  let current = script;
  const app = new Hono();
  app.post('/v1/chat/completions', async (c) => {
    if (c.req.header('authorization') !== 'Bearer test-key') return c.json({ error: { message: 'Incorrect API key', type: 'invalid_request_error', code: 'invalid_api_key' } }, 401);
    const request = (await c.req.json()) as ChatRequest;
    requests.push(request);
    let user: { answer?: string } = {};
    try {
      user = JSON.parse(request.messages.find((m) => m.role === 'user')?.content ?? '{}') as { answer?: string };
    } catch {
      // a plain-text prompt (the agent's rephraser)
    }
    const reply = current(request, user.answer ?? '');
    if ('status' in reply) return c.json({ error: { message: reply.error, type: 'server_error' } }, reply.status as 500);
    return c.json({
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content: typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content), refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 },
    });
  });
  const server = await listenOnLoopback(app);
  const url = `${server.url}/v1`;
  return {
    url,
    requests,
    setScript(next: ModelScript) {
      current = next;
    },
    close: server.close,
  };
}
