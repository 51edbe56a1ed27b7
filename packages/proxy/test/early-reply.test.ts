// A reply the proxy sends before it read the body (413, 404, 408) must reach a client that is still
// uploading. Closing at once made Node's fetch (undici) see EPIPE instead of the answer about half the
// time; the adapter now lingers (reads and discards the rest for a bounded time and size) before closing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyServer, startProxyServer } from '../src/proxy-server';
import { startUpstream, type TestUpstream } from './support/upstream';

const KEY = 'sk-test-early-reply-0123';
const TRIES = 30;
const BODY = new Uint8Array(1.5 * 1_048_576).fill(0x20);

let upstream: TestUpstream;
let server: ProxyServer;
beforeAll(async () => {
  upstream = await startUpstream();
  server = await startProxyServer({
    apiKey: KEY,
    upstream: upstream.url,
    port: 0,
    bodyTimeoutMs: 150,
  });
});
afterAll(async () => {
  await server.close();
  await upstream.close();
});

/** The status and error type Node's fetch got, or the name of the error it threw instead. */
async function attempt(url: string, body: BodyInit): Promise<string> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    const parsed = (await res.json()) as { error?: { type?: string } };
    return `${res.status} ${parsed.error?.type}`;
  } catch (error) {
    return `threw ${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message}`;
  }
}

/** 1.5 MB that arrives too slowly: 256 KB, a pause ten times bodyTimeoutMs, then the rest. */
function slowBody(): ReadableStream<Uint8Array> {
  let step = 0;
  return new ReadableStream({
    async pull(controller) {
      step++;
      if (step === 1) controller.enqueue(BODY.subarray(0, 262_144));
      else if (step === 2) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        controller.enqueue(BODY.subarray(262_144));
      } else controller.close();
    },
  });
}

describe('early replies through startProxyServer (the CLI) reach Node fetch', () => {
  it(`413 for a 1.5 MB body, ${TRIES} of ${TRIES}`, async () => {
    const answers: string[] = [];
    for (let i = 0; i < TRIES; i++) answers.push(await attempt(`${server.url}/chat/completions`, BODY));
    expect(answers).toEqual(Array(TRIES).fill('413 request_too_large'));
  });

  it(`413 for an 8 MB body (more than the socket buffers hold), ${TRIES} of ${TRIES}`, async () => {
    const big = new Uint8Array(8 * 1_048_576).fill(0x20);
    const answers: string[] = [];
    for (let i = 0; i < TRIES; i++) answers.push(await attempt(`${server.url}/chat/completions`, big));
    expect(answers).toEqual(Array(TRIES).fill('413 request_too_large'));
  });

  it(`404 for a 1.5 MB body to another path, ${TRIES} of ${TRIES}`, async () => {
    const answers: string[] = [];
    for (let i = 0; i < TRIES; i++) answers.push(await attempt(`${server.url}/embeddings`, BODY));
    expect(answers).toEqual(Array(TRIES).fill('404 not_found'));
  });

  it('early replies on one keep-alive connection leave no listeners behind on its socket', async () => {
    const fresh = await startProxyServer({ apiKey: KEY, upstream: upstream.url, port: 0 });
    const sockets: import('node:net').Socket[] = [];
    fresh.server.on('connection', (socket) => sockets.push(socket));
    try {
      for (let i = 0; i < TRIES; i++) await attempt(`${fresh.url}/embeddings`, BODY.subarray(0, 65_536));
      expect(sockets.length).toBeGreaterThan(0);
      expect(sockets.length).toBeLessThan(TRIES);
      for (const socket of sockets) expect(socket.listenerCount('close')).toBeLessThan(5);
    } finally {
      await fresh.close();
    }
  });

  it(`408 for a 1.5 MB body that stalls, ${TRIES} of ${TRIES}`, async () => {
    const slow = await startProxyServer({
      apiKey: KEY,
      upstream: upstream.url,
      port: 0,
      bodyTimeoutMs: 150,
      maxBodyBytes: 4 * 1_048_576,
      maxBodyBytesInFlight: 256 * 1_048_576,
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: TRIES }, () => attempt(`${slow.url}/chat/completions`, slowBody())),
      );
      expect(answers).toEqual(Array(TRIES).fill('408 request_timeout'));
    } finally {
      await slow.close();
    }
  });

  it('oversized requests do not count against the per-client rate limit', async () => {
    const limited = await startProxyServer({
      apiKey: KEY,
      upstream: upstream.url,
      port: 0,
      rateLimit: { points: 5, durationSec: 60 },
    });
    try {
      // 30 refused 413s from this client first; the limit is 5 a minute and it still has them all.
      for (let i = 0; i < TRIES; i++) await attempt(`${limited.url}/chat/completions`, BODY);
      const answers: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${limited.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }),
        });
        await res.text();
        answers.push(res.status);
      }
      expect(answers).toEqual([200, 200, 200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});
