// Durable streams: what resume costs and what it buys, in one run (built packages; one process holds the
// emulator, two proxies and the clients, so absolute times include their sharing one event loop).
//   pnpm run build && pnpm --filter @using-ai/bench bench:resume
// 1. reconnect -> first new token: a stream cut mid-answer, resumed by @using-ai/core (backoff 0), the time
//    from the cut to the first chunk the consumer gets after it (live, paced upstream);
// 2. proxy memory per stored stream against the bytes of its events (in-memory store, after a full GC);
// 3. time to first byte and throughput with resume on vs off, interleaved.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClient } from '@using-ai/core';
import { startMockServer } from '@using-ai/mock';
import { createMemoryResumeStore, createProxy, type ProxyOptions, toNodeHandler } from '@using-ai/proxy';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const KEY = 'sk-test-supermaxes';
const RECONNECTS = Number(process.env.RECONNECTS ?? 40);
const STORED = Number(process.env.STORED ?? 200);
const TTFB_SAMPLES = Number(process.env.TTFB_SAMPLES ?? 400);
const ROUNDS = Number(process.env.ROUNDS ?? 12);
const CONCURRENCY = 20;

const mock = await startMockServer({ rateLimit: false });

async function serveProxy(options: ProxyOptions) {
  const node = toNodeHandler(
    createProxy({ apiKey: KEY, upstream: mock.url, basePath: '/api/using-ai', ...options }),
  );
  const server = createServer((req, res) => void node(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/using-ai`, server };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const body = (maxTokens: number, seed: number) =>
  JSON.stringify({
    model: 'haiku-4.5',
    messages: [{ role: 'user', content: 'Tell me about the sea.' }],
    max_tokens: maxTokens,
    stream: true,
    seed,
  });

// 1. Reconnect -> first new token.
const store = createMemoryResumeStore();
const on = await serveProxy({ resume: { store } });
const off = await serveProxy({ resume: false });
mock.configure({ tokensPerSecond: 100 });
const reconnectMs: number[] = [];
for (let i = 0; i < RECONNECTS; i++) {
  let cutAt = 0;
  let armed = true;
  // A fetch whose first POST body breaks after its 5th network read, like a dropped connection.
  const cutting: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!armed || init?.method !== 'POST' || !response.body) return response;
    armed = false;
    const reader = response.body.getReader();
    let reads = 0;
    const broken = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        if (++reads < 5) return controller.enqueue(value);
        await reader.cancel();
        cutAt = performance.now();
        controller.error(new TypeError('network error'));
      },
    });
    return new Response(broken, { status: response.status, headers: response.headers });
  };
  const client = createClient({ baseURL: on.url, fetch: cutting, retryDelay: { baseMs: 0, maxMs: 0 } });
  const stream = client.stream({
    model: 'haiku-4.5',
    messages: [{ role: 'user', content: 'Tell me about the sea.' }],
    max_tokens: 80,
    seed: i,
  });
  let firstAfter = 0;
  stream.subscribe(() => {
    if (cutAt && !firstAfter) firstAfter = performance.now();
  });
  await stream.final();
  if (cutAt && firstAfter) reconnectMs.push(firstAfter - cutAt);
}
mock.configure({ tokensPerSecond: 0 });

// 2. Memory per stored stream vs the bytes of its events.
async function storedRound(count: number): Promise<number> {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${on.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(200, 1000 + i),
    });
    bytes += (await response.arrayBuffer()).byteLength;
  }
  return bytes;
}
await store.close();
gc();
const heapBefore = process.memoryUsage().heapUsed;
const storedBytes = await storedRound(STORED);
gc();
const heapAfter = process.memoryUsage().heapUsed;
await store.close();
gc();
const heapReleased = process.memoryUsage().heapUsed;

// 3. TTFB and throughput, resume on vs off, interleaved.
async function ttfb(url: string, seed: number): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(20, seed),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  const elapsed = performance.now() - start;
  while (!(await reader.read()).done) {}
  return elapsed;
}
async function throughput(url: string): Promise<number> {
  const start = performance.now();
  const sizes = await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, i) => {
      const response = await fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(400, i),
      });
      return (await response.arrayBuffer()).byteLength;
    }),
  );
  return sizes.reduce((a, b) => a + b, 0) / 1e6 / ((performance.now() - start) / 1000);
}
for (let i = 0; i < 50; i++) await Promise.all([ttfb(on.url, i), ttfb(off.url, i)]);
/** Which proxy goes first alternates, so neither always runs on a warmer (or noisier) machine. */
const alternating = (i: number): Array<['on' | 'off', string]> =>
  i % 2
    ? [
        ['on', on.url],
        ['off', off.url],
      ]
    : [
        ['off', off.url],
        ['on', on.url],
      ];
const ttfbs = { on: [] as number[], off: [] as number[] };
for (let i = 0; i < TTFB_SAMPLES; i++) {
  for (const [name, url] of alternating(i)) ttfbs[name].push(await ttfb(url, i));
}
const rates = { on: [] as number[], off: [] as number[] };
for (let i = 0; i < ROUNDS; i++) {
  for (const [name, url] of alternating(i)) rates[name].push(await throughput(url));
}

// 4. DELETE -> upstream sees the close: the emulator's request log records when the request ended.
mock.configure({ tokensPerSecond: 20 });
const stopMs: number[] = [];
for (let i = 0; i < 20; i++) {
  const response = await fetch(`${on.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(2000, i),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  const sentAt = Date.now();
  await fetch(`${on.url}/chat/completions/${response.headers.get('x-stream-id')}`, { method: 'DELETE' });
  let ended: number | null = null;
  while (ended === null) {
    ended = mock.requests().at(-1)?.endedAt ?? null;
    if (ended === null) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  stopMs.push(ended - sentAt);
  await reader.cancel();
}
mock.configure({ tokensPerSecond: 0 });

console.log(
  `Durable streams (Node ${process.versions.node}; emulator, proxies and clients in one process)\n`,
);
console.log(
  `reconnect -> first new token: median ${median(reconnectMs).toFixed(1)} ms, max ${Math.max(...reconnectMs).toFixed(1)} ms over ${reconnectMs.length} cuts (backoff 0; default backoff adds a random 0-500 ms)`,
);
const perStream = (heapAfter - heapBefore) / STORED;
console.log(
  `stored streams: ${STORED}, events ${(storedBytes / STORED / 1024).toFixed(1)} KiB per stream, heap ${(perStream / 1024).toFixed(1)} KiB per stream (${(perStream / (storedBytes / STORED)).toFixed(2)}x the event bytes); after close() ${((heapReleased - heapBefore) / 1024).toFixed(0)} KiB left`,
);
console.log(
  `TTFB median (${TTFB_SAMPLES} each): resume on ${median(ttfbs.on).toFixed(2)} ms, off ${median(ttfbs.off).toFixed(2)} ms (+${(median(ttfbs.on) - median(ttfbs.off)).toFixed(2)} ms)`,
);
console.log(
  `throughput, ${CONCURRENCY} concurrent, median of ${ROUNDS}: on ${median(rates.on).toFixed(1)} MB/s, off ${median(rates.off).toFixed(1)} MB/s (${(median(rates.on) / median(rates.off)).toFixed(2)}x)`,
);
console.log(
  `DELETE -> upstream closed: median ${median(stopMs)} ms, max ${Math.max(...stopMs)} ms over ${stopMs.length} (target 100 ms; emulator clock, 1 ms steps)`,
);
on.server.closeAllConnections();
off.server.closeAllConnections();
on.server.close();
off.server.close();
await mock.close();
