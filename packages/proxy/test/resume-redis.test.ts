// Two proxy instances sharing one real redis-server: a stream POSTed through one is resumed and stopped
// through the other, against the emulator over real HTTP.
import { createClient } from '@using-ai/core';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyServer } from '../src/proxy-server';
import { createRedisResumeStore } from '../src/resume/redis-store';
import type { ResumeStore } from '../src/resume/store';
import { hasRedis, type RedisProcess, startRedis } from './support/redis';
import { type Served, serveProxy } from './support/serve';

if (!hasRedis) console.warn('resume-redis.test.ts: SKIPPED, /usr/bin/redis-server is not installed');

describe.skipIf(!hasRedis)('durable streams shared through Redis', () => {
  let mock: MockServer;
  let redis: RedisProcess;
  const clients: Redis[] = [];
  const stores: ResumeStore[] = [];
  const servers: Served[] = [];
  const url = (instance: number) => `${servers[instance]?.origin}/api/using-ai/chat/completions`;

  beforeAll(async () => {
    mock = await startMockServer({ tokensPerSecond: 100 });
    redis = await startRedis();
    for (let i = 0; i < 2; i++) {
      const client = new Redis({ port: redis.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
      clients.push(client);
      const store = createRedisResumeStore(client, { keyPrefix: 'test-durable' });
      stores.push(store);
      servers.push(
        await serveProxy({
          apiKey: 'sk-test-supermaxes',
          upstream: mock.url,
          authorize: (request) => request.headers.get('x-user') ?? false,
          resume: { store },
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(stores.map((s) => s.close()));
    for (const client of clients) client.disconnect();
    await redis?.stop();
    await mock?.close();
  });

  const post = (maxTokens: number, signal?: AbortSignal) =>
    fetch(url(0), {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/json', 'x-user': 'alice' },
      body: JSON.stringify({
        model: 'haiku-4.5',
        messages: [{ role: 'user', content: 'Tell me about lakes.' }],
        max_tokens: maxTokens,
        stream: true,
        seed: 11,
      }),
    });

  it('a stream POSTed to instance A is resumed through instance B after the client left A', async () => {
    const controller = new AbortController();
    const response = await post(60, controller.signal);
    const streamId = response.headers.get('x-stream-id') as string;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    // The core client, pointed at instance B, reads the whole answer from the shared store.
    const other = createClient({
      baseURL: `${servers[1]?.origin}/api/using-ai`,
      headers: { 'x-user': 'alice' },
    });
    const message = await other.resumeStream(streamId).final();
    expect(message.finishReason).toBe('stop');
    expect(message.content.length).toBeGreaterThan(0);
    // Other clients see nothing, on either instance.
    for (const instance of [0, 1]) {
      const bob = await fetch(`${url(instance)}/${streamId}`, { headers: { 'x-user': 'bob' } });
      expect(bob.status).toBe(404);
    }
  });

  it('DELETE through instance B aborts the upstream request instance A runs', async () => {
    const response = await post(3000);
    const streamId = response.headers.get('x-stream-id') as string;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const stopped = await fetch(`${url(1)}/${streamId}`, {
      method: 'DELETE',
      headers: { 'x-user': 'alice' },
    });
    expect(stopped.status).toBe(204);
    await expect.poll(() => mock.requests().at(-1)?.outcome).toBe('cancelled');
    // A's reader ends too.
    let result = await reader.read();
    while (!result.done) result = await reader.read();
  });

  it("startProxyServer({ redisUrl }) (the CLI's --redis-url): two servers serve one set of streams", async () => {
    const redisUrl = `redis://127.0.0.1:${redis.port}`;
    const [a, b] = await Promise.all(
      [0, 1].map(() =>
        startProxyServer({ port: 0, apiKey: 'sk-test-supermaxes', upstream: mock.url, redisUrl }),
      ),
    );
    try {
      const stream = createClient({ baseURL: a?.url }).stream({
        model: 'haiku-4.5',
        messages: [{ role: 'user', content: 'Hi' }],
        max_tokens: 20,
      });
      const whole = await stream.final();
      const replayed = await createClient({ baseURL: b?.url })
        .resumeStream(stream.streamId as string)
        .final();
      expect(replayed).toEqual(whole);
    } finally {
      await Promise.all([a?.close(), b?.close()]);
    }
  });
});
