// Durable streams shared by every instance of an app through Redis: the events in a Redis Stream per
// stream (entry ids 0-1, 0-2… are the SSE ids, so "after Last-Event-ID" is one XRANGE), the owner and
// the end in a hash, new events, the end and stop requests as pub/sub messages, and attached readers as
// a sorted set of heartbeats. A POST served by one instance can be read and stopped through another.
// Types only: the app passes its own ioredis client, so the proxy never loads ioredis itself.
import type { Redis } from 'ioredis';
import type { RedisStoreClient } from '../options';
import { DEFAULT_TTL_SEC, type ResumeRetention, type ResumeStore, type StreamInfo } from './store';

export interface RedisStoreOptions extends ResumeRetention {
  /** Prefix of every key and channel. Default `'using-ai-resume'`. */
  keyPrefix?: string;
  /** How long a stream that never finishes (its instance died) is kept, in seconds. Default 3600. */
  runningTtlSec?: number;
}

// Appends only while the stream runs, and tells readers, in one round trip that keeps the call order.
const APPEND = `if redis.call('HGET', KEYS[1], 'finished') ~= '0' then return 0 end
redis.call('XADD', KEYS[2], ARGV[1], 'e', ARGV[2])
redis.call('PUBLISH', KEYS[3], 'e')
return 1`;
// Finishes a running stream once (a stop and the upstream's own end may race), starting its retention.
const FINISH = `if redis.call('HGET', KEYS[1], 'finished') ~= '0' then return 0 end
redis.call('HSET', KEYS[1], 'finished', '1')
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('PUBLISH', KEYS[3], ARGV[2])
return 1`;

const BATCH = 500;
const HEARTBEAT_MS = 5000;

/**
 * A ResumeStore on Redis (ioredis; Redis >= 6.2). Pass your own client: the store opens one more
 * connection for pub/sub (`client.duplicate()`) and closes only that one in `close()`.
 */
export function createRedisResumeStore(
  redisClient: RedisStoreClient,
  options: RedisStoreOptions = {},
): ResumeStore {
  const client = redisClient as Redis;
  const prefix = options.keyPrefix ?? 'using-ai-resume';
  const ttlSec = options.ttlSec ?? DEFAULT_TTL_SEC;
  const runningTtlSec = options.runningTtlSec ?? 3600;
  const keys = (id: string) =>
    [
      `${prefix}:${id}:meta`,
      `${prefix}:${id}:events`,
      `${prefix}:${id}:ch`,
      `${prefix}:${id}:readers`,
    ] as const;

  // One subscriber connection for all streams, subscribed to a stream's channel while someone listens.
  let subscriber: Redis | undefined;
  const handlers = new Map<string, Set<(message: string) => void>>();
  function sub(): Redis {
    if (!subscriber) {
      // Its own settings: the app's client may be lazy or refuse to queue commands while connecting.
      subscriber = client.duplicate({ lazyConnect: false, enableOfflineQueue: true });
      subscriber.on('message', (channel: string, message: string) => {
        for (const handler of [...(handlers.get(channel) ?? [])]) handler(message);
      });
      // Errors are reported by the commands that fail; an unhandled 'error' event would crash the process.
      subscriber.on('error', () => {});
    }
    return subscriber;
  }
  async function listen(channel: string, handler: (message: string) => void): Promise<() => void> {
    let set = handlers.get(channel);
    if (!set) {
      set = new Set();
      handlers.set(channel, set);
    }
    set.add(handler);
    if (set.size === 1) await sub().subscribe(channel);
    return () => {
      set.delete(handler);
      if (!set.size && handlers.get(channel) === set) {
        handlers.delete(channel);
        sub()
          .unsubscribe(channel)
          .catch(() => {});
      }
    };
  }

  const finish = async (streamId: string, message: 'end') => {
    const [meta, events, channel] = keys(streamId);
    return (await client.eval(FINISH, 3, meta, events, channel, ttlSec, message)) === 1;
  };

  return {
    async create(streamId, owner) {
      const [meta] = keys(streamId);
      await client
        .multi()
        .hset(meta, 'owner', JSON.stringify(owner), 'finished', '0')
        .expire(meta, runningTtlSec)
        .exec();
    },
    append(streamId, id, event) {
      const [meta, events, channel] = keys(streamId);
      // The first event also starts the events key's expiry (XADD creates it).
      client.eval(APPEND, 3, meta, events, channel, `0-${id}`, event).catch(() => {});
      if (id === 1) client.expire(events, runningTtlSec).catch(() => {});
    },
    async finish(streamId) {
      await finish(streamId, 'end');
    },
    async info(streamId): Promise<StreamInfo | null> {
      const [owner, finished] = await client.hmget(keys(streamId)[0], 'owner', 'finished');
      if (owner == null || finished == null) return null;
      return { owner: JSON.parse(owner) as string | null, finished: finished !== '0' };
    },
    async *read(streamId, after, signal) {
      const [meta, events, channel] = keys(streamId);
      let last = Math.max(0, after);
      let dirty = true;
      let wake: (() => void) | undefined;
      const poke = () => {
        dirty = true;
        wake?.();
      };
      // Subscribed before the first read, so no event appended after that read goes unnoticed.
      const unlisten = await listen(channel, poke);
      signal.addEventListener('abort', poke);
      try {
        while (!signal.aborted) {
          dirty = false;
          // The end is read before the events, atomically: a finished stream's events are all there.
          const [[, finished], [, entries]] = (await client
            .multi()
            .hget(meta, 'finished')
            .xrange(events, `(0-${last}`, '+', 'COUNT', BATCH)
            .exec()) as [[null, string | null], [null, Array<[string, string[]]>]];
          for (const [id, fields] of entries) {
            last = Number(id.slice(2));
            yield fields[1] as string;
            if (signal.aborted) return;
          }
          if (entries.length === BATCH) continue;
          if (finished !== '0') return;
          if (!dirty)
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
          wake = undefined;
        }
      } finally {
        unlisten();
        signal.removeEventListener('abort', poke);
      }
    },
    async stop(streamId) {
      const [meta, , channel] = keys(streamId);
      if (!(await client.exists(meta))) return false;
      // Recorded first, for a runner whose subscription is not confirmed yet (see onStop); then told, even
      // if the stream has just finished on its own.
      await client.hset(meta, 'stopped', '1');
      await client.publish(channel, 'stop');
      await finish(streamId, 'end');
      return true;
    },
    onStop(streamId, listener) {
      let stopped = false;
      const fire = () => {
        if (stopped) return;
        stopped = true;
        listener();
      };
      const [meta, , channel] = keys(streamId);
      const pending = listen(channel, (message) => message === 'stop' && fire());
      // A stop published before the subscription was confirmed is not heard: read the record it leaves.
      pending
        .then(() => client.hget(meta, 'stopped'))
        .then(
          (value) => value === '1' && fire(),
          () => {},
        );
      return () => {
        stopped = true;
        pending.then(
          (unlisten) => unlisten(),
          () => {},
        );
      };
    },
    attach(streamId) {
      const readers = keys(streamId)[3];
      const member = crypto.randomUUID();
      const beat = () => {
        client
          .multi()
          .zadd(readers, Date.now() + 3 * HEARTBEAT_MS, member)
          .pexpire(readers, 3 * HEARTBEAT_MS)
          .exec()
          .catch(() => {});
      };
      beat();
      const timer = setInterval(beat, HEARTBEAT_MS);
      timer.unref?.();
      let attached = true;
      return () => {
        if (!attached) return;
        attached = false;
        clearInterval(timer);
        client.zrem(readers, member).catch(() => {});
      };
    },
    async hasReaders(streamId) {
      return (await client.zcount(keys(streamId)[3], Date.now(), '+inf')) > 0;
    },
    async close() {
      handlers.clear();
      await subscriber?.quit().catch(() => {});
      subscriber = undefined;
    },
  };
}
