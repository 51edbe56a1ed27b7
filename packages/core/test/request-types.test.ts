// The request types as users write them (OpenAI-style code copied in), checked by `pnpm typecheck`,
// and the same request accepted by the emulator over HTTP, so the types promise nothing the API refuses.
import type { ChatCompletionChunk, ChatCompletionRequest, ChatMessage, ModelId, Usage } from '@using-ai/core';
import { createClient } from '@using-ai/core';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

// Every role, including an assistant turn that carries only tool calls (no `content`, as in OpenAI's examples).
const messages: ChatMessage[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'developer', content: 'Answer in English.' },
  { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] },
  {
    role: 'assistant',
    tool_calls: [
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
    ],
  },
  { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":4}' },
  { role: 'user', content: 'And tomorrow?' },
];

// Every request field the issue names, with OpenAI's `null` for "the default" where it allows one.
const everyField: ChatCompletionRequest = {
  model: 'haiku-4.5-agentic',
  messages,
  stream: false,
  stream_options: null,
  temperature: 0.2,
  top_p: null,
  max_tokens: 200,
  max_completion_tokens: null,
  stop: null,
  presence_penalty: null,
  frequency_penalty: 0,
  seed: 7,
  n: null,
  user: 'user-1',
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: null,
  response_format: { type: 'text' },
};

describe('request types', () => {
  it('suggest the documented model ids and accept any other string', () => {
    expectTypeOf<'deepseek-r2'>().toExtend<ModelId>();
    expectTypeOf<'a-model-released-tomorrow'>().toExtend<ModelId>();
    expectTypeOf<Usage['completion_tokens_details']>().toEqualTypeOf<
      { reasoning_tokens?: number } | undefined
    >();
    expectTypeOf<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>().not.toBeAny();
    // @ts-expect-error a message needs a role
    const wrong: ChatMessage = { content: 'no role' };
    expect(wrong).toBeDefined();
  });

  it('a request with every field is accepted by the emulator, without streaming and streaming', async () => {
    const api = createClient({
      baseURL: mock.baseURL,
      headers: { Authorization: 'Bearer sk-test-standard' },
    });
    const result = await api.complete(everyField);
    expect(result.status).toBe(200);
    expect(result.message.finishReason).not.toBeNull();
    const streamed = await api.stream({ ...everyField, stream_options: { include_usage: true } }).final();
    expect(streamed.finishReason).not.toBeNull();
    expect(streamed.usage?.total_tokens).toBeGreaterThan(0);
  });
});
