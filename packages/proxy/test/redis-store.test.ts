// rateLimit.store with a real redis-server: two proxy instances (two servers, two ioredis clients)
// share one client's limit.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxy } from '../src/index';
import { hasRedis, type RedisProcess, startRedis } from './support/redis';
import { type Served, serve } from './support/serve';
import { sseScript, startUpstream, type TestUpstream } from './support/upstream';

if (!hasRedis)
  console.warn(
    'redis-store.test.ts: SKIPPED, /usr/bin/redis-server is not installed (apt-get install redis-server)',
  );

describe.skipIf(!hasRedis)('rate limit shared through Redis', () => {
  let redis: RedisProcess;
  let upstream: TestUpstream;
  const clients: Redis[] = [];
  const servers: Served[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    upstream = await startUpstream(sseScript(['ok']));
    for (let i = 0; i < 2; i++) {
      const client = new Redis({
        port: redis.port,
        host: '127.0.0.1',
        enableOfflineQueue: true,
        maxRetriesPerRequest: 1,
      });
      clients.push(client);
      servers.push(
        await serve(
          createProxy({
            apiKey: 'sk-test-redis',
            upstream: upstream.url,
            authorize: (req) => req.headers.get('x-user') ?? false,
            rateLimit: { points: 3, durationSec: 60, store: client, keyPrefix: 'test-shared' },
          }),
        ),
      );
    }
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    for (const client of clients) client.disconnect();
    await upstream?.close();
    await redis?.stop();
  });

  const send = (instance: number, user: string) =>
    fetch(`${servers[instance]!.origin}/api/using-ai/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user': user },
      body: JSON.stringify({ model: 'm', messages: [], stream: true }),
    });

  it('counts one client across both instances', async () => {
    const statuses: number[] = [];
    for (const instance of [0, 1, 0]) {
      const res = await send(instance, 'alice');
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await send(1, 'alice');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.type).toBe('client_rate_limited');
    // Another client has its own budget.
    const bob = await send(1, 'bob');
    expect(bob.status).toBe(200);
    await bob.text();
    // The counter really lives in Redis.
    expect(Number(await clients[0]!.get('test-shared:alice'))).toBe(4);
  });

  it('fails closed with 503 when Redis is unreachable', async () => {
    const dead = new Redis({
      port: 1,
      host: '127.0.0.1',
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    dead.on('error', () => {});
    const served = await serve(
      createProxy({
        apiKey: 'sk-test-redis',
        upstream: upstream.url,
        rateLimit: { points: 3, durationSec: 60, store: dead },
      }),
    );
    try {
      const res = await fetch(`${served.origin}/api/using-ai/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'm', messages: [] }),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect((await res.json()).error.type).toBe('server_error');
    } finally {
      await served.close();
      dead.disconnect();
    }
  });

  it('Redis killed mid-run: 503 with Retry-After at once, one log line per outage, back by itself on restart', async () => {
    const own = await startRedis();
    // The README's setup: an ioredis client with an error listener, nothing else.
    const client = new Redis({ port: own.port, host: '127.0.0.1' });
    client.on('error', () => {});
    const lines: string[] = [];
    const served = await serve(
      createProxy({
        apiKey: 'sk-test-redis',
        upstream: upstream.url,
        rateLimit: { points: 1000, durationSec: 60, store: client, log: (line) => void lines.push(line) },
      }),
    );
    const ask = async () => {
      const started = performance.now();
      const res = await send0(served.origin);
      const body = await res.text();
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body,
        ms: performance.now() - started,
      };
    };
    let restarted: RedisProcess | undefined;
    try {
      expect((await ask()).status).toBe(200);
      await own.stop('SIGKILL');
      const down = [];
      for (let i = 0; i < 5; i++) down.push(await ask());
      console.log(`redis down: answers took ${down.map((d) => d.ms.toFixed(0)).join(', ')} ms`);
      for (const answer of down) {
        expect(answer.status).toBe(503);
        expect(answer.retryAfter).toBe('5');
        expect(JSON.parse(answer.body).error.type).toBe('server_error');
      }
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/rate-limit store is unavailable/);

      restarted = await startRedis(own.port);
      // ioredis reconnects on its own schedule (backoff); poll until the proxy answers again.
      let back = await ask();
      for (let i = 0; i < 100 && back.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        back = await ask();
      }
      expect(back.status).toBe(200);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/rate-limit store is back/);
    } finally {
      await served.close();
      client.disconnect();
      await restarted?.stop();
    }
  });
});

function send0(origin: string): Promise<Response> {
  return fetch(`${origin}/api/using-ai/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [], stream: true }),
  });
}
