// The ResumeStore contract, run against the in-memory store and the Redis store (a real redis-server on a
// free port, two clients standing for two proxy instances), plus what only the memory store bounds.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryResumeStore } from '../src/resume/memory-store';
import { createRedisResumeStore } from '../src/resume/redis-store';
import type { ResumeStore } from '../src/resume/store';
import { createStreamId, isStreamId } from '../src/resume/stream-id';
import { hasRedis, type RedisProcess, startRedis } from './support/redis';

async function collect(events: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const event = (n: number) => `id: ${n}\ndata: {"n":${n}}\n\n`;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Two handles on one store: `a` runs the stream, `b` reads and stops it (another instance for Redis). */
interface Pair {
  a: ResumeStore;
  b: ResumeStore;
}

function contract(name: string, make: () => Promise<Pair>, cleanup: () => Promise<void>) {
  describe(name, () => {
    let a: ResumeStore;
    let b: ResumeStore;
    beforeAll(async () => {
      ({ a, b } = await make());
    });
    afterAll(cleanup);

    it('replays after an id, follows live events, and ends when the stream finishes', async () => {
      const id = createStreamId();
      await a.create(id, null);
      a.append(id, 1, event(1));
      a.append(id, 2, event(2));
      const controller = new AbortController();
      const reading = collect(b.read(id, 1, controller.signal));
      await tick();
      a.append(id, 3, event(3));
      await tick();
      a.append(id, 4, event(4));
      await a.finish(id);
      expect(await reading).toEqual([event(2), event(3), event(4)]);
      // A finished stream answers the same way, from any point.
      expect(await collect(b.read(id, 0, controller.signal))).toEqual([1, 2, 3, 4].map(event));
      expect(await b.info(id)).toEqual({ owner: null, finished: true });
    });

    it('knows the owner, and nothing of an unknown stream', async () => {
      const id = createStreamId();
      await a.create(id, 'alice');
      expect(await b.info(id)).toEqual({ owner: 'alice', finished: false });
      expect(await b.info(createStreamId())).toBeNull();
      expect(await b.stop(createStreamId())).toBe(false);
      await a.finish(id);
    });

    it('stop reaches the instance running the stream, ends every reader, keeps the events readable', async () => {
      const id = createStreamId();
      await a.create(id, null);
      let stops = 0;
      a.onStop(id, () => stops++);
      a.append(id, 1, event(1));
      const controller = new AbortController();
      const readers = [collect(b.read(id, 0, controller.signal)), collect(a.read(id, 0, controller.signal))];
      await tick();
      expect(await b.stop(id)).toBe(true);
      expect(await Promise.all(readers)).toEqual([[event(1)], [event(1)]]);
      await expect.poll(() => stops).toBe(1);
      // Appends after the stop are dropped; what was there stays.
      a.append(id, 2, event(2));
      await tick();
      expect(await collect(b.read(id, 0, controller.signal))).toEqual([event(1)]);
    });

    it('a stop sent the moment the runner starts listening is not lost', async () => {
      const id = createStreamId();
      await a.create(id, null);
      let stops = 0;
      a.onStop(id, () => stops++);
      // No pause: on Redis the runner's subscription may not be confirmed yet.
      expect(await b.stop(id)).toBe(true);
      await expect.poll(() => stops).toBe(1);
    });

    it('an aborted read ends without the stream finishing', async () => {
      const id = createStreamId();
      await a.create(id, null);
      a.append(id, 1, event(1));
      const controller = new AbortController();
      const reading = collect(b.read(id, 0, controller.signal));
      await tick();
      controller.abort();
      expect(await reading).toEqual([event(1)]);
      await a.finish(id);
    });

    it('tracks attached readers across instances', async () => {
      const id = createStreamId();
      await a.create(id, null);
      expect(await a.hasReaders(id)).toBe(false);
      const detach = b.attach(id);
      await expect.poll(() => a.hasReaders(id)).toBe(true);
      detach();
      await expect.poll(() => a.hasReaders(id)).toBe(false);
      await a.finish(id);
    });
  });
}

contract(
  'memory store',
  async () => {
    const store = createMemoryResumeStore();
    return { a: store, b: store };
  },
  async () => {},
);

describe('memory store bounds', () => {
  it('drops a finished stream after ttlSec', async () => {
    const store = createMemoryResumeStore({ ttlSec: 0.05 });
    const id = createStreamId();
    await store.create(id, null);
    store.append(id, 1, event(1));
    await store.finish(id);
    expect(await store.info(id)).not.toBeNull();
    await expect.poll(() => store.info(id)).toBeNull();
  });

  it('evicts the oldest finished streams past maxBytes, never a running one', async () => {
    const size = new TextEncoder().encode(event(1)).length;
    const store = createMemoryResumeStore({ maxBytes: size * 2 });
    const [first, second, running] = [createStreamId(), createStreamId(), createStreamId()];
    for (const id of [first, second, running]) await store.create(id, null);
    store.append(first, 1, event(1));
    await store.finish(first);
    store.append(second, 1, event(1));
    await store.finish(second);
    store.append(running, 1, event(1));
    expect(await store.info(first)).toBeNull();
    expect(await store.info(second)).not.toBeNull();
    store.append(running, 2, event(2));
    expect(await store.info(second)).toBeNull();
    expect(await store.info(running)).toEqual({ owner: null, finished: false });
  });
});

describe('stream ids', () => {
  it('are URL-safe, 24 characters (144 random bits), and different each time', () => {
    const ids = new Set(Array.from({ length: 1000 }, createStreamId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isStreamId(id)).toBe(true);
    expect(isStreamId('../../etc/passwd')).toBe(false);
  });
});

let redis: RedisProcess | undefined;
const clients: Redis[] = [];
const stores: ResumeStore[] = [];
if (!hasRedis)
  console.warn('resume-store.test.ts: Redis part SKIPPED, /usr/bin/redis-server is not installed');
if (hasRedis)
  contract(
    'redis store (two instances, one redis-server)',
    async () => {
      redis = await startRedis();
      for (let i = 0; i < 2; i++) {
        const client = new Redis({ port: redis.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
        clients.push(client);
        stores.push(createRedisResumeStore(client, { keyPrefix: 'test-resume' }));
      }
      return { a: stores[0] as ResumeStore, b: stores[1] as ResumeStore };
    },
    async () => {
      await Promise.all(stores.map((store) => store.close()));
      for (const client of clients) client.disconnect();
      await redis?.stop();
    },
  );
