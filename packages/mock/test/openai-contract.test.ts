// Contract tests with the official `openai` npm client against a real HTTP server on 127.0.0.1.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index';

let server: MockServer;
const client = (apiKey = 'sk-test-supermaxes') =>
  new OpenAI({ apiKey, baseURL: server.baseURL, maxRetries: 0 });

beforeAll(async () => {
  server = await startMockServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

describe('non-streaming', () => {
  it('answers with a chat.completion that refers to the last user message and adds up', async () => {
    const completion = await client().chat.completions.create({
      model: 'haiku-4.5-agentic',
      messages: [{ role: 'user', content: 'Say hello in one word.' }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('haiku-4.5-agentic');
    expect(completion.id).toMatch(/^chatcmpl-/);
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('stop');
    expect(choice?.message.role).toBe('assistant');
    expect(choice?.message.content).toContain('Say hello in one word');
    const usage = completion.usage;
    expect(usage).toBeDefined();
    expect(usage!.total_tokens).toBe(usage!.prompt_tokens + usage!.completion_tokens);
    expect(usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('is deterministic for the same seed, model and messages', async () => {
    const body = { model: 'sonnet-4.5', messages: [{ role: 'user' as const, content: 'Explain recursion' }] };
    const a = await client().chat.completions.create(body);
    const b = await client().chat.completions.create(body);
    const c = await client().chat.completions.create({ ...body, model: 'opus-4.5' });
    expect(a.choices[0]?.message.content).toBe(b.choices[0]?.message.content);
    expect(a.usage).toEqual(b.usage);
    // Ids stay unique per request, as clients key messages by them.
    expect(a.id).not.toBe(b.id);
    expect(c.choices[0]?.message.content).not.toBe(a.choices[0]?.message.content);
  });

  it('honours max_tokens with finish_reason length', async () => {
    const completion = await client().chat.completions.create({
      model: 'sonnet-4.5',
      max_tokens: 3,
      messages: [{ role: 'user', content: 'Tell me a long story about dragons' }],
    });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(3);
  });

  it('cuts at a stop sequence and honours response_format', async () => {
    const messages = [{ role: 'user' as const, content: 'Explain gravity' }];
    const full = await client().chat.completions.create({ model: 'sonnet-4.5', messages });
    const text = full.choices[0]?.message.content ?? '';
    const stopped = await client().chat.completions.create({ model: 'sonnet-4.5', messages, stop: ['.'] });
    expect(stopped.choices[0]?.message.content).toBe(text.slice(0, text.indexOf('.')));
    expect(stopped.choices[0]?.finish_reason).toBe('stop');

    const object = await client().chat.completions.create({
      model: 'sonnet-4.5',
      messages,
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(object.choices[0]?.message.content ?? '')).toEqual({ answer: text });
    const schema = await client().chat.completions.create({
      model: 'sonnet-4.5',
      messages: [{ role: 'user', content: 'Weather in Oslo for 3 days' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'forecast',
          schema: {
            type: 'object',
            properties: { city: { type: 'string' }, days: { type: 'integer' }, summary: { type: 'string' } },
            required: ['city', 'days', 'summary'],
          },
        },
      },
    });
    const parsed = JSON.parse(schema.choices[0]?.message.content ?? '');
    expect(parsed).toMatchObject({ city: 'Oslo', days: 3 });
    expect(parsed.summary).toContain('Weather in Oslo');
  });

  it('returns reasoning_content and reasoning tokens for thinking models', async () => {
    const completion = await client().chat.completions.create({
      model: 'deepseek-r2',
      messages: [{ role: 'user', content: "What's the time complexity of quicksort?" }],
    });
    const message = completion.choices[0]?.message as { content: string | null; reasoning_content?: string };
    expect(message.reasoning_content).toContain('quicksort');
    const reasoning = completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(reasoning);
  });

  it('lists 15 models with tier and kind', async () => {
    const page = await client().models.list();
    const models = page.data as Array<{ id: string; tier?: string; kind?: string }>;
    expect(models).toHaveLength(15);
    for (const id of ['haiku-4.5-agentic', 'deepseek-r2', 'sonnet-4.5-thinking', 'opus-4.5']) {
      expect(models.map((m) => m.id)).toContain(id);
    }
    expect(models.find((m) => m.id === 'opus-4.5')?.tier).toBe('supermaxes');
    expect(new Set(models.map((m) => m.tier))).toEqual(new Set(['standard', 'donator', 'supermaxes']));
    expect(new Set(models.map((m) => m.kind))).toEqual(new Set(['chat', 'thinking', 'agentic']));
  });

  it('exposes the rate-limit headers through .withResponse()', async () => {
    const { data, response } = await client('sk-test-donator')
      .chat.completions.create({ model: 'deepseek-r2', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices).toHaveLength(1);
    expect(response.headers.get('x-ratelimit-limit')).toBe('120');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('119');
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBeLessThanOrEqual(60);
  });
});

describe('streaming', () => {
  it('streams role first, content deltas, finish_reason, usage, then ends', async () => {
    const stream = await client().chat.completions.create({
      model: 'sonnet-4.5',
      messages: [{ role: 'user', content: 'Stream me a haiku.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toContain('Stream me a haiku');
    const finishes = chunks.filter((c) => c.choices[0]?.finish_reason);
    expect(finishes).toHaveLength(1);
    expect(finishes[0]?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toBe(
      (last?.usage?.prompt_tokens ?? 0) + (last?.usage?.completion_tokens ?? 0),
    );

    const whole = await client().chat.completions.create({
      model: 'sonnet-4.5',
      messages: [{ role: 'user', content: 'Stream me a haiku.' }],
    });
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(last?.usage).toEqual(whole.usage);
  });

  it('streams reasoning_content before the answer for thinking models', async () => {
    const stream = await client().chat.completions.create({
      model: 'sonnet-4.5-thinking',
      messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      stream: true,
    });
    const kinds: string[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
      if (delta?.reasoning_content) kinds.push('reasoning');
      if (delta?.content) kinds.push('content');
    }
    expect(kinds[0]).toBe('reasoning');
    expect(kinds.at(-1)).toBe('content');
    expect(kinds.lastIndexOf('reasoning')).toBeLessThan(kinds.indexOf('content'));
  });
});

describe('errors', () => {
  const messages = [{ role: 'user' as const, content: 'hi' }];

  it('401 for a missing or unknown key', async () => {
    const err = await client('sk-nope')
      .chat.completions.create({ model: 'haiku-4.5', messages })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(err.status).toBe(401);
    expect(err.error).toMatchObject({ type: 'authentication_error' });
    expect(err.headers.get('x-ratelimit-limit')).toBeTruthy();
  });

  it('403 tier_forbidden with the documented message', async () => {
    const err = await client('sk-test-standard')
      .chat.completions.create({ model: 'opus-4.5', messages })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(err.status).toBe(403);
    expect(err.error).toMatchObject({
      type: 'tier_forbidden',
      message: 'opus-4.5 requires the SuperMaxes tier. Upgrade at using.ai/pricing.',
    });
  });

  it('404 for an unknown model', async () => {
    const err = await client()
      .chat.completions.create({ model: 'gpt-9', messages })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err.error).toMatchObject({ type: 'not_found' });
  });

  it('400 for bad temperature, max_tokens and messages', async () => {
    for (const body of [
      { model: 'haiku-4.5', messages, temperature: 7 },
      { model: 'haiku-4.5', messages, max_tokens: 0 },
      { model: 'haiku-4.5', messages: [] },
      { model: 'haiku-4.5', messages: [{ role: 'wizard', content: 'x' }] },
    ]) {
      const err = await client()
        .chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming)
        .catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err.error.type).toBe('invalid_request_error');
    }
  });

  it('429 past the tier limit with Retry-After', async () => {
    const c = client('sk-test-standard');
    for (let i = 0; i < 60; i++) await c.models.list();
    const err = await c.chat.completions.create({ model: 'haiku-4.5', messages }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.error).toMatchObject({ type: 'rate_limit_exceeded' });
    expect(Number(err.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(err.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('500 from the server_error fault', async () => {
    server.inject('server_error');
    const err = await client()
      .chat.completions.create({ model: 'haiku-4.5', messages })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err.status).toBe(500);
    expect(err.error).toMatchObject({ type: 'server_error' });
  });
});
