// Agentic models calling tools, through the official openai client: stream and non-stream, one and two
// calls, and the answer on the next turn using the tool results.
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index';

let server: MockServer;
let openai: OpenAI;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
  openai = new OpenAI({ apiKey: 'sk-test-standard', baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(() => server.close());

const fn = (name: string, description: string, property: string): ChatCompletionTool => ({
  type: 'function',
  function: {
    name,
    description,
    parameters: { type: 'object', properties: { [property]: { type: 'string' } }, required: [property] },
  },
});
const tools = [
  fn('get_weather', 'Current weather for a city', 'city'),
  fn('calculate', 'Evaluate an arithmetic expression', 'expression'),
  fn('get_time', 'Current time in a timezone', 'timezone'),
];
const model = 'haiku-4.5-agentic';
const ask = (content: string): ChatCompletionMessageParam[] => [{ role: 'user', content }];

interface StreamedCall {
  id: string;
  name: string;
  arguments: string;
  argumentDeltas: number;
}

async function streamCalls(
  messages: ChatCompletionMessageParam[],
  extra: Partial<OpenAI.ChatCompletionCreateParamsStreaming> = {},
) {
  const stream = await openai.chat.completions.create({ model, messages, tools, stream: true, ...extra });
  const calls: StreamedCall[] = [];
  let finish: string | null = null;
  let content = '';
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (!choice) continue;
    content += choice.delta.content ?? '';
    finish = choice.finish_reason ?? finish;
    for (const delta of choice.delta.tool_calls ?? []) {
      if (delta.id) {
        // The first delta of a call carries its id and name, before any arguments.
        expect(delta.function?.name).toBeTruthy();
        expect(delta.function?.arguments ?? '').toBe('');
        calls[delta.index] = {
          id: delta.id,
          name: delta.function?.name ?? '',
          arguments: '',
          argumentDeltas: 0,
        };
      } else {
        const call = calls[delta.index];
        expect(call, 'arguments before id').toBeDefined();
        call!.arguments += delta.function?.arguments ?? '';
        call!.argumentDeltas += 1;
      }
    }
  }
  return { calls, finish, content };
}

describe('tool calls', () => {
  it('weather: streams id+name first, then arguments over several chunks, finish tool_calls', async () => {
    const { calls, finish, content } = await streamCalls(ask('What is the weather in Paris right now?'));
    expect(finish).toBe('tool_calls');
    expect(content).toBe('');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: 'get_weather' });
    expect(calls[0]!.id).toMatch(/^call_/);
    expect(calls[0]!.argumentDeltas).toBeGreaterThan(1);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ city: 'Paris' });
  });

  it('calculate and get_time derive their arguments from the message', async () => {
    const calc = await streamCalls(ask('Calculate 12 * (3 + 4) please'));
    expect(calc.calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ['calculate', { expression: '12 * (3 + 4)' }],
    ]);
    const words = await streamCalls(ask('What is 15 times 4?'));
    expect(JSON.parse(words.calls[0]!.arguments)).toEqual({ expression: '15 * 4' });
    const time = await streamCalls(ask('What time is it in Tokyo?'));
    expect(time.calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ['get_time', { timezone: 'Asia/Tokyo' }],
    ]);
  });

  it('two subjects make two calls with distinct ids; parallel_tool_calls false makes one', async () => {
    const { calls } = await streamCalls(ask("What's the weather in Paris and Tokyo?"));
    expect(calls.map((c) => JSON.parse(c.arguments))).toEqual([{ city: 'Paris' }, { city: 'Tokyo' }]);
    expect(calls[0]!.id).not.toBe(calls[1]!.id);
    const both = await streamCalls(ask("What's the weather in London and what time is it there?"));
    expect(both.calls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
    const single = await streamCalls(ask("What's the weather in Paris and Tokyo?"), {
      parallel_tool_calls: false,
    });
    expect(single.calls).toHaveLength(1);
  });

  it('a prompt that needs no tool gets a text answer; tool_choice none and required are honoured', async () => {
    const plain = await streamCalls(ask("What's the time complexity of quicksort?"));
    expect(plain.calls).toHaveLength(0);
    expect(plain.finish).toBe('stop');
    expect(plain.content).toContain('quicksort');
    const none = await streamCalls(ask('Weather in Paris?'), { tool_choice: 'none' });
    expect(none.calls).toHaveLength(0);
    const required = await streamCalls(ask('Hello there'), { tool_choice: 'required' });
    expect(required.calls.map((c) => c.name)).toEqual(['get_weather']);
    const forced = await streamCalls(ask('Hello there'), {
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    expect(forced.calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ['get_time', { timezone: 'UTC' }],
    ]);
  });

  it('non-streaming returns the same tool calls in message.tool_calls', async () => {
    const messages = ask("What's the weather in Paris and Tokyo?");
    const completion = await openai.chat.completions.create({ model, messages, tools });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const streamed = await streamCalls(messages);
    expect(
      choice.message.tool_calls?.map((c) =>
        c.type === 'function' ? [c.id, c.function.name, c.function.arguments] : [],
      ),
    ).toEqual(streamed.calls.map((c) => [c.id, c.name, c.arguments]));
  });

  it('answers from the tool results on the next turn', async () => {
    const messages = ask("What's the weather in Paris and Tokyo?");
    const first = await openai.chat.completions.create({ model, messages, tools });
    const assistant = first.choices[0]!.message;
    const results: ChatCompletionMessageParam[] = (assistant.tool_calls ?? []).map((call, i) => ({
      role: 'tool',
      tool_call_id: call.id,
      content: JSON.stringify({ temperature: 20 + i, conditions: i === 0 ? 'sunny' : 'rainy' }),
    }));
    const next = [...messages, assistant, ...results];
    const { calls, finish, content } = await streamCalls(next);
    expect(calls).toHaveLength(0);
    expect(finish).toBe('stop');
    expect(content).toContain('get_weather');
    expect(content).toContain('sunny');
    expect(content).toContain('rainy');
  });

  it('generic tools get arguments from their required properties', async () => {
    const search: ChatCompletionTool = {
      type: 'function',
      function: {
        name: 'search_recipes',
        description: 'Find recipes',
        parameters: {
          type: 'object',
          properties: {
            query: { type: 'string' },
            servings: { type: 'integer' },
            diet: { type: 'string', enum: ['vegan', 'any'] },
            optional: { type: 'string' },
          },
          required: ['query', 'servings', 'diet'],
        },
      },
    };
    const completion = await openai.chat.completions.create({
      model,
      tools: [search],
      messages: ask('Find me recipes with mushrooms for 4 people'),
    });
    const call = completion.choices[0]!.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('search_recipes');
    const args = JSON.parse(call?.type === 'function' ? call.function.arguments : '{}');
    expect(args).toEqual({ query: expect.stringContaining('mushrooms'), servings: 4, diet: 'vegan' });
  });

  it('non-agentic models ignore tools', async () => {
    const completion = await openai.chat.completions.create({
      model: 'haiku-4.5',
      tools,
      messages: ask('What is the weather in Paris?'),
    });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.choices[0]!.message.tool_calls ?? []).toHaveLength(0);
  });
});
