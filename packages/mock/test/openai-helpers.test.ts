// The official client's higher-level helpers, which validate chunk shapes strictly: the stream
// accumulator and the tool runner (a full agent loop: call, run the function, answer from its result).
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index';

let server: MockServer;
let openai: OpenAI;
beforeAll(async () => {
  server = await startMockServer();
  openai = new OpenAI({ apiKey: 'sk-test-donator', baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(() => server.close());

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

it('chat.completions.stream() accumulates the streamed tool calls into the same completion', async () => {
  const messages = [{ role: 'user' as const, content: 'Weather in Paris and Tokyo?' }];
  const stream = openai.chat.completions.stream({
    model: 'sonnet-4.5-agentic',
    messages,
    tools: [weatherTool],
  });
  const final = await stream.finalChatCompletion();
  const whole = await openai.chat.completions.create({
    model: 'sonnet-4.5-agentic',
    messages,
    tools: [weatherTool],
  });
  expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  expect(final.choices[0]?.message.tool_calls).toEqual(whole.choices[0]?.message.tool_calls);
});

it('chat.completions.runTools() completes an agent loop against the mock', async () => {
  const cities: string[] = [];
  const runner = openai.chat.completions.runTools({
    model: 'haiku-4.5-agentic',
    messages: [{ role: 'user', content: 'What is the weather in Lisbon?' }],
    tools: [
      {
        type: 'function',
        function: {
          ...weatherTool.function,
          parse: JSON.parse,
          function: (args: { city: string }) => {
            cities.push(args.city);
            return { city: args.city, temperature_c: 23, conditions: 'sunny' };
          },
        },
      },
    ],
  });
  const answer = await runner.finalContent();
  expect(cities).toEqual(['Lisbon']);
  expect(answer).toContain('get_weather');
  expect(answer).toContain('sunny');
});
