// The official clients, pointed at the proxy instead of the API, work unchanged. Their own apiKey is
// a placeholder the proxy never forwards.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { generateText, streamText } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyServer, startProxyServer } from '../src/proxy-server';

let mock: MockServer;
let proxy: ProxyServer;

beforeAll(async () => {
  mock = await startMockServer();
  proxy = await startProxyServer({ port: 0, apiKey: 'sk-test-supermaxes', upstream: mock.url });
});
afterAll(async () => {
  await proxy.close();
  await mock.close();
});

describe('openai (v6)', () => {
  const client = () => new OpenAI({ baseURL: proxy.url, apiKey: 'not-the-key', maxRetries: 0 });

  it('streams a chat completion through the proxy', async () => {
    const stream = await client().chat.completions.create({
      model: 'sonnet-4.5-thinking',
      messages: [{ role: 'user', content: 'Stream me a haiku.' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text.length).toBeGreaterThan(0);
  });

  it('creates a non-streaming completion and lists models', async () => {
    const completion = await client().chat.completions.create({
      model: 'opus-4.5',
      messages: [{ role: 'user', content: 'Say hello in one word.' }],
    });
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    const models = await client().models.list();
    expect(models.data.map((m) => m.id)).toContain('opus-4.5');
  });

  it('surfaces proxy refusals as typed API errors', async () => {
    const strict = await startProxyServer({
      port: 0,
      apiKey: 'sk-test-supermaxes',
      upstream: mock.url,
      allowedModels: ['haiku-4.5'],
    });
    try {
      const error = await new OpenAI({ baseURL: strict.url, apiKey: 'x', maxRetries: 0 }).chat.completions
        .create({ model: 'opus-4.5', messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(403);
      expect((error as InstanceType<typeof OpenAI.APIError>).type).toBe('model_not_allowed');
    } finally {
      await strict.close();
    }
  });
});

describe('@ai-sdk/openai-compatible (v2) with ai (v6)', () => {
  const provider = () => createOpenAICompatible({ name: 'using-ai', baseURL: proxy.url, includeUsage: true });

  it('streamText', async () => {
    const result = streamText({ model: provider().chatModel('haiku-4.5'), prompt: 'Stream me a haiku.' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text.length).toBeGreaterThan(0);
    expect((await result.usage).totalTokens).toBeGreaterThan(0);
  });

  it('generateText', async () => {
    const result = await generateText({
      model: provider().chatModel('deepseek-v4'),
      prompt: 'Say hello in one word.',
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe('stop');
  });
});
