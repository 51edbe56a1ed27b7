// Acceptance for issue #14 (structured output, tool approval, typed tools, parallel calls), written as a
// user of @using-ai/core would, against the real emulator over HTTP.
import {
  type ChatSession,
  type ChatSessionOptions,
  type ChatTool,
  createChatSession,
  createClient,
  ObjectValidationError,
  StreamInterruptedError,
  streamObject,
} from '@using-ai/core';
import * as objectEntry from '@using-ai/core/object';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { until } from './chat/until';

let mock: MockServer;
const cleanups: (() => void)[] = [];
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  mock.reset();
});

const client = () =>
  createClient({
    baseURL: mock.baseURL,
    headers: { Authorization: 'Bearer sk-test-supermaxes' },
    retryDelay: { baseMs: 1, maxMs: 5 },
  });

const Trip = z.object({
  title: z.string(),
  days: z.array(z.object({ city: z.string(), activities: z.array(z.string()) })),
});
const messages = [{ role: 'user' as const, content: 'Plan three days in Portugal.' }];

describe('issue 14: streamObject', () => {
  it('sends response_format json_schema; partials only grow; final() validates with zod', async () => {
    const trip = streamObject(client(), { model: 'haiku-4.5', messages, schema: Trip });
    // subscribe sees every partial; async iteration may skip to the latest one when the reader is slower.
    const partials: unknown[] = [];
    trip.subscribe((partial) => partials.push(structuredClone(partial)));
    const iterated: unknown[] = [];
    for await (const partial of trip) iterated.push(partial);
    const final = await trip.final();
    expect(iterated.at(-1)).toEqual(final);
    expect(Trip.parse(final)).toEqual(final);
    expect(final.days.length).toBeGreaterThan(0);
    expect(trip.partial).toEqual(final);
    expect(partials.length).toBeGreaterThan(2);
    // Each partial's JSON text is a "prefix-extension": everything in an earlier partial is still there.
    for (let i = 1; i < partials.length; i++) expect(contains(partials[i], partials[i - 1])).toBe(true);
    const sent = mock.requests().at(-1)?.body as {
      response_format?: { type: string; json_schema?: unknown };
    };
    expect(sent.response_format?.type).toBe('json_schema');
    expect(sent.response_format?.json_schema).toBeDefined();
  });

  it('validates with valibot ({ standard, jsonSchema }) and takes a plain JSON Schema unvalidated', async () => {
    const V = v.object({ title: v.string(), tags: v.array(v.string()) });
    const withValibot = streamObject(client(), {
      model: 'haiku-4.5',
      messages,
      schema: { standard: V, jsonSchema: toJsonSchema(V) },
    });
    const value = await withValibot.final();
    expect(typeof value.title).toBe('string');
    expect(Array.isArray(value.tags)).toBe(true);

    const plain = streamObject(client(), {
      model: 'haiku-4.5',
      messages,
      schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] },
    });
    expect(typeof ((await plain.final()) as { answer: string }).answer).toBe('string');
  });

  it('a final object that breaks the schema fails with ObjectValidationError carrying issues and text', async () => {
    mock.inject('schema_mismatch');
    const trip = streamObject(client(), { model: 'haiku-4.5', messages, schema: Trip });
    const error = await trip.final().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectValidationError);
    const validation = error as ObjectValidationError;
    expect(validation.issues.length).toBeGreaterThan(0);
    expect(validation.text).toBe(trip.text);
    expect(() => JSON.parse(validation.text)).not.toThrow();
    expect(objectEntry.ObjectValidationError).toBe(ObjectValidationError);
  });

  it('JSON that never closes fails as an interrupted stream with the partial object', async () => {
    const trip = streamObject(client(), { model: 'haiku-4.5', messages, schema: Trip, max_tokens: 8 });
    const error = await trip.final().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError & { partialObject?: unknown }).partialObject).toEqual(
      trip.partial,
    );
  });

  it('retries like stream(): a 500 before the answer is retried; rateLimit and status are there', async () => {
    mock.inject('server_error');
    const retries: unknown[] = [];
    const trip = streamObject(
      client(),
      { model: 'haiku-4.5', messages, schema: Trip },
      { onRetry: (e) => retries.push(e) },
    );
    expect(Trip.parse(await trip.final())).toBeDefined();
    expect(retries).toHaveLength(1);
    expect(trip.rateLimit?.limit).toBeGreaterThan(0);
    expect(trip.message.finishReason).toBe('stop');
  });

  it('.abort() stops it: the emulator sees the cancel, final() rejects as interrupted', async () => {
    mock.configure({ tokensPerSecond: 50 });
    const trip = streamObject(client(), { model: 'haiku-4.5', messages, schema: Trip });
    for await (const _ of trip) break;
    trip.abort();
    await expect(trip.final()).rejects.toBeInstanceOf(StreamInterruptedError);
    await expect.poll(() => mock.requests().at(-1)?.outcome).toBe('cancelled');
  });
});

function session(options: ChatSessionOptions): ChatSession {
  const chat = createChatSession(client(), { model: 'haiku-4.5-agentic', throttle: false, ...options });
  cleanups.push(chat.subscribe(() => {}));
  return chat;
}

const sent = () =>
  (mock.requests().at(-1)?.body as { messages: { role: string; content: string | null }[] } | undefined)
    ?.messages ?? [];

describe('issue 14: tool approval', () => {
  const weather = (executed: string[]): Record<string, ChatTool> => ({
    get_weather: {
      description: 'Get the weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      needsApproval: true,
      execute: (args) => {
        executed.push(String((args as { city: string }).city));
        return { temperature: 21 };
      },
    },
  });

  it("pauses in 'awaiting-approval' with the arguments visible; approving runs the tool and the loop goes on", async () => {
    const executed: string[] = [];
    const chat = session({ tools: weather(executed) });
    const done = chat.send('What is the weather in Paris?');
    const paused = await until(chat, (s) => s.status === 'awaiting-approval');
    const call = paused.messages.at(-1)?.toolCalls[0];
    expect(call?.state).toBe('awaiting-approval');
    expect(call?.args).toEqual({ city: 'Paris' });
    expect(executed).toEqual([]);
    expect(chat.approveToolCall(call?.id ?? '', true)).toBe(true);
    await done;
    expect(executed).toEqual(['Paris']);
    expect(chat.getSnapshot().status).toBe('idle');
    expect(chat.getSnapshot().messages.at(-1)?.content).toContain('get_weather returned');
  });

  it('a denial goes back to the model as the tool result, with the reason; the tool never runs', async () => {
    const executed: string[] = [];
    const chat = session({ tools: weather(executed) });
    const done = chat.send('What is the weather in Paris?');
    const paused = await until(chat, (s) => s.status === 'awaiting-approval');
    const id = paused.messages.at(-1)?.toolCalls[0]?.id ?? '';
    expect(chat.approveToolCall(id, false, 'not today')).toBe(true);
    await done;
    expect(executed).toEqual([]);
    const toolMessage = sent().find((m) => m.role === 'tool');
    expect(toolMessage?.content).toContain('denied');
    expect(toolMessage?.content).toContain('not today');
    expect(chat.getSnapshot().messages.at(-1)?.role).toBe('assistant');
    expect(chat.getSnapshot().status).toBe('idle');
  });

  it("two calls needing approval: 'awaiting-approval' until both are decided; results in call order", async () => {
    const executed: string[] = [];
    const chat = session({ tools: weather(executed) });
    const done = chat.send('What is the weather in Paris and Tokyo?');
    const paused = await until(chat, (s) => s.status === 'awaiting-approval');
    const calls = paused.messages.at(-1)?.toolCalls ?? [];
    expect(calls.map((c) => c.args)).toEqual([{ city: 'Paris' }, { city: 'Tokyo' }]);
    await until(
      chat,
      (s) => s.messages.at(-1)?.toolCalls.every((c) => c.state === 'awaiting-approval') ?? false,
    );
    chat.approveToolCall(calls[1]?.id ?? '', true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chat.getSnapshot().status).toBe('awaiting-approval');
    chat.approveToolCall(calls[0]?.id ?? '', false, 'no Paris');
    await done;
    expect(executed).toEqual(['Tokyo']);
    const toolMessages = sent().filter((m) => m.role === 'tool');
    expect(toolMessages[0]?.content).toContain('no Paris');
    expect(toolMessages[1]?.content).toContain('21');
  });

  it('needsApproval as a function of the arguments; stop() while waiting ends the call', async () => {
    const executed: string[] = [];
    const tools = weather(executed);
    const tool = tools.get_weather as ChatTool;
    // A rule may be async too.
    tool.needsApproval = async (args) => (args as { city: string }).city === 'Paris';
    const chat = session({ tools });
    await chat.send('What is the weather in Berlin?');
    expect(executed).toEqual(['Berlin']);

    void chat.send('What is the weather in Paris?');
    await until(chat, (s) => s.status === 'awaiting-approval');
    chat.stop();
    const call = chat.getSnapshot().messages.at(-1)?.toolCalls[0];
    expect(call?.state).toBe('error');
    expect(chat.getSnapshot().status).toBe('idle');
    expect(chat.approveToolCall(call?.id ?? '', true)).toBe(false);
    expect(executed).toEqual(['Berlin']);
  });
});

describe('issue 14: typed tool arguments (Standard Schema parameters)', () => {
  it('sends the JSON Schema derived from zod, validates before execute, and invalid arguments are corrected', async () => {
    const received: unknown[] = [];
    const chat = session({
      tools: {
        get_weather: {
          description: 'Get the weather for a city',
          parameters: z.object({ city: z.string() }),
          execute: (args) => {
            received.push(args);
            return { temperature: 21 };
          },
        },
      },
    });
    mock.inject('invalid_tool_args');
    await chat.send('What is the weather in Paris?');
    const first = mock.requests()[0]?.body as { tools: { function: { parameters: unknown } }[] };
    expect(first.tools[0]?.function.parameters).toMatchObject({
      type: 'object',
      properties: { city: { type: 'string' } },
    });
    // The invalid call never reached execute; the model got an error and called again with valid arguments.
    expect(received).toEqual([{ city: 'Paris' }]);
    const calls = chat.getSnapshot().messages.flatMap((m) => m.toolCalls);
    expect(calls[0]?.state).toBe('error');
    expect(calls.at(-1)?.state).toBe('done');
    expect(chat.getSnapshot().status).toBe('idle');
  });

  it('valibot parameters as { standard, jsonSchema: toJsonSchema(schema) }, no cast: execute gets typed args', async () => {
    const Args = v.object({ city: v.string() });
    const received: string[] = [];
    const tool: ChatTool<v.InferOutput<typeof Args>> = {
      description: 'Get the weather for a city',
      parameters: { standard: Args, jsonSchema: toJsonSchema(Args) },
      execute: ({ city }) => {
        received.push(city);
        return { temperature: 21 };
      },
    };
    const chat = session({ tools: { get_weather: tool } });
    await chat.send('What is the weather in Paris?');
    expect(received).toEqual(['Paris']);
  });
});

describe('issue 14: parallel calls', () => {
  it('the calls of one step run at once, each with its own signal; results go back in call order', async () => {
    let running = 0;
    let maxRunning = 0;
    const signals: AbortSignal[] = [];
    const releases: (() => void)[] = [];
    const chat = session({
      tools: {
        get_weather: {
          description: 'Get the weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          execute: async (args, { signal }) => {
            signals.push(signal);
            running += 1;
            maxRunning = Math.max(maxRunning, running);
            // The first call finishes last: order of results must still be the order of calls.
            const city = (args as { city: string }).city;
            await new Promise<void>((resolve) => releases.push(resolve));
            running -= 1;
            return { city };
          },
        },
      },
    });
    const done = chat.send('What is the weather in Paris and Tokyo?');
    await expect.poll(() => releases.length).toBe(2);
    expect(maxRunning).toBe(2);
    expect(signals[0]).not.toBe(signals[1]);
    releases[1]?.();
    releases[0]?.();
    await done;
    const tools = sent().filter((m) => m.role === 'tool');
    expect(tools.map((m) => JSON.parse(m.content ?? '{}').city)).toEqual(['Paris', 'Tokyo']);
  });
});

/** Whether `later` keeps everything `earlier` had (strings may only grow). */
function contains(later: unknown, earlier: unknown): boolean {
  if (typeof earlier === 'string') return typeof later === 'string' && later.startsWith(earlier);
  if (Array.isArray(earlier)) {
    return Array.isArray(later) && earlier.every((item, i) => contains(later[i], item));
  }
  if (earlier && typeof earlier === 'object') {
    if (!later || typeof later !== 'object' || Array.isArray(later)) return false;
    return Object.entries(earlier).every(([k, item]) =>
      contains((later as Record<string, unknown>)[k], item),
    );
  }
  return Object.is(later, earlier);
}
