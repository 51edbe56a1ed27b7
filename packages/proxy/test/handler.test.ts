// The Fetch handler against a scripted upstream over real HTTP (both sides on 127.0.0.1), served
// through the Node adapter: what goes upstream, what comes back, and every refusal's shape.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { Usage } from '@using-ai/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProxy, ProxyConfigError, type ProxyOptions } from '../src/index';
import { createNodeFetch } from '../src/node-fetch';
import { type Served, serve, serveProxy } from './support/serve';
import {
  chunk,
  hangingScript,
  jsonScript,
  sseScript,
  startUpstream,
  type TestUpstream,
  USAGE,
} from './support/upstream';

const KEY = 'sk-test-handler-0123456789';
let upstream: TestUpstream;
const servers: Served[] = [];

beforeAll(async () => {
  upstream = await startUpstream();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  upstream.seen.length = 0;
  upstream.setScript(sseScript(['Hello', ' world']));
});
afterAll(() => upstream.close());

/** A streamed body without the `id: n` lines durable streams add (resume-http.test.ts tests those). */
const withoutIds = (text: string) => text.replace(/^id: \d+\n/gm, '');

async function proxy(options: ProxyOptions = {}): Promise<string> {
  const served = await serveProxy({ apiKey: KEY, upstream: upstream.url, ...options });
  servers.push(served);
  return `${served.origin}/api/using-ai`;
}

const chat = (base: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${base}/chat/completions`, {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const REQ = { model: 'deepseek-r2', messages: [{ role: 'user', content: 'hi' }], stream: true };

describe('createProxy behind toNodeHandler', () => {
  describe('start-up', () => {
    it('throws ProxyConfigError at once when there is no key', () => {
      const saved = process.env.USING_AI_KEY;
      delete process.env.USING_AI_KEY;
      try {
        expect(() => createProxy()).toThrow(ProxyConfigError);
        expect(() => createProxy()).toThrow(/USING_AI_KEY/);
        expect(() => createProxy({ apiKey: () => '' })).toThrow(ProxyConfigError);
      } finally {
        if (saved !== undefined) process.env.USING_AI_KEY = saved;
      }
    });

    it('reads USING_AI_KEY when apiKey is not given', async () => {
      process.env.USING_AI_KEY = 'sk-from-env';
      try {
        const served = await serveProxy({ upstream: upstream.url });
        servers.push(served);
        const base = served.origin;
        await (await chat(base, REQ)).text();
        expect(upstream.seen[0]?.headers.authorization).toBe('Bearer sk-from-env');
      } finally {
        delete process.env.USING_AI_KEY;
      }
    });

    it('refuses bad options at start-up', () => {
      expect(() => createProxy({ apiKey: KEY, upstream: 'ftp://x' })).toThrow(ProxyConfigError);
      expect(() => createProxy({ apiKey: KEY, upstream: 'http://u:p@x' })).toThrow(ProxyConfigError);
      expect(() => createProxy({ apiKey: KEY, maxTokens: 0 })).toThrow(ProxyConfigError);
      expect(() => createProxy({ apiKey: KEY, rateLimit: { points: 0, durationSec: 1 } })).toThrow(
        ProxyConfigError,
      );
    });
  });

  describe('forwarding', () => {
    it('streams the upstream SSE through with status, content type and rate-limit headers', async () => {
      upstream.setScript(
        sseScript(['Hello', ' world'], {
          'retry-after': '3',
          'set-cookie': 'upstream=1',
          'x-internal': 'no',
        }),
      );
      const res = await chat(await proxy(), REQ);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      expect(res.headers.get('x-ratelimit-limit')).toBe('60');
      expect(res.headers.get('x-ratelimit-remaining')).toBe('59');
      expect(res.headers.get('x-ratelimit-reset')).toBe('42');
      expect(res.headers.get('retry-after')).toBe('3');
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('x-internal')).toBeNull();
      expect(withoutIds(await res.text())).toBe(`${chunk('Hello')}${chunk(' world')}data: [DONE]\n\n`);
    });

    it('sends upstream only the fixed URL, the Bearer key, Content-Type and Accept', async () => {
      const base = await proxy();
      await (
        await chat(`${base}`, REQ, {
          headers: {
            authorization: 'Bearer client-token',
            cookie: 'session=abc',
            'x-forwarded-host': 'evil.test',
            'x-api-key': 'x',
          },
        })
      ).text();
      const seen = upstream.seen[0]!;
      expect(seen.method).toBe('POST');
      expect(seen.url).toBe('/v1/chat/completions');
      expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(seen.headers['content-type']).toBe('application/json');
      expect(seen.headers.accept).toBe('text/event-stream');
      expect(seen.headers.cookie).toBeUndefined();
      expect(seen.headers['x-forwarded-host']).toBeUndefined();
      expect(seen.headers['x-api-key']).toBeUndefined();
      // Nothing else, apart from what the HTTP client itself adds (fetch adds the last three).
      const transport = [
        'host',
        'connection',
        'content-length',
        'user-agent',
        'accept-language',
        'sec-fetch-mode',
      ];
      expect(
        Object.keys(seen.headers)
          .filter((name) => !transport.includes(name))
          .sort(),
      ).toEqual(['accept', 'accept-encoding', 'authorization', 'content-type']);
      expect(seen.headers['accept-encoding']).toBe('identity');
      expect(JSON.parse(seen.body)).toEqual(REQ);
    });

    it('forwards a non-streaming request with Accept: application/json', async () => {
      const completion = {
        id: 'x',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [],
        usage: USAGE,
      };
      upstream.setScript(jsonScript(200, completion));
      const res = await chat(await proxy(), { ...REQ, stream: false });
      expect(await res.json()).toEqual(completion);
      expect(upstream.seen[0]?.headers.accept).toBe('application/json');
    });

    it('passes upstream API errors through with status and headers, scrubbing the key', async () => {
      upstream.setScript(
        jsonScript(
          429,
          { error: { type: 'rate_limit_exceeded', message: `Slow down, key ${KEY}` } },
          { 'retry-after': '7', 'x-ratelimit-remaining': '0' },
        ),
      );
      const res = await chat(await proxy(), REQ);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
      const text = await res.text();
      expect(text).not.toContain(KEY);
      expect(JSON.parse(text)).toEqual({
        error: { type: 'rate_limit_exceeded', message: 'Slow down, key [redacted]' },
      });
    });

    it('reshapes a non-API upstream error (HTML 502) into the error shape', async () => {
      upstream.setScript((_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(`<html>bad gateway ${KEY}</html>`);
      });
      const res = await chat(await proxy(), REQ);
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toBe('application/json');
      const body = await res.json();
      expect(body.error.type).toBe('upstream_error');
      expect(JSON.stringify(body)).not.toContain(KEY);
    });

    it('scrubs the key from a successful stream too', async () => {
      upstream.setScript((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': `req-${KEY}` });
        res.write(`data: {"echo":"${KEY.slice(0, 9)}`);
        res.write(`${KEY.slice(9)}"}\n\n`);
        res.end('data: [DONE]\n\n');
      });
      const res = await chat(await proxy(), REQ);
      const text = await res.text();
      expect(text).not.toContain(KEY);
      expect(text).toContain('[redacted]');
      expect(res.headers.get('x-request-id')).toBe('req-[redacted]');
    });

    it('decodes an upstream body compressed against its wish, then scrubs the key', async () => {
      for (const [encoding, compress] of [
        ['gzip', gzipSync],
        ['deflate', deflateSync],
        ['br', brotliCompressSync],
      ] as const) {
        upstream.setScript((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': encoding });
          res.end(compress(Buffer.from(`data: {"echo":"${KEY}"}\n\ndata: [DONE]\n\n`)));
        });
        const res = await chat(await proxy(), REQ);
        expect(res.headers.get('content-encoding')).toBeNull();
        expect(withoutIds(await res.text())).toBe('data: {"echo":"[redacted]"}\n\ndata: [DONE]\n\n');
      }
    });

    it('answers 502 upstream_unreachable when nothing listens upstream', async () => {
      const res = await chat(await proxy({ upstream: 'http://127.0.0.1:9' }), REQ);
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({
        error: { type: 'upstream_unreachable', message: expect.any(String) },
      });
    });

    it('answers 504 upstream_timeout when upstream sends no headers in time', async () => {
      upstream.setScript(() => {});
      const res = await chat(await proxy({ timeoutMs: 200 }), REQ);
      expect(res.status).toBe(504);
      expect((await res.json()).error.type).toBe('upstream_timeout');
    });

    it('does not follow upstream redirects', async () => {
      upstream.setScript((_req, res) => {
        res.writeHead(307, { location: 'http://127.0.0.1:9/steal' });
        res.end();
      });
      const res = await chat(await proxy(), REQ);
      expect(res.status).toBe(502);
      expect(res.headers.get('location')).toBeNull();
      expect(upstream.seen).toHaveLength(1);
    });

    it('uses a custom fetch for upstream calls', async () => {
      const urls: string[] = [];
      const base = await proxy({
        upstream: 'https://api.using.ai.invalid',
        fetch: async (input, init) => {
          urls.push(String(input));
          return fetch(`${upstream.url}/v1/chat/completions`, init);
        },
      });
      expect((await chat(base, REQ)).status).toBe(200);
      expect(urls).toEqual(['https://api.using.ai.invalid/v1/chat/completions']);
    });

    it('a key function is read per request (switch keys at runtime)', async () => {
      let key = 'sk-test-standard';
      const base = await proxy({ apiKey: () => key });
      await (await chat(base, REQ)).text();
      key = 'sk-test-supermaxes';
      await (await chat(base, REQ)).text();
      expect(upstream.seen.map((s) => s.headers.authorization)).toEqual([
        'Bearer sk-test-standard',
        'Bearer sk-test-supermaxes',
      ]);
    });
  });

  describe('models', () => {
    it('forwards GET models upstream when allowedModels is not set', async () => {
      upstream.setScript(jsonScript(200, { object: 'list', data: [{ id: 'a' }] }));
      const res = await fetch(`${await proxy()}/models`);
      expect(await res.json()).toEqual({ object: 'list', data: [{ id: 'a' }] });
      expect(upstream.seen[0]).toMatchObject({ method: 'GET', url: '/v1/models' });
      expect(upstream.seen[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    });

    it('answers from allowedModels without calling upstream', async () => {
      const res = await fetch(
        `${await proxy({ allowedModels: ['haiku-4.5', { id: 'deepseek-r2', tier: 'standard', kind: 'thinking' }] })}/models`,
      );
      expect(await res.json()).toEqual({
        object: 'list',
        data: [
          { id: 'haiku-4.5', object: 'model', created: 0, owned_by: 'using.ai' },
          {
            id: 'deepseek-r2',
            object: 'model',
            created: 0,
            owned_by: 'using.ai',
            tier: 'standard',
            kind: 'thinking',
          },
        ],
      });
      expect(upstream.seen).toHaveLength(0);
    });
  });

  describe('refusals in the API error shape', () => {
    it('404 for other paths, 405 for other methods (with Allow)', async () => {
      const base = await proxy();
      const notFound = await fetch(`${base}/completions`, { method: 'POST', body: '{}' });
      expect(notFound.status).toBe(404);
      expect((await notFound.json()).error.type).toBe('not_found');
      const wrong = await fetch(`${base}/chat/completions`);
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('POST');
      expect((await wrong.json()).error.type).toBe('method_not_allowed');
      const del = await fetch(`${base}/models`, { method: 'DELETE' });
      expect(del.status).toBe(405);
      expect(upstream.seen).toHaveLength(0);
    });

    it('basePath pins the mount point', async () => {
      const base = await proxy({ basePath: '/api/using-ai' });
      expect((await fetch(`${base}/models`)).status).toBe(200);
      expect((await fetch(`${base.replace('/api/using-ai', '/elsewhere')}/models`)).status).toBe(404);
    });

    it('400 invalid JSON, 403 model_not_allowed, 400 over the max_tokens cap, 413 oversize', async () => {
      const base = await proxy({ allowedModels: ['deepseek-r2'], maxTokens: 100, maxBodyBytes: 1000 });
      const bad = await chat(base, '{"model":');
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.type).toBe('invalid_request_error');
      const model = await chat(base, { ...REQ, model: 'opus-4.5' });
      expect(model.status).toBe(403);
      expect((await model.json()).error.type).toBe('model_not_allowed');
      const tokens = await chat(base, { ...REQ, max_tokens: 1e9 });
      expect(tokens.status).toBe(400);
      const big = await chat(base, { ...REQ, pad: 'x'.repeat(2000) });
      expect(big.status).toBe(413);
      expect((await big.json()).error.type).toBe('request_too_large');
      expect(upstream.seen).toHaveLength(0);
    });
  });

  describe('authorize, rate limit, transformRequest, onUsage, CORS', () => {
    it('authorize can deny (401), answer with its own Response, or name the client', async () => {
      const ids: string[] = [];
      const base = await proxy({
        authorize: (req) => {
          const token = req.headers.get('authorization');
          if (token === 'Bearer alice') return 'alice';
          if (token === 'Bearer bob') return { clientId: 'bob' };
          if (token === 'Bearer teapot') return new Response('no', { status: 418 });
          return false;
        },
        onUsage: ({ clientId }) => {
          ids.push(clientId);
        },
      });
      const denied = await chat(base, REQ);
      expect(denied.status).toBe(401);
      expect((await denied.json()).error.type).toBe('authentication_error');
      expect((await chat(base, REQ, { headers: { authorization: 'Bearer teapot' } })).status).toBe(418);
      await (await chat(base, REQ, { headers: { authorization: 'Bearer alice' } })).text();
      await (await chat(base, REQ, { headers: { authorization: 'Bearer bob' } })).text();
      expect(ids).toEqual(['alice', 'bob']);
      expect(upstream.seen.every((s) => s.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    });

    it('rate limits per client with 429 client_rate_limited and Retry-After', async () => {
      const base = await proxy({
        authorize: (req) => req.headers.get('x-user') ?? false,
        rateLimit: { points: 2, durationSec: 60 },
      });
      const as = (user: string) => chat(base, REQ, { headers: { 'x-user': user } });
      expect((await as('a')).status).toBe(200);
      expect((await as('a')).status).toBe(200);
      const limited = await as('a');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
      expect((await limited.json()).error.type).toBe('client_rate_limited');
      expect((await as('b')).status).toBe(200);
      expect(upstream.seen).toHaveLength(3);
    });

    it('transformRequest rewrites the body sent upstream', async () => {
      const base = await proxy({
        transformRequest: (body) => ({
          ...body,
          messages: [{ role: 'system', content: 'Be brief.' }, ...body.messages],
        }),
      });
      await (await chat(base, REQ)).text();
      expect(JSON.parse(upstream.seen[0]!.body).messages[0]).toEqual({
        role: 'system',
        content: 'Be brief.',
      });
    });

    it('onUsage: asks upstream for usage, reports it, and hides the chunk from a client that did not ask', async () => {
      const events: Array<{ clientId: string; model: string; usage: Usage }> = [];
      const base = await proxy({ onUsage: (e) => void events.push(e) });
      const text = await (await chat(base, REQ)).text();
      expect(JSON.parse(upstream.seen[0]!.body).stream_options).toEqual({ include_usage: true });
      expect(withoutIds(text)).toBe(`${chunk('Hello')}${chunk(' world')}data: [DONE]\n\n`);
      expect(events).toEqual([{ clientId: expect.any(String), model: 'deepseek-r2', usage: USAGE }]);

      const asked = await (await chat(base, { ...REQ, stream_options: { include_usage: true } })).text();
      expect(asked).toContain('"usage":{"prompt_tokens":3');
      expect(events).toHaveLength(2);
    });

    it('onUsage errors never break the stream', async () => {
      const base = await proxy({
        onUsage: () => {
          throw new Error('meter down');
        },
      });
      const res = await chat(base, REQ);
      expect(await res.text()).toContain('[DONE]');
    });

    it('CORS is off by default and on for listed origins only', async () => {
      const off = await proxy();
      const plain = await chat(off, REQ, { headers: { origin: 'http://app.test' } });
      expect(plain.headers.get('access-control-allow-origin')).toBeNull();
      expect((await fetch(`${off}/chat/completions`, { method: 'OPTIONS' })).status).toBe(405);

      const on = await proxy({ cors: ['http://app.test'] });
      const preflight = await fetch(`${on}/chat/completions`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://app.test',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.test');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      const allowed = await chat(on, REQ, { headers: { origin: 'http://app.test' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.test');
      expect(allowed.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Remaining');
      const other = await chat(on, REQ, { headers: { origin: 'http://evil.test' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('a callback that throws is 500 server_error (never echoed), with the CORS headers', async () => {
      const base = await proxy({
        cors: ['http://app.test'],
        authorize: () => {
          throw new Error(`secret detail ${KEY}`);
        },
      });
      const res = await chat(base, REQ, { headers: { origin: 'http://app.test' } });
      expect(res.status).toBe(500);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://app.test');
      const text = await res.text();
      expect(JSON.parse(text).error.type).toBe('server_error');
      expect(text).not.toContain('secret detail');
      expect(upstream.seen).toHaveLength(0);
    });

    it('callbacks get a Request with the URL, method, headers and a live signal', async () => {
      const seen: string[] = [];
      const base = await proxy({
        authorize: (request) => {
          seen.push(`${request.method} ${new URL(request.url).pathname} ${request.headers.get('x-user')}`);
          seen.push(`aborted=${request.signal.aborted}`);
          return true;
        },
        transformRequest: (body, request) => {
          seen.push(`transform ${request.headers.get('x-user')} ${request.url.endsWith('?q=1')}`);
          return body;
        },
      });
      const res = await fetch(`${base}/chat/completions?q=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user': 'ann' },
        body: JSON.stringify(REQ),
      });
      expect(await res.text()).toContain('[DONE]');
      expect(seen).toEqual([
        'POST /api/using-ai/chat/completions ann',
        'aborted=false',
        'transform ann true',
      ]);
    });

    it('authorize may read the body; the proxy still reads and forwards it', async () => {
      const base = await proxy({
        authorize: async (request) => ((await request.clone().json()).model === REQ.model ? 'reader' : false),
      });
      const res = await chat(base, REQ);
      expect(await res.text()).toContain('[DONE]');
      expect(JSON.parse(upstream.seen[0]!.body).model).toBe(REQ.model);
    });

    it('refuses browser cross-site requests from origins CORS does not allow (403)', async () => {
      const base = await proxy({ cors: ['http://app.test'] });
      const evil = await chat(base, REQ, {
        headers: { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' },
      });
      expect(evil.status).toBe(403);
      const app = await chat(base, REQ, {
        headers: { origin: 'http://app.test', 'sec-fetch-site': 'cross-site' },
      });
      expect(app.status).toBe(200);
      expect(upstream.seen).toHaveLength(1);
    });
  });

  describe('client disconnect', () => {
    // With durable streams (the default) a client that leaves no longer cancels: resume-http.test.ts.
    it('with resume: false, aborts the upstream request when the client goes away mid-stream', async () => {
      upstream.setScript(hangingScript());
      const base = await proxy({ resume: false });
      const controller = new AbortController();
      const res = await chat(base, REQ, { signal: controller.signal });
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toContain('first');
      const aborted = upstream.nextAbort();
      const start = performance.now();
      controller.abort();
      const at = await aborted;
      // Reported, not asserted: machines are noisy. The assertion is that the abort happens at all.
      console.log(`upstream saw the client's abort after ${(at - start).toFixed(1)} ms`);
      expect(at).toBeGreaterThanOrEqual(start);
    });
  });

  describe('streaming details', () => {
    it('scrubs a key split across upstream chunks and hides the forced usage chunk', async () => {
      upstream.setScript((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: {"echo":"${KEY.slice(0, 9)}`);
        setTimeout(() => {
          res.write(`${KEY.slice(9)}"}\n\n`);
          res.write(usageChunkText());
          res.end('data: [DONE]\n\n');
        }, 20);
      });
      const events: unknown[] = [];
      const base = await proxy({ onUsage: (e) => void events.push(e.usage) });
      const text = await (await chat(base, REQ)).text();
      expect(withoutIds(text)).toBe('data: {"echo":"[redacted]"}\n\ndata: [DONE]\n\n');
      expect(events).toEqual([USAGE]);
    });

    it('createNodeFetch (deprecated) is the global fetch: the same answer', async () => {
      const res = await chat(await proxy({ fetch: createNodeFetch() }), REQ);
      expect(withoutIds(await res.text())).toBe(`${chunk('Hello')}${chunk(' world')}data: [DONE]\n\n`);
    });
  });
});

describe('toNodeHandler', () => {
  it("serves an app's own Fetch handler", async () => {
    const served = await serve(
      async (request) => new Response(`you asked for ${new URL(request.url).pathname}`),
    );
    servers.push(served);
    expect(await (await fetch(`${served.origin}/anything`)).text()).toBe('you asked for /anything');
  });

  it('answers what the bare Fetch handler answers: status, headers and body', async () => {
    const options: ProxyOptions = {
      apiKey: KEY,
      upstream: upstream.url,
      cors: ['http://app.test'],
      allowedModels: ['deepseek-r2'],
      maxBodyBytes: 2048,
      onUsage: () => {},
    };
    const served = await serveProxy(options);
    servers.push(served);
    const bare = createProxy(options);
    const direct = (input: string, init?: RequestInit) =>
      bare(new Request(input.replace(served.origin, 'http://proxy.test'), init));
    const viaNode = (input: string, init?: RequestInit) => fetch(input, init);
    const base = `${served.origin}/api/using-ai`;
    const origin = { origin: 'http://app.test' };
    const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const cases: Array<[string, string, RequestInit, (() => void)?]> = [
      ['stream', `${base}/chat/completions`, post(REQ, origin)],
      ['not found', `${base}/embeddings`, { headers: origin }],
      ['wrong method', `${base}/chat/completions`, { headers: origin }],
      [
        'preflight',
        `${base}/chat/completions`,
        { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'POST' } },
      ],
      ['bad JSON', `${base}/chat/completions`, post('{', origin)],
      ['too large', `${base}/chat/completions`, post({ ...REQ, pad: 'x'.repeat(4096) })],
      ['model not allowed', `${base}/chat/completions`, post({ ...REQ, model: 'other' })],
      [
        'upstream API error',
        `${base}/chat/completions`,
        post(REQ),
        () =>
          upstream.setScript(
            jsonScript(429, { error: { type: 'rate_limit_exceeded', message: KEY } }, { 'retry-after': '7' }),
          ),
      ],
      [
        'upstream HTML error',
        `${base}/chat/completions`,
        post(REQ),
        () => upstream.setScript(jsonScript(502, '<html>bad gateway</html>')),
      ],
    ];
    // What only the wire adds (framing, connection) is left out of the comparison.
    // X-Stream-Id is random per stream.
    const WIRE = new Set([
      'date',
      'connection',
      'keep-alive',
      'content-length',
      'transfer-encoding',
      'x-stream-id',
    ]);
    for (const [name, url, init, script] of cases) {
      const answers: string[] = [];
      for (const send of [viaNode, direct]) {
        upstream.setScript(sseScript(['Hello', ' world']));
        script?.();
        const res = await send(url, init);
        const headers = [...res.headers].filter(([header]) => !WIRE.has(header));
        answers.push(JSON.stringify({ status: res.status, headers, body: await res.text() }));
      }
      expect(answers[1], name).toBe(answers[0]);
      expect(answers[0], name).not.toContain(KEY);
    }
  });
});

function usageChunkText(): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: USAGE })}\n\n`;
}
