// Disconnects, close(), keep-alive comments and pacing: generation must stop when nobody listens and
// nothing may keep the process alive.
import { describe, expect, it, vi } from 'vitest';
import { createMockHandler, startMockServer } from '../src/index';
import { chatRequest, chunksOf, readSse } from './support';

const long = {
  model: 'sonnet-4.5',
  stream: true,
  messages: [{ role: 'user', content: 'Write a long essay about the history of bridges.' }],
};

describe('disconnects', () => {
  it('a client that disconnects stops its generation and timers', async () => {
    // 20 tokens/s: the stream would take seconds; the client leaves after two events.
    const server = await startMockServer({ tokensPerSecond: 20 });
    try {
      const controller = new AbortController();
      const res = await chatRequest(server.baseURL, long, { signal: controller.signal });
      const reader = res.body!.getReader();
      await reader.read();
      expect(server.handler.openStreams).toBe(1);
      controller.abort();
      await vi.waitFor(() => expect(server.handler.openStreams).toBe(0));
    } finally {
      await server.close();
    }
  });

  it('cancelling the body of a handler response stops generation (no server involved)', async () => {
    const handler = createMockHandler({ tokensPerSecond: 20 });
    const res = await handler(
      new Request('http://mock.test/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: 'Bearer sk-test-donator' },
        body: JSON.stringify(long),
      }),
    );
    const reader = res.body!.getReader();
    await reader.read();
    expect(handler.openStreams).toBe(1);
    await reader.cancel();
    expect(handler.openStreams).toBe(0);
  });

  it('aborting the request signal stops a handler stream', async () => {
    const handler = createMockHandler({ tokensPerSecond: 20 });
    const controller = new AbortController();
    const res = await handler(
      new Request('http://mock.test/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: 'Bearer sk-test-donator' },
        body: JSON.stringify(long),
        signal: controller.signal,
      }),
    );
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    expect(handler.openStreams).toBe(0);
  });
});

describe('close()', () => {
  it('ends open streams and stalled requests, and resolves', async () => {
    const server = await startMockServer();
    const streaming = await chatRequest(server.baseURL, long, { headers: { 'x-mock-fault': 'stall' } });
    const read = readSse(streaming);
    // Settle into a value at once: the rejection arrives during close(), before the assertion below awaits it,
    // and an unhandled rejection in between fails the whole run.
    const stalled = chatRequest(
      server.baseURL,
      { ...long, stream: false },
      { headers: { 'x-mock-fault': 'stall' } },
    ).then(
      () => null,
      (error: unknown) => error,
    );
    await vi.waitFor(() => expect(server.handler.openStreams).toBe(2));
    await server.close();
    expect(server.handler.openStreams).toBe(0);
    const result = await read;
    expect(result.error).toBeDefined();
    expect(chunksOf(result).length).toBeGreaterThan(0);
    expect(await stalled).toBeInstanceOf(Error);
    // Idempotent.
    await server.close();
    await expect(fetch(`${server.baseURL}/models`)).rejects.toThrow();
  });
});

describe('pacing and keep-alive', () => {
  it('sends ": keep-alive" comments while waiting longer than keepAliveMs', async () => {
    const server = await startMockServer({ ttftMs: 100, keepAliveMs: 20 });
    try {
      const read = await readSse(await chatRequest(server.baseURL, long));
      expect(read.comments.filter((c) => c === 'keep-alive').length).toBeGreaterThanOrEqual(4);
      expect(read.data.at(-1)).toBe('[DONE]');
    } finally {
      await server.close();
    }
  });

  it('sends no comments when the waits are short', async () => {
    const server = await startMockServer({ ttftMs: 5, tokensPerSecond: 1000 });
    try {
      const read = await readSse(await chatRequest(server.baseURL, long));
      expect(read.comments).toEqual([]);
      expect(read.data.at(-1)).toBe('[DONE]');
    } finally {
      await server.close();
    }
  });

  it('accepts pacing as a grouped option', () => {
    const handler = createMockHandler({ pacing: { ttftMs: 7, tokensPerSecond: 9 } });
    expect(handler.config).toMatchObject({ ttftMs: 7, tokensPerSecond: 9 });
    expect(createMockHandler({ ttftMs: 1, pacing: { ttftMs: 7 } }).config.ttftMs).toBe(1);
    expect(() => handler.configure({ tokensPerSecond: -5 })).toThrow(TypeError);
  });
});
