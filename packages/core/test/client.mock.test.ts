// Happy paths (and a few faults) of the client against the @using-ai/mock emulator over real HTTP.
import { createClient, type RetryEvent, StreamInterruptedError, TierForbiddenError } from '@using-ai/core';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const client = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({
    baseURL: mock.baseURL,
    headers: { Authorization: 'Bearer sk-test-standard' },
    retryDelay: { baseMs: 5, maxMs: 20 },
    ...options,
  });

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('client against the emulator', () => {
  it('completes without streaming, with usage and rate limit', async () => {
    const result = await client().complete({
      model: 'haiku-4.5',
      messages: [{ role: 'user', content: 'Say hello in one word.' }],
    });
    expect(result.status).toBe(200);
    expect(result.message.content).toContain('Say hello in one word');
    expect(result.message.finishReason).toBe('stop');
    expect(result.message.usage?.total_tokens).toBe(
      (result.message.usage?.prompt_tokens ?? 0) + (result.message.usage?.completion_tokens ?? 0),
    );
    expect(result.rateLimit).toMatchObject({ limit: 60, remaining: 59 });
  });

  it('streams the same text the non-streaming call returns, with usage from the final chunk', async () => {
    const api = client();
    const request = {
      model: 'haiku-4.5',
      messages: [{ role: 'user' as const, content: 'Tell me about tea.' }],
    };
    const whole = await api.complete(request);
    const stream = api.stream(request);
    let chunks = 0;
    for await (const _ of stream) chunks++;
    const message = await stream.final();
    expect(chunks).toBeGreaterThan(3);
    expect(message.content).toBe(whole.message.content);
    expect(message.finishReason).toBe('stop');
    expect(message.usage).toEqual(whole.message.usage);
    expect(stream.status).toBe(200);
    expect(stream.rateLimit?.limit).toBe(60);
  });

  it('streams reasoning from a thinking model', async () => {
    const message = await client()
      .stream({ model: 'deepseek-r2', messages: [{ role: 'user', content: 'Why is the sky blue?' }] })
      .final();
    expect(message.reasoning.length).toBeGreaterThan(0);
    expect(message.content.length).toBeGreaterThan(0);
    expect(message.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  it('merges streamed tool calls from an agentic model, and matches the non-streaming call', async () => {
    const api = client();
    const request = {
      model: 'haiku-4.5-agentic',
      messages: [{ role: 'user' as const, content: 'What is the weather in Paris and Tokyo?' }],
      tools: [weatherTool],
    };
    const message = await api.stream(request).final();
    expect(message.finishReason).toBe('tool_calls');
    expect(
      message.toolCalls.map((call) => [call.function.name, JSON.parse(call.function.arguments)]),
    ).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_weather', { city: 'Tokyo' }],
    ]);
    expect(message.toolCalls.every((call) => call.id.startsWith('call_'))).toBe(true);
    const whole = await api.complete(request);
    expect(whole.message.toolCalls.map((c) => c.function)).toEqual(message.toolCalls.map((c) => c.function));
  });

  it('lists models', async () => {
    const list = await client().models();
    expect(list.object).toBe('list');
    expect(list.data.map((m) => m.id)).toContain('opus-4.5');
  });

  it('reports a tier error with the required tier', async () => {
    const error = await client()
      .complete({ model: 'opus-4.5', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TierForbiddenError);
    expect((error as TierForbiddenError).requiredTier).toBe('supermaxes');
    expect((error as TierForbiddenError).type).toBe('tier_forbidden');
  });

  it('retries injected 500 and HTML 502 faults, then streams', async () => {
    mock.inject('server_error');
    mock.inject('html_502');
    const retries: RetryEvent[] = [];
    const message = await client()
      .stream(
        { model: 'haiku-4.5', messages: [{ role: 'user', content: 'hi' }] },
        { onRetry: (e) => retries.push(e) },
      )
      .final();
    expect(message.finishReason).toBe('stop');
    expect(retries.map((r) => r.error.status)).toEqual([500, 502]);
  });

  it('keeps the partial message when the connection drops mid-stream', async () => {
    mock.inject('drop_mid_stream');
    // No retries: if the cut came before the first chunk arrived, a retry would hide the fault.
    const stream = client({ maxRetries: 0 }).stream({
      model: 'haiku-4.5',
      messages: [{ role: 'user', content: 'Tell me a story.' }],
    });
    const error = await stream.final().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partial).toEqual(stream.current);
  });
});
