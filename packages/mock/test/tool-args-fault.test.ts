// The invalid_tool_args fault and the agentic model correcting itself on the next step, through the
// official openai client. Arguments are checked with zod, independently of the emulator's own check.
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type MockServer, startMockServer } from '../src/index';

let server: MockServer;
let openai: OpenAI;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
  openai = new OpenAI({ apiKey: 'sk-test-standard', baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const WeatherArgs = z.object({ city: z.string() });
const weather: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: z.toJSONSchema(WeatherArgs) as Record<string, unknown>,
  },
};
const model = 'haiku-4.5-agentic';
const ask = (content: string): ChatCompletionMessageParam[] => [{ role: 'user', content }];

async function complete(messages: ChatCompletionMessageParam[], tools = [weather]) {
  const completion = await openai.chat.completions.create({ model, messages, tools });
  const choice = completion.choices[0]!;
  const calls = (choice.message.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [c] : []));
  return { choice, calls, message: choice.message };
}

/** What a client does with arguments that fail validation: an error result the model can read. */
function errorResults(calls: Array<{ id: string; function: { arguments: string } }>) {
  return calls.map(
    (call): ChatCompletionMessageParam => ({
      role: 'tool',
      tool_call_id: call.id,
      content: JSON.stringify({ error: `Invalid arguments: ${call.function.arguments}` }),
    }),
  );
}

describe('invalid_tool_args fault', () => {
  it('injected: the call breaks the schema, an error result makes the model call again with valid args, then answer', async () => {
    server.inject('invalid_tool_args');
    const messages = ask('What is the weather in Paris right now?');
    const first = await complete(messages);
    expect(first.choice.finish_reason).toBe('tool_calls');
    expect(first.calls.map((c) => c.function.name)).toEqual(['get_weather']);
    expect(JSON.parse(first.calls[0]!.function.arguments)).toEqual({});
    expect(WeatherArgs.safeParse(JSON.parse(first.calls[0]!.function.arguments)).success).toBe(false);

    const afterError = [...messages, first.message, ...errorResults(first.calls)];
    const second = await complete(afterError);
    expect(second.choice.finish_reason).toBe('tool_calls');
    expect(second.calls.map((c) => c.function.name)).toEqual(['get_weather']);
    expect(second.calls[0]!.id).not.toBe(first.calls[0]!.id);
    expect(WeatherArgs.parse(JSON.parse(second.calls[0]!.function.arguments))).toEqual({ city: 'Paris' });

    const result: ChatCompletionMessageParam = {
      role: 'tool',
      tool_call_id: second.calls[0]!.id,
      content: JSON.stringify({ temperature: 21, conditions: 'sunny' }),
    };
    const third = await complete([...afterError, second.message, result]);
    expect(third.choice.finish_reason).toBe('stop');
    expect(third.message.content).toContain('sunny');
  });

  it('by header, streamed: the arguments delta concatenation breaks the schema', async () => {
    const stream = await openai.chat.completions.create(
      { model, messages: ask('Weather in Tokyo?'), tools: [weather], stream: true },
      { headers: { 'X-Mock-Fault': 'invalid_tool_args' } },
    );
    let args = '';
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) args += delta.function?.arguments ?? '';
    }
    expect(WeatherArgs.safeParse(JSON.parse(args)).success).toBe(false);
  });

  it('breaks only the first of two calls, and only that one is called again', async () => {
    server.inject('invalid_tool_args');
    const messages = ask("What's the weather in Paris and Tokyo?");
    const first = await complete(messages);
    const parsed = first.calls.map((c) => WeatherArgs.safeParse(JSON.parse(c.function.arguments)).success);
    expect(parsed).toEqual([false, true]);
    const results = [
      ...errorResults(first.calls.slice(0, 1)),
      { role: 'tool' as const, tool_call_id: first.calls[1]!.id, content: '{"temperature":18}' },
    ];
    const second = await complete([...messages, first.message, ...results]);
    expect(second.calls.map((c) => JSON.parse(c.function.arguments))).toEqual([{ city: 'Paris' }]);
  });

  it('gives a wrong type when the tool requires nothing', async () => {
    const count: ChatCompletionTool = {
      type: 'function',
      function: {
        name: 'count_items',
        parameters: { type: 'object', properties: { items: { type: 'integer' } } },
      },
    };
    server.inject('invalid_tool_args');
    const { calls } = await complete(ask('Please count items in the basket'), [count]);
    expect(calls.map((c) => c.function.name)).toEqual(['count_items']);
    expect(typeof JSON.parse(calls[0]!.function.arguments).items).toBe('string');
  });

  it('an error result for valid arguments does not make the model loop: it answers in text', async () => {
    const messages = ask('What is the weather in Paris right now?');
    const first = await complete(messages);
    expect(WeatherArgs.safeParse(JSON.parse(first.calls[0]!.function.arguments)).success).toBe(true);
    const next = await complete([...messages, first.message, ...errorResults(first.calls)]);
    expect(next.choice.finish_reason).toBe('stop');
    expect(next.calls).toHaveLength(0);
  });

  it('a tool with nested required fields and minItems gets valid arguments (then broken by the fault)', async () => {
    const Order = z.object({
      items: z.array(z.object({ sku: z.string(), quantity: z.number().int().min(1) })).min(1),
      shipping: z.object({ address: z.string(), express: z.boolean() }),
    });
    const order: ChatCompletionTool = {
      type: 'function',
      function: { name: 'place_order', parameters: z.toJSONSchema(Order) as Record<string, unknown> },
    };
    const valid = await complete(ask('Please place order for 2 lamps'), [order]);
    expect(valid.calls.map((c) => c.function.name)).toEqual(['place_order']);
    const parsed = Order.parse(JSON.parse(valid.calls[0]!.function.arguments));
    expect(parsed.items.length).toBeGreaterThan(0);

    server.inject('invalid_tool_args');
    const broken = await complete(ask('Please place order for 2 lamps'), [order]);
    expect(Order.safeParse(JSON.parse(broken.calls[0]!.function.arguments)).success).toBe(false);
  });

  it('is consumed with no effect by a request that calls no tool', async () => {
    server.inject('invalid_tool_args');
    const plain = await complete(ask('Tell me a story about rivers.'));
    expect(plain.choice.finish_reason).toBe('stop');
    expect(server.pendingFaults()).toEqual([]);
  });
});
