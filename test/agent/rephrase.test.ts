import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRephraser } from '../../agent/rephrase.ts';
import { startOpenAiStandIn, type ChatRequest } from '../helpers/openai-standin.ts';

describe('the owner\'s instructions shape the agent\'s words, never the questions', () => {
  let model: Awaited<ReturnType<typeof startOpenAiStandIn>>;
  let reply: (request: ChatRequest) => string | null = () => null;
  beforeAll(async () => {
    // this stand-in answers in plain text (no JSON schema): the content is the rewritten line
    model = await startOpenAiStandIn((request) => {
      const text = reply(request);
      return text === null ? { status: 500, error: 'down' } : { content: text };
    });
  });
  afterAll(() => model?.close());

  let used: { input: number; output: number }[] = [];
  const rephrase = () =>
    createRephraser({
      onTokens: (tokens) => used.push(tokens),
      client: new OpenAI({ apiKey: 'test-key', baseURL: model.url, maxRetries: 0 }),
      model: 'test-model',
      tone: 'professional',
      instructions: 'Introduce yourself as Sam from Acme Stores.',
      keep: ['Every week', 'About once a month'],
    });
  const line = 'Hi Ada! How often do you visit? Is it Every week, or About once a month? It takes 2 minutes.';

  it('uses the rewrite when it keeps every option and number, with the instructions in the prompt', async () => {
    reply = () => 'Good day Ada, this is Sam from Acme Stores. How often do you visit: Every week, or About once a month? It takes 2 minutes.';
    expect(await rephrase()(line)).toMatch(/^Good day Ada, this is Sam from Acme Stores/);
    const system = model.requests.at(-1)!.messages[0]!.content;
    expect(system).toContain('Introduce yourself as Sam from Acme Stores.');
    expect(system).toContain('professional');
  });

  it('keeps the original when the rewrite drops an option or a number, or the model fails', async () => {
    reply = () => 'Hi Ada, this is Sam. How often do you visit us? Every week perhaps? It takes 2 minutes.';
    expect(await rephrase()(line)).toBe(line);
    reply = () => 'Hi Ada, Sam here. Every week, or About once a month? Only takes a couple of minutes.';
    expect(await rephrase()(line)).toBe(line);
    reply = () => null;
    expect(await rephrase()(line)).toBe(line);
  });

  it("reports each reply's tokens from the API's usage, whether the rewrite is kept or not", async () => {
    used = [];
    reply = () => 'Hi Ada, this is Sam. Every week, or About once a month? It takes 2 minutes.';
    await rephrase()(line);
    reply = () => 'Hi Ada, Sam here. How often do you visit?';
    expect(await rephrase()(line)).toBe(line);
    reply = () => null; // a failed request reports nothing
    await rephrase()(line);
    expect(used).toEqual([{ input: 50, output: 10 }, { input: 50, output: 10 }]);
  });
});
