// createProxy's options behind toNodeHandler, against the scripted upstream: GET models (forwarded or
// from allowedModels), authorize, rate limit, transformRequest, onUsage and CORS.
import type { Usage } from '@using-ai/core';
import { describe, expect, it } from 'vitest';
import { chat, KEY, proxy, REQ, upstream, useHandlerSetup, withoutIds } from './support/handler-setup';
import { chunk, jsonScript, USAGE } from './support/upstream';

useHandlerSetup();

describe('createProxy options behind toNodeHandler', () => {
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
});
