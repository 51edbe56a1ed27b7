// The same requests through @using-ai/core's createClient and the official openai client: same results.
import {
  AuthenticationError,
  BadRequestError,
  createClient,
  NotFoundError,
  RateLimitError,
  ServerError,
  TierForbiddenError,
  type UsingAiClient,
} from '@using-ai/core';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index';

let server: MockServer;
const core = (key = 'sk-test-supermaxes'): UsingAiClient =>
  createClient({
    baseURL: server.baseURL,
    headers: { Authorization: `Bearer ${key}` },
    maxRetries: 0,
    waitForRateLimit: false,
  });
const openai = (key = 'sk-test-supermaxes') =>
  new OpenAI({ apiKey: key, baseURL: server.baseURL, maxRetries: 0 });

beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const messages = [{ role: 'user' as const, content: 'How do volcanoes form?' }];

describe('core client and openai client agree', () => {
  it('non-streaming: same content, reasoning and usage', async () => {
    const a = await core().complete({ model: 'sonnet-4.5-thinking', messages });
    const b = await openai().chat.completions.create({ model: 'sonnet-4.5-thinking', messages });
    expect(a.status).toBe(200);
    expect(a.message.content).toBe(b.choices[0]?.message.content);
    expect(a.message.reasoning).toBe(
      (b.choices[0]!.message as { reasoning_content?: string }).reasoning_content,
    );
    expect(a.completion.usage).toEqual(b.usage);
    expect(a.rateLimit).toMatchObject({ limit: 300, remaining: 299 });
  });

  it('streaming: same accumulated message', async () => {
    const stream = core().stream({ model: 'deepseek-r2', messages, stream_options: { include_usage: true } });
    const final = await stream.final();
    const b = await openai().chat.completions.create({ model: 'deepseek-r2', messages });
    expect(final.finishReason).toBe('stop');
    expect(final.content).toBe(b.choices[0]?.message.content);
    expect(final.reasoning.length).toBeGreaterThan(0);
    expect(final.usage).toEqual(b.usage);
    expect(stream.rateLimit?.limit).toBe(300);
  });

  it('tool calls stream into the same calls', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ];
    const ask = [{ role: 'user' as const, content: 'Weather in Paris and Rome?' }];
    const final = await core().stream({ model: 'opus-4.5-agentic', messages: ask, tools }).final();
    const b = await openai().chat.completions.create({ model: 'opus-4.5-agentic', messages: ask, tools });
    expect(final.finishReason).toBe('tool_calls');
    expect(final.toolCalls).toEqual(b.choices[0]?.message.tool_calls);
  });

  it('models() lists the catalog', async () => {
    const list = await core().models();
    expect(list.data.map((m) => m.id)).toEqual((await openai().models.list()).data.map((m) => m.id));
  });

  it('errors map to the same statuses and types', async () => {
    const cases: Array<
      [() => Promise<unknown>, () => Promise<unknown>, new (...args: never[]) => Error, number, string]
    > = [
      [
        () => core('sk-bad').complete({ model: 'haiku-4.5', messages }),
        () => openai('sk-bad').chat.completions.create({ model: 'haiku-4.5', messages }),
        AuthenticationError,
        401,
        'authentication_error',
      ],
      [
        () => core('sk-test-standard').complete({ model: 'opus-4.5', messages }),
        () => openai('sk-test-standard').chat.completions.create({ model: 'opus-4.5', messages }),
        TierForbiddenError,
        403,
        'tier_forbidden',
      ],
      [
        () => core().complete({ model: 'nope-1', messages }),
        () => openai().chat.completions.create({ model: 'nope-1', messages }),
        NotFoundError,
        404,
        'not_found',
      ],
      [
        () => core().complete({ model: 'haiku-4.5', messages, temperature: 9 }),
        () => openai().chat.completions.create({ model: 'haiku-4.5', messages, temperature: 9 }),
        BadRequestError,
        400,
        'invalid_request_error',
      ],
      [
        () =>
          core().complete({ model: 'haiku-4.5', messages }, { headers: { 'X-Mock-Fault': 'rate_limit' } }),
        () =>
          openai().chat.completions.create(
            { model: 'haiku-4.5', messages },
            { headers: { 'X-Mock-Fault': 'rate_limit' } },
          ),
        RateLimitError,
        429,
        'rate_limit_exceeded',
      ],
      [
        () =>
          core().complete({ model: 'haiku-4.5', messages }, { headers: { 'X-Mock-Fault': 'server_error' } }),
        () =>
          openai().chat.completions.create(
            { model: 'haiku-4.5', messages },
            { headers: { 'X-Mock-Fault': 'server_error' } },
          ),
        ServerError,
        500,
        'server_error',
      ],
    ];
    for (const [viaCore, viaOpenai, ErrorClass, status, type] of cases) {
      const a = (await viaCore().catch((e: unknown) => e)) as {
        status: number;
        type: string;
        message: string;
      };
      const b = (await viaOpenai().catch((e: unknown) => e)) as {
        status: number;
        error: { type: string; message: string };
      };
      expect(a).toBeInstanceOf(ErrorClass);
      expect([a.status, a.type]).toEqual([status, type]);
      expect([b.status, b.error.type]).toEqual([status, type]);
      expect(a.message).toContain(b.error.message);
    }
  });
});
