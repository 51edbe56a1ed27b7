// Acceptance for issue #12 (durable streams), proxy side, written as a user of the published entry points
// would: the real emulator over HTTP upstream, the real proxy on startProxyServer / toNodeHandler, plain
// fetch and @using-ai/core's client in front.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  createChatSession,
  createClient,
  memoryPersistence,
  NotFoundError,
  type StoredChat,
  StreamInterruptedError,
  streamObject,
} from '@using-ai/core';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { createProxy } from '@using-ai/proxy';
import {
  type ProxyServer,
  type ProxyServerOptions,
  startProxyServer,
  toNodeHandler,
} from '@using-ai/proxy/node';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { until } from '../../core/test/chat/until';
import { hasRedis, type RedisProcess, startRedis } from './support/redis';

let mock: MockServer;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  mock = await startMockServer({ tokensPerSecond: 200 });
});
beforeEach(() => mock.reset());
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await mock.close();
});

async function serve(options: Partial<ProxyServerOptions> = {}): Promise<ProxyServer> {
  const server = await startProxyServer({
    port: 0,
    apiKey: 'sk-test-supermaxes',
    upstream: mock.url,
    ...options,
  });
  closers.push(() => server.close());
  return server;
}

const body = (maxTokens = 30) =>
  JSON.stringify({
    model: 'haiku-4.5',
    messages: [{ role: 'user', content: 'Tell me about rivers.' }],
    max_tokens: maxTokens,
    stream: true,
  });
const post = (base: string, maxTokens = 30, init: RequestInit = {}) =>
  fetch(`${base}/chat/completions`, {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
    body: body(maxTokens),
  });

/** Each SSE event (blank-line separated block with data) as its id and data. */
function events(text: string): { id: string | undefined; data: string }[] {
  return text
    .split('\n\n')
    .filter((block) => block.split('\n').some((line) => line.startsWith('data:')))
    .map((block) => {
      const lines = block.split('\n');
      const id = lines
        .find((l) => l.startsWith('id:'))
        ?.slice(3)
        .trim();
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      return { id, data };
    });
}

describe('issue 12: the proxy makes every streamed completion durable', () => {
  it('X-Stream-Id has at least 128 random URL-safe bits; every event, [DONE] included, has id 1, 2, 3…', async () => {
    const proxy = await serve();
    const res = await post(proxy.url);
    expect(res.status).toBe(200);
    const id = res.headers.get('x-stream-id');
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    // base64url: 6 bits per character → at least 22 characters for 128 bits
    expect((id ?? '').length * 6).toBeGreaterThanOrEqual(128);
    const list = events(await res.text());
    expect(list.length).toBeGreaterThan(2);
    expect(list.map((e) => e.id)).toEqual(list.map((_, i) => String(i + 1)));
    expect(list.at(-1)?.data).toBe('[DONE]');
    const other = await post(proxy.url);
    expect(other.headers.get('x-stream-id')).not.toBe(id);
    await other.text();
  });

  it('GET …/{id} replays everything, and with Last-Event-ID only what follows (finished stream)', async () => {
    const proxy = await serve();
    const res = await post(proxy.url);
    const id = res.headers.get('x-stream-id') as string;
    const original = events(await res.text());
    const all = await fetch(`${proxy.url}/chat/completions/${id}`);
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toContain('text/event-stream');
    expect(events(await all.text())).toEqual(original);
    const after = await fetch(`${proxy.url}/chat/completions/${id}`, { headers: { 'Last-Event-ID': '3' } });
    expect(events(await after.text())).toEqual(original.slice(3));
  });

  it('GET on a running stream replays then follows the live events to [DONE]', async () => {
    const proxy = await serve();
    const res = await post(proxy.url, 200);
    const id = res.headers.get('x-stream-id') as string;
    const reader = res.body?.getReader();
    await reader?.read(); // the stream has started
    const resumed = await fetch(`${proxy.url}/chat/completions/${id}`);
    const [resumedEvents, originalText] = await Promise.all([
      resumed.text().then(events),
      (async () => {
        let text = '';
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
          if (done) break;
          text += decoder.decode(value, { stream: true });
        }
        return text;
      })(),
    ]);
    expect(resumedEvents.at(-1)?.data).toBe('[DONE]');
    expect(resumedEvents.map((e) => e.id)).toEqual(resumedEvents.map((_, i) => String(i + 1)));
    // The first read may have ended mid-event; the tail the POST delivered equals the replay's tail.
    const tail = events(originalText);
    expect(resumedEvents.slice(-tail.length + 1)).toEqual(tail.slice(1));
  });

  it('unknown ids: GET 404 and DELETE 404, in the API error shape', async () => {
    const proxy = await serve();
    const unknown = 'AAAAAAAAAAAAAAAAAAAAAAAA';
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${proxy.url}/chat/completions/${unknown}`, { method });
      expect(res.status).toBe(404);
      const json = (await res.json()) as { error: { type: string; message: string } };
      expect(typeof json.error.type).toBe('string');
      expect(typeof json.error.message).toBe('string');
    }
  });

  it('DELETE stops it: 204, upstream sees the cancel, readers end, the events so far stay readable', async () => {
    mock.configure({ tokensPerSecond: 50 });
    const proxy = await serve();
    const res = await post(proxy.url, 2000);
    const id = res.headers.get('x-stream-id') as string;
    const reader = res.body?.getReader();
    await reader?.read();
    const del = await fetch(`${proxy.url}/chat/completions/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    await vi.waitFor(() => expect(mock.requests().at(-1)?.outcome).toBe('cancelled'), { timeout: 2000 });
    // The POST's reader ends.
    for (;;) {
      const { done } = (await reader?.read()) ?? { done: true };
      if (done) break;
    }
    const replay = await fetch(`${proxy.url}/chat/completions/${id}`);
    expect(replay.status).toBe(200);
    const list = events(await replay.text());
    expect(list.length).toBeGreaterThan(0);
    expect(list.map((e) => e.id)).toEqual(list.map((_, i) => String(i + 1)));
  });

  it('a client that disconnects does not cancel upstream; the answer runs to its end and can be resumed', async () => {
    const proxy = await serve();
    const controller = new AbortController();
    const res = await post(proxy.url, 60, { signal: controller.signal });
    const id = res.headers.get('x-stream-id') as string;
    await res.body?.getReader().read();
    controller.abort();
    await vi.waitFor(() => expect(mock.requests().at(-1)?.outcome).toBe('completed'), { timeout: 5000 });
    const replay = events(await (await fetch(`${proxy.url}/chat/completions/${id}`)).text());
    expect(replay.at(-1)?.data).toBe('[DONE]');
  });

  it('resume.abandonAfterMs: with no reader attached for that long, upstream is aborted', async () => {
    mock.configure({ tokensPerSecond: 20 });
    const proxy = await serve({ resume: { abandonAfterMs: 200 } });
    const controller = new AbortController();
    const res = await post(proxy.url, 2000, { signal: controller.signal });
    await res.body?.getReader().read();
    controller.abort();
    await vi.waitFor(() => expect(mock.requests().at(-1)?.outcome).toBe('cancelled'), { timeout: 5000 });
  });

  it('resume.ttlSec: a finished stream is kept that long, then 404', async () => {
    const proxy = await serve({ resume: { ttlSec: 0.3 } });
    const res = await post(proxy.url, 5);
    const id = res.headers.get('x-stream-id') as string;
    await res.text();
    expect((await fetch(`${proxy.url}/chat/completions/${id}`)).status).toBe(200);
    await vi.waitFor(
      async () => expect((await fetch(`${proxy.url}/chat/completions/${id}`)).status).toBe(404),
      {
        timeout: 3000,
        interval: 100,
      },
    );
  });

  it('resume.maxBytes: past the byte cap the oldest finished streams are dropped first', async () => {
    const proxy = await serve({ resume: { maxBytes: 4000 } });
    const ids: string[] = [];
    let bytes = 0;
    for (let i = 0; i < 6; i++) {
      const res = await post(proxy.url, 10);
      ids.push(res.headers.get('x-stream-id') as string);
      bytes += (await res.text()).length;
    }
    expect(bytes).toBeGreaterThan(4000); // the cap is really passed
    const status = async (id: string) => (await fetch(`${proxy.url}/chat/completions/${id}`)).status;
    expect(await status(ids[0] as string)).toBe(404);
    expect(await status(ids[5] as string)).toBe(200);
  });

  it('with cors, X-Stream-Id is exposed to the page, and GET/DELETE of a stream pass the preflight', async () => {
    const proxy = await serve({ cors: ['http://app.test'] });
    const res = await post(proxy.url, 5, { headers: { Origin: 'http://app.test' } });
    expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-stream-id');
    const id = res.headers.get('x-stream-id') as string;
    await res.text();
    const preflight = await fetch(`${proxy.url}/chat/completions/${id}`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://app.test',
        'Access-Control-Request-Method': 'DELETE',
        'Access-Control-Request-Headers': 'last-event-id',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('last-event-id');
  });

  it('resume: false turns it off: no X-Stream-Id, no event ids, a disconnect cancels upstream', async () => {
    mock.configure({ tokensPerSecond: 50 });
    const proxy = await serve({ resume: false });
    const res = await post(proxy.url, 5);
    expect(res.headers.get('x-stream-id')).toBeNull();
    expect(events(await res.text()).every((e) => e.id === undefined)).toBe(true);
    const controller = new AbortController();
    const running = await post(proxy.url, 2000, { signal: controller.signal });
    await running.body?.getReader().read();
    controller.abort();
    await vi.waitFor(() => expect(mock.requests().at(-1)?.outcome).toBe('cancelled'), { timeout: 2000 });
  });

  it('ownership: with authorize naming a client, only that client may resume or stop', async () => {
    const proxy = await serve({ authorize: (request) => request.headers.get('x-user') ?? false });
    const res = await post(proxy.url, 5, { headers: { 'x-user': 'alice' } });
    const id = res.headers.get('x-stream-id') as string;
    await res.text();
    const asBob = { headers: { 'x-user': 'bob' } };
    expect((await fetch(`${proxy.url}/chat/completions/${id}`, asBob)).status).toBe(404);
    expect((await fetch(`${proxy.url}/chat/completions/${id}`, { method: 'DELETE', ...asBob })).status).toBe(
      404,
    );
    const asAlice = { headers: { 'x-user': 'alice' } };
    expect((await fetch(`${proxy.url}/chat/completions/${id}`, asAlice)).status).toBe(200);
  });

  it('a Last-Event-ID that is not a number: 400 in the API error shape', async () => {
    const proxy = await serve();
    const res = await post(proxy.url, 5);
    const id = res.headers.get('x-stream-id') as string;
    await res.text();
    const bad = await fetch(`${proxy.url}/chat/completions/${id}`, { headers: { 'Last-Event-ID': 'abc' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('resume and stop cost no rate-limit point', async () => {
    const proxy = await serve({ rateLimit: { points: 1, durationSec: 60 } });
    const res = await post(proxy.url, 5);
    const id = res.headers.get('x-stream-id') as string;
    await res.text();
    for (let i = 0; i < 3; i++) expect((await fetch(`${proxy.url}/chat/completions/${id}`)).status).toBe(200);
    expect((await fetch(`${proxy.url}/chat/completions/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await post(proxy.url, 5)).status).toBe(429);
  });

  it('createProxy behind toNodeHandler on a plain node:http server is durable by default', async () => {
    const handler = toNodeHandler(createProxy({ apiKey: 'sk-test-supermaxes', upstream: mock.url }));
    const server: Server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const res = await post(base, 5);
    const id = res.headers.get('x-stream-id');
    expect(id).toBeTruthy();
    const text = await res.text();
    const replay = await fetch(`${base}/chat/completions/${id}`);
    expect(await replay.text()).toBe(text);
  });
});

describe('issue 12: @using-ai/core against the proxy', () => {
  it('ChatStream.streamId and lastEventId; client.resumeStream(id, { lastEventId }) continues it', async () => {
    const proxy = await serve();
    const client = createClient({ baseURL: proxy.url });
    const request = {
      model: 'haiku-4.5',
      messages: [{ role: 'user' as const, content: 'Hi' }],
      max_tokens: 20,
    };
    const stream = client.stream(request);
    const full = await stream.final();
    expect(stream.streamId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(Number(stream.lastEventId)).toBeGreaterThan(1);
    const again = client.resumeStream(stream.streamId ?? '');
    expect((await again.final()).content).toBe(full.content);
    const tail = client.resumeStream(stream.streamId ?? '', { lastEventId: '2' });
    const tailText: string[] = [];
    for await (const chunk of tail) tailText.push(chunk.choices[0]?.delta?.content ?? '');
    expect(full.content?.endsWith(tailText.join(''))).toBe(true);
    expect(tailText.join('').length).toBeLessThan((full.content ?? '').length);
  });

  it('resumeStream of an unknown id fails with NotFoundError', async () => {
    const proxy = await serve();
    const client = createClient({ baseURL: proxy.url });
    await expect(client.resumeStream('AAAAAAAAAAAAAAAAAAAAAAAA').final()).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('without a streamId (resume: false) streamId is null', async () => {
    const proxy = await serve({ resume: false });
    const client = createClient({ baseURL: proxy.url });
    const stream = client.stream({
      model: 'haiku-4.5',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 5,
    });
    await stream.final();
    expect(stream.streamId).toBeNull();
  });

  it('stream.abort() sends the DELETE: the emulator sees the cancel', async () => {
    mock.configure({ tokensPerSecond: 30 });
    const proxy = await serve();
    const client = createClient({ baseURL: proxy.url });
    const stream = client.stream({
      model: 'haiku-4.5',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 2000,
    });
    for await (const _ of stream) break;
    stream.abort();
    await vi.waitFor(() => expect(mock.requests().at(-1)?.outcome).toBe('cancelled'), { timeout: 2000 });
    // Abort is not a failure: final() resolves with what arrived, marked 'aborted'.
    expect((await stream.final()).finishReason).toBe('aborted');
    await vi.waitFor(
      async () => expect((await fetch(`${proxy.url}/chat/completions/${stream.streamId}`)).status).toBe(200),
      { timeout: 2000 },
    );
  });

  it('resumeStream(id, { signal }): aborting it stops the model too (DELETE)', async () => {
    mock.configure({ tokensPerSecond: 30 });
    const proxy = await serve();
    const res = await post(proxy.url, 2000);
    const id = res.headers.get('x-stream-id') as string;
    await res.body?.cancel(); // the first tab goes away; upstream runs on
    const controller = new AbortController();
    const again = createClient({ baseURL: proxy.url }).resumeStream(id, { signal: controller.signal });
    for await (const _ of again) break;
    expect(again.streamId).toBe(id);
    controller.abort();
    expect((await again.final()).finishReason).toBe('aborted');
    await vi.waitFor(() => expect(mock.requests().at(-1)?.outcome).toBe('cancelled'), { timeout: 2000 });
  });

  it('a stream upstream drops mid-answer ends as StreamInterruptedError (resume cannot invent the rest)', async () => {
    const proxy = await serve();
    mock.inject('drop_mid_stream');
    const client = createClient({ baseURL: proxy.url, retryDelay: { baseMs: 1, maxMs: 5 } });
    const stream = client.stream({
      model: 'haiku-4.5',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 50,
    });
    const error = await stream.final().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
  });

  it('a connection cut between the proxy and the client mid-answer is resumed: one unbroken stream', async () => {
    const proxy = await serve();
    const relay = await cuttingRelay(proxy.port);
    const request = {
      model: 'haiku-4.5',
      messages: [{ role: 'user' as const, content: 'Hi' }],
      max_tokens: 40,
    };
    const direct = createClient({ baseURL: proxy.url });
    const expected = await direct.stream(request).final();
    for (const cutAfter of [900, 1700, 3100]) {
      relay.cutAfter(cutAfter);
      const retries: { reason: string }[] = [];
      const client = createClient({
        baseURL: `${relay.origin}/api/using-ai`,
        retryDelay: { baseMs: 1, maxMs: 5 },
      });
      const stream = client.stream(request, { onRetry: (event) => retries.push(event) });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      const message = await stream.final();
      expect(text).toBe(expected.content);
      expect(message.content).toBe(expected.content);
      expect(message.finishReason).toBe(expected.finishReason);
      expect(retries.map((r) => r.reason)).toContain('resume');
    }
  });
});

describe('issue 12: the same bytes for other clients, and streamObject resumes too', () => {
  it('the official openai client streams through a durable proxy unchanged', async () => {
    const proxy = await serve();
    const openai = new OpenAI({ apiKey: 'unused', baseURL: proxy.url });
    const direct = new OpenAI({ apiKey: 'sk-test-supermaxes', baseURL: mock.baseURL });
    const request = {
      model: 'haiku-4.5',
      messages: [{ role: 'user' as const, content: 'Say hello.' }],
      max_tokens: 20,
      stream: true as const,
    };
    const read = async (client: OpenAI) => {
      let text = '';
      for await (const chunk of await client.chat.completions.create(request))
        text += chunk.choices[0]?.delta?.content ?? '';
      return text;
    };
    expect(await read(openai)).toBe(await read(direct));
  });

  it('streamObject over a connection cut mid-answer resumes and validates as an uninterrupted run', async () => {
    const proxy = await serve();
    const relay = await cuttingRelay(proxy.port);
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['title', 'tags'],
    };
    const messages = [{ role: 'user' as const, content: 'Describe a river.' }];
    const expected = await streamObject(createClient({ baseURL: proxy.url }), {
      model: 'haiku-4.5',
      messages,
      schema,
    }).final();
    relay.cutAfter(1200);
    const client = createClient({
      baseURL: `${relay.origin}/api/using-ai`,
      retryDelay: { baseMs: 1, maxMs: 5 },
    });
    const retries: { reason: string }[] = [];
    const object = streamObject(
      client,
      { model: 'haiku-4.5', messages, schema },
      { onRetry: (e) => retries.push(e) },
    );
    expect(await object.final()).toEqual(expected);
    expect(retries.map((r) => r.reason)).toContain('resume');
  });
});

describe('issue 12: the chat session reattaches', () => {
  it('a reload mid-answer (new session, initialMessages with streamId) continues it; one upstream request', async () => {
    mock.configure({ tokensPerSecond: 100 });
    const proxy = await serve();
    const tab = () => createClient({ baseURL: proxy.url, retryDelay: { baseMs: 1, maxMs: 5 } });
    const first = createChatSession(tab(), { model: 'haiku-4.5', throttle: false, max_tokens: 60 });
    const stopFirst = first.subscribe(() => {});
    void first.send('Tell me about rivers.');
    const mid = await until(
      first,
      (s) => Boolean(s.messages[1]?.streamId) && (s.messages[1]?.content.length ?? 0) > 5,
    );
    const saved = structuredClone(mid.messages);
    expect(saved[1]?.streamId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(saved[1]?.finishReason).toBeNull();

    // The "reloaded" page and a second tab, both from what was saved mid-answer.
    const requestsBefore = mock.requests().length;
    const reloaded = createChatSession(tab(), {
      model: 'haiku-4.5',
      throttle: false,
      initialMessages: saved,
    });
    const second = createChatSession(tab(), { model: 'haiku-4.5', throttle: false, initialMessages: saved });
    const unsubscribe = [reloaded.subscribe(() => {}), second.subscribe(() => {})];
    // Streaming (so busy) from the first subscribe on: a send at once is refused, not raced.
    expect(reloaded.getSnapshot().status).toBe('streaming');
    expect(await reloaded.send('Another question')).toBe(false);
    const [a, b] = await Promise.all([
      until(reloaded, (s) => s.status === 'idle'),
      until(second, (s) => s.status === 'idle'),
    ]);
    const done = await until(first, (s) => s.status === 'idle');
    expect(a.messages[1]?.content).toBe(done.messages[1]?.content);
    expect(b.messages[1]?.content).toBe(done.messages[1]?.content);
    expect(a.messages[1]?.finishReason).toBe(done.messages[1]?.finishReason);
    expect(a.messages).toHaveLength(2);
    expect(mock.requests().length).toBe(requestsBefore);
    for (const u of [...unsubscribe, stopFirst]) u();
  });

  it('a reload mid-answer with persistence: the loaded chat reattaches and finishes the same answer', async () => {
    mock.configure({ tokensPerSecond: 60 });
    mock.script({ text: 'flowing water '.repeat(50) }); // 100 tokens: saved about once a second meanwhile
    const proxy = await serve();
    const inner = memoryPersistence();
    let midStream: StoredChat | null = null;
    const persistence = {
      ...inner,
      async save(chat: StoredChat) {
        const last = chat.messages.at(-1);
        if (!midStream && last?.streamId && !last.finishReason && last.content)
          midStream = structuredClone(chat);
        return inner.save(chat);
      },
    };
    const tab = () => createClient({ baseURL: proxy.url, retryDelay: { baseMs: 1, maxMs: 5 } });
    const first = createChatSession(tab(), {
      id: 'durable',
      persistence,
      model: 'haiku-4.5',
      throttle: false,
      max_tokens: 100,
    });
    const stopFirst = first.subscribe(() => {});
    await until(first, (s) => !s.loading);
    void first.send('Tell me about rivers.');
    await vi.waitFor(() => expect(midStream).not.toBeNull(), { timeout: 4000 });
    const done = await until(first, (s) => s.status === 'idle');
    stopFirst();

    const reloadedStore = memoryPersistence();
    await reloadedStore.save(midStream as unknown as StoredChat);
    const requestsBefore = mock.requests().length;
    const reloaded = createChatSession(tab(), {
      id: 'durable',
      persistence: reloadedStore,
      model: 'haiku-4.5',
      throttle: false,
    });
    const statuses: string[] = [];
    const stop = reloaded.subscribe(() => statuses.push(reloaded.getSnapshot().status));
    await until(reloaded, (s) => !s.loading);
    const end = await until(reloaded, (s) => s.status === 'idle' && s.messages.at(-1)?.finishReason != null);
    expect(end.messages.at(-1)?.content).toBe(done.messages.at(-1)?.content);
    expect(end.messages.at(-1)?.incomplete).toBeFalsy();
    expect(mock.requests().length).toBe(requestsBefore);
    expect(statuses).toContain('streaming');
    // Reattached, it is answering already: never back to 'submitted' (a spinner flicker).
    expect(statuses).not.toContain('submitted');
    stop();
  });

  it("a chat's stop() stops the model: the emulator sees the cancel", async () => {
    mock.configure({ tokensPerSecond: 30 });
    const proxy = await serve();
    const chat = createChatSession(createClient({ baseURL: proxy.url }), {
      model: 'haiku-4.5',
      throttle: false,
      max_tokens: 2000,
    });
    const unsubscribe = chat.subscribe(() => {});
    void chat.send('Tell me about rivers.');
    await until(chat, (s) => (s.messages[1]?.content.length ?? 0) > 0);
    chat.stop();
    await vi.waitFor(() => expect(mock.requests().at(-1)?.outcome).toBe('cancelled'), { timeout: 2000 });
    unsubscribe();
  });
});

/** A TCP relay in front of the proxy that cuts the first connection after `n` response bytes. */
async function cuttingRelay(port: number) {
  let cut: number | null = null;
  const server = createTcpServer((client) => {
    const limit = cut;
    cut = null;
    const upstream = connect(port, '127.0.0.1');
    client.pipe(upstream);
    let seen = 0;
    upstream.on('data', (data: Buffer) => {
      if (limit === null) return void client.write(data);
      const room = limit - seen;
      seen += data.length;
      if (room > 0) client.write(data.subarray(0, room));
      if (seen >= limit) {
        client.destroy();
        upstream.destroy();
      }
    });
    upstream.on('end', () => client.end());
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cutAfter(n: number) {
      cut = n;
    },
  };
}

describe('issue 12: shared streams over a real Redis, and the CLI flags', () => {
  let redis: RedisProcess | undefined;
  beforeAll(async () => {
    if (hasRedis) redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it.runIf(hasRedis)(
    'two instances on one redisUrl: POST through one, resume and stop through the other',
    async () => {
      mock.configure({ tokensPerSecond: 50 });
      const redisUrl = `redis://127.0.0.1:${redis?.port}`;
      const [one, two] = await Promise.all([serve({ redisUrl }), serve({ redisUrl })]);
      const finished = await post(one.url, 5);
      const finishedId = finished.headers.get('x-stream-id') as string;
      const finishedText = await finished.text();
      expect(await (await fetch(`${two.url}/chat/completions/${finishedId}`)).text()).toBe(finishedText);

      const running = await post(one.url, 2000);
      const id = running.headers.get('x-stream-id') as string;
      await running.body?.getReader().read();
      expect((await fetch(`${two.url}/chat/completions/${id}`, { method: 'DELETE' })).status).toBe(204);
      await vi.waitFor(() => expect(mock.requests().at(-1)?.outcome).toBe('cancelled'), { timeout: 3000 });
    },
  );

  async function cli(args: string[]): Promise<{ url: string; stop(): Promise<void> }> {
    const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    if (!existsSync(bin)) throw new Error('Run `pnpm build` first: packages/proxy/dist/cli.js is missing');
    const child = spawn(process.execPath, [bin, '--port', '0', '--upstream', mock.url, ...args], {
      env: { ...process.env, USING_AI_KEY: 'sk-test-supermaxes' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`the CLI exited (${code}): ${out}`)));
    });
    const stop = () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    closers.push(stop);
    return { url, stop };
  }

  it('CLI: streams are durable by default; --no-resume turns them off', async () => {
    const durable = await cli([]);
    const res = await post(durable.url, 5);
    expect(res.headers.get('x-stream-id')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    await res.text();
    const plain = await cli(['--no-resume']);
    const off = await post(plain.url, 5);
    expect(off.headers.get('x-stream-id')).toBeNull();
    expect(events(await off.text()).every((e) => e.id === undefined)).toBe(true);
  });

  it.runIf(hasRedis)('CLI: two instances with --redis-url serve one set of streams', async () => {
    const redisUrl = `redis://127.0.0.1:${redis?.port}`;
    const [one, two] = await Promise.all([cli(['--redis-url', redisUrl]), cli([`--redis-url=${redisUrl}`])]);
    const res = await post(one.url, 5);
    const id = res.headers.get('x-stream-id') as string;
    const text = await res.text();
    expect(await (await fetch(`${two.url}/chat/completions/${id}`)).text()).toBe(text);
  });
});
