// complete(), models(), headers, retries and rate limits against a scripted byte server over real HTTP.
import {
  AuthenticationError,
  BadRequestError,
  type ChatCompletion,
  type ChatCompletionRequest,
  ConnectionError,
  createClient,
  NotFoundError,
  RateLimitError,
  type RateLimitInfo,
  RequestTooLargeError,
  type RetryEvent,
  ServerError,
  TierForbiddenError,
  TimeoutError,
  UsingAiError,
} from '@using-ai/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ByteServer, type ScriptedResponse, startByteServer } from './support/byte-server';
import { usage } from './support/chunks';

let server: ByteServer;
beforeAll(async () => {
  server = await startByteServer();
});
afterAll(() => server.close());
beforeEach(() => server.script([]));

const request: ChatCompletionRequest = {
  model: 'deepseek-r2',
  messages: [{ role: 'user', content: 'Quicksort?' }],
};
const completion: ChatCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'deepseek-r2',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'O(n log n) on average.', reasoning_content: 'Think.' },
      finish_reason: 'stop',
    },
  ],
  usage,
};
const ok = (headers: Record<string, string> = {}): ScriptedResponse => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: [JSON.stringify(completion)],
});
const fail = (status: number, type: string, message: string, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: [JSON.stringify({ error: { type, message } })],
});

function client(options: Parameters<typeof createClient>[0] = {}) {
  return createClient({
    baseURL: `${server.origin}/api/using-ai/`,
    retryDelay: { baseMs: 5, maxMs: 20 },
    ...options,
  });
}

describe('client.complete over HTTP', () => {
  it('returns the completion, its message, rate limit, status and headers', async () => {
    server.script([
      ok({ 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '117', 'x-ratelimit-reset': '42' }),
    ]);
    const before = Date.now();
    const result = await client().complete({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(result.completion).toEqual(completion);
    expect(result.message).toMatchObject({
      content: 'O(n log n) on average.',
      reasoning: 'Think.',
      finishReason: 'stop',
      usage,
    });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('application/json');
    expect(result.rateLimit?.limit).toBe(120);
    expect(result.rateLimit?.remaining).toBe(117);
    expect(result.rateLimit?.resetAt).toBeGreaterThanOrEqual(before + 42_000);
    const [sent] = server.requests;
    expect(sent?.url).toBe('/api/using-ai/chat/completions');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent?.body ?? '')).toEqual(request);
  });

  it('sends the client headers (object or async function, awaited per attempt) and per-request headers', async () => {
    server.script([fail(500, 'server_error', 'x'), ok(), ok()]);
    let calls = 0;
    const api = client({
      headers: async () => {
        calls++;
        return { authorization: `Bearer app-token-${calls}` };
      },
    });
    await api.complete(request, { headers: { 'x-trace': 't1' } });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer app-token-1',
      'Bearer app-token-2',
    ]);
    expect(server.requests[1]?.headers['x-trace']).toBe('t1');
    server.script([ok()]);
    await client({ headers: { 'X-App': 'demo' } }).complete(request);
    expect(server.requests[0]?.headers['x-app']).toBe('demo');
  });

  it('maps every non-retryable status to its class without retrying', async () => {
    const cases: Array<[ScriptedResponse, new (...args: never[]) => UsingAiError]> = [
      [fail(400, 'invalid_request_error', 'messages is required'), BadRequestError],
      [fail(401, 'authentication_error', 'invalid key'), AuthenticationError],
      [
        fail(403, 'tier_forbidden', 'opus-4.5 requires the SuperMaxes tier. Upgrade at using.ai/pricing.'),
        TierForbiddenError,
      ],
      [fail(404, 'not_found', 'no such model'), NotFoundError],
      [{ status: 413, body: [] }, RequestTooLargeError],
    ];
    for (const [response, Class] of cases) {
      server.script([response, ok()]);
      const retries: RetryEvent[] = [];
      const error = await client()
        .complete(request, { onRetry: (e) => retries.push(e) })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Class);
      expect(retries).toHaveLength(0);
      expect(server.requests).toHaveLength(1);
    }
    server.script([fail(403, 'tier_forbidden', 'opus-4.5 requires the SuperMaxes tier.')]);
    const forbidden = (await client()
      .complete(request)
      .catch((e: unknown) => e)) as TierForbiddenError;
    expect(forbidden.type).toBe('tier_forbidden');
    expect(forbidden.requiredTier).toBe('supermaxes');
    expect(forbidden.message).toBe('opus-4.5 requires the SuperMaxes tier.');
  });

  it('retries 500, 502, 503 and 504, up to maxRetries, then throws the last error', async () => {
    server.script([
      fail(500, 'server_error', 'a'),
      { status: 502, body: ['<html><title>Bad Gateway</title></html>'] },
      { status: 503, body: [] },
      { status: 504, body: ['gateway timeout'] },
    ]);
    const retries: RetryEvent[] = [];
    const error = await client({ maxRetries: 3 })
      .complete(request, { onRetry: (e) => retries.push(e) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(504);
    expect((error as ServerError).message).toBe('HTTP 504: gateway timeout');
    expect(retries.map((r) => [r.attempt, r.error.status])).toEqual([
      [1, 500],
      [2, 502],
      [3, 503],
    ]);
    // Full jitter: each wait lies in [0, min(maxMs, baseMs * 2^(attempt-1))].
    expect(retries.map((r) => r.delayMs <= Math.min(20, 5 * 2 ** (r.attempt - 1)))).toEqual([
      true,
      true,
      true,
    ]);
    expect(server.requests).toHaveLength(4);
  });

  it('maxRetries: 0 sends once', async () => {
    server.script([fail(500, 'server_error', 'a'), ok()]);
    await expect(client({ maxRetries: 0 }).complete(request)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a connection reset before the response', async () => {
    server.script([{ resetBeforeHeaders: true }, ok()]);
    const retries: RetryEvent[] = [];
    const result = await client().complete(request, { onRetry: (e) => retries.push(e) });
    expect(result.message.content).toBe('O(n log n) on average.');
    expect(retries[0]?.error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a server that never answers with a ConnectionError', async () => {
    const api = createClient({
      baseURL: 'http://127.0.0.1:1/api',
      maxRetries: 1,
      retryDelay: { baseMs: 1, maxMs: 1 },
    });
    const retries: RetryEvent[] = [];
    const error = await api.complete(request, { onRetry: (e) => retries.push(e) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).status).toBeNull();
    expect((error as ConnectionError).message).toContain('http://127.0.0.1:1/api/chat/completions');
    expect(retries).toHaveLength(1);
  });

  it('times out slow headers after timeoutMs with a TimeoutError, retried like a connection error', async () => {
    server.script([{ ...ok(), headerDelayMs: 2000 }, ok()]);
    const retries: RetryEvent[] = [];
    const result = await client({ timeoutMs: 200 }).complete(request, { onRetry: (e) => retries.push(e) });
    expect(result.status).toBe(200);
    expect(retries[0]?.error).toBeInstanceOf(TimeoutError);

    server.script([{ ...ok(), headerDelayMs: 2000 }]);
    const error = await client({ timeoutMs: 200, maxRetries: 0 })
      .complete(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as TimeoutError).type).toBe('timeout');
  });

  it('rejects a 200 that is not JSON with a readable error', async () => {
    server.script([{ body: ['hello, not json'] }]);
    const error = (await client()
      .complete(request)
      .catch((e: unknown) => e)) as UsingAiError;
    expect(error).toBeInstanceOf(UsingAiError);
    expect(error.status).toBe(200);
    expect(error.message).toBe('HTTP 200: hello, not json');
  });

  it("rejects with the signal's reason when the caller aborts, also during a retry wait", async () => {
    server.script([{ status: 503, body: [] }]);
    const controller = new AbortController();
    const error = await client({ retryDelay: { baseMs: 60_000, maxMs: 60_000 } })
      .complete(request, { signal: controller.signal, onRetry: () => controller.abort() })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('retries a 429 after X-RateLimit-Reset and reports the wait', async () => {
    server.script([
      fail(429, 'rate_limit_exceeded', 'Too many requests', {
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '1',
      }),
      ok({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': '60' }),
    ]);
    const retries: RetryEvent[] = [];
    const api = client();
    const result = await api.complete(request, { onRetry: (e) => retries.push(e) });
    expect(result.status).toBe(200);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, reason: 'retry', delayMs: 1000 });
    expect(retries[0]?.error).toBeInstanceOf(RateLimitError);
    expect(retries[0]?.error.retryAfterMs).toBe(1000);
    expect(api.rateLimit?.remaining).toBe(59);
  });

  it('honours Retry-After over the backoff', async () => {
    server.script([{ status: 503, headers: { 'retry-after': '0' }, body: [] }, ok()]);
    const retries: RetryEvent[] = [];
    await client({ retryDelay: { baseMs: 60_000, maxMs: 60_000 } }).complete(request, {
      onRetry: (e) => retries.push(e),
    });
    expect(retries[0]?.delayMs).toBe(0);
  });

  it('fails at once when a 429 asks for a wait above maxRetryWaitMs, with the wait on the error', async () => {
    server.script([fail(429, 'rate_limit_exceeded', 'slow down', { 'x-ratelimit-reset': '30' }), ok()]);
    const retries: RetryEvent[] = [];
    const error = (await client({ maxRetryWaitMs: 5_000 })
      .complete(request, { onRetry: (e) => retries.push(e) })
      .catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.status).toBe(429);
    expect(retries).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  it('waits for the reset instead of sending a request the tracked window would reject', async () => {
    server.script([
      ok({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }),
      ok({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': '60' }),
    ]);
    const api = client();
    const seen: RateLimitInfo[] = [];
    const unsubscribe = api.subscribeRateLimit((info) => seen.push(info));
    await api.complete(request);
    expect(api.rateLimit?.remaining).toBe(0);
    const retries: RetryEvent[] = [];
    await api.complete(request, { onRetry: (e) => retries.push(e) });
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 0, reason: 'rate-limit-wait' });
    expect(retries[0]?.delayMs).toBeGreaterThan(0);
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(1000);
    expect(retries[0]?.error).toBeInstanceOf(RateLimitError);
    expect(seen.map((info) => info.remaining)).toEqual([0, 59]);
    unsubscribe();
    expect(server.requests).toHaveLength(2);
  });

  it('with waitForRateLimit: false, sends at once; with a reset beyond maxRetryWaitMs, fails without sending', async () => {
    const exhausted = { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '120' };
    server.script([ok(exhausted), ok(exhausted)]);
    const eager = client({ waitForRateLimit: false });
    await eager.complete(request);
    const retries: RetryEvent[] = [];
    await eager.complete(request, { onRetry: (e) => retries.push(e) });
    expect(retries).toHaveLength(0);
    expect(server.requests).toHaveLength(2);

    server.script([ok(exhausted), ok()]);
    const careful = client();
    await careful.complete(request);
    const error = (await careful.complete(request).catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBeGreaterThan(60_000);
    expect(error.rateLimit?.remaining).toBe(0);
    expect(server.requests).toHaveLength(1);
  });
});

describe('client.models', () => {
  it('GETs the model list', async () => {
    const list = {
      object: 'list',
      data: [
        {
          id: 'opus-4.5',
          object: 'model',
          created: 1,
          owned_by: 'using.ai',
          tier: 'supermaxes',
          kind: 'chat',
        },
      ],
    };
    server.script([{ headers: { 'content-type': 'application/json' }, body: [JSON.stringify(list)] }]);
    expect(await client().models()).toEqual(list);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/api/using-ai/models' });
  });
});

describe('defaults', () => {
  it("posts to '/api/using-ai/chat/completions' with the given fetch, looked up at call time", async () => {
    const urls: string[] = [];
    const api = createClient({
      fetch: async (input) => {
        urls.push(String(input));
        return new Response(JSON.stringify(completion), { headers: { 'content-type': 'application/json' } });
      },
    });
    expect((await api.complete(request)).message.content).toBe('O(n log n) on average.');
    expect(urls).toEqual(['/api/using-ai/chat/completions']);
  });
});
