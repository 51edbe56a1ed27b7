// Options and callbacks as apps really pass them (NaN from an env var, Infinity for "no limit", a listener
// that throws or subscribes another) and 2xx bodies that are not SSE, over real HTTP.
import {
  type ChatCompletionRequest,
  createClient,
  StreamInterruptedError,
  UsingAiError,
} from '@using-ai/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ByteServer, sse, startByteServer } from './support/byte-server';
import { helloChunks } from './support/chunks';

let server: ByteServer;
beforeAll(async () => {
  server = await startByteServer();
});
afterAll(() => server.close());
beforeEach(() => server.script([]));

const request: ChatCompletionRequest = { model: 'haiku-4.5', messages: [{ role: 'user', content: 'Hi' }] };
const HELLO = 'Héllo 👋 wörld — 你好';
const rateHeaders = { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': '30' };
const streamed = (headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'text/event-stream', ...rateHeaders, ...headers },
  body: [...sse(helloChunks()), 'data: [DONE]\n\n'],
});
const completion = {
  headers: { 'content-type': 'application/json', ...rateHeaders },
  body: [
    JSON.stringify({
      id: 'c1',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    }),
  ],
};
const client = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ baseURL: `${server.origin}/api/using-ai`, retryDelay: { baseMs: 1, maxMs: 2 }, ...options });

// Errors that app callbacks throw are reported through reportError; collect them instead of crashing the run.
const reported: unknown[] = [];
const originalReportError = globalThis.reportError;
beforeEach(() => {
  reported.length = 0;
  globalThis.reportError = (error) => void reported.push(error);
});
afterEach(() => {
  globalThis.reportError = originalReportError;
});

describe('callbacks that throw or re-enter', () => {
  it('a subscribeRateLimit listener that throws does not fail the request that brought the headers', async () => {
    server.script([completion]);
    const api = client();
    api.subscribeRateLimit(() => {
      throw new Error('listener bug');
    });
    const result = await api.complete(request);
    expect(result.message.content).toBe('ok');
    expect(server.requests).toHaveLength(1);
    expect(reported.map((e) => (e as Error).message)).toEqual(['listener bug']);
  });

  it('an onRetry that throws does not change the outcome', async () => {
    server.script([{ status: 503, body: ['busy'] }, completion]);
    const result = await client().complete(request, {
      onRetry: () => {
        throw new Error('onRetry bug');
      },
    });
    expect(result.message.content).toBe('ok');
    expect(reported.map((e) => (e as Error).message)).toEqual(['onRetry bug']);
  });

  it('a listener that subscribes another is called once per update (rate limit) and per chunk (stream)', async () => {
    server.script([streamed()]);
    const api = client();
    let rateCalls = 0;
    // A fresh function each time: the same one would be a no-op for the Set of listeners.
    const onRate = () => {
      rateCalls += 1;
      if (rateCalls < 50) api.subscribeRateLimit(() => onRate());
    };
    api.subscribeRateLimit(onRate);
    const stream = api.stream(request);
    let chunkCalls = 0;
    const onChunk = () => {
      chunkCalls += 1;
      if (chunkCalls < 10_000) stream.subscribe(() => onChunk());
    };
    stream.subscribe(onChunk);
    await stream.final();
    expect(rateCalls).toBe(1);
    // Each chunk calls the listeners subscribed before it, so the count doubles per chunk (1, 2, 4, ...);
    // within one chunk the new ones wait for the next.
    expect(chunkCalls).toBe(2 ** helloChunks().length - 1);
  });
});

describe('options as apps pass them', () => {
  it('maxRetries: NaN (from an unset env var) means the default, not "retry forever"', async () => {
    server.script(Array.from({ length: 10 }, () => ({ status: 503, body: ['busy'] })));
    await expect(client({ maxRetries: Number.NaN }).complete(request)).rejects.toBeInstanceOf(UsingAiError);
    expect(server.requests).toHaveLength(3);
  });

  it('timeoutMs and idleTimeoutMs: Infinity mean no limit (timers would fire after 1 ms)', async () => {
    server.script([{ ...streamed(), headerDelayMs: 30 }]);
    const stream = client({
      timeoutMs: Number.POSITIVE_INFINITY,
      idleTimeoutMs: Number.POSITIVE_INFINITY,
    }).stream(request);
    expect((await stream.final()).content).toBe(HELLO);
    expect(server.requests).toHaveLength(1);
  });
});

describe('a 2xx on the stream path that is not SSE', () => {
  it('a proxy that answered JSON: the stream fails and says what the body said', async () => {
    server.script([
      {
        headers: { 'content-type': 'application/json' },
        body: [JSON.stringify({ error: { type: 'upstream_down', message: 'The upstream is down.' } })],
      },
    ]);
    const error = await client()
      .stream(request)
      .final()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).message).toBe('Stream interrupted: The upstream is down.');
    expect((error as StreamInterruptedError).cause).toMatchObject({ status: 200, type: 'upstream_down' });
    expect(server.requests).toHaveLength(1);
  });

  it('a login page: the message names the page', async () => {
    server.script([
      { headers: { 'content-type': 'text/html' }, body: ['<html><title>Sign in</title></html>'] },
    ]);
    const error = await client()
      .stream(request)
      .final()
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('Stream interrupted: HTTP 200: Sign in');
  });

  it('an empty `data:` event is skipped, not a broken chunk', async () => {
    server.script([
      { headers: { 'content-type': 'text/event-stream' }, body: ['data:\n\n', ...streamed().body] },
    ]);
    expect((await client().stream(request).final()).content).toBe(HELLO);
  });
});
