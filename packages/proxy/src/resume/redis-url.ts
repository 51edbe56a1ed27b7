// `--redis-url` / `startProxyServer({ redisUrl })`: opens an ioredis client for the shared resume store.
// ioredis is loaded only here, on demand, so an app that never asks for Redis never needs it.
import { ProxyConfigError } from '../config-error';
import { createRedisResumeStore } from './redis-store';
import type { ResumeStore } from './store';

export async function redisResumeStore(url: string): Promise<{ store: ResumeStore; close(): Promise<void> }> {
  let Redis: typeof import('ioredis').Redis;
  try {
    ({ Redis } = await import('ioredis'));
  } catch {
    throw new ProxyConfigError('A Redis URL needs the ioredis package: npm install ioredis');
  }
  // Fail fast while Redis is down (no offline queue), and say so once per outage, not once per retry.
  const client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    console.error(`using-ai-proxy: Redis at ${new URL(url).host} is unreachable (${error.message})`);
  });
  client.on('ready', () => {
    if (down) console.error(`using-ai-proxy: Redis at ${new URL(url).host} is back`);
    down = false;
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new ProxyConfigError(
      `Could not connect to Redis at ${new URL(url).host}: ${(error as Error).message}`,
    );
  }
  const store = createRedisResumeStore(client);
  return {
    store,
    async close() {
      await store.close();
      await client.quit().catch(() => client.disconnect());
    },
  };
}
