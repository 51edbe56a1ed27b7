// The streaming client against a scripted byte server over real HTTP on 127.0.0.1.
import {
  type AssistantMessage,
  AuthenticationError,
  BadRequestError,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  ConnectionError,
  createClient,
  NotFoundError,
  RateLimitError,
  RequestTooLargeError,
  type RetryEvent,
  ServerError,
  StreamInterruptedError,
  TierForbiddenError,
  TimeoutError,
  type UsingAiError,
} from '@using-ai/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ByteServer, sse, startByteServer } from './support/byte-server';
import { chunk, helloChunks, usage } from './support/chunks';

let server: ByteServer;
beforeAll(async () => {
  server = await startByteServer();
});
afterAll(() => server.close());
beforeEach(() => server.script([]));

const request: ChatCompletionRequest = {
  model: 'haiku-4.5-agentic',
  messages: [{ role: 'user', content: 'Hi' }],
};
const sseHeaders = {
  'content-type': 'text/event-stream',
  'x-ratelimit-limit': '120',
  'x-ratelimit-remaining': '117',
  'x-ratelimit-reset': '42',
};
const HELLO = 'Héllo 👋 wörld — 你好';

function client(options: Parameters<typeof createClient>[0] = {}) {
  return createClient({
    baseURL: `${server.origin}/api/using-ai`,
    retryDelay: { baseMs: 5, maxMs: 20 },
    ...options,
  });
}

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for await (const c of stream) out.push(c);
  return out;
}

describe('client.stream over HTTP', () => {
  it('streams chunks, accumulates the message, and exposes status and rate limit', async () => {
    server.script([{ headers: sseHeaders, body: [...sse(helloChunks()), 'data: [DONE]\n\n'] }]);
    const api = client();
    const stream = api.stream(request);
    const chunks = await collect(stream);
    expect(chunks).toEqual(helloChunks());
    const message = await stream.final();
    expect(message).toEqual<AssistantMessage>({
      role: 'assistant',
      content: HELLO,
      reasoning: 'User wants a greeting.',
      toolCalls: [],
      finishReason: 'stop',
      usage,
      id: 'chatcmpl-test',
      model: 'haiku-4.5-agentic',
    });
    expect(stream.current).toEqual(message);
    expect(stream.status).toBe(200);
    expect(stream.rateLimit).toMatchObject({ limit: 120, remaining: 117 });
    expect(api.rateLimit).toMatchObject({ limit: 120, remaining: 117 });

    const [sent] = server.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe('/api/using-ai/chat/completions');
    expect(sent?.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("keeps the caller's stream_options", async () => {
    server.script([{ headers: sseHeaders, body: ['data: [DONE]\n\n'] }]);
    await client()
      .stream({ ...request, stream_options: { include_usage: false } })
      .final();
    expect(JSON.parse(server.requests[0]?.body ?? '').stream_options).toEqual({ include_usage: false });
  });

  it('starts eagerly: final() works without iterating, and a late iterator still gets every chunk', async () => {
    server.script([{ headers: sseHeaders, body: [...sse(helloChunks()), 'data: [DONE]\n\n'] }]);
    const stream = client().stream(request);
    const seen: string[] = [];
    stream.subscribe((message) => seen.push(message.content));
    expect((await stream.final()).content).toBe(HELLO);
    expect(seen.at(-1)).toBe(HELLO);
    expect(seen).toHaveLength(helloChunks().length);
    expect(await collect(stream)).toEqual(helloChunks());
    expect(await collect(stream)).toEqual(helloChunks());
  });

  it('merges streamed tool calls', async () => {
    server.script([
      {
        headers: sseHeaders,
        body: [
          ...sse([
            chunk({
              tool_calls: [
                { index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '' } },
              ],
            }),
            chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q":' } }] }),
            chunk({ tool_calls: [{ index: 0, function: { arguments: '"tea"}' } }] }),
            chunk({}, 'tool_calls'),
          ]),
          'data: [DONE]\n\n',
        ],
      },
    ]);
    const message = await client().stream(request).final();
    expect(message.toolCalls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"tea"}' } },
    ]);
    expect(message.finishReason).toBe('tool_calls');
  });

  it('retries a 500 then streams the 200 (one retry, delay from the backoff)', async () => {
    server.script([
      {
        status: 500,
        headers: { 'content-type': 'application/json' },
        body: ['{"error":{"type":"server_error","message":"upstream"}}'],
      },
      { headers: sseHeaders, body: [...sse(helloChunks()), 'data: [DONE]\n\n'] },
    ]);
    const retries: RetryEvent[] = [];
    const stream = client().stream(request, { onRetry: (event) => retries.push(event) });
    expect((await stream.final()).content).toBe(HELLO);
    expect(server.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.attempt).toBe(1);
    expect(retries[0]?.reason).toBe('retry');
    expect(retries[0]?.error).toBeInstanceOf(ServerError);
    expect(retries[0]?.error.message).toBe('upstream');
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(0);
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(5);
  });

  it('retries a connection reset before the first chunk', async () => {
    server.script([
      { resetBeforeHeaders: true },
      { headers: sseHeaders, body: ['reset'] },
      { headers: sseHeaders, body: [...sse(helloChunks()), 'data: [DONE]\n\n'] },
    ]);
    const retries: RetryEvent[] = [];
    const stream = client().stream(request, { onRetry: (event) => retries.push(event) });
    expect((await stream.final()).content).toBe(HELLO);
    expect(server.requests).toHaveLength(3);
    expect(retries.map((r) => r.error.constructor)).toEqual([ConnectionError, ConnectionError]);
    expect(retries.map((r) => r.delayMs)).toSatisfy(
      (delays: number[]) => delays[0]! <= 5 && delays[1]! <= 10,
    );
  });

  it('never retries after a chunk was delivered: a reset mid-stream keeps the partial message', async () => {
    server.script([
      { headers: sseHeaders, body: [...sse(helloChunks().slice(0, 5)), { waitMs: 50 }, 'reset'] },
      { headers: sseHeaders, body: [...sse(helloChunks()), 'data: [DONE]\n\n'] },
    ]);
    const retries: RetryEvent[] = [];
    const stream = client().stream(request, { onRetry: (event) => retries.push(event) });
    const received: ChatCompletionChunk[] = [];
    const iterated = (async () => {
      for await (const c of stream) received.push(c);
    })().then(
      () => 'iteration ended without an error',
      (e: unknown) => e,
    );
    const error = await stream.final().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    const interrupted = error as StreamInterruptedError;
    expect(interrupted.partial.content).toBe('Héllo 👋 ');
    expect(interrupted.partial.reasoning).toBe('User wants a greeting.');
    expect(interrupted.cause).toBeInstanceOf(ConnectionError);
    expect(interrupted.status).toBe(200);
    expect(stream.current).toEqual(interrupted.partial);
    expect(await iterated).toBe(error);
    expect(received).toEqual(helloChunks().slice(0, 5));
    expect(retries).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects a stream that closes without [DONE], with everything received', async () => {
    server.script([{ headers: sseHeaders, body: sse(helloChunks()) }]);
    const error = await client()
      .stream(request)
      .final()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).message).toBe('The stream closed before [DONE]');
    expect((error as StreamInterruptedError).partial).toMatchObject({
      content: HELLO,
      finishReason: 'stop',
      usage,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('dispatches a last event that lacks its blank line at close', async () => {
    server.script([{ headers: sseHeaders, body: [...sse(helloChunks()), 'data: [DONE]'] }]);
    expect((await client().stream(request).final()).content).toBe(HELLO);
  });

  it('rejects on a chunk that is not JSON and on an error event, keeping the partial message', async () => {
    server.script([
      { headers: sseHeaders, body: [...sse([chunk({ content: 'one ' })]), 'data: <html>oops\n\n'] },
      {
        headers: sseHeaders,
        body: [
          ...sse([chunk({ content: 'two ' })]),
          'data: {"error":{"type":"server_error","message":"provider died"}}\n\n',
        ],
      },
    ]);
    const api = client();
    const notJson = (await api
      .stream(request)
      .final()
      .catch((e: unknown) => e)) as StreamInterruptedError;
    expect(notJson).toBeInstanceOf(StreamInterruptedError);
    expect(notJson.partial.content).toBe('one ');
    expect((notJson.cause as UsingAiError).type).toBe('invalid_chunk');

    const errorEvent = (await api
      .stream(request)
      .final()
      .catch((e: unknown) => e)) as StreamInterruptedError;
    expect(errorEvent).toBeInstanceOf(StreamInterruptedError);
    expect(errorEvent.partial.content).toBe('two ');
    expect(errorEvent.cause).toBeInstanceOf(ServerError);
    expect(errorEvent.message).toBe('Stream interrupted: provider died');
    expect(server.requests).toHaveLength(2);
  });

  it('fails a stalled stream after idleTimeoutMs with a StreamInterruptedError caused by a TimeoutError', async () => {
    server.script([{ headers: sseHeaders, body: [...sse(helloChunks().slice(0, 4)), 'stall'] }]);
    const stream = client({ idleTimeoutMs: 300 }).stream(request);
    const error = (await stream.final().catch((e: unknown) => e)) as StreamInterruptedError;
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect(error.partial.content).toBe('Hé');
    expect(server.requests).toHaveLength(1);
  });

  it('keep-alive comments count as activity for idleTimeoutMs', async () => {
    const keepAlives = Array.from({ length: 6 }, () => [{ waitMs: 120 }, ': keep-alive\n\n']).flat();
    server.script([
      { headers: sseHeaders, body: [...sse([chunk({ content: 'a' })]), ...keepAlives, 'data: [DONE]\n\n'] },
    ]);
    expect((await client({ idleTimeoutMs: 500 }).stream(request).final()).content).toBe('a');
  });

  it('retries a stall before the first chunk, then reports the interruption when retries run out', async () => {
    server.script([
      { headers: sseHeaders, body: ['stall'] },
      { headers: sseHeaders, body: [': only a comment\n\n', 'stall'] },
    ]);
    const retries: RetryEvent[] = [];
    const stream = client({ idleTimeoutMs: 100, maxRetries: 1 }).stream(request, {
      onRetry: (e) => retries.push(e),
    });
    const error = (await stream.final().catch((e: unknown) => e)) as StreamInterruptedError;
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect(error.partial.content).toBe('');
    expect(retries.map((r) => r.error.name)).toEqual(['TimeoutError']);
    expect(server.requests).toHaveLength(2);
  });

  it('retries an HTML 502 and reports it readably when retries run out', async () => {
    const page = {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: ['<html><head><title>502 Bad Gateway</title></head></html>'],
    };
    server.script([page, page, page]);
    const retries: RetryEvent[] = [];
    const error = await client()
      .stream(request, { onRetry: (e) => retries.push(e) })
      .final()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(502);
    expect((error as ServerError).message).toBe('HTTP 502: 502 Bad Gateway');
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    expect(retries[1]?.delayMs).toBeLessThanOrEqual(10);
    expect(server.requests).toHaveLength(3);
  });
});

describe('aborting a stream', () => {
  it('abort() keeps the partial message; final() resolves with finishReason "aborted"; iteration ends', async () => {
    server.script([{ headers: sseHeaders, body: [...sse(helloChunks().slice(0, 5)), 'stall'] }]);
    const stream = client().stream(request);
    const received: ChatCompletionChunk[] = [];
    const iterated = (async () => {
      for await (const c of stream) {
        received.push(c);
        if (received.length === 5) stream.abort();
      }
    })();
    const message = await stream.final();
    await iterated;
    expect(message).toMatchObject({
      content: 'Héllo 👋 ',
      reasoning: 'User wants a greeting.',
      finishReason: 'aborted',
    });
    expect(stream.current).toEqual(message);
    expect(received).toHaveLength(5);
    stream.abort();
    expect(await stream.final()).toBe(message);
  });

  it("the caller's signal aborts the same way, also during a retry wait", async () => {
    server.script([{ status: 503, body: ['busy'] }]);
    const controller = new AbortController();
    const stream = client({ retryDelay: { baseMs: 60_000, maxMs: 60_000 } }).stream(request, {
      signal: controller.signal,
      onRetry: () => controller.abort(),
    });
    expect(await stream.final()).toMatchObject({ content: '', finishReason: 'aborted' });
    expect(server.requests).toHaveLength(1);
  });

  it('.current is marked aborted at once, before final() settles, and takes no later chunk', async () => {
    server.script([{ headers: sseHeaders, body: [...sse(helloChunks().slice(0, 5)), 'stall'] }]);
    const stream = client().stream(request);
    await new Promise<void>((resolve) => {
      const unsubscribe = stream.subscribe((message) => {
        if (message.content) {
          unsubscribe();
          resolve();
        }
      });
    });
    stream.abort();
    const partial = stream.current;
    expect(partial.finishReason).toBe('aborted');
    expect(partial.content).not.toBe('');
    expect(await stream.final()).toEqual(partial);
  });

  it('an abort during the pre-emptive rate-limit wait resolves as aborted without sending', async () => {
    server.script([streamed({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' })]);
    const api = client();
    await api.stream(request).final();
    const controller = new AbortController();
    const retries: RetryEvent[] = [];
    const stream = api.stream(request, {
      signal: controller.signal,
      onRetry: (event) => {
        retries.push(event);
        controller.abort();
      },
    });
    expect(await stream.final()).toMatchObject({ content: '', finishReason: 'aborted' });
    expect(retries[0]).toMatchObject({ attempt: 0, reason: 'rate-limit-wait' });
    expect(server.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const stream = client().stream(request, { signal: AbortSignal.abort() });
    expect((await stream.final()).finishReason).toBe('aborted');
    expect(server.requests).toHaveLength(0);
  });

  it('abort after completion changes nothing', async () => {
    server.script([{ headers: sseHeaders, body: [...sse(helloChunks()), 'data: [DONE]\n\n'] }]);
    const stream = client().stream(request);
    await stream.final();
    stream.abort();
    expect((await stream.final()).finishReason).toBe('stop');
  });
});

/** A complete streamed answer whose headers carry the given rate-limit values. */
function streamed(rateLimit: Record<string, string>) {
  return { headers: { ...sseHeaders, ...rateLimit }, body: [...sse(helloChunks()), 'data: [DONE]\n\n'] };
}

/** An error response in the API's own shape. */
function apiError(status: number, type: string, headers: Record<string, string> = {}) {
  return {
    status,
    headers: { ...headers, 'content-type': 'application/json' },
    body: [JSON.stringify({ error: { type, message: `${type} says no` } })],
  };
}

describe('HTTP errors on the stream path', () => {
  it('rejects 400/401/403/404/413 with their class after one request, never as an interruption', async () => {
    const cases = [
      [400, 'invalid_request_error', BadRequestError],
      [401, 'authentication_error', AuthenticationError],
      [403, 'tier_forbidden', TierForbiddenError],
      [404, 'not_found', NotFoundError],
      [413, 'request_too_large', RequestTooLargeError],
    ] as const;
    for (const [status, type, Class] of cases) {
      server.script([apiError(status, type, sseHeaders), apiError(status, type)]);
      const retries: RetryEvent[] = [];
      const stream = client().stream(request, { onRetry: (e) => retries.push(e) });
      const error = (await stream.final().catch((e: unknown) => e)) as UsingAiError;
      expect(error).toBeInstanceOf(Class);
      expect(error).not.toBeInstanceOf(StreamInterruptedError);
      expect(error).toMatchObject({ status, type, message: `${type} says no` });
      expect(retries).toHaveLength(0);
      expect(server.requests).toHaveLength(1);
      // The stream reports the failed response's status and rate-limit headers too.
      expect(stream.status).toBe(status);
      expect(stream.rateLimit).toMatchObject({ limit: 120, remaining: 117 });
      expect(stream.current).toMatchObject({ content: '', finishReason: null });
    }
  });

  it('retries a 429 after X-RateLimit-Reset, reports the wait, then streams', async () => {
    server.script([
      apiError(429, 'rate_limit_exceeded', {
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '1',
      }),
      streamed({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': '60' }),
    ]);
    const retries: RetryEvent[] = [];
    const started = Date.now();
    const stream = client().stream(request, { onRetry: (e) => retries.push(e) });
    const message = await stream.final();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(message.content).toBe(HELLO);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, reason: 'retry', delayMs: 1000 });
    expect(retries[0]?.error).toBeInstanceOf(RateLimitError);
    expect(stream.status).toBe(200);
    expect(stream.rateLimit?.remaining).toBe(59);
    expect(server.requests).toHaveLength(2);
  });
});
