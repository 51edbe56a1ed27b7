// Both upstream clients (fetch, and undici's request that startProxyServer, the CLI and the Vite plugin use
// on Node) behave the same behind createProxy: each case runs once per client against a real scripted
// upstream over HTTP on 127.0.0.1.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyConfigError } from '../src/config-error';
import { createProxy } from '../src/create-proxy';
import { startProxyServer } from '../src/proxy-server';
import { undiciUpstream } from '../src/undici-upstream';
import { fetchUpstream, type UpstreamClient } from '../src/upstream-client';
import { chunk, sseScript, startUpstream, type TestUpstream } from './support/upstream';

const KEY = 'sk-test-clients-0123456789';
const REQ = { model: 'deepseek-r2', messages: [{ role: 'user', content: 'hi' }], stream: true };

let upstream: TestUpstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream.close());

const post = (body: unknown = REQ, signal?: AbortSignal) =>
  new Request('http://proxy.test/api/using-ai/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });

const CLIENTS: Array<[string, () => UpstreamClient]> = [
  ['fetch', () => fetchUpstream()],
  ['undici', () => undiciUpstream()],
];

describe.each(CLIENTS)('upstream client: %s', (_name, makeClient) => {
  const proxy = (extra: Parameters<typeof createProxy>[0] = {}) =>
    createProxy({ apiKey: KEY, upstream: upstream.url, upstreamClient: makeClient(), ...extra });

  it('streams the answer through, sends only the built headers, and scrubs the key', async () => {
    upstream.setScript(sseScript(['Hello', ` ${KEY} `, 'world']));
    const res = await proxy()(post());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    expect(text).toContain('Hello');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(KEY);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const seen = upstream.seen.at(-1)!;
    expect(seen.url).toBe('/v1/chat/completions');
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(seen.headers['accept-encoding']).toBe('identity');
    expect(JSON.parse(seen.body)).toMatchObject({ model: 'deepseek-r2', stream: true });
  });

  it.each([
    ['gzip', (b: Buffer) => gzipSync(b)],
    ['x-gzip', (b: Buffer) => gzipSync(b)],
    ['deflate', (b: Buffer) => deflateSync(b)],
    ['br', (b: Buffer) => brotliCompressSync(b)],
  ])('decodes a %s body and scrubs the key inside it', async (encoding, compress) => {
    upstream.setScript((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': encoding });
      res.end(compress(Buffer.from(`${chunk(`key ${KEY}`)}data: [DONE]\n\n`)));
    });
    const res = await proxy()(post());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    const text = await res.text();
    expect(text).toContain('key [redacted]');
    expect(text).not.toContain(KEY);
  });

  it.each(['zstd', 'compress', 'gzip, identity'])('refuses a body in %s with 502', async (encoding) => {
    upstream.setScript((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': encoding });
      res.end(gzipSync(Buffer.from(chunk(KEY))));
    });
    const res = await proxy()(post());
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('upstream_error');
  });

  it('passes an API error through, scrubbed, and reshapes one that is not the API’s', async () => {
    upstream.setScript((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(JSON.stringify({ error: { type: 'rate_limit_error', message: `slow down ${KEY}` } }));
    });
    const limited = await proxy()(post());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.text()).toBe(
      JSON.stringify({ error: { type: 'rate_limit_error', message: 'slow down [redacted]' } }),
    );

    upstream.setScript((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end(`<h1>down ${KEY}</h1>`);
    });
    const down = await proxy()(post());
    expect(down.status).toBe(503);
    const body = await down.text();
    expect(body).not.toContain(KEY);
    expect(JSON.parse(body).error.type).toBe('upstream_error');
  });

  it.each([204, 999])('answers an upstream %i with one 502', async (status) => {
    upstream.setScript((_req, res) => {
      res.writeHead(status);
      res.end();
    });
    const res = await proxy()(post());
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('upstream_error');
  });

  it('does not follow a redirect', async () => {
    upstream.setScript((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' });
      res.end();
    });
    const res = await proxy()(post());
    expect(res.status).toBe(502);
    expect(upstream.seen.at(-1)!.url).toBe('/v1/chat/completions');
  });

  it('answers 504 when the headers miss timeoutMs, and 502 when upstream is unreachable', async () => {
    upstream.setScript(() => {});
    const late = await proxy({ timeoutMs: 100 })(post());
    expect(late.status).toBe(504);
    const gone = await createProxy({
      apiKey: KEY,
      upstream: 'http://127.0.0.1:9',
      upstreamClient: makeClient(),
    })(post());
    expect(gone.status).toBe(502);
    expect(((await gone.json()) as { error: { type: string } }).error.type).toBe('upstream_unreachable');
  });

  it('ends a stream that goes silent with an SSE upstream_timeout event', async () => {
    upstream.setScript((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk('first'));
    });
    const res = await proxy({ upstreamIdleTimeoutMs: 150, resume: false })(post());
    const text = await res.text();
    expect(text).toContain('first');
    expect(text).toContain('upstream_timeout');
  });

  it('cuts the client (an error, not a clean end) when upstream breaks mid-body', async () => {
    upstream.setScript((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk('partial'));
      setTimeout(() => res.destroy(), 20);
    });
    const res = await proxy({ resume: false })(post());
    await expect(res.text()).rejects.toThrow();
  });

  it('drops the upstream request when the client leaves mid-stream', async () => {
    upstream.setScript((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk('first'));
    });
    const aborted = upstream.nextAbort();
    const res = await proxy({ resume: false })(post());
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await aborted;
  });
});

describe('choosing the client', () => {
  it('refuses fetch and upstreamClient together', () => {
    expect(() =>
      createProxy({ apiKey: KEY, fetch: globalThis.fetch, upstreamClient: undiciUpstream() }),
    ).toThrow(ProxyConfigError);
  });

  it('startProxyServer calls upstream with undici unless the app gave its own fetch', async () => {
    upstream.setScript(sseScript(['hi']));
    const calls: string[] = [];
    const own: typeof fetch = (input, init) => {
      calls.push(String(input));
      return globalThis.fetch(input, init);
    };
    const withFetch = await startProxyServer({ apiKey: KEY, upstream: upstream.url, port: 0, fetch: own });
    const byDefault = await startProxyServer({ apiKey: KEY, upstream: upstream.url, port: 0 });
    try {
      for (const server of [withFetch, byDefault]) {
        const res = await fetch(`${server.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(REQ),
        });
        expect(await res.text()).toContain('hi');
      }
      expect(calls).toEqual([`${upstream.url}/v1/chat/completions`]);
      // undici sends no User-Agent of its own; fetch sends `node`.
      expect(upstream.seen.at(-2)!.headers['user-agent']).toBe('node');
      expect(upstream.seen.at(-1)!.headers['user-agent']).toBeUndefined();
    } finally {
      await Promise.all([withFetch.close(), byDefault.close()]);
    }
  });
});
