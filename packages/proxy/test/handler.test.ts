// The Fetch handler against a scripted upstream over real HTTP (both sides on 127.0.0.1), served
// through the Node adapter: what goes upstream, what comes back, and every refusal's shape.
// (Options: handler-options.test.ts; disconnects, streaming and the adapter: handler-streams.test.ts.)
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createProxy, ProxyConfigError } from '../src/index';
import { chat, KEY, proxy, REQ, track, upstream, useHandlerSetup, withoutIds } from './support/handler-setup';
import { serveProxy } from './support/serve';
import { chunk, jsonScript, sseScript, USAGE } from './support/upstream';

useHandlerSetup();

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
        track(served);
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
});
