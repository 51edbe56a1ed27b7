// Durable streams, client side, against a scripted byte server over real HTTP: a stream whose response
// has `X-Stream-Id` and SSE ids is resumed after a lost connection with GET …/{streamId} + Last-Event-ID.
// (The proxy end of the protocol is tested in packages/proxy/test/resume-*.test.ts.)
import {
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  createClient,
  NotFoundError,
  type RetryEvent,
  StreamInterruptedError,
  TimeoutError,
} from '@using-ai/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ByteServer, startByteServer } from './support/byte-server';
import { helloChunks } from './support/chunks';

let server: ByteServer;
beforeAll(async () => {
  server = await startByteServer();
});
afterAll(() => server.close());
beforeEach(() => server.script([]));

const request: ChatCompletionRequest = { model: 'haiku-4.5', messages: [{ role: 'user', content: 'Hi' }] };
const STREAM_ID = 'AbC123_-xyzXYZ0123456789';
const sseHeaders = (streamId?: string) => ({
  'content-type': 'text/event-stream',
  ...(streamId ? { 'x-stream-id': streamId } : {}),
});
/** Events `from`..end of helloChunks + [DONE], each with its 1-based `id:`. */
const events = (from = 1, to = Number.POSITIVE_INFINITY) =>
  [...helloChunks().map((c) => JSON.stringify(c)), '[DONE]']
    .map((data, i) => `id: ${i + 1}\ndata: ${data}\n\n`)
    .slice(from - 1, to);
const client = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ baseURL: `${server.origin}/api/using-ai`, retryDelay: { baseMs: 1, maxMs: 2 }, ...options });

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for await (const c of stream) out.push(c);
  return out;
}

async function uninterrupted() {
  server.script([{ headers: sseHeaders(STREAM_ID), body: events() }]);
  const stream = client().stream(request);
  const chunks = await collect(stream);
  return { chunks, message: await stream.final() };
}

describe('resuming a durable stream', () => {
  it('reconnects after a reset with Last-Event-ID; the consumer sees one unbroken stream', async () => {
    const expected = await uninterrupted();
    // The connection dies in the middle of event 5: its first half must not count.
    const half = events(5, 5)[0] as string;
    server.script([
      { headers: sseHeaders(STREAM_ID), body: [...events(1, 4), half.slice(0, 20), 'reset'] },
      { headers: sseHeaders(STREAM_ID), body: events(5) },
    ]);
    const retries: RetryEvent[] = [];
    const stream = client().stream(request, { onRetry: (event) => retries.push(event) });
    const chunks = await collect(stream);
    expect(chunks).toEqual(expected.chunks);
    expect(await stream.final()).toEqual(expected.message);
    expect(stream.streamId).toBe(STREAM_ID);
    expect(stream.lastEventId).toBe('9');
    expect(retries.map((r) => r.reason)).toEqual(['resume']);
    const [post, get] = server.requests;
    expect(post?.method).toBe('POST');
    expect(get?.method).toBe('GET');
    expect(get?.url).toBe(`/api/using-ai/chat/completions/${STREAM_ID}`);
    expect(get?.headers['last-event-id']).toBe('4');
  });

  it('never delivers an event twice, even when the server replays from further back', async () => {
    const expected = await uninterrupted();
    server.script([
      { headers: sseHeaders(STREAM_ID), body: [...events(1, 6), 'reset'] },
      { headers: sseHeaders(STREAM_ID), body: events(3) },
    ]);
    const stream = client().stream(request);
    expect(await collect(stream)).toEqual(expected.chunks);
    expect(await stream.final()).toEqual(expected.message);
  });

  it('resumes a stream cut before its first event from the start (no second POST)', async () => {
    const expected = await uninterrupted();
    server.script([
      { headers: sseHeaders(STREAM_ID), body: ['reset'] },
      { headers: sseHeaders(STREAM_ID), body: events() },
    ]);
    const stream = client().stream(request);
    expect(await stream.final()).toEqual(expected.message);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(server.requests[1]?.headers['last-event-id']).toBeUndefined();
  });

  it('ends as StreamInterruptedError with the partial when the stream is gone (404)', async () => {
    server.script([
      { headers: sseHeaders(STREAM_ID), body: [...events(1, 5), 'reset'] },
      {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: [JSON.stringify({ error: { type: 'not_found', message: 'Unknown or expired stream' } })],
      },
    ]);
    const stream = client().stream(request);
    const error = await stream.final().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partial.content).toBe('Héllo 👋 ');
    expect((error as StreamInterruptedError).cause).toBeInstanceOf(NotFoundError);
    await expect(collect(stream)).rejects.toBe(error);
  });

  it('gives up after maxRetries when the resumed stream keeps failing', async () => {
    server.script([
      { headers: sseHeaders(STREAM_ID), body: [...events(1, 5), 'reset'] },
      { headers: sseHeaders(STREAM_ID), body: ['reset'] },
      { headers: sseHeaders(STREAM_ID), body: ['reset'] },
    ]);
    const stream = client({ maxRetries: 2 }).stream(request);
    const error = await stream.final().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partial.content).toBe('Héllo 👋 ');
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it('a resume that closes cleanly with nothing new ends the stream instead of looping', async () => {
    server.script([
      { headers: sseHeaders(STREAM_ID), body: events(1, 5) },
      { headers: sseHeaders(STREAM_ID), body: [] },
      { headers: sseHeaders(STREAM_ID), body: [] },
    ]);
    const stream = client({ maxRetries: 5 }).stream(request);
    await expect(stream.final()).rejects.toBeInstanceOf(StreamInterruptedError);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('an idle timeout is resumed once; a reconnect that stays silent too ends as interrupted', async () => {
    server.script([
      { headers: sseHeaders(STREAM_ID), body: [...events(1, 4), 'stall'] },
      { headers: sseHeaders(STREAM_ID), body: ['stall'] },
      { headers: sseHeaders(STREAM_ID), body: ['stall'] },
    ]);
    const stream = client({ maxRetries: 5, idleTimeoutMs: 100 }).stream(request);
    const error = await stream.final().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).cause).toBeInstanceOf(TimeoutError);
    expect((error as StreamInterruptedError).partial.content).toBe('Hé');
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('without X-Stream-Id nothing changes: a lost connection ends the stream', async () => {
    server.script([{ headers: sseHeaders(), body: [...events(1, 5), 'reset'] }]);
    const stream = client().stream(request);
    await expect(stream.final()).rejects.toBeInstanceOf(StreamInterruptedError);
    expect(stream.streamId).toBeNull();
    expect(server.requests).toHaveLength(1);
  });

  it('abort() of a durable stream also sends DELETE for it', async () => {
    server.script([
      { headers: sseHeaders(STREAM_ID), body: [...events(1, 4), 'stall'] },
      { status: 204, body: [] },
    ]);
    const stream = client({ headers: { authorization: 'Bearer app' } }).stream(request);
    for await (const _ of stream) if (stream.lastEventId === '4') break;
    stream.abort();
    expect((await stream.final()).finishReason).toBe('aborted');
    await expect.poll(() => server.requests.length).toBe(2);
    expect(server.requests[1]).toMatchObject({
      method: 'DELETE',
      url: `/api/using-ai/chat/completions/${STREAM_ID}`,
    });
    expect(server.requests[1]?.headers.authorization).toBe('Bearer app');
  });

  it('client.resumeStream attaches to a stream after a given event', async () => {
    server.script([{ headers: sseHeaders(STREAM_ID), body: events(5) }]);
    const stream = client().resumeStream(STREAM_ID, { lastEventId: '4' });
    expect(stream.streamId).toBe(STREAM_ID);
    const message = await stream.final();
    expect(message.content).toBe('llo 👋 wörld — 你好');
    expect(message.finishReason).toBe('stop');
    expect(server.requests[0]).toMatchObject({
      method: 'GET',
      url: `/api/using-ai/chat/completions/${STREAM_ID}`,
    });
    expect(server.requests[0]?.headers['last-event-id']).toBe('4');
  });

  it('client.resumeStream of an unknown id rejects with NotFoundError', async () => {
    server.script([
      {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: [JSON.stringify({ error: { type: 'not_found', message: 'Unknown or expired stream' } })],
      },
    ]);
    await expect(client().resumeStream('nope').final()).rejects.toBeInstanceOf(NotFoundError);
  });
});
