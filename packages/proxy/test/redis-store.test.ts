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
      expect((await res.json()).error.type).toBe('server_error');
    } finally {
      await served.close();
      dead.disconnect();
    }
  });
});
